"""Site search: Pagefind's index in pagefind/, made from the staged pages before the site is swapped in.

What a reader sees (typing a name, the results, the page without JavaScript) is in tests/browser/.
Two builds give the same index byte for byte: `test_build.py::test_two_builds_are_byte_identical` compares
every file, pagefind/ included; an incremental build's index is that of a full build: `test_incremental.py`.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from generator.cli import cli


@pytest.fixture
def built(site: Path, runner, monkeypatch) -> Path:
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site / "_site"


def _searched_pages(site: Path) -> list[str]:
    """The pages whose <main> Pagefind indexes, by site path."""
    return sorted(
        page.relative_to(site).as_posix()
        for page in site.rglob("*.html")
        if re.search(r"<main [^>]*data-pagefind-body", page.read_text(encoding="utf-8"))
    )


def test_the_index_holds_every_sheet_article_and_year_of_the_timeline(built: Path):
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    searched = _searched_pages(built)
    assert entry["languages"]["en"]["page_count"] == len(searched)
    assert "companies/acme/index.html" in searched
    assert "articles/acme-globex/index.html" in searched
    assert any(re.fullmatch(r"timeline/\d{4}/index\.html", page) for page in searched)


def test_lists_of_the_whole_site_are_not_searched(built: Path):
    searched = _searched_pages(built)
    for page in ("index.html", "timeline/index.html", "sources/index.html", "data/index.html", "404.html"):
        assert page not in searched


def test_each_searched_page_names_its_kind_for_the_results(built: Path):
    def kind_of(page: str) -> str:
        html = (built / page).read_text(encoding="utf-8")
        return re.search(r'<main [^>]*data-pagefind-meta="kind:([^"]*)"', html).group(1)

    assert kind_of("companies/acme/index.html") == "Company"
    assert kind_of("people/jane-roe/index.html") == "Person"
    assert kind_of("articles/acme-globex/index.html") == "Article"


def test_every_page_loads_the_search_by_relative_address(built: Path):
    sheet = (built / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../pagefind/pagefind-ui.js" defer></script>' in sheet
    assert (built / "pagefind" / "pagefind-ui.js").is_file()
    assert (built / "pagefind" / "pagefind-ui.css").is_file()
    # Without JavaScript the search box is a link to the list of every sheet.
    assert '<a class="site-search-fallback" href="../../index.html">' in sheet


def test_citations_are_left_out_of_the_index(built: Path):
    sheet = (built / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="citation-block" [^>]*data-pagefind-ignore>', sheet)


def test_pagefind_settings_in_the_environment_do_not_change_the_index(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    monkeypatch.setenv("PAGEFIND_OUTPUT_SUBDIR", "elsewhere")
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    entry = json.loads((site / "_site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert not (site / "_site" / "elsewhere").exists()


def _failing_pagefind(folder: Path) -> Path:
    program = folder / "pagefind"
    program.write_text("#!/bin/sh\necho 'Error: the index could not be written' >&2\nexit 3\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def test_a_failed_indexing_leaves_the_previous_site_whole(built: Path, runner, monkeypatch, tmp_path: Path):
    before = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_failing_pagefind(tmp_path)))
    result = runner.invoke(cli, ["build", "--no-cache"])
    assert result.exit_code != 0
    assert "Pagefind could not index the site (exit status 3)" in result.output
    assert "the index could not be written" in result.output
    assert "Traceback" not in result.output
    after = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in built.parent.iterdir() if p.name.startswith("._site.")] == []


def test_a_missing_pagefind_program_says_how_to_install_it(site: Path, runner, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    result = runner.invoke(cli, ["build"])
    assert result.exit_code != 0
    assert "pip install 'pagefind[bin]'" in result.output
    assert not (site / "_site").exists()


def test_no_search_builds_without_an_index(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "--no-search"])
    assert result.exit_code == 0, result.output
    assert (site / "_site" / "index.html").is_file()
    assert not (site / "_site" / "pagefind").exists()


def test_a_build_with_search_after_one_without_is_not_skipped(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    assert runner.invoke(cli, ["build", "--no-search"]).exit_code == 0
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (site / "_site" / "pagefind" / "pagefind.js").is_file()


def test_a_missing_pagefind_is_found_before_any_article_is_analysed(
    site: Path, runner, monkeypatch, tmp_path
):
    monkeypatch.chdir(site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    analysed = []
    monkeypatch.setattr("generator.build.build_model", lambda *args, **kwargs: analysed.append(args))
    result = runner.invoke(cli, ["build", "--no-cache"])
    assert result.exit_code == 1 and "pip install 'pagefind[bin]'" in result.output
    assert analysed == []


def test_a_site_built_without_search_links_to_no_search_files(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    assert runner.invoke(cli, ["build"]).exit_code == 0
    assert "pagefind/pagefind-ui.js" in (site / "_site" / "index.html").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["build", "--no-search"])  # with the cache on: no page may be kept
    assert result.exit_code == 0, result.output
    pages = [p.read_text(encoding="utf-8") for p in (site / "_site").rglob("*.html")]
    assert pages and not any("pagefind/" in page for page in pages)
