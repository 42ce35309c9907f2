"""A command-line build after edits to articles' text that reach no other page (`generator/body_edits.py`):
it renders only the edited articles' pages, and gives the bytes and warnings of a build from nothing; any
edit that reaches further goes the whole way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.body_edits as body_edits
from generator import write
from generator.build import BuildOptions, build
from generator.cache.state import BuildState
from generator.errors import ContentError

ARTICLE = "content/articles/acme-globex.md"  # it has a disagreement's warning
OTHER = "content/articles/acme-globex-it.md"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _options(site: Path, output: str, *, cache: bool = True, search: bool = False, **more) -> BuildOptions:
    return BuildOptions(
        content=site / "content",
        output=site / output,
        templates=None,
        cache=cache,
        search=search,
        source_date_epoch="1700000000",
        **more,
    )


@pytest.fixture
def paths(monkeypatch) -> list[str]:
    """Which way each build with the cache went from now on: "edited" (only the edited articles' pages) or
    "whole"."""
    taken: list[str] = []
    real = body_edits.build_edited

    def spy(options: BuildOptions, *args):
        report = real(options, *args)
        if options.cache:
            taken.append("whole" if report is None else "edited")
        return report

    monkeypatch.setattr(body_edits, "build_edited", spy)
    return taken


def _edit(site: Path, article: str, old: str, new: str) -> None:
    path = site / article
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(site: Path, article: str, words: str) -> None:
    with open(site / article, "a", encoding="utf-8") as handle:
        handle.write(words)


def _as_from_nothing(site: Path, report, **more) -> None:
    """The output and the warnings are those of a build without the cache."""
    cold = build(_options(site, "cold", cache=False, **more))
    assert _files(site / "_site") == _files(site / "cold")
    assert [str(w) for w in report.warnings] == [str(w) for w in cold.warnings]
    shutil.rmtree(site / "cold")


def test_a_sentence_added_renders_only_its_article_page(site: Path, paths: list[str]):
    build(_options(site, "_site"))
    paths.clear()
    before = _files(site / "_site")
    _append(site, ARTICLE, "\nThe company gave no more details.\n")
    report = build(_options(site, "_site"))
    assert paths == ["edited"]
    after = _files(site / "_site")
    assert {p for p in after if after[p] != before.get(p)} == {"articles/acme-globex/index.html"}
    assert "gave no more details" in after["articles/acme-globex/index.html"].decode()
    assert report.changed == 1 and [w.code for w in report.warnings] == ["conflict"]
    _as_from_nothing(site, report)
    # The keys it kept are those a whole build makes (into another output: the same pages, the same keys).
    build(_options(site, "other"))
    state = BuildState.open(site / "content")
    try:
        assert state.kept_page_keys(site / "_site") == state.kept_page_keys(site / "other")
    finally:
        state.close()
    # Its record holds: nothing to do next, then another edit starts from it.
    assert build(_options(site, "_site")).skipped
    _append(site, OTHER, "\nUn'altra frase.\n")
    report = build(_options(site, "_site"))
    assert paths == ["edited", "whole", "edited"]
    _as_from_nothing(site, report)


@pytest.mark.parametrize(
    "old, new",
    [
        (" on the day.\n", " on the day. No other company moved so much.\n"),  # a sentence on a fact's line
        (" on the day.\n", " on the day.\n\nNo other company moved so much.\n"),  # lines between facts
        (
            "On 18 September",
            "\nOn 18 September",
        ),  # a line before every fact: the disagreement's warning moves
    ],
    ids=["same-line", "lines-between-facts", "line-before-facts"],
)
def test_words_that_move_facts_without_changing_them_keep_the_heads(
    site: Path, paths: list[str], old: str, new: str
):
    build(_options(site, "_site"))
    paths.clear()
    _edit(site, ARTICLE, old, new)
    report = build(_options(site, "_site"))
    assert paths == ["edited"]
    _as_from_nothing(site, report)


@pytest.mark.parametrize(
    "edit",
    [
        # a fact's words: its sheet and the exports show them
        lambda site: _edit(site, ARTICLE, "launched Rocket X", "launched the Rocket X"),
        # a fact's sentence: its sheet quotes it
        lambda site: _edit(site, ARTICLE, "told reporters.", "told the reporters."),
        # the summary: the sources' pages show it
        lambda site: _edit(site, ARTICLE, "buys a stake in its rival", "buys a stake in a rival"),
        # an entity it did not name: that entity's sheet lists the article now
        lambda site: _append(site, OTHER, "\nJane Roe non ha commentato.\n"),
        # an article added
        lambda site: (site / "content/articles/another.md").write_text(
            (site / ARTICLE).read_text(encoding="utf-8").replace("Acme invests", "Acme invests again"),
            encoding="utf-8",
        ),
        # another input changed beside the article
        lambda site: (
            _append(site, ARTICLE, "\nMore words.\n"),
            _append(site, "content/site.yml", "\n# a comment\n"),
        ),
    ],
    ids=["fact-words", "fact-sentence", "summary", "entity-named", "article-added", "settings-too"],
)
def test_an_edit_that_reaches_other_pages_goes_the_whole_way(site: Path, paths: list[str], edit):
    build(_options(site, "_site"))
    paths.clear()
    edit(site)
    report = build(_options(site, "_site"))
    assert paths == ["whole"]
    _as_from_nothing(site, report)


def test_a_warning_added_or_taken_away_is_the_whole_builds(site: Path, paths: list[str]):
    build(_options(site, "_site"))
    paths.clear()
    _append(site, ARTICLE, "\nSee [the plan](javascript:alert(1)) for more.\n")
    report = build(_options(site, "_site"))
    assert paths == ["edited"]
    assert sorted(w.code for w in report.warnings) == ["conflict", "unsafe-link"]
    _as_from_nothing(site, report)
    _edit(site, ARTICLE, "See [the plan](javascript:alert(1))", "See the plan")
    report = build(_options(site, "_site"))
    assert paths == ["edited", "edited"]
    assert [w.code for w in report.warnings] == ["conflict"]
    _as_from_nothing(site, report)


def test_an_error_is_reported_as_the_whole_build_reports_it(site: Path, paths: list[str]):
    build(_options(site, "_site"))
    paths.clear()
    before = _files(site / "_site")
    _append(site, ARTICLE, "\nSee [the plan](no-such-article.md).\n")
    with pytest.raises(ContentError) as raised:
        build(_options(site, "_site"))
    assert paths == ["whole"]
    assert "broken-link" in [p.code for p in raised.value.problems]
    assert _files(site / "_site") == before


def test_strict_with_warnings_fails_as_the_whole_build_does(site: Path, paths: list[str]):
    build(_options(site, "_site"))
    paths.clear()
    _append(site, ARTICLE, "\nMore words.\n")
    with pytest.raises(ContentError):
        build(_options(site, "_site", strict=True))
    assert paths == ["whole"]


def test_a_drafts_build_starts_from_its_own_record(site: Path, paths: list[str]):
    build(_options(site, "_site", drafts=True))
    paths.clear()
    _append(site, ARTICLE, "\nMore words.\n")
    report = build(_options(site, "_site", drafts=True))
    assert paths == ["edited"]
    _as_from_nothing(site, report, drafts=True)
    # Another output's build of the same content, with other options, does not start from that record.
    build(_options(site, "other"))
    assert paths == ["edited", "whole"]


def test_without_the_last_analysis_in_the_store_it_goes_the_whole_way(site: Path, paths: list[str]):
    build(_options(site, "_site"))
    build(_options(site, "other"))  # the same content: nothing analysed again, nothing pruned
    paths.clear()
    _append(site, ARTICLE, "\nMore words.\n")
    build(_options(site, "other"))  # the store now holds the new version of the article only
    report = build(_options(site, "_site"))
    assert paths == ["edited", "whole"]
    _as_from_nothing(site, report)


def test_in_a_site_of_two_languages_with_its_search_index(site: Path, paths: list[str]):
    settings = site / "content" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "languages: [en, it]"))
    build(_options(site, "_site", search=True))
    paths.clear()
    _append(site, OTHER, "\nUn'altra frase, con la parola ornitorinco.\n")
    report = build(_options(site, "_site", search=True))
    assert paths == ["edited"]
    _as_from_nothing(site, report, search=True)


def _listing_files(site: Path) -> list[Path]:
    return sorted((site / ".factsheets-cache" / "builds").glob("*.listing.json"))


@pytest.fixture
def walks(monkeypatch) -> list[str]:
    """The folders of a site walked from now on ('' for a whole site, else the folder's site path)."""
    walked: list[str] = []
    real = write._list_site

    def spy(output: Path, under: str = ""):
        walked.append(under)
        return real(output, under)

    monkeypatch.setattr(write, "_list_site", spy)
    return walked


def test_an_edit_takes_up_the_listing_of_the_site_the_last_build_kept(
    site: Path, paths: list[str], walks: list[str]
):
    build(_options(site, "_site", search=True))  # a cold build: the site walked once swapped in
    assert walks == [""]
    paths.clear()
    (kept,) = _listing_files(site)
    data, written = kept.read_bytes(), kept.stat().st_mtime_ns
    for words in ("\nThe company gave no more details.\n", "\nNor did its rival.\n"):
        walks.clear()
        _append(site, ARTICLE, words)
        report = build(_options(site, "_site", search=True))
        assert walks == ["pagefind/"]  # the search index only: it changed with the page
        _as_from_nothing(site, report, search=True)
    assert paths == ["edited", "edited"]
    # The edits changed no file the listing holds: it was not written again.
    assert kept.read_bytes() == data and kept.stat().st_mtime_ns == written


def test_an_edit_walks_the_site_when_the_kept_listing_is_damaged(
    site: Path, paths: list[str], walks: list[str]
):
    build(_options(site, "_site"))
    (kept,) = _listing_files(site)
    # bytes other than those its record names
    kept.write_bytes(kept.read_bytes().replace(b"articles/", b"elsewhere/", 1))
    walks.clear()
    _append(site, ARTICLE, "\nMore words.\n")
    report = build(_options(site, "_site"))
    assert paths == ["whole", "edited"] and walks == [""]
    _as_from_nothing(site, report)
    # The edit kept the listing it walked: the next one takes it up.
    walks.clear()
    _append(site, ARTICLE, "\nAnd more.\n")
    report = build(_options(site, "_site"))
    assert paths == ["whole", "edited", "edited"] and walks == ["pagefind/"]
    _as_from_nothing(site, report)


def test_the_whole_builds_memory_of_the_site_follows_it(site: Path, paths: list[str]):
    """The page memo and the fact digests the last whole build kept hold for the site the edit wrote: the next
    whole build hashes again only the facts its change reaches, not every fact."""
    build(_options(site, "_site"))
    before = _kept(site)
    _append(site, ARTICLE, "\nMore words.\n")
    build(_options(site, "_site"))
    assert paths == ["whole", "edited"]
    after = _kept(site)
    assert after[0].pages and after[0] == before[0]
    assert after[1].facts and after[1].facts == before[1].facts


def _kept(site: Path):
    from generator.cache.record import load_fact_digests, load_page_memo
    from generator.cache.store import Store
    from generator.write import site_identity

    state = BuildState.open(site / "content")
    store = Store(state.folder)
    try:
        identity = site_identity(site / "_site")
        output = site / "_site"
        return load_page_memo(store, output, identity), load_fact_digests(store, output, identity)
    finally:
        store.close()
        state.close()


def test_a_site_another_build_wrote_meanwhile_is_built_the_whole_way(
    site: Path, paths: list[str], monkeypatch
):
    import generator.render.site as render_site
    from generator import write

    build(_options(site, "_site"))
    paths.clear()
    real = render_site.render_article_pages

    def and_another_build(*args, **kwargs):  # while the pages are rendered, another build writes the site
        pages = real(*args, **kwargs)
        write._write_marker(site / "_site")
        return pages

    monkeypatch.setattr(render_site, "render_article_pages", and_another_build)
    _append(site, ARTICLE, "\nMore words.\n")
    report = build(_options(site, "_site"))
    assert paths == ["whole"]
    _as_from_nothing(site, report)


@pytest.fixture
def hosts(monkeypatch) -> list[str]:
    """What happened to analysis hosts (`generator/analyse/host.py`) and to the inputs' check, in order."""
    from generator.analyse import host

    events: list[str] = []

    class Spy(host.AnalysisHost):
        def __init__(self, *args, **kwargs):
            events.append("host started" if not args else "host started with articles")
            super().__init__(*args, **kwargs)

        def analyse(self, *args, **kwargs):
            events.append("host analyses")
            return super().analyse(*args, **kwargs)

    checked = BuildState.last_build

    def check(self, *args):
        events.append("inputs checked")
        return checked(self, *args)

    monkeypatch.setattr(host, "AnalysisHost", Spy)
    monkeypatch.setattr(BuildState, "last_build", check)
    return events


def test_spacy_starts_before_the_inputs_are_checked(site: Path, paths: list[str], hosts: list[str]):
    build(_options(site, "_site", jobs=2))
    assert "host started" not in hosts  # no record of a last build: no path to start spaCy early for
    paths.clear()
    hosts.clear()
    _append(site, ARTICLE, "\nThe company gave no more details.\n")
    report = build(_options(site, "_site", jobs=2))
    assert paths == ["edited"]
    assert hosts == ["host started", "inputs checked", "host analyses"]
    _as_from_nothing(site, report)


@pytest.mark.parametrize("change", ["none", "the summary"])
def test_a_host_started_for_an_edit_path_not_taken_is_ended(
    site: Path, paths: list[str], hosts: list[str], change: str
):
    import multiprocessing

    build(_options(site, "_site", jobs=2))
    paths.clear()
    hosts.clear()
    if change == "the summary":
        _edit(site, ARTICLE, "summary: Acme buys", "summary: Acme now buys")
    report = build(_options(site, "_site", jobs=2))
    assert hosts[:2] == ["host started", "inputs checked"]
    assert "host analyses" not in hosts
    assert multiprocessing.active_children() == []  # ended, not left to wait
    if change == "the summary":
        assert paths == ["whole"]
        _as_from_nothing(site, report)
