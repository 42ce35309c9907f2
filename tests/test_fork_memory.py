"""What the build's process holds when the render workers fork: repeated values held once
(`compact.share_repeated_values`), a one-shot build's aggregator let go (`BuildState.keep_aggregation`), the
C library's free pages given back (`render.site._give_back_free_memory`); and what the workers read of it:
the sheets' report counts made before they fork, a one-shot build's article heads gathered together
(`compact.gather_article_heads`)."""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

import pytest

from generator.build import BuildOptions, build, build_model
from generator.cache.pagekeys import PageKeys
from generator.cache.state import BuildSession, BuildState
from generator.compact import gather_article_heads, share_repeated_values
from generator.model import AnalysedArticle, Mention, SiteConfig, SiteModel
from generator.render import pages as render_pages
from generator.render import site as render_site
from generator.render.themes import theme_search_path
from tests.test_aggregate_delta import ARTICLE, DEMO


@pytest.fixture
def model() -> SiteModel:
    made, _ = build_model(DEMO, cache=False)
    return made


def _objects(values: list[object]) -> int:
    return len({id(v) for v in values})


def test_the_facts_repeated_strings_become_one_object_each(model: SiteModel):
    facts = [f for analysed in model.analysed.values() for f in analysed.facts]
    subjects = [f.subject for f in facts]
    assert _objects(subjects) > len(set(subjects))  # each report read its own copy
    share_repeated_values(model)
    for field in ("subject", "kind", "object"):
        values = [getattr(f, field) for f in facts if getattr(f, field) is not None]
        assert _objects(values) == len(set(values)), field
    dates = [f.date.value for f in facts]
    assert _objects(dates) == len(set(dates))


def test_equal_dates_become_one_object_each(model: SiteModel):
    facts = [f for analysed in model.analysed.values() for f in analysed.facts] + list(model.facts.values())
    dates = {(f.date.value, f.date.end_value, f.date.reported) for f in facts}
    assert _objects([f.date for f in facts]) > len(dates)  # each report read its own
    share_repeated_values(model)
    assert _objects([f.date for f in facts]) == len(dates)


def test_the_reports_without_attributes_or_statements_share_one_empty_dict(model: SiteModel):
    reports = [f for analysed in model.analysed.values() for f in analysed.facts]
    empty = [f.attrs for f in reports if not f.attrs] + [f.statements for f in reports if not f.statements]
    assert _objects(empty) > 1
    share_repeated_values(model)
    assert (
        _objects(
            [f.attrs for f in reports if not f.attrs] + [f.statements for f in reports if not f.statements]
        )
        == 1
    )
    assert any(f.attrs for f in reports)  # the others keep their own


def test_a_facts_reports_share_its_id(model: SiteModel):
    share_repeated_values(model)
    assert all(report.id is fact.id for fact in model.facts.values() for report in fact.sources)


def test_the_sheets_relations_share_their_entities_and_kinds(model: SiteModel):
    share_repeated_values(model)
    relations = [r for sheet in model.sheets.values() for r in sheet.relations]
    ends = [r.subject for r in relations] + [r.object for r in relations] + [r.kind for r in relations]
    assert _objects(ends) == len(set(ends))


def _head_mention(entity_id: str) -> Mention:
    return Mention(text="", start=0, end=0, id=entity_id, kind=None)


def _small_model(mentions: dict[str, list[Mention]]) -> SiteModel:
    config = SiteConfig(title="t", language="en", base_url="https://example.org/", author="a", publisher="p")
    analysed = {slug: AnalysedArticle(slug=slug, facts=[], mentions=list(m)) for slug, m in mentions.items()}
    return SiteModel(
        config=config,
        entities={},
        articles={},
        analysed=analysed,
        facts={},
        timeline=[],
        sheets={},
        conflicts=[],
        as_of="2025-01-01",
    )


def test_article_heads_mention_each_entity_with_one_object():
    model = _small_model(
        {"a": [_head_mention("intel")], "b": [_head_mention("intel"), _head_mention("nvidia")]}
    )
    share_repeated_values(model)
    assert model.analysed["a"].mentions[0] is model.analysed["b"].mentions[0]
    assert [m.id for m in model.analysed["b"].mentions] == ["intel", "nvidia"]


def test_a_mention_with_words_or_a_place_stays_its_own():
    found = Mention(text="Intel", start=4, end=9, id="intel", kind="company")
    hidden = Mention(text="", start=12, end=17, id="intel", kind=None)  # a draft annotation's, by its place
    model = _small_model({"a": [found, hidden], "b": [_head_mention("intel")]})
    share_repeated_values(model)
    assert model.analysed["a"].mentions[0] is found and model.analysed["a"].mentions[1] is hidden


def _options(content: Path, output: str) -> BuildOptions:
    return BuildOptions(
        content=content,
        output=content.parent / output,
        templates=None,
        search=False,
        source_date_epoch="1700000000",
    )


def _aggregator_when_rendering(monkeypatch, session: BuildSession | None, content: Path) -> bool:
    """Build, and tell whether the build's aggregator was still alive when the render stage began."""
    made: list[weakref.ref] = []
    alive: list[bool] = []
    make_aggregator = BuildState.aggregator
    render = render_site.render_site

    def aggregator(self):
        found = make_aggregator(self)
        made.append(weakref.ref(found))
        return found

    def rendering(*args, **kwargs):
        alive.append(made[0]() is not None)
        return render(*args, **kwargs)

    monkeypatch.setattr(BuildState, "aggregator", aggregator)
    monkeypatch.setattr(render_site, "render_site", rendering)
    build(_options(content, "site"), session)
    return alive[0]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "content")
    return tmp_path / "content"


def test_a_one_shot_build_lets_its_aggregator_go_before_the_render(monkeypatch, demo: Path):
    assert not _aggregator_when_rendering(monkeypatch, None, demo)


def test_a_one_shot_build_keeps_its_aggregation_for_the_next_build(demo: Path, caplog):
    build(_options(demo, "site"))
    caplog.set_level("DEBUG", logger="generator")
    build(_options(demo, "again"))
    assert any(r.getMessage().startswith("resuming from the stored aggregation") for r in caplog.records)


def test_a_preview_keeps_its_aggregator_through_the_render(monkeypatch, demo: Path):
    session = BuildSession()
    assert _aggregator_when_rendering(monkeypatch, session, demo)
    assert session.aggregator.model is not None


def test_a_previews_first_build_shares_its_models_values_and_a_small_change_does_not(monkeypatch, demo: Path):
    shared: list[SiteModel] = []
    monkeypatch.setattr("generator.compact.share_repeated_values", lambda model: shared.append(model) or 0)
    session = BuildSession()
    build(_options(demo, "site"), session)
    assert len(shared) == 1
    article = demo / "articles" / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(_options(demo, "site"), session)
    assert len(shared) == 1  # a preview's save updates its model: walking all of it would cost the save


def test_a_one_shot_build_resumed_after_a_small_change_leaves_its_model_unshared(monkeypatch, demo: Path):
    shared: list[SiteModel] = []
    monkeypatch.setattr("generator.compact.share_repeated_values", lambda model: shared.append(model) or 0)
    build(_options(demo, "site"))
    assert len(shared) == 1  # a cold build shares
    article = demo / "articles" / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(_options(demo, "site"))
    assert len(shared) == 1  # resumed from the store, a handful of pages to render: not worth a walk
    options = _options(demo, "site")
    options.drafts = True  # another key: every fact merged again
    build(options)
    assert len(shared) == 2


def test_the_free_heap_is_given_back_before_the_workers_fork(monkeypatch):
    given: list[bool] = []
    monkeypatch.setattr(render_site, "_give_back_free_memory", lambda: given.append(True))
    assert list(render_site.run_jobs([lambda: 1] * 400, jobs=2)) == [1] * 400
    assert given == [True]


def test_giving_back_free_memory_is_skipped_without_the_gnu_c_library(monkeypatch):
    class NoTrim:
        def __init__(self, name):
            pass

    monkeypatch.setattr(render_site.ctypes, "CDLL", NoTrim)
    render_site._give_back_free_memory()  # no malloc_trim: nothing to do, nothing raised


def _renderer(model: SiteModel) -> render_site.PageRenderer:
    return render_site._renderer(
        model, theme_search_path(None), model.config.base_url, "1700000000", False, None
    )


def _fork_for(renderers: list[render_site.PageRenderer], monkeypatch, jobs: int = 2, one_shot: bool = False):
    """Plan one job as if for forked workers (`_for_workers`), whatever the count of jobs."""
    monkeypatch.setattr(render_site, "MIN_PARALLEL_PAGES", 1)
    job = render_site._Job("x.html", ("x.html",), lambda: [b""])
    render_site._for_workers([job], renderers, set(), PageKeys(), jobs, one_shot)


def _no_report_counting(*args, **kwargs):
    raise AssertionError("a sheet's reports counted in a worker")


def test_the_sheets_report_counts_are_made_before_the_workers_fork(monkeypatch, model: SiteModel):
    sheets = {entity_id: _renderer(model).entity_page(entity_id) for entity_id in model.sheets}
    renderer = _renderer(model)
    _fork_for([renderer], monkeypatch)
    monkeypatch.setattr(render_pages, "distinct_reports", _no_report_counting)
    assert {entity_id: renderer.entity_page(entity_id) for entity_id in model.sheets} == sheets


def test_without_workers_a_sheet_counts_its_reports_as_its_page_is_made(monkeypatch, model: SiteModel):
    renderer = _renderer(model)
    _fork_for([renderer], monkeypatch, jobs=1)
    monkeypatch.setattr(render_pages, "distinct_reports", _no_report_counting)
    with pytest.raises(AssertionError, match="counted in a worker"):
        renderer.entity_page(next(iter(model.sheets)))


def test_article_heads_are_gathered_into_equal_objects_made_anew(model: SiteModel):
    before = dict(model.articles)
    assert gather_article_heads(model) == len(before)
    for slug, article in model.articles.items():
        old = before[slug]
        assert article == old and article is not old
        assert article.source == old.source and article.source is not old.source
        assert article.title is not old.title and article.source.published is not old.source.published
        assert all(n is not o for n, o in zip(article.based_on, old.based_on, strict=True))


def test_a_one_shot_render_gathers_its_article_heads_before_the_workers_fork(monkeypatch, model: SiteModel):
    renderer = _renderer(model)
    heads = list(model.articles.values())
    _fork_for([renderer], monkeypatch, one_shot=True)
    assert all(new is not old for new, old in zip(model.articles.values(), heads, strict=True))
    assert all(renderer.model.articles[slug] is model.articles[slug] for slug in model.articles)


def test_a_previews_render_keeps_its_article_objects(monkeypatch, model: SiteModel):
    heads = list(model.articles.values())
    _fork_for([_renderer(model)], monkeypatch, one_shot=False)  # its aggregator tells articles by object
    assert all(new is old for new, old in zip(model.articles.values(), heads, strict=True))


def test_only_a_one_shot_build_renders_one_shot(monkeypatch, demo: Path):
    seen: list[bool] = []
    render = render_site.render_site

    def rendering(*args, **kwargs):
        seen.append(kwargs["one_shot"])
        return render(*args, **kwargs)

    monkeypatch.setattr(render_site, "render_site", rendering)
    build(_options(demo, "site"))
    build(_options(demo, "preview"), BuildSession())
    assert seen == [True, False]


def test_a_one_shot_render_keeps_of_its_key_memo_only_what_the_build_saves(monkeypatch, model: SiteModel):
    keys = PageKeys()
    memo = keys.memo
    memo.articles = {slug: (article, "digest") for slug, article in model.articles.items()}
    memo.facts = {fact_id: (fact, "digest") for fact_id, fact in model.facts.items()}
    memo.pages, memo.site, memo.serial = {"a/index.html": ("shape", "key")}, "site", 3
    monkeypatch.setattr(render_site, "MIN_PARALLEL_PAGES", 1)
    job = render_site._Job("x.html", ("x.html",), lambda: [b""])
    render_site._for_workers([job], [_renderer(model)], set(), keys, 2, one_shot=True)
    # the old article heads are not held by the memo beside the gathered ones
    assert keys.memo.articles == {} and keys.memo.facts == {}
    assert (keys.memo.pages, keys.memo.site, keys.memo.serial) == (memo.pages, "site", 3)
    assert keys.memo.stored is memo.stored
