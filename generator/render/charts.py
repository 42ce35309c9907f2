"""Pictures drawn at build time as inline SVG: a timeline of facts and a small chart of a figure's series.

Everything here is geometry and markup, with no template and no model: the words (kind labels, formatted
dates and figures, counts) arrive already written in the site's language, from `chart_context.py`. All the
arithmetic is done in Python and every coordinate is written with at most one decimal, so the same facts
always give the same bytes. Text sizes are estimated (no font metrics at build time) on the generous side,
so labels never meet.

The timeline's time axis is linear within each stretch of activity; a long empty stretch between them is
cut out and drawn as a break (two slanted strokes), so a company founded in 1993 and busy in 2025 gets a
readable 2025. Events that do not fit side by side go to lanes below each other; when even the lanes
would not hold them, busy periods (month, then quarter, year, decade) become one bar with their count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from math import ceil

from markupsafe import Markup, escape

from generator.textcut import shorten

# --- sizes, in SVG user units (the picture scales with its box; these are its proportions) ---------------

TIMELINE_WIDTH = 720
FONT_SIZE = 12
CHAR_WIDTH = 0.62 * FONT_SIZE  # an upper estimate of an average character of a sans-serif face
LANE_HEIGHT = 20
MAX_LANES = 14
MARGIN = 6
LABEL_GAP = 5
LANE_GAP = 10  # between two marks that share a lane
LABEL_MAX_CHARS = 40
POINT_RADIUS = 4.5
MIN_SPAN_WIDTH = 5  # a month in a decade is still drawn as a (narrow) bar, never as a point
BREAK_WIDTH = 18
MIN_SEGMENT_WIDTH = 72
MAX_BREAKS = 4
MIN_BREAK_DAYS = 60
BREAK_SHARE = 0.25  # a gap longer than this share of the remaining time is cut out
TICK_ROW = 15

CLUSTER_UNITS = ("day", "month", "quarter", "year", "decade")  # finest first


def num(value: float) -> str:
    """A coordinate as the markup writes it: one decimal at most, no "-0", no float noise."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- dates as day numbers ---------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)  # a big archive's timeline asks 300,000 times about a few thousand dates
def period(value: str) -> tuple[int, int]:
    """The days an ISO date at its precision covers: (first day, the day after the last), as ordinals."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0] + 1, 1, 1).toordinal()
    if len(parts) == 2:
        year, month = parts
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1).toordinal(), following.toordinal()
    day = dt.date(*parts).toordinal()
    return day, day + 1


# --- what the timeline draws --------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Mark:
    """One thing on the timeline: a fact, or a group of facts of one period (`count` > 1). Never changed
    once made, but not frozen: the site's timeline makes one for each of 100,000 facts, and a frozen
    dataclass takes six times as long to make."""

    key: str  # the fact id (of the first fact, for a group): orders marks and names them in tests
    start: int  # first day (ordinal)
    end: int  # the day after the last day: a day-precise fact is one day long
    precision: str  # day | month | year (a group: its unit)
    kind: str  # the fact kind; "" for a group of several kinds
    label: str  # the few words beside the mark
    what: str  # everything about it but its date, in words
    when: str  # its date in words
    href: str
    until: int | None = None  # a range's end (the day after), for plans and horizons
    reported: bool = False  # the date is the article's publication date, not a stated one
    planned: bool = False
    count: int = 1

    @property
    def last_day(self) -> int:
        return max(self.end, self.until or self.end)

    @property
    def title(self) -> str:
        """Its tooltip and accessible name."""
        return f"{self.when}: {self.what}"


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of time drawn linearly between two x positions."""

    start: int
    end: int
    x0: float
    x1: float

    def x(self, day: float) -> float:
        return self.x0 + (day - self.start) * (self.x1 - self.x0) / (self.end - self.start)


@dataclass(frozen=True, slots=True)
class TimeScale:
    segments: tuple[Segment, ...]

    def x(self, day: float) -> float:
        for segment in self.segments:
            if day <= segment.end:
                return segment.x(max(day, segment.start))
        return self.segments[-1].x1


@dataclass(frozen=True, slots=True)
class Placed:
    """A mark with its geometry: its shape's extent, its label's position and its lane."""

    mark: Mark
    left: float
    right: float
    label: str
    label_x: float
    anchor: str  # "start" (label right of the mark) or "end" (left of it)
    lane: int = 0
    inside: bool = False  # the label lies over its own (long) bar, on a chip of the page's colour

    @property
    def extent(self) -> tuple[float, float]:
        width = len(self.label) * CHAR_WIDTH
        if self.anchor == "start":
            return self.left, max(self.right, self.label_x + width)
        return min(self.left, self.label_x - width), self.right


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    row: int  # 0: the unit (day, month or year); 1: its context (month and year, or year)


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    scale: TimeScale
    placed: tuple[Placed, ...]
    lanes: int
    unit: str | None  # the period of the groups, None when every fact is drawn on its own


@dataclass(frozen=True, slots=True, kw_only=True)
class Words:
    """What the pictures write, already in the site's language."""

    group_label: Callable[[int], str]  # "14 facts"
    group_what: Callable[[Sequence[Mark]], str]  # a group's members in words: "14 facts: Plan 5, …"
    period: Callable[[str, str | None], str]  # ISO date (and end) in words
    month_abbr: Sequence[str]  # index 1–12


# --- the scale: linear stretches, long empty gaps cut out ---------------------------------------------------


def _active_runs(marks: Sequence[Mark]) -> list[tuple[int, int, int]]:
    """Overlapping marks merged into runs (start, end, number of marks), in time order. A range counts
    by its two ends: the years a plan runs through may be cut out like any empty stretch (its bar is
    drawn across the break, whose strokes say that time is missing there)."""
    pieces = [(m.start, m.end, 1) for m in marks]
    pieces += [(m.until - 1, m.until, 0) for m in marks if m.until is not None]
    runs: list[list[int]] = []
    for start, end, count in sorted(pieces):
        # Overlapping pieces merge; so do ends of ranges with nothing else between them: the time the
        # plans run to is one stretch of the axis, not a break after each of their ends.
        if runs and (start <= runs[-1][1] or count == runs[-1][2] == 0):
            runs[-1][1] = max(runs[-1][1], end)
            runs[-1][2] += count
        else:
            runs.append([start, end, count])
    return [(s, e, n) for s, e, n in runs]


def _broken_gaps(runs: list[tuple[int, int, int]]) -> set[int]:
    """Which gaps (by the index of the run after them) are cut out: the longest, while each is long
    beside the time that is left."""
    gaps = sorted(((runs[i][0] - runs[i - 1][1], i) for i in range(1, len(runs))), reverse=True)
    remaining = runs[-1][1] - runs[0][0]
    broken: set[int] = set()
    for gap, index in gaps[:MAX_BREAKS]:
        if gap < MIN_BREAK_DAYS or gap <= BREAK_SHARE * remaining:
            break
        broken.add(index)
        remaining -= gap
    return broken


def fit_scale(marks: Sequence[Mark], left: float, right: float) -> TimeScale:
    """A scale for `marks` between x `left` and `right`: each stretch of activity linear, padded a little,
    its width shared out by how many marks it holds (at least room for a tick label)."""
    runs = _active_runs(marks)
    broken = _broken_gaps(runs)
    stretches: list[list[int]] = []
    for index, (start, end, count) in enumerate(runs):
        if stretches and index not in broken:
            stretches[-1][1], stretches[-1][2] = end, stretches[-1][2] + count
        else:
            stretches.append([start, end, count])
    available = right - left - BREAK_WIDTH * (len(stretches) - 1)
    floor = min(MIN_SEGMENT_WIDTH, available / len(stretches))
    spare = available - floor * len(stretches)
    total = sum(count for _, _, count in stretches)
    segments, x = [], left
    for start, end, count in stretches:
        pad = max(1, ceil((end - start) * 0.03))
        width = floor + spare * count / total
        segments.append(Segment(start - pad, end + pad, x, x + width))
        x += width + BREAK_WIDTH
    return TimeScale(tuple(segments))


# --- marks in lanes -----------------------------------------------------------------------------------------


def _shape_extent(mark: Mark, scale: TimeScale) -> tuple[float, float]:
    if mark.precision == "day" and mark.until is None and mark.count == 1:
        centre = scale.x(mark.start + 0.5)
        return centre - POINT_RADIUS, centre + POINT_RADIUS
    left, right = scale.x(mark.start), scale.x(mark.last_day)
    if right - left < MIN_SPAN_WIDTH:
        middle = (left + right) / 2
        left, right = middle - MIN_SPAN_WIDTH / 2, middle + MIN_SPAN_WIDTH / 2
    return left, right


def _shorten(text: str, chars: int) -> str:
    return shorten(text, chars) if chars > 1 else ""


def place_label(mark: Mark, scale: TimeScale, width: float) -> Placed:
    """The mark's shape and its label beside it: on the right when it fits, else on the left, else over
    the mark itself (a long bar; the label has a halo of the page's colour), wherever most of it fits,
    shortened to that room."""
    left, right = _shape_extent(mark, scale)
    text = _shorten(mark.label, LABEL_MAX_CHARS)
    needed = len(text) * CHAR_WIDTH
    inner = max(scale.x(mark.end), left) if mark.until else left  # over a range, not its stated period
    places = [
        (width - MARGIN - (right + LABEL_GAP), right + LABEL_GAP, "start"),
        (left - LABEL_GAP - MARGIN, left - LABEL_GAP, "end"),
        (width - MARGIN - (inner + LABEL_GAP), inner + LABEL_GAP, "start"),
    ]
    fitting = [p for p in places if needed <= p[0]]
    room, x, anchor = fitting[0] if fitting else max(places, key=lambda p: p[0])
    inside = (room, x, anchor) == places[2] and (room, x, anchor) not in places[:2]
    return Placed(mark, left, right, _shorten(text, int(room / CHAR_WIDTH)), x, anchor, inside=inside)


def assign_lanes(placed: Sequence[Placed], max_lanes: int | None) -> list[Placed] | None:
    """Each mark in the first lane where it meets nothing (greedy by left edge: the fewest lanes an
    interval layout can have); None when that takes more than `max_lanes`."""
    lane_ends: list[float] = []
    result = []
    for item in sorted(placed, key=lambda p: (p.extent[0], p.mark.start, p.mark.key)):
        start, end = item.extent
        lane = next((i for i, last in enumerate(lane_ends) if last + LANE_GAP <= start), len(lane_ends))
        if lane == len(lane_ends):
            if max_lanes is not None and lane >= max_lanes:
                return None
            lane_ends.append(end)
        lane_ends[lane] = end
        result.append(replace(item, lane=lane))
    return result


# --- groups of a busy period -----------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)  # asked for each of 100,000 marks at each unit tried, of a few thousand days
def _period_of(day: int, unit: str) -> tuple[str, str | None]:
    """The ISO period (start, and end for several months or years) of `unit` that holds `day`."""
    date = dt.date.fromordinal(day)
    if unit == "day":
        return date.isoformat(), None
    if unit == "month":
        return f"{date.year:04d}-{date.month:02d}", None
    if unit == "quarter":
        first = (date.month - 1) // 3 * 3 + 1
        return f"{date.year:04d}-{first:02d}", f"{date.year:04d}-{first + 2:02d}"
    if unit == "year":
        return f"{date.year:04d}", None
    decade = date.year // 10 * 10
    return f"{decade:04d}", f"{decade + 9:04d}"


_UNIT_RANK = {unit: rank for rank, unit in enumerate(CLUSTER_UNITS)}  # finest first


def group_marks(marks: Sequence[Mark], unit: str, words: Words) -> list[Mark]:
    """Marks of the same `unit` (by their start) become one mark with their count; a lone mark stays.
    A fact is never grouped finer than its date: month-precise facts form a month's group even when days
    are grouped."""
    return [_group_mark(own, members, words) for own, members in _grouped(marks, unit)]


def _grouped(marks: Sequence[Mark], unit: str) -> list[tuple[str, list[Mark]]]:
    """The groups of `group_marks`, in order: each one's own unit and its marks."""
    groups: dict[tuple[str, str | None], tuple[str, list[Mark]]] = {}
    rank = _UNIT_RANK[unit]
    for mark in marks:
        own = unit if rank >= _UNIT_RANK[mark.precision] else mark.precision
        groups.setdefault(_period_of(mark.start, own), (own, []))[1].append(mark)
    return list(groups.values())


def _group_mark(own: str, members: list[Mark], words: Words | None) -> Mark:
    """The mark of a group (its one member when alone), in words unless `words` is None (an outline)."""
    if len(members) == 1:
        return members[0]
    first, last = _period_of(members[0].start, own)
    kinds = {m.kind for m in members} if words else {""}  # an outline is drawn by its shape alone
    untils = [m.until for m in members if m.until is not None]
    return Mark(
        key=members[0].key,
        start=period(first)[0],
        end=period(last or first)[1],
        precision=own,
        kind=kinds.pop() if len(kinds) == 1 else "",
        label=words.group_label(len(members)) if words else "",
        what=words.group_what(members) if words else "",
        when=words.period(first, last) if words else "",
        href=members[0].href,
        until=max(untils) if untils else None,
        count=len(members),
    )


def layout_timeline(
    marks: Sequence[Mark],
    words: Words,
    width: float = TIMELINE_WIDTH,
    whole: Callable[[Mark], Mark] | None = None,
) -> TimelineLayout:
    """Every fact on its own when they fit in the lanes, else busy periods grouped, coarser until they fit.

    With `whole`, `marks` may be outlines: their words (`label`, `what`, `when`) left empty, which `whole`
    fills in. Only the marks drawn on their own are made whole, and the groups put in words, only at a
    unit whose shapes alone fit in the lanes: words only widen a mark, so a unit whose shapes take too
    many lanes takes too many with them. The site's timeline at 10,000 articles draws a few hundred groups
    of its 98,000 facts.
    """
    outline_words = None if whole is not None else words  # groups too are put in words once they fit
    for unit in (None, *CLUSTER_UNITS):
        groups = [] if unit is None else _grouped(marks, unit)
        shown = [_group_mark(*g, outline_words) for g in groups] if groups else list(marks)
        max_lanes = None if unit == CLUSTER_UNITS[-1] else MAX_LANES
        if whole is not None and max_lanes is not None and _too_many(shown, max_lanes, width):
            continue  # known without a scale, which would be made for nothing (of 100,000 marks, say)
        scale = fit_scale(shown, MARGIN, width - MARGIN)
        if whole is not None:
            if max_lanes is not None and not _shapes_fit(shown, scale, max_lanes, width):
                continue
            if groups:
                shown = [_group_mark(*g, words) for g in groups]
            shown = [whole(m) if m.count == 1 else m for m in shown]
        placed = [place_label(m, scale, width) for m in shown]
        lanes = assign_lanes(placed, max_lanes)
        if lanes is not None:
            return TimelineLayout(scale, tuple(lanes), 1 + max(p.lane for p in lanes), unit)
    raise AssertionError("the last unit takes any number of lanes")  # pragma: no cover


def _too_many(marks: Sequence[Mark], max_lanes: int, width: float) -> bool:
    """Whether there are more marks than `max_lanes` can hold however they fall (a big archive's every
    fact, or its every day): a lane holds a shape at least MIN_SPAN_WIDTH wide every LANE_GAP across."""
    return len(marks) > max_lanes * (1 + width // (MIN_SPAN_WIDTH + LANE_GAP))


def _shapes_fit(marks: Sequence[Mark], scale: TimeScale, max_lanes: int, width: float) -> bool:
    """Whether the marks' shapes alone, without labels, fit in `max_lanes` (as `assign_lanes` lays them)."""
    if _too_many(marks, max_lanes, width):
        return False
    shapes = []
    for mark in marks:
        left, right = _shape_extent(mark, scale)
        shapes.append(Placed(mark, left, right, "", right, "start"))
    return assign_lanes(shapes, max_lanes) is not None


# --- the axis's ticks ---------------------------------------------------------------------------------------

# (unit, step, days a step roughly spans, room its label needs); the finest that has room is used.
_TICK_STEPS = (
    ("day", 1, 1, 22),
    ("day", 2, 2, 22),
    ("day", 5, 5, 22),
    ("day", 10, 10, 22),
    ("month", 1, 30.4, 40),
    ("month", 3, 91.3, 40),
    ("month", 6, 182.6, 40),
    ("year", 1, 365.25, 40),
    ("year", 2, 730.5, 40),
    ("year", 5, 1826, 40),
    ("year", 10, 3652, 40),
    ("year", 25, 9131, 40),
    ("year", 50, 18262, 40),
    ("year", 100, 36525, 40),
)


def _tick_step(segment: Segment) -> tuple[str, int]:
    per_day = (segment.x1 - segment.x0) / (segment.end - segment.start)
    for unit, step, days, room in _TICK_STEPS:
        if per_day * days >= room:
            return unit, step
    return "year", 1000


def _tick_dates(segment: Segment, unit: str, step: int) -> list[dt.date]:
    """The dates a segment's ticks stand on: period starts aligned to the step, inside the segment."""
    first, last = dt.date.fromordinal(segment.start), dt.date.fromordinal(segment.end)
    if unit == "day":
        days = (dt.date.fromordinal(d) for d in range(segment.start, segment.end + 1))
        return [d for d in days if (d.day - 1) % step == 0 and d.day <= 28 - 28 % step]
    if unit == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        dates = [dt.date(m // 12, m % 12 + 1, 1) for m in months if (m % 12) % step == 0]
    else:
        years = range(first.year, last.year + 1)
        dates = [dt.date(y, 1, 1) for y in years if y % step == 0]
    return [d for d in dates if segment.start <= d.toordinal() <= segment.end]


def _tick_labels(date: dt.date, unit: str, first: bool, words: Words) -> list[tuple[int, str]]:
    month = words.month_abbr[date.month]
    if unit == "day":
        context = f"{month} {date.year}" if first or date.day == 1 else ""
        return [(0, str(date.day)), (1, context)]
    if unit == "month":
        return [(0, month), (1, str(date.year) if first or date.month == 1 else "")]
    return [(0, str(date.year))]


def axis_ticks(scale: TimeScale, words: Words) -> list[Tick]:
    """Tick labels for every segment; a label that would meet the one before it, or leave its segment,
    is left out (the marks' own titles still give every date). A segment too narrow for any of its
    ticks' labels is labelled with its years."""
    ticks: list[Tick] = []
    row_ends = [float("-inf"), float("-inf")]
    for segment in scale.segments:
        own = _segment_ticks(segment, words, row_ends)
        if not any(t.label for t in own):
            first, last = (dt.date.fromordinal(d).year for d in (segment.start, segment.end - 1))
            label = str(first) if first == last else f"{first}–{last}"
            if segment.x0 + 2 + len(label) * CHAR_WIDTH <= segment.x1 + BREAK_WIDTH:
                own.append(Tick(segment.x0, label, 0))
        ticks += own
    return ticks


def _segment_ticks(segment: Segment, words: Words, row_ends: list[float]) -> list[Tick]:
    """One segment's ticks; `row_ends` (where each row's last label ends) is carried across segments."""
    ticks: list[Tick] = []
    unit, step = _tick_step(segment)
    for index, date in enumerate(_tick_dates(segment, unit, step)):
        x = segment.x(date.toordinal())
        labelled = False
        for row, label in _tick_labels(date, unit, index == 0, words):
            end = x + 2 + len(label) * CHAR_WIDTH
            if label and x >= row_ends[row] + 4 and end <= segment.x1 + 4:
                ticks.append(Tick(x, label, row))
                row_ends[row] = end
                labelled = labelled or row == 0
        if not labelled:
            ticks.append(Tick(x, "", 0))  # a bare tick mark
    return ticks


# --- timeline markup ----------------------------------------------------------------------------------------


def _classes(mark: Mark) -> str:
    names = ["chart-mark", f"chart-kind-{mark.kind}" if mark.kind else "chart-kind-mixed"]
    names += [n for n, on in (("reported", mark.reported), ("planned", mark.planned)) if on]
    names += ["group"] if mark.count > 1 else []
    return " ".join(names)


def _shape(item: Placed, scale: TimeScale, y: float) -> str:
    mark = item.mark
    if mark.precision == "day" and mark.until is None and mark.count == 1:
        centre = (item.left + item.right) / 2
        return f'<circle class="shape" cx="{num(centre)}" cy="{num(y)}" r="{num(POINT_RADIUS)}"/>'
    period_right = max(scale.x(mark.end), item.left + MIN_SPAN_WIDTH) if mark.until else item.right
    shape = (
        f'<rect class="shape" x="{num(item.left)}" y="{num(y - 5)}" width="{num(period_right - item.left)}"'
        ' height="10" rx="1.5"/>'
    )
    if mark.until:  # the range to its horizon: a thinner dashed bar after the stated period
        shape += (
            f'<rect class="range" x="{num(period_right)}" y="{num(y - 3)}"'
            f' width="{num(max(item.right - period_right, 0))}" height="6"/>'
        )
    return shape


def _mark_markup(item: Placed, scale: TimeScale, top: float, axis_y: float) -> str:
    mark = item.mark
    y = top + item.lane * LANE_HEIGHT + LANE_HEIGHT / 2
    guide_x = num((item.left + item.right) / 2 if mark.precision == "day" else item.left)
    anchor = ' text-anchor="end"' if item.anchor == "end" else ""
    label = f'<text x="{num(item.label_x)}" y="{num(y + 4)}"{anchor}>{escape(item.label)}</text>'
    if item.inside:
        chip = len(item.label) * CHAR_WIDTH * 0.92 + 6
        label = (
            f'<rect class="label-chip" x="{num(item.label_x - 3)}" y="{num(y - 8)}" width="{num(chip)}"'
            f' height="16" rx="2"/>{label}'
        )
    return (
        f'<line class="guide" x1="{guide_x}" y1="{num(y)}" x2="{guide_x}" y2="{num(axis_y)}"/>'
        f'<a href="{escape(mark.href)}" class="{_classes(mark)}"><title>{escape(mark.title)}</title>'
        f"{_shape(item, scale, y)}{label}</a>"
    )


def _axis_markup(scale: TimeScale, ticks: Sequence[Tick], axis_y: float) -> str:
    parts = ['<g class="axis" aria-hidden="true">']
    for segment in scale.segments:
        parts.append(
            f'<line x1="{num(segment.x0)}" y1="{num(axis_y)}" x2="{num(segment.x1)}" y2="{num(axis_y)}"/>'
        )
    for before in scale.segments[:-1]:  # a break: two slanted strokes where time is cut out
        x = before.x1 + BREAK_WIDTH / 2
        for dx in (-3, 3):
            parts.append(
                f'<line class="break" x1="{num(x + dx - 3)}" y1="{num(axis_y + 6)}"'
                f' x2="{num(x + dx + 3)}" y2="{num(axis_y - 6)}"/>'
            )
    for tick in ticks:
        if not tick.label or tick.row == 0:
            parts.append(
                f'<line x1="{num(tick.x)}" y1="{num(axis_y)}" x2="{num(tick.x)}" y2="{num(axis_y + 4)}"/>'
            )
        if tick.label:
            y = axis_y + TICK_ROW * (tick.row + 1)
            parts.append(f'<text x="{num(tick.x + 2)}" y="{num(y)}">{escape(tick.label)}</text>')
    parts.append("</g>")
    return "".join(parts)


def timeline_svg(layout: TimelineLayout, words: Words, dom_id: str, title: str, desc: str) -> Markup:
    """The timeline picture: marks in their lanes over a time axis, each a link to its fact."""
    top = 4
    axis_y = top + layout.lanes * LANE_HEIGHT + 6
    height = axis_y + TICK_ROW * 2 + 6
    ticks = axis_ticks(layout.scale, words)
    ordered = sorted(layout.placed, key=lambda p: (p.mark.start, p.mark.key))
    body = "".join(_mark_markup(item, layout.scale, top, axis_y) for item in ordered)
    return Markup(
        f'<svg class="chart chart-timeline" viewBox="0 0 {TIMELINE_WIDTH} {num(height)}" role="group"'
        f' aria-labelledby="{dom_id}-title {dom_id}-desc" font-family="sans-serif" font-size="{FONT_SIZE}">'
        f'<title id="{dom_id}-title">{escape(title)}</title><desc id="{dom_id}-desc">{escape(desc)}</desc>'
        f"{_axis_markup(layout.scale, ticks, axis_y)}{body}</svg>"
    )


# --- a figure's series --------------------------------------------------------------------------------------

FIGURE_WIDTH = 210  # about the width of a key figure's card: its 11-unit text stays 11 px or more
FIGURE_FONT = 11
FIGURE_CHAR = 0.62 * FIGURE_FONT
PLOT_LEFT, PLOT_RIGHT = 10, FIGURE_WIDTH - 10
VALUE_ROW = 13  # the first and last values above the plot, on one row or two
PLOT_GAP = 10  # between the values and the plot's top
PLOT_HEIGHT = 52
DATE_GAP = 16  # between the plot's bottom and the dates under it


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """One value of a series: when (first day, the day after the last), how much, and in words."""

    start: int
    end: int
    value: float
    low: float | None = None  # a range's ends, drawn as a bar
    high: float | None = None
    text: str  # the figure as written
    when: str  # its date in words
    conflict: bool = False  # sources disagree about it


def _figure_xs(points: Sequence[Point]) -> list[float]:
    """x of each point: by time; all on one date, side by side in series order."""
    middles = [(p.start + p.end) / 2 for p in points]
    first, last = min(middles), max(middles)
    if last == first:
        step = (PLOT_RIGHT - PLOT_LEFT) / (len(points) + 1) if len(points) > 1 else 0
        return [
            PLOT_LEFT + step * (i + 1) if step else (PLOT_LEFT + PLOT_RIGHT) / 2 for i in range(len(points))
        ]
    return [PLOT_LEFT + (m - first) * (PLOT_RIGHT - PLOT_LEFT) / (last - first) for m in middles]


def _figure_y(points: Sequence[Point], top: float) -> Callable[[float], float]:
    """Heights from zero (a figure's size is read against nothing, not against its smallest value)."""
    values = [v for p in points for v in (p.value, p.low, p.high) if v is not None]
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1
    return lambda v: top + PLOT_HEIGHT - (v - low) * PLOT_HEIGHT / (high - low)


def _points_markup(points: Sequence[Point], xs: Sequence[float], y: Callable[[float], float]) -> str:
    """Every value as a dot, a range's ends joined by a bar, and the values the sources disagree on as
    diamonds. Each kind is one path of many short pieces: a long series stays a few kilobytes."""
    dots, diamonds, ranges = [], [], []
    for x, point in zip(xs, points, strict=True):
        cy = y(point.value)
        if point.low is not None and point.high is not None:
            ranges.append(f"M{num(x)} {num(y(point.low))}V{num(y(point.high))}")
        if point.conflict:
            diamonds.append(_diamond(x, cy, 5.5))
        else:
            dots.append(f"M{num(x)} {num(cy)}h0")  # a zero-length stroke with round caps: a dot
    parts = [f'<path class="range" d="{"".join(ranges)}"/>'] if ranges else []
    if dots:
        dot = 'stroke="currentColor" stroke-width="7" stroke-linecap="round"'
        parts.append(f'<path class="point" d="{"".join(dots)}" {dot}/>')
    if diamonds:
        parts.append(f'<path class="point conflict" d="{"".join(diamonds)}"/>')
    return "".join(parts)


def _diamond(x: float, y: float, d: float) -> str:
    return f"M{num(x)} {num(y - d)}L{num(x + d)} {num(y)}L{num(x)} {num(y + d)}L{num(x - d)} {num(y)}Z"


def _ends(first: str, last: str, y: float, css: str) -> tuple[str, int]:
    """The first words at the left and the last at the right: on one row when both fit, else on two
    (the first above), each shortened to the width; one centred text when they are the same.
    Returns the markup and the number of rows it takes."""
    room = int((FIGURE_WIDTH - 2 * MARGIN) / FIGURE_CHAR)
    cls = f' class="{css}"' if css else ""
    if first == last:
        text = escape(_shorten(first, room))
        return f'<text{cls} x="{FIGURE_WIDTH // 2}" y="{num(y)}" text-anchor="middle">{text}</text>', 1
    rows = 1 if len(first) + len(last) + 2 <= room else 2
    right_y = y + (rows - 1) * VALUE_ROW
    return (
        f'<text{cls} x="{MARGIN}" y="{num(y)}">{escape(_shorten(first, room))}</text>'
        f'<text{cls} x="{FIGURE_WIDTH - MARGIN}" y="{num(right_y)}" text-anchor="end">'
        f"{escape(_shorten(last, room))}</text>",
        rows,
    )


def figure_svg(
    points: Sequence[Point], dom_id: str, title: str, desc: str, described_by: str, conflict_note: str
) -> Markup:
    """A small line chart of a series, oldest first: every value a point, the disagreed ones diamonds;
    the first and last values above it, their dates under it."""
    values, value_rows = _ends(points[0].text, points[-1].text, VALUE_ROW - 2, "value")
    top = value_rows * VALUE_ROW + PLOT_GAP
    dates, date_rows = _ends(points[0].when, points[-1].when, top + PLOT_HEIGHT + DATE_GAP, "")
    height = top + PLOT_HEIGHT + DATE_GAP + (date_rows - 1) * VALUE_ROW + 6
    xs = _figure_xs(points)
    y = _figure_y(points, top)
    line = " ".join(f"{num(x)},{num(y(p.value))}" for x, p in zip(xs, points, strict=True))
    note = ""
    if any(p.conflict for p in points):  # what a diamond means, under the dates
        note = (
            f'<path class="point conflict" d="{_diamond(MARGIN + 5, height + 5, 5)}"/>'
            f'<text x="{MARGIN + 15}" y="{num(height + 9)}">{escape(conflict_note)}</text>'
        )
        height += 18
    return Markup(
        f'<svg class="chart chart-figure" viewBox="0 0 {FIGURE_WIDTH} {num(height)}" role="img"'
        f' aria-labelledby="{dom_id}-title {dom_id}-desc" aria-describedby="{escape(described_by)}"'
        f' font-family="sans-serif" font-size="{FIGURE_FONT}">'
        f'<title id="{dom_id}-title">{escape(title)}</title><desc id="{dom_id}-desc">{escape(desc)}</desc>'
        f'<line class="baseline" x1="{PLOT_LEFT}" y1="{num(y(0.0))}" x2="{PLOT_RIGHT}" y2="{num(y(0.0))}"/>'
        f'<polyline class="series" points="{line}"/>'
        + _points_markup(points, xs, y)
        + values
        + dates
        + note
        + "</svg>"
    )
