"""Incremental output: a rebuild rewrites only the files whose bytes change; a no-op rebuild does nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import write
from generator.cli import cli


def _stats(folder: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(folder).as_posix(): p.stat() for p in sorted(folder.rglob("*")) if p.is_file()}


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def built(site: Path, runner, monkeypatch) -> Path:
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site


def _rebuild(runner, *options: str):
    result = runner.invoke(cli, ["build", *options])
    assert result.exit_code == 0, result.output
    return result


def _edit(site: Path, old: str, new: str, name: str = "acme-globex.md") -> None:
    article = site / "content" / "articles" / name
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")


def test_a_no_op_rebuild_leaves_every_file_alone(built: Path, runner):
    before = _stats(built / "_site")
    result = _rebuild(runner)
    assert "up to date" in result.output
    after = _stats(built / "_site")
    assert sorted(after) == sorted(before)
    assert all(
        (after[p].st_ino, after[p].st_mtime_ns) == (before[p].st_ino, before[p].st_mtime_ns) for p in before
    )


def test_a_no_op_rebuild_repeats_the_warnings(built: Path, runner):
    site_yml = built / "content" / "site.yml"
    site_yml.write_text(site_yml.read_text() + "colour: red\n")
    first = _rebuild(runner)
    second = _rebuild(runner)
    assert "unknown setting 'colour'" in first.output
    assert "up to date" in second.output and "unknown setting 'colour'" in second.output


def test_touching_files_without_changing_them_is_still_a_no_op(built: Path, runner):
    for path in (built / "content").rglob("*"):
        os.utime(path, None)
    assert "up to date" in _rebuild(runner).output


def test_a_changed_article_rewrites_only_the_files_whose_bytes_change(built: Path, runner):
    before_stats, before = _stats(built / "_site"), _contents(built / "_site")
    _edit(built, "told reporters", "told the press")
    _rebuild(runner)
    after_stats, after = _stats(built / "_site"), _contents(built / "_site")
    rewritten = {p for p in after if p not in before_stats or after_stats[p].st_ino != before_stats[p].st_ino}
    differing = {p for p in after if before.get(p) != after[p]}
    assert rewritten - {write.MARKER} == differing
    assert "articles/acme-globex/index.html" in rewritten
    assert "articles/acme-globex-it/index.html" not in rewritten
    assert not any(p.startswith(("assets/", "data/schema/")) for p in rewritten)
    assert len(rewritten) < len(after) / 2


def test_a_changed_template_rebuilds(built: Path, runner):
    templates = built / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "404.html").write_text('{% extends "base.html" %}{% block content %}Gone.{% endblock %}')
    result = _rebuild(runner)
    assert "up to date" not in result.output
    assert "Gone." in (built / "_site" / "404.html").read_text()


def test_a_different_base_url_rebuilds(built: Path, runner):
    result = _rebuild(runner, "--base-url", "https://other.example.org/")
    assert "up to date" not in result.output
    assert "https://other.example.org/" in (built / "_site" / "sitemap.xml").read_text()


def test_a_deleted_output_is_built_again(built: Path, runner):
    import shutil

    shutil.rmtree(built / "_site")
    result = _rebuild(runner)
    assert "up to date" not in result.output
    assert (built / "_site" / "index.html").is_file()


def test_an_output_written_by_another_build_is_built_again(built: Path, runner, tmp_path: Path):
    _rebuild(runner, "--no-cache")  # another build wrote the output since: its marker is new
    assert "up to date" not in _rebuild(runner).output


def test_no_cache_writes_every_file_anew(built: Path, runner):
    before = _stats(built / "_site")
    _rebuild(runner, "--no-cache")
    after = _stats(built / "_site")
    assert all(after[p].st_ino != before[p].st_ino for p in before)


def test_a_previous_file_replaced_by_a_link_is_not_reused(built: Path, runner, tmp_path: Path):
    target = built / "_site" / "robots.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    _edit(built, "told reporters", "told the press")
    _rebuild(runner)
    assert not (built / "_site" / "robots.txt").is_symlink()
    assert (built / "_site" / "robots.txt").stat().st_ino != outside.stat().st_ino


def test_a_written_site_knows_its_identity_once_swapped_in(tmp_path: Path):
    output = tmp_path / "_site"
    first = write.write_site([("index.html", b"one")], output)
    assert first.identity == write.site_identity(output)
    second = write.write_site([("index.html", b"two")], output)  # as another build would, meanwhile
    assert second.identity == write.site_identity(output) != first.identity


# --- pages are rendered only when what they show has changed ---------------------------------------------

EDITS = {
    "body text": ("articles/acme-globex.md", "told reporters", "told the press"),
    "a figure": ("articles/acme-globex.md", "value=5000000000", "value=6000000000"),
    "an entity's name": ("entities/rocket-x.yml", "name: Rocket X", "name: Rocket Y"),
    "another article's publisher": ("articles/acme-globex-it.md", "Esempio Quotidiano", "Altro Quotidiano"),
    "the site's title": ("site.yml", "title:", "title: New"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_after_an_edit_the_rebuilt_site_is_the_site_a_full_build_makes(built: Path, runner, edit: str):
    name, old, new = EDITS[edit]
    path = built / "content" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _rebuild(runner, "--jobs", "1")
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")


def test_a_deleted_article_and_a_changed_template_rebuild_as_a_full_build_does(built: Path, runner):
    (built / "content" / "articles" / "acme-globex-it.md").unlink()
    templates = built / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "article.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ article.title }}{% endblock %}', encoding="utf-8"
    )
    _rebuild(runner)
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")
    assert not (built / "_site" / "articles" / "acme-globex-it").exists()


def test_a_changed_article_renders_its_page_and_the_sheets_that_quote_it(built: Path, runner, monkeypatch):
    from generator.render.pages import PageRenderer

    rendered: list[str] = []
    for method in ("entity_page", "article_page"):
        original = getattr(PageRenderer, method)

        def spy(self, key, original=original):
            rendered.append(key)
            return original(self, key)

        monkeypatch.setattr(PageRenderer, method, spy)
    _edit(built, "told reporters", "told the press")
    _rebuild(runner, "--jobs", "1")
    assert "acme-globex" in rendered and "acme-globex-it" not in rendered
    assert "acme" in rendered  # its sheet quotes the changed sentence
    rendered.clear()
    _rebuild(runner, "--jobs", "1", "--base-url", "https://other.example.org/")  # every page changes
    assert {"acme-globex", "acme-globex-it", "acme", "globex"} <= set(rendered)


def test_a_page_missing_from_the_output_is_rendered_again(built: Path, runner):
    page = built / "_site" / "articles" / "acme-globex-it" / "index.html"
    expected = page.read_bytes()
    page.unlink()
    _edit(built, "told reporters", "told the press")
    _rebuild(runner)
    assert page.read_bytes() == expected


def _exports_must_not_be_made(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a site-wide export was made again although its inputs did not change")

    for name in ("facts_exports", "entities_export", "sqlite_exports", "_feeds"):
        monkeypatch.setattr(f"generator.render.site.{name}", refuse)


def test_an_edit_outside_the_facts_makes_no_export_again(built: Path, runner, monkeypatch):
    before = _contents(built / "_site")
    article = built / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA paragraph that states no fact.\n", "utf-8")
    with monkeypatch.context() as patched:
        _exports_must_not_be_made(patched)
        _rebuild(runner)
    after = _contents(built / "_site")
    assert after["articles/acme-globex/index.html"] != before["articles/acme-globex/index.html"]
    _rebuild(runner, "--no-cache", "-o", "_cold")
    assert after == _contents(built / "_cold")


def test_a_changed_fact_makes_the_exports_again(built: Path, runner):
    before = _contents(built / "_site")
    _edit(built, "value=", "value=1")
    _rebuild(runner)
    after = _contents(built / "_site")
    assert after["data/facts.json"] != before["data/facts.json"]
    _rebuild(runner, "--no-cache", "-o", "_cold")
    assert after == _contents(built / "_cold")


# --- updating a site in place (a preview server's rebuilds) ------------------------------------------------


def test_an_update_in_place_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path):
    output = tmp_path / "_site"
    write.write_site([("index.html", b"home"), ("a/old.html", b"old"), ("b/same.html", b"same")], output)
    same = (output / "b" / "same.html").stat().st_ino
    written = write.write_site(
        [("index.html", b"home, changed"), ("b/same.html", b"same"), ("c/new.html", b"new")],
        output,
        in_place=True,
    )
    assert _contents(output) == {
        write.MARKER: (output / write.MARKER).read_bytes(),
        "index.html": b"home, changed",
        "b/same.html": b"same",
        "c/new.html": b"new",
    }
    assert (output / "b" / "same.html").stat().st_ino == same
    assert not (output / "a").exists()
    assert (written.files, written.changed) == (3, 2)
    assert written.identity == write.site_identity(output)


def test_a_failed_update_in_place_leaves_the_site_as_it_was(tmp_path: Path):
    output = tmp_path / "_site"
    write.write_site([("index.html", b"home"), ("a/page.html", b"page")], output)

    def failing():
        yield "index.html", b"home, changed"
        raise RuntimeError("a template error")

    with pytest.raises(RuntimeError):
        write.write_site(failing(), output, in_place=True)
    files = _contents(output)
    assert (files["index.html"], files["a/page.html"]) == (b"home", b"page")
    assert not [p for p in output.rglob(".tmp-*")]


def test_a_rebuild_in_place_gives_the_bytes_of_a_cold_build(built: Path, runner):
    from generator.build import BuildOptions, build

    _edit(built, "value=", "value=1")
    options = BuildOptions(content=built / "content", output=built / "_site", in_place=True, search=False)
    written = build(options)
    _rebuild(runner, "--no-cache", "--no-search", "-o", "_cold")
    site, cold = _contents(built / "_site"), _contents(built / "_cold")
    assert {p: b for p, b in site.items() if p != write.MARKER} == {
        p: b for p, b in cold.items() if p != write.MARKER
    }
    assert 0 < written.changed < written.files


def test_a_big_previous_site_is_removed_without_the_build_waiting_for_it(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(write, "BACKGROUND_REMOVAL_FILES", 2)
    removal = tmp_path / "removed-by"
    real = write.shutil.rmtree

    def rmtree(path, *args, **kwargs):
        removal.write_text(str(os.getpid()))
        real(path, *args, **kwargs)

    monkeypatch.setattr(write.shutil, "rmtree", rmtree)
    tmp_path = tmp_path / "sites"
    tmp_path.mkdir()
    output = tmp_path / "_site"
    pages = [(f"p{n}/index.html", b"page") for n in range(5)]
    write.write_site(pages, output)
    write.write_site([*pages[:-1], ("p4/index.html", b"changed")], output)
    assert (output / "p4" / "index.html").read_bytes() == b"changed"
    for _ in range(100):  # the previous site goes away in a process of its own
        if sorted(p.name for p in tmp_path.iterdir()) == ["_site"]:
            break
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
    assert int(removal.read_text()) != os.getpid()


# --- an entity edited: analysed again only when its names changed -----------------------------------------


def _edit_entity(site: Path, name: str, old: str, new: str) -> None:
    path = site / "content" / "entities" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _spy_on_analysis_and_pages(monkeypatch, analysed) -> Callable[[], dict[str, list[str]]]:
    """What the builds that follow do, as a function that tells it: the articles analysed (`analysed`: the
    fixture's record) and the sheets and article pages rendered."""
    from generator.render.pages import PageRenderer

    seen: dict[str, list[str]] = {"entity_page": [], "article_page": []}
    start = len(analysed())
    for method in ("entity_page", "article_page"):
        original = getattr(PageRenderer, method)

        def spy(self, key, original=original, method=method):
            seen[method].append(key)
            return original(self, key)

        monkeypatch.setattr(PageRenderer, method, spy)
    return lambda: {"analysed": analysed()[start:], **seen}


def test_an_entity_s_description_edited_analyses_nothing_and_renders_only_its_sheet(
    built: Path, runner, monkeypatch, analysed
):
    seen = _spy_on_analysis_and_pages(monkeypatch, analysed)
    _edit_entity(built, "globex.yml", "A rival of Acme.", "A rival of Acme, since 1990.")
    _rebuild(runner, "--jobs", "1")
    assert seen() == {"analysed": [], "entity_page": ["globex"], "article_page": []}
    assert "since 1990" in (built / "_site" / "companies" / "globex" / "index.html").read_text()
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")


def test_an_entity_s_description_edited_remakes_the_data_exports_but_not_the_whole_site_s_pages(
    built: Path, runner, monkeypatch
):
    # The home page, the timeline, the sources, the data page, the feeds and the facts' exports show no
    # entity's description: they are not made again; the database and the entities' JSON, which carry the
    # registry whole, are.
    from generator.render import pages, site

    made: list[str] = []

    def spy(name, original):
        def made_now(*args, **kwargs):
            made.append(name)
            return original(*args, **kwargs)

        return made_now

    for name in ("home_page", "timeline_page", "sources_page", "data_page"):
        monkeypatch.setattr(pages.PageRenderer, name, spy(name, getattr(pages.PageRenderer, name)))
    monkeypatch.setattr(site, "_feeds", spy("feeds", site._feeds))
    for name in ("facts_exports", "entities_export", "sqlite_exports"):
        monkeypatch.setattr(site, name, spy(name, getattr(site, name)))
    _edit_entity(built, "globex.yml", "A rival of Acme.", "A rival of Acme, since 1990.")
    _rebuild(runner, "--jobs", "1")
    assert made == ["sqlite_exports", "entities_export"]
    assert b"since 1990" in (built / "_site" / "data" / "entities.json").read_bytes()
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")


def test_an_entity_s_infobox_edited_analyses_nothing_and_gives_the_bytes_of_a_full_build(
    built: Path, runner, monkeypatch, analysed
):
    seen = _spy_on_analysis_and_pages(monkeypatch, analysed)
    _edit_entity(built, "acme.yml", "headquarters: Springfield", "headquarters: Shelbyville")
    _rebuild(runner, "--jobs", "1")
    assert seen()["analysed"] == [] and seen()["article_page"] == []
    assert seen()["entity_page"] == ["acme"]
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")


def test_an_entity_s_aliases_edited_analyse_again_the_article_that_holds_the_new_name(
    built: Path, runner, monkeypatch, analysed
):
    article = built / "content" / "articles" / "acme-globex-it.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nWile Industries ha accolto l'accordo.\n", "utf-8"
    )
    _rebuild(runner)
    sheet = built / "_site" / "products" / "rocket-x" / "index.html"
    assert "articles/acme-globex-it/" not in sheet.read_text(encoding="utf-8")
    seen = _spy_on_analysis_and_pages(monkeypatch, analysed)
    _edit_entity(built, "rocket-x.yml", "kind: product", "kind: product\naliases:\n  all: [Wile Industries]")
    _rebuild(runner, "--jobs", "1")
    assert sorted(seen()["analysed"]) == ["acme-globex-it"]  # not the article without the name
    assert "articles/acme-globex-it/" in sheet.read_text(encoding="utf-8")  # the sheet lists it now
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")


# --- the command line updates its site in place -----------------------------------------------------------


def test_a_rebuild_without_search_updates_the_site_in_place_with_the_bytes_of_a_full_build(
    site: Path, runner, monkeypatch
):
    monkeypatch.chdir(site)
    _rebuild(runner, "--no-search")
    before = _stats(site / "_site")

    def no_swap(*args):
        raise AssertionError("the site was staged and swapped, not updated in place")

    _edit(site, "told reporters", "told the press")
    with monkeypatch.context() as patched:
        patched.setattr(write, "_swap", no_swap)
        _rebuild(runner, "--no-search")
    after = _stats(site / "_site")
    kept = {p for p in before if p in after and after[p].st_ino == before[p].st_ino}
    assert "articles/acme-globex-it/index.html" in kept and "articles/acme-globex/index.html" not in kept
    _rebuild(runner, "--no-cache", "--no-search", "-o", "full")
    assert _contents(site / "_site") == _contents(site / "full")


def test_a_failed_rebuild_in_place_leaves_the_previous_site_whole(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    _rebuild(runner, "--no-search")
    before = _contents(site / "_site")
    templates = site / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "article.html").write_text("{{ no_such_function() }}", encoding="utf-8")
    _edit(site, "told reporters", "told the press")
    result = runner.invoke(cli, ["build", "--no-search"])
    assert result.exit_code != 0
    after = _contents(site / "_site")
    assert {p: b for p, b in after.items() if p != write.MARKER} == {
        p: b for p, b in before.items() if p != write.MARKER
    }
    assert not list((site / "_site").rglob(".tmp-*"))


# --- spaCy is imported only when an article is analysed ---------------------------------------------------

_BUILD_AND_SAY_IF_SPACY_LOADED = """
import sys
from pathlib import Path
from generator.build import BuildOptions, build
jobs = int(sys.argv[1])
report = build(BuildOptions(content=Path("content"), output=Path("_site"), search=False, jobs=jobs))
print(report.skipped, "spacy" in sys.modules)
"""


def _build_in_a_new_process(site: Path, jobs: int = 1) -> str:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _BUILD_AND_SAY_IF_SPACY_LOADED, str(jobs)],
        cwd=site,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_a_build_that_analyses_nothing_never_imports_spacy(site: Path):
    assert _build_in_a_new_process(site) == "False True"  # the first build analyses every article
    assert _build_in_a_new_process(site) == "True False"  # nothing changed
    _edit_entity(site, "globex.yml", "A rival of Acme.", "A rival of Acme, since 1990.")
    assert _build_in_a_new_process(site) == "False False"  # the registry's names are the same
    _edit(site, "told reporters", "told the press")
    assert _build_in_a_new_process(site) == "False True"


def test_an_edited_article_is_analysed_in_a_process_of_its_own_while_the_others_load(site: Path):
    """With a second process allowed, the build process never imports spaCy for a rebuild (nor carries it
    through the rendering): the article is analysed beside the loading of the cached ones."""
    assert _build_in_a_new_process(site, jobs=2) == "False True"  # two articles: analysed in the build
    _edit(site, "told reporters", "told the press")
    assert _build_in_a_new_process(site, jobs=2) == "False False"
    assert _build_in_a_new_process(site, jobs=1) == "True False"  # nothing changed since


# --- links: a build reads those of the changed articles only ------------------------------------------------


def test_a_rebuild_reads_the_links_of_the_changed_article_only_and_still_reports_the_others(
    site: Path, runner, monkeypatch
):
    from generator import consistency

    monkeypatch.chdir(site)
    other = site / "content" / "articles" / "acme-globex-it.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nVedi [qui](tel:+390000).\n", "utf-8")
    assert "unsafe-link" in _rebuild(runner, "--no-search").output
    read: list[str] = []
    original = consistency._article_links
    monkeypatch.setattr(consistency, "_article_links", lambda a: read.append(a.path) or original(a))
    _edit(site, "told reporters", "told the press")
    result = _rebuild(runner, "--no-search")
    assert read == ["content/articles/acme-globex.md"]
    assert "unsafe-link" in result.output and "tel:+390000" in result.output


def test_a_damaged_fact_digest_row_discards_them_all_and_the_rebuild_is_still_right(
    site: Path, runner, monkeypatch
):
    import sqlite3

    from generator.cache.files import cache_folder
    from generator.cache.store import STORE_FILE, Store

    monkeypatch.chdir(site)
    _rebuild(runner, "--no-search")
    output = os.fsencode((site / "_site").resolve())
    path = cache_folder((site / "content").resolve()) / STORE_FILE
    with sqlite3.connect(path) as connection:  # the same length, other ids: a silent change
        connection.execute("UPDATE fact_articles SET facts = upper(facts) WHERE output = ?", (output,))
    store = Store(path.parent)
    assert store.fact_digests(output, write.site_identity(site / "_site")) == ("", {}, {})
    store.close()
    _edit(site, "value=5000000000", "value=6000000000")
    _rebuild(runner, "--no-search")
    _rebuild(runner, "--no-cache", "--no-search", "-o", "full")
    assert _contents(site / "_site") == _contents(site / "full")


def test_a_rebuild_reads_only_the_changed_article_to_find_the_cache_keys(built: Path, runner, monkeypatch):
    """The others' keys come from the digests their unchanged stat vouches for."""
    _edit(built, "told reporters", "told the press")
    read: list[str] = []
    real = Path.read_bytes

    def spy(path: Path) -> bytes:
        if path.suffix == ".md":
            read.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    _rebuild(runner, "--jobs", "1")
    # (read once more to see whether the edit reaches beyond its page: `body_edits`)
    assert set(read) == {"acme-globex.md"}


_NO_OP_AND_SAY_WHAT_LOADED = """
import sys
from pathlib import Path
from generator.build import BuildOptions, build
report = build(BuildOptions(content=Path("content"), output=Path("_site"), search=False, jobs=1))
stages = ("generator.aggregate", "generator.analyse.stage", "generator.render.site", "generator.search")
stages += ("jinja2",)  # the templates' engine: a build with nothing to do renders nothing
print(report.skipped, [m for m in stages if m in sys.modules])
"""


def test_a_build_with_nothing_to_do_imports_none_of_the_stages(site: Path):
    """It stops after reading the last build's record: the stages' modules (and Jinja2) are not imported."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    run = [sys.executable, "-c", _NO_OP_AND_SAY_WHAT_LOADED]
    env = {**os.environ, "PYTHONPATH": str(root)}
    first = subprocess.run(run, cwd=site, env=env, capture_output=True, text=True, check=True).stdout
    again = subprocess.run(run, cwd=site, env=env, capture_output=True, text=True, check=True).stdout
    assert first.startswith("False [") and first.strip() != "False []"
    assert again.strip() == "True []"


def _spy_on_archive_pages(monkeypatch) -> list[str]:
    """The pages of the timeline and of the sheets' facts rendered from now on, as "timeline 2021/06/",
    "sheet 2021/" (the page's period) or "timeline index"."""
    from generator.render.pages import PageRenderer

    rendered: list[str] = []

    def spy(name: str, method: Callable) -> Callable:
        def spied(self, *args):
            page = method(self, *args)  # rendered first: the archive is planned by then
            plan = self.timeline_archive() if name == "timeline" else self.sheet_archive(args[0])
            rendered.append(f"{name} {plan.pages[args[-1]].path if args[-1] is not None else 'index'}")
            return page

        return spied

    monkeypatch.setattr(PageRenderer, "timeline_page", spy("timeline", PageRenderer.timeline_page))
    monkeypatch.setattr(PageRenderer, "sheet_facts_page", spy("sheet", PageRenderer.sheet_facts_page))
    return rendered


def test_a_fact_changed_in_one_year_renders_that_year_s_archive_pages_only(built: Path, runner, monkeypatch):
    """The pages of a year of the timeline or of a sheet name the other years without their number of facts,
    so a fact changed in one year leaves the other years' pages as they were (at 10,000 articles a new fact
    made all 440 pages of the timeline again)."""
    facts = (
        "\n\nIn 2019 [Acme spent 3 million euros on a plant]{fact=investment subject=acme value=3000000 "
        "unit=EUR date=2019-05-02}. In 2021 [Acme spent 4 million euros on a laboratory]{fact=investment "
        "subject=acme value=4000000 unit=EUR date=2021-06-03}.\n"
    )
    article = built / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text(encoding="utf-8") + facts, encoding="utf-8")
    _rebuild(runner, "--jobs", "1")
    rendered = _spy_on_archive_pages(monkeypatch)
    added = "date=2021-06-03}. [Acme hired 40 engineers]{fact=metric subject=acme value=40 date=2021-07-01}"
    _edit(built, "date=2021-06-03}.", added)  # one more fact in 2021: that year's count changes
    _rebuild(runner, "--jobs", "1")
    assert sorted(set(rendered)) == ["sheet 2021/", "timeline 2021/", "timeline index"]
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")
    years = (built / "_site" / "timeline" / "2021" / "index.html").read_text(encoding="utf-8")
    assert ">2019</a></li>" in years and '>2021</a> <span class="meta">(2)</span>' in years


def test_a_fact_added_to_one_month_renders_that_month_s_pages_and_its_year_s_own(
    built: Path, runner, monkeypatch
):
    """A year split by month: a month's pages count only their own facts, so a fact added to June leaves
    the pages of the year's other months as they were; the year's own pages (which count its months) and
    June's are made again."""
    from generator.render import archive

    monkeypatch.setattr(archive, "SHEET_PAGE_FACTS", 2)
    monkeypatch.setattr(archive, "TIMELINE_PAGE_FACTS", 2)
    dates = ("2021-01-10", "2021-01-20", "2021-06-03", "2021-06-04", "2021-07-01", "2021-07-02", "2021")
    facts = "".join(
        f"\n\n[Acme spent {n + 1} million euros on site {n}]{{fact=investment subject=acme "
        f"value={n + 1}000000 unit=EUR date={date}}}."
        for n, date in enumerate(dates)
    )
    article = built / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text(encoding="utf-8") + facts + "\n", encoding="utf-8")
    _rebuild(runner, "--jobs", "1")
    rendered = _spy_on_archive_pages(monkeypatch)
    added = "\n[Acme hired 40 engineers]{fact=metric subject=acme value=40 date=2021-06-05}.\n"
    article.write_text(article.read_text(encoding="utf-8") + added, encoding="utf-8")  # no other fact moves
    _rebuild(runner, "--jobs", "1")
    own = ["2021/", "2021/06/", "2021/06/page/2/"]
    assert sorted(set(rendered)) == sorted(
        [*(f"sheet {p}" for p in own), *(f"timeline {p}" for p in own)] + ["timeline index"]
    )
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")
    july = (built / "_site" / "timeline" / "2021" / "07" / "index.html").read_text(encoding="utf-8")
    assert ">June 2021</a></li>" in july and '>July 2021</a> <span class="meta">(2)</span>' in july
    year = (built / "_site" / "timeline" / "2021" / "index.html").read_text(encoding="utf-8")
    assert '>June 2021</a> <span class="meta">(3)</span>' in year


def test_a_fact_changed_renders_no_page_of_the_sources_by_year_and_a_new_title_its_own(
    built: Path, runner, monkeypatch
):
    """The sources' pages by year show what their articles are (titles, publishers, dates) and no fact: a
    fact changed makes none of them again (at 10,000 articles, all 43 on every save that changed a fact),
    only the index, which keeps the whole model's key. An article retitled makes its year's page again."""
    from generator.render.pages import PageRenderer

    rendered: list[str] = []
    real = PageRenderer.sources_page

    def spied(self, index):
        page = real(self, index)
        rendered.append("index" if index is None else self.sources_archive().pages[index].path)
        return page

    monkeypatch.setattr(PageRenderer, "sources_page", spied)
    _edit(built, "value=23 unit=%", "value=24 unit=%")
    _rebuild(runner, "--jobs", "1")
    assert rendered == ["index"]
    rendered.clear()
    _edit(built, 'title: "Acme invests in Globex"', 'title: "Acme invests in its rival Globex"')
    _rebuild(runner, "--jobs", "1")
    assert sorted(rendered) == ["2025/", "index"]
    _rebuild(runner, "--no-cache", "-o", "full")
    assert _contents(built / "_site") == _contents(built / "full")
    year = (built / "_site" / "sources" / "2025" / "index.html").read_text(encoding="utf-8")
    assert "Acme invests in its rival Globex" in year
