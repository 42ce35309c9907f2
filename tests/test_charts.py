"""The pictures: the timeline's geometry (precision, ranges, reported dates, lanes, groups, breaks), the key
figures' charts, and in a built site a text alternative for every picture."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import cli
from generator.render import charts
from tests.linkcheck import broken_links

DEMO_CONTENT = Path(__file__).resolve().parent.parent / "content"

WORDS = charts.Words(
    group_label=lambda n: f"{n} facts",
    group_what=lambda members: f"{len(members)} facts",
    period=lambda first, last=None: f"{first}–{last}" if last else first,
    month_abbr=("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


def mark(key: str, value: str, until: str | None = None, **fields) -> charts.Mark:
    start, end = charts.period(value)
    fields.setdefault("label", f"Investment · {key}")
    return charts.Mark(
        key=key,
        start=start,
        end=end,
        precision={4: "year", 7: "month", 10: "day"}[len(value)],
        kind=fields.pop("kind", "investment"),
        what=f"fact {key}",
        when=value,
        href=f"#fact-{key}",
        until=charts.period(until)[1] if until else None,
        **fields,
    )


def placed_by_key(layout: charts.TimelineLayout) -> dict[str, charts.Placed]:
    return {p.mark.key: p for p in layout.placed}


# --- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "after"),
    [
        ("2025-09-18", "2025-09-18", "2025-09-19"),
        ("2025-09", "2025-09-01", "2025-10-01"),
        ("2025-12", "2025-12-01", "2026-01-01"),
        ("2024", "2024-01-01", "2025-01-01"),
    ],
)
def test_a_date_covers_the_days_of_its_precision(value, first, after):
    assert charts.period(value) == (day(first), day(after))


# --- the timeline's geometry -----------------------------------------------------------------------------


def test_a_month_precise_fact_is_drawn_across_its_whole_month():
    layout = charts.layout_timeline([mark("a", "2025-09"), mark("b", "2025-06-02")], WORDS)
    placed = placed_by_key(layout)["a"]
    scale = layout.scale
    assert placed.left == pytest.approx(scale.x(day("2025-09-01")))
    assert placed.right == pytest.approx(scale.x(day("2025-10-01")))


def test_a_day_is_a_point_and_a_month_a_bar():
    layout = charts.layout_timeline([mark("a", "2025-09"), mark("b", "2025-06-02")], WORDS)
    svg = str(charts.timeline_svg(layout, WORDS, "t", "title", "desc"))
    a = re.search(r'<a href="#fact-a"[^>]*>.*?</a>', svg).group()
    b = re.search(r'<a href="#fact-b"[^>]*>.*?</a>', svg).group()
    assert "<rect" in a and "<circle" not in a
    assert "<circle" in b and "<rect" not in b


def test_a_plan_is_drawn_to_the_end_of_its_horizon():
    layout = charts.layout_timeline(
        [mark("plan", "2025-02", until="2028-02", planned=True), mark("b", "2025-09-24")], WORDS
    )
    placed = placed_by_key(layout)["plan"]
    assert placed.right == pytest.approx(layout.scale.x(day("2028-03-01")))
    svg = str(charts.timeline_svg(layout, WORDS, "t", "title", "desc"))
    plan = re.search(r'<a href="#fact-plan"[^>]*>.*?</a>', svg).group()
    assert 'class="chart-mark chart-kind-investment planned"' in plan
    assert '<rect class="range"' in plan


def test_a_reported_date_is_drawn_apart_from_a_stated_one():
    layout = charts.layout_timeline([mark("r", "2025-09-24", reported=True), mark("s", "2025-09-20")], WORDS)
    svg = str(charts.timeline_svg(layout, WORDS, "t", "title", "desc"))
    assert re.search(r'<a href="#fact-r" class="[^"]*\breported\b', svg)
    assert not re.search(r'<a href="#fact-s" class="[^"]*\breported\b', svg)


def _label_boxes(layout: charts.TimelineLayout) -> list[tuple[int, float, float]]:
    return [(p.lane, *p.extent) for p in layout.placed]


def test_marks_in_one_lane_never_meet():
    # 12 facts on one day and 30 over a month: labels would pile up on one line.
    marks = [mark(f"d{i:02d}", "2025-09-18") for i in range(12)]
    marks += [mark(f"m{i:02d}", f"2025-08-{i + 1:02d}") for i in range(30)]
    layout = charts.layout_timeline(marks, WORDS)
    boxes = sorted(_label_boxes(layout))
    for (lane, _, end), (next_lane, start, _) in zip(boxes, boxes[1:], strict=False):
        if lane == next_lane:
            assert end + charts.LANE_GAP <= start + 1e-9
    assert layout.lanes <= charts.MAX_LANES


def test_every_label_stays_inside_the_picture():
    marks = [
        mark(f"k{i:02d}", f"2025-{i % 12 + 1:02d}-15", label="A very long label " * 3) for i in range(20)
    ]
    layout = charts.layout_timeline(marks, WORDS)
    for _, start, end in _label_boxes(layout):
        assert start >= 0 and end <= charts.TIMELINE_WIDTH


def _spread_marks(count: int, days_apart: int) -> list[charts.Mark]:
    """`count` marks of mixed precision, kinds, ranges and label lengths, `days_apart` days apart."""
    marks = []
    for i in range(count):
        date = dt.date(2016, 1, 1) + dt.timedelta(days=i * days_apart)
        value = (date.isoformat(), date.isoformat()[:7], date.isoformat()[:4])[i % 7 % 3]
        until = f"{date.year + 3}" if i % 11 == 0 else None
        kind = ("investment", "plan", "metric")[i % 3]
        marks.append(mark(f"{i:05d}", value, until, kind=kind, label="Label " * (i % 9)))
    return marks


@pytest.mark.parametrize(("count", "days_apart"), [(6, 40), (40, 9), (300, 2), (3000, 1), (5000, 3)])
def test_outlines_made_whole_lay_out_as_the_whole_marks_do(count: int, days_apart: int):
    """A timeline drawn from outlines (marks without their words) and made whole only where a mark is drawn
    on its own is the timeline of the whole marks, mark for mark."""
    from dataclasses import replace

    marks = _spread_marks(count, days_apart)
    whole = {m.key: m for m in marks}
    made: list[str] = []

    def make_whole(outline: charts.Mark) -> charts.Mark:
        made.append(outline.key)
        return whole[outline.key]

    outlines = [replace(m, label="", what="", when="") for m in marks]
    expected = charts.layout_timeline(marks, WORDS)
    assert charts.layout_timeline(outlines, WORDS, whole=make_whole) == expected
    assert len(made) < count or expected.unit is None  # words made for the marks drawn alone, not all
    if expected.unit is not None and count >= 3000:
        assert len(made) <= len(expected.placed)


def test_a_busy_sheet_is_grouped_with_counts_and_stays_light():
    marks = [
        mark(f"{i:04d}", (dt.date(2016, 1, 1) + dt.timedelta(days=i * 5)).isoformat(), kind="metric")
        for i in range(700)
    ]
    layout = charts.layout_timeline(marks, WORDS)
    assert layout.unit is not None
    groups = [p.mark for p in layout.placed if p.mark.count > 1]
    assert sum(m.count for m in groups) + sum(1 for p in layout.placed if p.mark.count == 1) == 700
    assert any(p.label.endswith("facts") for p in layout.placed)
    svg = str(charts.timeline_svg(layout, WORDS, "t", "title", "desc"))
    assert len(svg.encode()) < 40_000


def test_a_group_is_never_finer_than_the_dates_in_it():
    marks = [mark("a", "2025-01"), mark("b", "2025-01"), mark("c", "2025-01-15"), mark("d", "2025-01-15")]
    groups = {m.when: m for m in charts.group_marks(marks, "day", WORDS)}
    assert set(groups) == {"2025-01", "2025-01-15"}
    month = groups["2025-01"]
    assert (month.start, month.end, month.count) == (day("2025-01-01"), day("2025-02-01"), 2)


def test_a_long_empty_stretch_is_cut_out_of_the_axis():
    layout = charts.layout_timeline(
        [mark("old", "1993"), mark("a", "2025-09-18"), mark("b", "2025-09-24")], WORDS
    )
    assert len(layout.scale.segments) == 2
    old, new = layout.scale.segments
    assert old.end < day("2025-01-01") and new.start > day("2025-01-01")
    svg = str(charts.timeline_svg(layout, WORDS, "t", "title", "desc"))
    assert 'class="break"' in svg


def test_a_busy_stretch_is_drawn_without_breaks():
    marks = [mark(f"{m:02d}", f"2025-{m:02d}-10") for m in range(1, 13)]
    layout = charts.layout_timeline(marks, WORDS)
    assert len(layout.scale.segments) == 1


def test_tick_labels_never_meet():
    marks = [mark("a", "2020-01-05"), mark("b", "2025-12-30"), mark("c", "2023-06")]
    layout = charts.layout_timeline(marks, WORDS)
    ticks = charts.axis_ticks(layout.scale, WORDS)
    for row in (0, 1):
        labelled = [t for t in ticks if t.label and t.row == row]
        for before, after in zip(labelled, labelled[1:], strict=False):
            assert before.x + len(before.label) * charts.CHAR_WIDTH < after.x


def test_the_same_marks_give_the_same_bytes_with_short_numbers():
    marks = [mark("a", "2025-09"), mark("b", "2025-06-02", until="2026"), mark("c", "2001")]
    first = charts.timeline_svg(charts.layout_timeline(marks, WORDS), WORDS, "t", "title", "desc")
    second = charts.timeline_svg(charts.layout_timeline(list(marks), WORDS), WORDS, "t", "title", "desc")
    assert first == second
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]+)"', str(first))
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


def test_words_in_the_picture_are_escaped():
    layout = charts.layout_timeline([mark("a", "2025-09-18", label="<b>R&D</b>")], WORDS)
    svg = str(charts.timeline_svg(layout, WORDS, "t", "<title>", "desc"))
    assert "<b>" not in svg and "&lt;b&gt;R&amp;D" in svg and "&lt;title&gt;" in svg


# --- a key figure's chart ----------------------------------------------------------------------------------


def point(value: float, iso: str, conflict: bool = False) -> charts.Point:
    start, end = charts.period(iso)
    return charts.Point(start=start, end=end, value=value, text=f"${value:g}", when=iso, conflict=conflict)


def test_a_series_chart_labels_its_first_and_last_values_and_dates():
    svg = str(
        charts.figure_svg(
            [point(5, "2024-01-10"), point(7, "2024-06-10"), point(9, "2025-01-10")], "c", "T", "D", "h", "!"
        )
    )
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["$5", "$9", "2024-01-10", "2025-01-10"]
    assert svg.count("h0") == 3  # a dot for each value


def test_a_disagreed_value_is_a_diamond_with_its_note():
    svg = str(
        charts.figure_svg(
            [point(23, "2025-09-18", True), point(30, "2025-09-18", True)], "c", "T", "D", "h", "!"
        )
    )
    assert svg.count("Z") == 3  # two diamonds for the values and the note's sample
    assert ">!</text>" in svg


def test_a_series_chart_is_an_image_named_by_its_title_and_described_by_its_list():
    svg = str(charts.figure_svg([point(1, "2024"), point(2, "2025")], "chart-x", "T", "D", "history-x", "!"))
    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-x-title chart-x-desc"' in svg
    assert 'aria-describedby="history-x"' in svg
    assert '<title id="chart-x-title">T</title>' in svg


# --- in a built site ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    site = tmp_path_factory.mktemp("demo")
    shutil.copytree(DEMO_CONTENT, site / "content")
    result = CliRunner().invoke(
        cli,
        ["build", "--jobs", "1", "--no-cache", "--content", str(site / "content"), "-o", str(site / "out")],
    )
    assert result.exit_code == 0, result.output
    return site / "out" / "en"  # the demo is in English and Italian: the English pages


def _sheets(built: Path) -> list[Path]:
    return sorted(p for p in built.glob("*/*/index.html") if p.parts[-3] not in ("articles", "timeline"))


def test_every_sheet_with_a_dated_fact_has_a_timeline_picture(demo: Path):
    sheets = [p for p in _sheets(demo) if 'id="fact-' in p.read_text(encoding="utf-8")]
    assert sheets
    for sheet in sheets:
        html = sheet.read_text(encoding="utf-8")
        assert re.search(
            r'<svg class="chart chart-timeline"[^>]*>\s*<title id="[^"]+">[^<]+</title>', html
        ), sheet


def test_the_timeline_pages_have_a_picture(demo: Path):
    pages = [demo / "timeline" / "index.html", *sorted((demo / "timeline").glob("*/index.html"))]
    for page in pages:
        assert "chart chart-timeline" in page.read_text(encoding="utf-8"), page


def test_every_series_of_two_values_has_a_chart(demo: Path):
    charted = 0
    for sheet in _sheets(demo):
        html = sheet.read_text(encoding="utf-8")
        for history in re.findall(r'<ol id="(history-[0-9a-f]+)">', html):
            assert f'aria-describedby="{history}"' in html, (sheet, history)
            charted += 1
    assert charted  # the demo has series (Intel's and Nvidia's share prices)


def test_every_picture_has_a_text_alternative(demo: Path):
    for page in demo.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for svg in re.findall(r"<svg\b[^>]*>", html):
            if 'aria-hidden="true"' in svg:
                continue
            ids = re.search(r'aria-labelledby="([^"]+)"', svg)
            assert ids, (page, svg)
            for dom_id in ids.group(1).split():
                assert re.search(rf'<(title|desc) id="{dom_id}">[^<]+</', html), (page, dom_id)


def test_a_picture_links_each_fact_to_where_it_is(demo: Path):
    html = (demo / "companies" / "intel" / "index.html").read_text(encoding="utf-8")
    picture = re.search(r'<svg class="chart chart-timeline".*?</svg>', html, re.S).group()
    assert re.findall(r'<a href="[^"]*#fact-[0-9a-f]+"', picture)
    assert broken_links(demo.parent) == []


def test_the_site_timeline_links_and_styles_only_the_facts_it_draws(tmp_path: Path, monkeypatch):
    """A busy timeline draws groups: its facts' outlines make no link of their own (each sheet's link is
    made once) and ask no fact its status, which only a mark drawn on its own shows (a big archive's
    timeline asked 100,000 facts both)."""
    from benchmarks.generate import generate
    from generator.build import build_model
    from generator.model import SiteFact
    from generator.render import pages
    from generator.render.site import _renderer
    from generator.render.themes import theme_search_path

    generate(60, tmp_path / "content")
    model = build_model(tmp_path / "content", jobs=1, cache=False)[0]
    renderer = _renderer(model, theme_search_path(None), "https://example.org/", None, False, None)
    links, statuses = [], []
    relative_url, status = pages.relative_url, SiteFact.status
    monkeypatch.setattr(pages, "relative_url", lambda *args: links.append(args) or relative_url(*args))
    monkeypatch.setattr(SiteFact, "status", property(lambda fact: statuses.append(fact) or status.fget(fact)))
    marks = re.findall(r'class="(chart-mark[^"]*)"', renderer.timeline_page(None).decode())
    groups = sum(" group" in m for m in marks)
    drawn = len(marks) - groups
    assert drawn > 0 and groups > 0  # a busy timeline: groups, and marks alone
    sheets = {fact.subject for fact in model.facts.values()}
    assert len(statuses) <= 2 * drawn + len(model.timeline) // 10
    assert len(links) < len(sheets) + len(model.timeline) // 2
