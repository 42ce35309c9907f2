"""The pictures of a page from the site model: facts turned into marks and points, with their words.

`charts.py` draws; this module reads the facts and writes every word in the site's language with the
environment's own filters (figures, dates, kind labels, counts), so a picture says what the page says.
Templates call the two globals registered here, one line each:

    {{ timeline_chart(fact_ids, entity_id) }}   the timeline picture, its legend and its table
    {{ figure_chart(series, fact_id) }}          a key figure's chart (nothing below two values)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import jinja2
from babel.dates import get_month_names
from markupsafe import Markup, escape

from generator.catalogs import HtmlGettext
from generator.model import SiteFact
from generator.render import charts
from generator.vocabulary import iso_precision

PLANS = ("planned", "expected")


def register(env: jinja2.Environment) -> None:
    env.globals["timeline_chart"] = timeline_chart
    env.globals["figure_chart"] = figure_chart


@lru_cache(maxsize=8)
def _month_abbreviations(locale: str) -> tuple[str, ...]:
    names = get_month_names("abbreviated", context="stand-alone", locale=locale.replace("-", "_"))
    return ("", *(names[m] for m in range(1, 13)))


class _Page:
    """What a picture needs from the template context: the model, links and the words of the language."""

    def __init__(self, ctx: jinja2.runtime.Context):
        self.model = ctx["model"]
        self.link = ctx["link"]
        self.fact_url = ctx["fact_url"]
        self._entity_url = ctx["entity_url"]
        self._sheet_links: dict[str, str] = {}
        # Words in the SVG's <title> and <desc> are plain text (a missing translation is plain English);
        # words in the legend and the table are HTML, where a missing translation is marked as the page's are.
        self.plain = ctx.environment.globals["translator"]
        self.html = HtmlGettext(self.plain)
        filters = ctx.environment.filters
        self.status = filters["status"]
        self.number = filters["number"]
        self.quantity = filters["quantity"]
        self.kind = filters["fact_kind"]
        self._isodate = filters["isodate"]
        self._date_span = filters["date_span"]
        self.locale = ctx.environment.globals["locale"]

    def period(self, value: str, end_value: str | None = None) -> str:
        return str(self._date_span(value, end_value) if end_value else self._isodate(value))

    def name(self, entity_id: str) -> str:
        return self.model.entities[entity_id].name

    def sheet_link(self, entity_id: str) -> str:
        """The link to an entity's sheet, which holds its facts' permalinks (`fact_url`): made once per
        sheet, not once for each of the site timeline's 100,000 facts."""
        sheet = self._sheet_links.get(entity_id)
        if sheet is None:
            sheet = self._sheet_links[entity_id] = self.link(self._entity_url(entity_id))
        return sheet

    def words(self) -> charts.Words:
        return charts.Words(
            group_label=self.facts_count,
            group_what=self.group_what,
            period=self.period,
            month_abbr=_month_abbreviations(self.locale),
        )

    def group_what(self, members: Sequence[charts.Mark]) -> str:
        """ "14 facts: Investment 6, Plan 5, Launch 3" (most frequent kinds first)."""
        kinds = Counter(m.kind for m in members)
        listed = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
        return f"{self.facts_count(len(members))}: " + ", ".join(
            f"{self.kind(kind)} {count}" for kind, count in listed
        )

    def facts_count(self, n: int) -> str:
        """ "14 facts", the same message as the templates' count of facts."""
        return self.plain.ngettext("%(number)s fact", "%(number)s facts", n) % {"number": self.number(n)}


def _outlines(page: _Page, fact_ids: Sequence[str]) -> list[charts.Mark]:
    """Each fact's mark without its words and style, which only a mark drawn on its own needs (`_mark`):
    what groups it (its dates and kind) and where a group of which it is the first links to. (A loop of its
    own: the site's timeline outlines every fact.)"""
    facts, period, sheet_link, mark = page.model.facts, charts.period, page.sheet_link, charts.Mark
    outlines = []
    for fact_id in fact_ids:
        fact = facts[fact_id]
        date = fact.date
        start, end = period(date.value)
        outlines.append(
            mark(
                key=fact_id,
                start=start,
                end=end,
                precision=iso_precision(date.value),
                kind=fact.kind,
                label="",
                what="",
                when="",
                href=f"{sheet_link(fact.subject)}#fact-{fact_id}",
                until=period(date.end_value)[1] if date.end_value else None,
                reported=date.reported,
            )
        )
    return outlines


def _mark(page: _Page, outline: charts.Mark, entity_id: str | None) -> charts.Mark:
    """The mark of `outline`'s fact with its words (its label beside it, and what and when in full) and
    whether it is planned (drawn so)."""
    fact: SiteFact = page.model.facts[outline.key]
    date = fact.date
    kind = str(page.kind(fact.kind))
    others = [e for e in (fact.subject, fact.object) if e and e != entity_id]
    figure = str(page.quantity(fact.quantity)) if fact.quantity else ""
    if entity_id is None:  # the site's timeline: whose fact it is comes first
        label = f"{page.name(fact.subject)} · {kind}"
    else:
        label = " · ".join([kind, *(page.name(e) for e in others[:1]), *([figure] if figure else [])])
    what = [kind, " → ".join(page.name(e) for e in (fact.subject, fact.object) if e)]
    what += [figure] if figure else []
    what += [str(page.status(fact.status))] if fact.status else []
    what += [page.plain.gettext("reported")] if date.reported else []
    return replace(
        outline,
        label=label,
        what=" · ".join(w for w in what if w),
        when=page.period(date.value, date.end_value),
        planned=fact.status in PLANS,
    )


@jinja2.pass_context
def timeline_chart(
    ctx: jinja2.runtime.Context, fact_ids: Sequence[str], entity_id: str | None = None
) -> Markup:
    """The timeline picture of `fact_ids` (every dated fact of a sheet or of the site), its legend and the
    same marks as a table. Nothing when there is no fact."""
    if not fact_ids:
        return Markup("")
    page = _Page(ctx)
    marks = _outlines(page, fact_ids)
    words = page.words()
    layout = charts.layout_timeline(marks, words, whole=lambda mark: _mark(page, mark, entity_id))
    dom_id = f"timeline-chart-{entity_id}" if entity_id else "timeline-chart"
    _ = page.plain.gettext
    title = _("Timeline of {name}").format(name=page.name(entity_id)) if entity_id else _("Timeline")
    svg = charts.timeline_svg(layout, words, dom_id, title, _timeline_desc(page, marks, layout))
    return Markup(
        '<figure class="chart-box timeline-chart">'
        f'<div class="chart-scroll">{svg}</div>'
        f"<figcaption>{_legend(page, layout)}</figcaption>"
        f"{_table(page, layout)}</figure>"
    )


def _timeline_desc(page: _Page, outlines: Sequence[charts.Mark], layout: charts.TimelineLayout) -> str:
    """How many facts, from when to when, and how the picture is drawn where it departs from a plain axis.
    The first and last dates are those of the facts' outlines that start first and end last (the first
    such, in order), which hold their days: no date of the 100,000 is read again."""
    facts = page.model.facts
    opening = min(outlines, key=lambda m: (m.start, m.end))
    last_day = max(max(m.end for m in outlines), max((m.until for m in outlines if m.until), default=0))
    closing = next(m for m in outlines if last_day in (m.end, m.until))
    first = facts[opening.key].date.value
    last_date = facts[closing.key].date
    last = last_date.value if closing.end == last_day else last_date.end_value
    _ = page.plain.gettext
    parts = [f"{page.facts_count(len(outlines))}, {page.period(first, last)}."]
    if len(layout.scale.segments) > 1:
        parts.append(_("Long stretches without facts are cut out of the time axis (two slanted strokes)."))
    if layout.unit:
        parts.append(_("Busy periods are drawn as one bar with the number of their facts."))
    return " ".join(parts)


def _legend(page: _Page, layout: charts.TimelineLayout) -> str:
    """Only what the picture holds, each with its shape: a colour is never the only sign."""
    marks = [p.mark for p in layout.placed]
    _ = page.html.gettext
    words = {
        "day": _("a day"),
        "reported": _("date of publication: the article does not say when"),
        "span": _("a month or a year: the date is no more precise"),
        "range": _("until its horizon (plans and spans)"),
        "group": _("several facts: their number beside it"),
        "break": _("time cut out of the axis"),
    }
    shown = [
        ("day", any(m.precision == "day" and m.count == 1 and not m.until and not m.reported for m in marks)),
        ("reported", any(m.reported for m in marks)),
        ("span", any(m.precision in ("month", "year") and m.count == 1 for m in marks)),
        ("range", any(m.until for m in marks)),
        ("group", layout.unit is not None),
        ("break", len(layout.scale.segments) > 1),
    ]
    items = "".join(
        f'<li><svg class="chart legend-icon" viewBox="0 0 28 14" aria-hidden="true">{LEGEND_ICONS[key]}</svg>'
        " "
        f"{escape(words[key])}</li>"
        for key, present in shown
        if present
    )
    return f'<ul class="chart-legend">{items}</ul>'


_DOT = '<circle class="shape" cx="14" cy="7" r="4.5"/>'
_BAR = '<rect class="shape" x="3" y="2" width="22" height="10" rx="1.5"/>'
_RANGE = (
    '<rect class="shape" x="1" y="2" width="9" height="10" rx="1.5"/>'
    '<rect class="range" x="10" y="4" width="17" height="6"/>'
)
_BREAK = (
    '<line x1="1" y1="7" x2="27" y2="7"/>'
    '<line class="break" x1="8" y1="13" x2="14" y2="1"/><line class="break" x1="14" y1="13" x2="20" y2="1"/>'
)
# Each legend entry drawn as the marks are (same classes), in the neutral colour of no particular kind.
LEGEND_ICONS = {
    "day": f'<g class="chart-mark chart-kind-mixed">{_DOT}</g>',
    "reported": f'<g class="chart-mark chart-kind-mixed reported">{_DOT}</g>',
    "span": f'<g class="chart-mark chart-kind-mixed">{_BAR}</g>',
    "range": f'<g class="chart-mark chart-kind-mixed">{_RANGE}</g>',
    "group": f'<g class="chart-mark chart-kind-mixed group">{_BAR}</g>',
    "break": f'<g class="axis">{_BREAK}</g>',
}


def _table(page: _Page, layout: charts.TimelineLayout) -> str:
    """The picture's marks as a table (collapsed): the same data for a reader who cannot see it."""
    rows = "".join(
        f"<tr><td>{escape(p.mark.when)}</td><td>{escape(p.mark.what)}</td></tr>"
        for p in sorted(layout.placed, key=lambda p: (p.mark.start, p.mark.key))
    )
    _ = page.html.gettext
    summary, date, what = escape(_("The timeline as a table")), escape(_("Date")), escape(_("What"))
    return (
        f'<details class="chart-table"><summary>{summary}</summary>'
        f'<table class="data"><thead><tr><th scope="col">{date}</th>'
        f'<th scope="col">{what}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )


# --- a key figure's chart ---------------------------------------------------------------------------------


def _point(page: _Page, fact: SiteFact) -> charts.Point | None:
    q = fact.quantity
    ranged = q.low is not None and q.high is not None
    value = (q.low + q.high) / 2 if ranged and q.value is None else q.value
    if value is None:
        return None  # a figure known only as words: nothing to draw
    start, end = charts.period(fact.date.value)
    return charts.Point(
        start=start,
        end=end,
        value=float(value),
        low=float(q.low) if ranged else None,
        high=float(q.high) if ranged else None,
        text=str(page.quantity(q)),
        when=page.period(fact.date.value, fact.date.end_value),
        conflict=bool(fact.conflicts),
    )


@jinja2.pass_context
def figure_chart(ctx: jinja2.runtime.Context, series: Sequence[str], fact_id: str) -> Markup:
    """A key figure's series (oldest first) as a small chart, described by its history list
    (`history-<fact id>`); nothing when fewer than two of its values are numbers."""
    page = _Page(ctx)
    facts = [page.model.facts[i] for i in series]
    points = [p for p in (_point(page, f) for f in facts) if p is not None]
    if len(points) < 2:
        return Markup("")
    fact = page.model.facts[fact_id]
    subject = f" · {page.name(fact.object)}" if fact.object else ""
    _, ngettext = page.plain.gettext, page.plain.ngettext
    title = _("History") + f": {page.kind(fact.kind)}{subject}"
    first, last = points[0], points[-1]
    values = ngettext("%(number)s value", "%(number)s values", len(points))
    desc = _("{count}, from {first} to {last}.").format(
        count=values % {"number": page.number(len(points))},
        first=f"{first.text} ({first.when})",
        last=f"{last.text} ({last.when})",
    )
    disagreed = sum(p.conflict for p in points)
    if disagreed:
        desc += " " + _("Diamonds mark the values the sources disagree on.")
    svg = charts.figure_svg(
        points, f"chart-{fact_id}", title, desc, f"history-{fact_id}", _("Sources disagree")
    )
    return Markup(f'<div class="chart-box figure-chart">{svg}</div>')
