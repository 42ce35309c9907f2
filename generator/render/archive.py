"""Long lists of dated facts cut into pages a phone can load: a page per year, per month when a year is
long, and numbered pages when a month (or the facts dated only by their year) is still too long.

One plan serves a sheet's "all facts" pages (`<sheet>/<year>/`), the site's timeline (`timeline/<year>/`)
and its sources (`sources/<year>/`, by date of publication, articles in the place of facts):

    2024/                 the year's facts, when there are at most `limit` of them; else the facts dated
                          only "2024" and the list of its months
    2024/03/              March 2024, when the year is split
    2024/03/page/2/       the next `limit` facts of March 2024, and so on

A year's page always exists, so `<root>/<year>/` stays a working address whatever the year grows into.
Facts keep the order they are given in (timeline order); every fact is on exactly one page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from generator.model import EntitySheet, SiteFact, SiteModel


@dataclass(frozen=True, slots=True)
class ArchivePage:
    """One page of an archive: a period (a year, or a month of it) and, for a long period, a part of it."""

    path: str  # relative to the archive's root, with a trailing slash: "2024/", "2024/03/page/2/"
    year: str
    month: str  # "01" … "12", or "" for the year's own pages
    number: int  # 1 for the period's first page
    fact_ids: tuple[str, ...]

    @property
    def period(self) -> str:
        """The period as an ISO date at its precision ("2024", "2024-03"): what a reader's label shows."""
        return f"{self.year}-{self.month}" if self.month else self.year


@dataclass(frozen=True, slots=True)
class Archive:
    """Every page of one archive, in order: years newest first, each year's page before its months."""

    pages: tuple[ArchivePage, ...]
    year_counts: tuple[tuple[str, int], ...]  # (year, facts in it), newest first
    split_years: frozenset[str]  # the years whose facts are spread over month pages

    def page_of(self) -> dict[str, ArchivePage]:
        """The page that shows each fact."""
        return {fact_id: page for page in self.pages for fact_id in page.fact_ids}

    def months(self, year: str) -> list[tuple[str, int]]:
        """A split year's months with their number of facts, newest first; [] for a year on one page."""
        counts: dict[str, int] = defaultdict(int)
        for page in self.pages:
            if page.year == year and page.month:
                counts[page.month] += len(page.fact_ids)
        return sorted(counts.items(), reverse=True)

    def parts(self, page: ArchivePage) -> list[ArchivePage]:
        """The pages of `page`'s period, in order (one, unless the period is longer than a page)."""
        return [p for p in self.pages if p.year == page.year and p.month == page.month]


def plan_archive(dated: Iterable[tuple[str, str]], limit: int) -> Archive:
    """The pages for facts given as (id, ISO date) in timeline order, at most `limit` facts a page."""
    if limit < 1:
        raise ValueError(f"an archive page holds at least one fact, not {limit}")
    # Planned for every sheet of the site on every build, most of them unchanged: each (id, date) is
    # grouped as it comes, and a period that fits on a page becomes its page at once.
    by_year: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item in dated:
        by_year[item[1][:4]].append(item)
    years = sorted(by_year, reverse=True)
    pages: list[ArchivePage] = []
    split: set[str] = set()
    for year in years:
        facts = by_year[year]
        if len(facts) <= limit:
            pages.append(ArchivePage(f"{year}/", year, "", 1, tuple(map(_first, facts))))
            continue
        split.add(year)
        by_month: dict[str, list[str]] = defaultdict(list)
        for fact_id, date in facts:
            by_month[date[5:7]].append(fact_id)  # "" for a fact dated only by its year
        # The year's own page comes first even when no fact is dated only by the year: it lists the months.
        pages += _parts(year, "", by_month.pop("", []), limit)
        for month in sorted(by_month, reverse=True):
            pages += _parts(year, month, by_month[month], limit)
    counts = tuple((year, len(by_year[year])) for year in years)
    return Archive(pages=tuple(pages), year_counts=counts, split_years=frozenset(split))


_first = itemgetter(0)


def _parts(year: str, month: str, fact_ids: list[str], limit: int) -> list[ArchivePage]:
    """A period's facts as pages of at most `limit`; the period's first page has the period's address."""
    base = f"{year}/{month}/" if month else f"{year}/"
    if len(fact_ids) <= limit:  # most periods: one page
        return [ArchivePage(base, year, month, 1, tuple(fact_ids))]
    chunks = [fact_ids[i : i + limit] for i in range(0, len(fact_ids), limit)]
    return [
        ArchivePage(base if n == 1 else f"{base}page/{n}/", year, month, n, tuple(chunk))
        for n, chunk in enumerate(chunks, start=1)
    ]


# At most this many facts on one page of a sheet's facts by year: a fact there carries its sources, dates,
# disagreements and citation (3–6 KB of HTML; over 13 KB with many sources in the 10,000-article benchmark),
# so 30 keep a page under 200 KB.
SHEET_PAGE_FACTS = 30
# At most this many facts on one page of the timeline: one line each (about 0.5 KB).
TIMELINE_PAGE_FACTS = 300
# At most this many articles on a page of the sources: an article and the reports it rests on (about 0.6 KB).
SOURCES_PAGE_ARTICLES = 300


def sheet_archive(sheet: EntitySheet, facts: dict[str, SiteFact]) -> Archive:
    """The pages by year of a sheet's facts (every fact of the sheet, as a subject or as an object)."""
    return plan_archive([(i, facts[i].date.value) for i in sheet.facts], SHEET_PAGE_FACTS)


def timeline_archive(model: SiteModel) -> Archive:
    """The timeline's pages by year (and month, when a year is long)."""
    facts = model.facts
    return plan_archive([(i, facts[i].date.value) for i in model.timeline], TIMELINE_PAGE_FACTS)


def sources_archive(model: SiteModel) -> Archive:
    """The sources' pages by year (and month) of publication; an article's slug stands for a fact's id."""
    slugs = sorted(model.articles, key=lambda s: (model.articles[s].source.published, s), reverse=True)
    return plan_archive([(s, model.articles[s].source.published) for s in slugs], SOURCES_PAGE_ARTICLES)
