"""The render jobs that read much of the model are spread among the others (`render.site._spread`)."""

from __future__ import annotations

from pathlib import Path

from generator.build import build_model
from generator.cache.pagekeys import EXPORT_JOBS
from generator.render.environment import make_environment
from generator.render.pages import PageRenderer
from generator.render.site import _Job, _spread, _wide_pages
from generator.render.themes import theme_search_path


def _jobs(paths: list[str]) -> list[_Job]:
    return [_Job(path, (path,), list) for path in paths]


def test_wide_jobs_fall_evenly_among_the_others_in_pairs_and_none_is_lost():
    narrow = [f"articles/a{n}/index.html" for n in range(24)]
    wide = [f"companies/c{n}/index.html" for n in range(5)] + ["timeline/index.html"]
    work = _jobs(wide + narrow)  # as a build lists them: the sheets together
    order = [job.key_path for job in _spread(work, set(wide))]
    assert sorted(order) == sorted(wide + narrow)
    places = [order.index(path) for path in wide]
    assert places == sorted(places)
    assert all(second == first + 1 for first, second in zip(places[::2], places[1::2], strict=True))
    assert all(b - a >= 6 for a, b in zip(places[1::2], places[2::2], strict=False))


def test_the_two_exports_are_at_the_two_ends_of_the_wide_jobs():
    data, database, _ = EXPORT_JOBS
    sheets = [f"companies/c{n}/index.html" for n in range(6)]
    narrow = [f"articles/a{n}/index.html" for n in range(20)]
    order = [
        j.key_path for j in _spread(_jobs([data, database, *sheets, *narrow]), {data, database, *sheets})
    ]
    wide_order = [path for path in order if path not in narrow]
    assert wide_order.index(data) == 0 and wide_order.index(database) == len(wide_order) // 2


def test_every_sheet_and_timeline_page_counts_as_wide(site: Path):
    model, _ = build_model(site / "content", jobs=1, cache=False)
    env = make_environment(theme_search_path(None), model.config.language, model.config.fact_kinds)
    renderer = PageRenderer(model, env, "https://example.org/")
    wide = _wide_pages([renderer])
    assert {renderer.entity_url(i) + "index.html" for i in model.sheets} <= wide
    assert "timeline/index.html" in wide and not any(p.startswith("articles/") for p in wide)


def test_a_sheets_page_runs_beside_its_downloads_and_apart_from_other_sheets():
    narrow = [f"articles/a{n}/index.html" for n in range(40)]
    sheets = [f"companies/c{n}/index.html" for n in range(4)]
    timeline = [f"timeline/{year}/index.html" for year in (2020, 2021)]
    downloads = [_Job(path, (path.replace("index.html", "cite.bib"),), list) for path in sheets]
    work = _jobs(sheets) + _jobs(timeline) + _jobs(narrow) + downloads  # as a build lists them
    order = _spread(work, {*sheets, *timeline})
    assert sorted(j.paths for j in order) == sorted(j.paths for j in work)
    for sheet in sheets:
        at = [n for n, job in enumerate(order) if job.key_path == sheet]
        assert len(at) == 2 and at[1] == at[0] + 1  # the page, then its downloads (which read its facts)
        assert order[at[0] - 1].key_path in narrow and order[at[1] + 1].key_path in narrow
    at = [n for n, job in enumerate(order) if job.key_path in timeline]
    assert at[1] == at[0] + 1  # a page of the timeline runs with another
