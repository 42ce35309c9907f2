"""Site search: Pagefind's index in pagefind/, made from the staged pages before the site is swapped in.

What a reader sees (typing a name, the results, the page without JavaScript) is in tests/browser/.
Two builds give the same index byte for byte: `test_build.py::test_two_builds_are_byte_identical` compares
every file, pagefind/ included, and the index in shards is tested below; an incremental build's index is that
of a full build: `test_incremental.py`.
"""

from __future__ import annotations

import gzip
import json
import re
import stat
from pathlib import Path

import pytest

from generator.cli import cli
from generator.search import pagefind_executable
from generator.search_shards import Limit, Shard, has_search_mark, plan_shards


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


def _entries(site: Path) -> list[dict]:
    """The `pagefind-entry.json` of every shard of the index."""
    shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    return [
        json.loads((site / "pagefind" / shard["path"] / "pagefind-entry.json").read_text(encoding="utf-8"))
        for shard in shards
    ]


def test_the_index_holds_every_sheet_article_and_year_of_the_timeline(built: Path):
    searched = _searched_pages(built)
    assert sum(entry["languages"]["en"]["page_count"] for entry in _entries(built)) == len(searched)
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
    assert [list(entry["languages"]) for entry in _entries(site / "_site")] == [["en"]]
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
    assert (site / "_site" / "pagefind" / "shards.json").is_file()


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


# The index in shards: each Pagefind run is given the pages of one shard, at most `SHARD_PAGES` of them
# (and `SHARD_BYTES` bytes of them).


def _logging_pagefind(folder: Path, runs: Path) -> Path:
    """A Pagefind program that notes each run (how many pages it is given, where it writes), then indexes."""
    real = pagefind_executable()
    program = folder / "pagefind-logged"
    program.write_text(
        "#!/bin/sh\n"
        'if [ "$1" != "--version" ]; then\n'
        f"  echo \"$(find . -name '*.html' | wc -l) $4\" >> '{runs}'\n"
        "fi\n"
        f"exec '{real}' \"$@\"\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def _runs(log: Path) -> list[tuple[int, str]]:
    """(pages, shard) of each indexing run noted in `log`, which is then emptied."""
    if not log.is_file():
        return []
    noted = [line.split() for line in log.read_text().splitlines()]
    log.unlink()
    return [(int(pages), Path(output).name) for pages, output in noted]


@pytest.fixture
def small_shards(site: Path, monkeypatch, tmp_path: Path) -> Path:
    """Shards of at most one page, and a log of the Pagefind runs; returns the log."""
    monkeypatch.chdir(site)
    monkeypatch.setattr("generator.search.SHARD_PAGES", 1)
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_logging_pagefind(tmp_path, log)))
    return log


def _plan(site: Path) -> dict[str, list[str]]:
    return json.loads((site / "pagefind" / "shard-pages.json").read_text(encoding="utf-8"))["shards"]


def test_the_index_is_split_into_shards_that_hold_every_searched_page_once(site: Path, runner, small_shards):
    assert runner.invoke(cli, ["build"]).exit_code == 0
    built = site / "_site"
    plan = _plan(built)
    assert len(plan) > 1
    assert sorted(page for pages in plan.values() for page in pages) == _searched_pages(built)
    listed = json.loads((built / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert [shard["path"] for shard in listed] == [name + "/" for name in sorted(plan)]
    assert all(shard["languages"] == ["en"] for shard in listed)
    for name, pages in plan.items():
        entry = json.loads((built / "pagefind" / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == len(pages)


def test_no_pagefind_run_is_given_more_pages_than_a_shard_holds(site: Path, runner, small_shards):
    assert runner.invoke(cli, ["build"]).exit_code == 0
    runs = _runs(small_shards)
    assert len(runs) == len(_plan(site / "_site")) > 1
    assert max(pages for pages, _ in runs) == 1


def test_a_changed_article_reindexes_only_the_shards_of_the_pages_that_changed(
    site: Path, runner, small_shards
):
    assert runner.invoke(cli, ["build"]).exit_code == 0
    built = site / "_site"
    before = {page: (built / page).read_bytes() for page in _searched_pages(built)}
    index_files = {p: p.stat().st_ino for p in (built / "pagefind").rglob("*") if p.is_file()}
    _runs(small_shards)
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nAnalysts called it a bold bet.\n")
    assert runner.invoke(cli, ["build"]).exit_code == 0
    changed = {page for page in _searched_pages(built) if before.get(page) != (built / page).read_bytes()}
    plan = _plan(built)
    expected = {name for name, pages in plan.items() if changed.intersection(pages)}
    reindexed = {shard for _, shard in _runs(small_shards)}
    assert "articles/acme-globex/index.html" in changed
    assert reindexed == expected
    assert len(reindexed) < len(plan)
    # The other shards' files are the previous site's, linked as unchanged pages are.
    for name in set(plan) - reindexed:
        for path in (built / "pagefind" / name).rglob("*"):
            assert not path.is_file() or path.stat().st_ino == index_files[path]


def test_the_index_in_shards_is_the_same_bytes_from_build_to_build(site: Path, runner, small_shards):
    def index(output: str, jobs: str) -> dict[str, bytes]:
        result = runner.invoke(cli, ["build", "--no-cache", "--jobs", jobs, "--output", output])
        assert result.exit_code == 0, result.output
        bundle = site / output / "pagefind"
        return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}

    first = index("_one", "1")
    assert len([name for name in first if name.endswith("pagefind-entry.json")]) > 1
    assert index("_two", "2") == first


def _fragments(bundle: Path) -> dict[str, str]:
    """The text Pagefind stored of each page, by address (fragments are gzip-compressed JSON after a tag)."""
    texts = {}
    for fragment in sorted(bundle.rglob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        stored = json.loads(data[data.index(b"{") :])
        texts[stored["url"]] = stored["content"]
    return texts


def test_parts_repeated_across_pages_are_left_out_of_the_index(built: Path):
    sheet = (built / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    # The sheet lists its sources (articles, with a link to each original) and each fact's sources.
    assert '<ol class="sources">' in sheet and "Original article" in sheet
    assert "annotated article" in sheet
    searched = _fragments(built / "pagefind")
    assert "Acme" in searched["/companies/acme/"]
    assert "Original article" not in searched["/companies/acme/"]
    assert "annotated article" not in searched["/companies/acme/"]
    # An article's links to the sheets of its facts are not its text.
    assert "Fact sheet" in (built / "articles" / "acme-globex" / "index.html").read_text(encoding="utf-8")
    assert "Fact sheet" not in searched["/articles/acme-globex/"]


def test_shards_keep_their_pages_as_pages_come_and_go():
    pages = {f"articles/a{number}/index.html": 1000 for number in range(40)} | {
        "companies/acme/index.html": 1000
    }
    shards = plan_shards(pages, Limit(pages=16))
    assert all(len(shard.pages) <= 16 for shard in shards)
    assert sorted(page for shard in shards for page in shard.pages) == sorted(pages)
    assert {shard.name for shard in shards if "companies/acme/index.html" in shard.pages} == {"companies"}
    # One more article changes the shard it joins, and no other.
    grown = plan_shards(pages | {"articles/new/index.html": 1000}, Limit(pages=16))
    assert len(set(grown) - set(shards)) == 1
    assert plan_shards(dict(reversed(pages.items())), Limit(pages=16)) == shards


def test_a_site_with_few_pages_to_search_is_one_shard():
    assert plan_shards({"a/index.html": 10, "b/index.html": 10}, Limit(pages=2, size=20)) == [
        Shard("site", ("a/index.html", "b/index.html"))
    ]


def test_shards_hold_no_more_bytes_of_pages_than_the_limit():
    pages = {f"companies/c{number}/index.html": 300_000 for number in range(30)} | {
        "companies/big/index.html": 5_000_000
    }
    shards = plan_shards(pages, Limit(pages=500, size=2_000_000))
    assert all(
        sum(pages[page] for page in shard.pages) <= 2_000_000 for shard in shards if len(shard.pages) > 1
    )
    assert any(shard.pages == ("companies/big/index.html",) for shard in shards)  # too big: a shard alone
    assert sorted(page for shard in shards for page in shard.pages) == sorted(pages)


def test_only_an_attribute_marks_a_page_as_searched():
    assert has_search_mark(b'<html><main id="x" data-pagefind-body>text</main></html>')
    assert not has_search_mark(b"<html><main><p>Write data-pagefind-body on an element.</p></main></html>")


def test_shards_are_indexed_several_at_once(site: Path, runner, monkeypatch, tmp_path: Path):
    """Each shard is its own Pagefind run: with two cores two of them run at the same time."""
    monkeypatch.chdir(site)
    monkeypatch.setattr("generator.search.SHARD_PAGES", 1)
    monkeypatch.setattr("generator.search.os.cpu_count", lambda: 2)
    running, counts = tmp_path / "running", tmp_path / "counts.log"
    running.mkdir()
    program = tmp_path / "pagefind-counted"
    program.write_text(
        "#!/bin/sh\n"
        'if [ "$1" != "--version" ]; then\n'
        f"  touch '{running}'/$$; sleep 0.5; ls '{running}' | wc -l >> '{counts}'; rm '{running}'/$$\n"
        "fi\n"
        f"exec '{pagefind_executable()}' \"$@\"\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    assert runner.invoke(cli, ["build", "--no-cache"]).exit_code == 0
    assert max(int(line) for line in counts.read_text().split()) == 2


def test_a_missing_pagefind_and_a_broken_one_are_told_apart(tmp_path: Path, monkeypatch):
    import sys

    from generator.errors import BuildError

    for name in ("pagefind", "pagefind.service"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setitem(sys.modules, "pagefind", None)  # what Python does when no such package is installed
    with pytest.raises(BuildError, match="which is not installed; install it with"):
        pagefind_executable()
    broken = tmp_path / "pagefind"
    broken.mkdir()
    (broken / "__init__.py").write_text("", encoding="utf-8")
    (broken / "service.py").write_text("import a_module_pagefind_lost\n", encoding="utf-8")
    monkeypatch.delitem(sys.modules, "pagefind")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(
        BuildError, match=r"could not be imported \(No module named 'a_module_pagefind_lost'\)"
    ):
        pagefind_executable()


def test_a_shard_entry_lists_its_languages_in_order(tmp_path: Path):
    """Pagefind writes the languages of a shard of pages in several languages in an order of its own, which
    differs between runs over the same pages: the entry is written again with them in order."""
    from generator.search import _languages_in_order

    entry = tmp_path / "pagefind-entry.json"
    shuffled = '{"version":"1.5.2","languages":{"it":{"hash":"it_1","wasm":"it","page_count":2},'
    shuffled += '"en":{"hash":"en_2","wasm":"en","page_count":3}},"include_characters":["_","‿"]}'
    entry.write_text(shuffled, encoding="utf-8")
    _languages_in_order(entry)
    ordered = '{"version":"1.5.2","languages":{"en":{"hash":"en_2","wasm":"en","page_count":3},'
    ordered += '"it":{"hash":"it_1","wasm":"it","page_count":2}},"include_characters":["_","‿"]}'
    assert entry.read_text(encoding="utf-8") == ordered
    before = entry.stat().st_mtime_ns
    _languages_in_order(entry)  # in order already: left as it is
    assert entry.read_text(encoding="utf-8") == ordered and entry.stat().st_mtime_ns == before
