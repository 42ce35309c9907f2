"""Full-text search: Pagefind indexes the rendered pages into `pagefind/` inside the site.

The write stage calls `index_site` on its staging folder after every page is written and before the folder
is swapped in, so the index always describes the pages beside it, and a failed indexing discards the staging
folder like any other failed build: the previous site stays whole.

Which pages are searched, and the kind each result shows, is decided by the templates (`_search.html`):
Pagefind reads the `data-pagefind-*` attributes of the pages it is given.

Pagefind runs as its own program (the binary of the `pagefind[bin]` package) rather than through the
package's asynchronous Python API: the pages are already on disk, and one synchronous run over the folder is
all a build needs. Its output depends only on the pages (two runs over the same bytes give the same bytes):
it is run in the staging folder with every `PAGEFIND_*` variable removed, so neither a `pagefind.yml` in
the current folder nor the environment can change it.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from generator.errors import BuildError

log = logging.getLogger(__name__)

SEARCH_FOLDER = "pagefind"  # the site path of the index and of Pagefind's own scripts and styles
_INSTALL_HINT = "install it with `pip install 'pagefind[bin]'` (a dependency of factsheets)"


def index_site(folder: Path) -> list[str]:
    """Index the HTML pages under `folder` into `folder/pagefind/`; returns the site paths written."""
    command = [str(pagefind_executable()), "--site", ".", "--output-subdir", SEARCH_FOLDER, "--quiet"]
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    try:
        result = subprocess.run(
            command, cwd=folder, env=environment, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BuildError(
            f"could not run Pagefind ({command[0]}): {error.strerror or error}; {_INSTALL_HINT}"
        ) from None
    if result.stdout.strip():
        log.debug("Pagefind: %s", result.stdout.strip())
    bundle = folder / SEARCH_FOLDER
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (result.stderr.strip() or result.stdout.strip() or "no message").splitlines()[-5:]
        raise BuildError(
            f"Pagefind could not index the site (exit status {result.returncode}): {' / '.join(said)}"
        )
    return sorted(path.relative_to(folder).as_posix() for path in bundle.rglob("*") if path.is_file())


def pagefind_executable() -> Path:
    """The Pagefind binary: `PAGEFIND_BINARY_PATH`, else the one the `pagefind[bin]` package installed."""
    try:
        # Imported here: only a build that writes a site needs it, and its absence deserves a plain message.
        from pagefind.service import get_executable
    except ImportError:
        raise BuildError(f"the site search needs Pagefind, which is not installed; {_INSTALL_HINT}") from None
    executable = get_executable()
    if executable is None or not executable.is_file():
        raise BuildError(f"the Pagefind program was not found; {_INSTALL_HINT}")
    return executable
