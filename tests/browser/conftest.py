"""Browser tests: the demo site built, served under a sub-path, and opened in the system's Chromium.

They need three things outside Python's test extra: Chromium (Debian's `chromium`; another binary through
FACTSHEETS_CHROMIUM), Playwright's Python package to drive it (no browser download: it starts that binary),
and axe-core's `axe.min.js` (npm `axe-core`; another copy through FACTSHEETS_AXE). `.ci/run` installs all
three. Where one is missing the tests are skipped with the reason, except in CI (CI=true), where they fail:
a broken install must not pass silently.

Screenshots of every page at 1280 and 390 px go to FACTSHEETS_SCREENSHOTS, or to a temporary folder; the
folder is named at the end of the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.serve import PreviewServer

REPOSITORY = Path(__file__).resolve().parents[2]
DEMO_CONTENT = REPOSITORY / "content"
AXE_DEFAULT = REPOSITORY / ".browser-tools" / "node_modules" / "axe-core" / "axe.min.js"
MOUNT = "/factsheets-demo/"  # a sub-path, as a GitHub project site is served
_screenshot_folder: list[Path] = []


def unavailable(reason: str) -> None:
    """Skip a browser test whose tools are missing; in CI, fail it."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped; see .ci/run)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    wanted = os.environ.get("FACTSHEETS_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """The system's Chromium, driven by Playwright, headless."""
    executable = chromium_path()
    if executable is None:
        unavailable(
            "Chromium is not installed (Debian: apt-get install chromium; or set FACTSHEETS_CHROMIUM)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, to inject into a page."""
    path = Path(os.environ.get("FACTSHEETS_AXE") or AXE_DEFAULT)
    if not path.is_file():
        unavailable(
            f"axe-core is not installed at {path} "
            "(npm install --prefix .browser-tools axe-core@4; or set FACTSHEETS_AXE)"
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """The demo content built once and served at http://127.0.0.1:<port>/factsheets-demo/."""
    output = tmp_path_factory.mktemp("browser") / "site"
    server = PreviewServer(output, "127.0.0.1", 0, MOUNT)
    try:
        build(
            BuildOptions(
                content=DEMO_CONTENT, output=output, templates=None, base_url=server.url, cache=False
            )
        )
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this run's screenshots go."""
    wanted = os.environ.get("FACTSHEETS_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    _screenshot_folder.append(folder.resolve())
    return folder


def pytest_terminal_summary(terminalreporter) -> None:
    for folder in _screenshot_folder[:1]:
        terminalreporter.write_line(f"Browser screenshots (1280 and 390 px): {folder}")
