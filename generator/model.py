"""The plain data that flows between pipeline stages.

Every stage takes and returns these dataclasses (never spaCy objects), so a stage's output can be cached
on disk, sent to another process, and compared in tests.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.errors import Location

if TYPE_CHECKING:
    from generator.cache.bodies import ArticleBodies

ENTITY_KINDS = ("company", "organization", "product", "person", "place", "event")
LANGUAGES = ("it", "en")


# --- content: what the read stage produces -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteCatalog:
    """A site's own gettext catalog (`locales/<lang>.po` beside site.yml): its language, path and text."""

    language: str
    path: str  # as messages show it
    text: str


@dataclass(slots=True, kw_only=True)
class SiteConfig:
    title: str
    language: str  # the default language: the only one of a one-language site, the first of `languages`
    base_url: str
    author: str
    publisher: str
    description: str = ""
    licence: str = ""
    cname: str = ""
    fact_kinds: dict[str, dict[str, str]] = field(default_factory=dict)  # extra kinds: id -> {lang: label}
    pipeline: dict[str, str] = field(default_factory=dict)  # lang -> installed spaCy pipeline name
    catalogs: tuple[SiteCatalog, ...] = ()  # the site's own interface catalogs, by language
    extra: dict[str, Any] = field(default_factory=dict)
    # `languages:` in site.yml: each language's pages under `<lang>/`; empty for a site in one `language`,
    # whose pages are at the root.
    languages: tuple[str, ...] = ()
    # `title` and `description` as site.yml writes them per language ({en: …, it: …}); empty when written
    # once. `title` and `description` above are the values for `language`; `title_language` and
    # `description_language` name the language they are in when it is another one (a fallback pages mark).
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    title_language: str | None = None
    description_language: str | None = None

    @property
    def site_languages(self) -> tuple[str, ...]:
        """Every language the site is built in, the default first."""
        return self.languages or (self.language,)


@dataclass(slots=True, kw_only=True)
class Entity:
    id: str
    name: str
    kind: str
    aliases: dict[str, list[str]] = field(default_factory=dict)  # language ("it", "en" or "all") -> names
    description: str | dict[str, str] = ""
    infobox: dict[str, Any] = field(default_factory=dict)  # founded, headquarters, website, parent, …
    location: Location | None = None
    review: str = ""  # "draft": proposed by `factsheets annotate --new-entities`, not confirmed yet

    def names(self, language: str | None = None) -> list[str]:
        """The name and every alias that applies to `language` (all languages when None)."""
        names = [self.name]
        for lang, aliases in sorted(self.aliases.items()):
            if language is None or lang in (language, "all"):
                names.extend(a for a in aliases if a not in names)
        return names


@dataclass(slots=True, kw_only=True)
class Source:
    """Who wrote an article's words: an outlet (its own text, or one it lets the site reproduce), or, for a
    summary, the site itself (its `url` is then empty: the article's own page, whose address the renderer
    knows)."""

    publisher: str
    url: str
    published: str  # ISO date, YYYY-MM-DD
    author: str = ""
    licence: str = ""  # the permission to reproduce another outlet's text, as the front matter states it
    location: Location | None = None  # where the front matter names the publisher


@dataclass(slots=True, kw_only=True)
class Report:
    """A published report that a summary draws its facts from; its words are not the summary's."""

    publisher: str
    url: str  # may be empty: a report known by publisher and date only
    published: str  # ISO date, YYYY-MM-DD
    title: str = ""  # the report's real title, when the front matter gives it
    author: str = ""

    @property
    def key(self) -> str:
        """What makes two mentions of a report the same report (corroboration counts these)."""
        return self.url or f"{self.publisher}|{self.published}|{self.title}"


def _run_start(run: tuple[int, int, int]) -> int:
    return run[0]


@dataclass(slots=True, kw_only=True)
class OffsetMap:
    """Maps offsets in a derived text (the plain text) back to the text it came from.

    Stored as runs: plain[p:p+n] == source[s:s+n] for each (p, s, n); compact enough for long articles.
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        # Looked up through the key: a list of the run starts made per call cost every call the whole list.
        i = bisect.bisect_right(self.runs, offset, key=_run_start) - 1
        if i < 0:
            return offset
        p, s, n = self.runs[i]
        return s + min(offset - p, n)

    def to_source_end(self, offset: int) -> int:
        """Like `to_source`, for an exclusive end offset: lands right after the last character kept."""
        if offset <= 0:
            return self.to_source(offset)
        return self.to_source(offset - 1) + 1


@dataclass(slots=True, kw_only=True)
class Annotation:
    """One `[text]{…}` span in an article body.

    Offsets are into the article body (the Markdown after the front matter): `start`/`end` cover the whole
    markup, `inner_start`/`inner_end` the words between the brackets. `plain_start`/`plain_end` are the same
    words in the plain text (markup removed) that the language pipeline reads.
    """

    kind: str  # "mention" | "fact"
    attrs: dict[str, str]
    start: int
    end: int
    inner_start: int
    inner_end: int
    plain_start: int
    plain_end: int
    location: Location
    ordinal: int  # position among the article's annotations, in document order
    parent: int | None = None  # ordinal of the enclosing annotation, if nested
    attr_locations: dict[str, Location] = field(default_factory=dict)  # where each attribute is written

    @property
    def entity(self) -> str | None:
        return self.attrs.get("@")


@dataclass(slots=True, kw_only=True)
class Article:
    slug: str
    path: str  # as shown in messages, relative to the content folder's parent when possible
    title: str
    language: str
    source: Source
    summary: str
    text: str  # the whole file as read (after BOM removal and newline normalisation)
    body_start: int  # offset of the body in `text`
    body_line: int  # 1-based line of the body's first line in the file
    plain: str  # the body with annotation markup removed: what the language pipeline reads
    plain_map: OffsetMap  # plain offsets -> body offsets
    annotations: list[Annotation]
    content_hash: str
    extra: dict[str, Any] = field(default_factory=dict)
    based_on: list[Report] = field(default_factory=list)  # set only for the site's own summaries

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def is_summary(self) -> bool:
        """The words are the site's own, based on other outlets' reports (never quoted as theirs)."""
        return bool(self.based_on)

    @property
    def reports(self) -> list[Report]:
        """The reports behind the article's facts: its `based_on`, or its source's own report."""
        if self.based_on:
            return self.based_on
        source = self.source
        return [
            Report(
                publisher=source.publisher,
                url=source.url,
                published=source.published,
                title=self.title,
                author=source.author,
            )
        ]


# --- analysis: what the language pipeline finds (offsets are into the text it was given) -------------


@dataclass(slots=True, kw_only=True)
class Sentence:
    start: int
    end: int


@dataclass(slots=True, kw_only=True)
class Mention:
    text: str
    start: int
    end: int
    id: str | None
    kind: str | None


@dataclass(slots=True, kw_only=True)
class Quantity:
    text: str
    start: int
    end: int
    kind: str  # money | percent | count | measure
    value: float | int | None
    unit: str | None
    qualifier: str = "exact"  # exact | up_to | over | about | range | at_least
    low: float | int | None = None
    high: float | int | None = None


@dataclass(slots=True, kw_only=True)
class DateExpr:
    text: str
    start: int
    end: int
    value: str  # ISO 8601 at the precision stated: 2025, 2025-09, 2025-09-24
    end_value: str | None = None  # for spans of time


@dataclass(slots=True, kw_only=True)
class FactCandidate:
    kind: str
    subject: str | None
    object: str | None
    quantity: int | None  # index into the quantities list
    date: int | None  # index into the dates list
    sentence: int
    annotated: bool = False
    status: str | None = None  # a proposal's "done", "planned" or "expected"; None for an annotated fact


@dataclass(slots=True, kw_only=True)
class Analysis:
    language: str
    published: str | None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    facts: list[FactCandidate] = field(default_factory=list)


# --- facts: what the analyse stage hands to aggregation -----------------------------------------------


@dataclass(slots=True, kw_only=True)
class FactDate:
    value: str  # ISO at its precision
    end_value: str | None = None
    reported: bool = False  # True when the date is the article's publication date, not stated


@dataclass(slots=True, kw_only=True)
class Fact:
    """One fact as stated by one article."""

    id: str  # stable: derived from kind, subject, object, value and date
    kind: str
    subject: str
    object: str | None
    quantity: Quantity | None
    date: FactDate
    statement: str  # the words of the fact span (plain text)
    sentence: str  # the whole sentence that states it (plain text)
    article: str  # slug
    anchor: str  # element id of the fact on the article page
    ordinal: int  # the annotation's ordinal in its article
    annotated: bool
    location: Location | None = None
    attrs: dict[str, str] = field(default_factory=dict)  # the remaining annotation attributes (status, …)
    measure: str = ""  # what the figure measures, as `measure=` names it ("" = a default label)
    statements: dict[str, str] = field(default_factory=dict)  # language -> the writer's own statement

    @property
    def draft(self) -> bool:
        """Proposed by `factsheets annotate` (review=draft) and not confirmed yet."""
        return self.attrs.get("review") == "draft"


@dataclass(slots=True, kw_only=True)
class AnalysedArticle:
    """What the analyse stage keeps of one article: its facts and the entities it mentions."""

    slug: str
    facts: list[Fact]
    mentions: list[Mention]  # registry entities found in the plain text, annotated or not (plain offsets)
    digest: str = ""  # of the facts and mentions as the analysis found them (`facts.article_facts`)


@dataclass(slots=True, kw_only=True)
class ArticleBody:
    """What only an article's own page reads: its text, its annotations with their places, the offsets from
    its plain text, and every entity mention the pipeline found. A build that keeps its articles in the
    store holds their heads only (`cache/bodies.py`) and reads each body back when its page is rendered."""

    text: str
    plain_map: OffsetMap
    annotations: list[Annotation]
    mentions: list[Mention]


# --- the site: what aggregation hands to rendering -----------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Conflict:
    """Sources that disagree about one figure or date."""

    key: str  # what they disagree about, e.g. "stock|intel||2025-09-18"
    field: str  # "value", "unit" or "date"
    fact_ids: list[str]
    values: list[str]  # the disagreeing values, as plain text, in the order of fact_ids


@dataclass(slots=True, kw_only=True)
class SiteFact:
    """One fact as the site shows it: merged over every article that reports it."""

    id: str
    kind: str
    subject: str
    object: str | None
    quantity: Quantity | None
    date: FactDate
    statement: str  # the fact stated in the site's language: generated from the fields, or the writer's own
    sources: list[Fact]  # one per report, oldest publication first
    conflicts: list[Conflict] = field(default_factory=list)
    measure: str = ""  # `measure=` of the first report that names one: it keys the figure's series
    figure_label: str = ""  # what the figure measures, in the site's language ("" when there is no figure)

    @property
    def status(self) -> str:
        return next((s.attrs["status"] for s in self.sources if "status" in s.attrs), "")

    @property
    def draft(self) -> bool:
        """Every report of the fact is a draft: the site has it only from unconfirmed annotations."""
        return all(s.draft for s in self.sources)


@dataclass(slots=True, kw_only=True)
class Relation:
    kind: str
    subject: str
    object: str
    fact_ids: list[str]


@dataclass(slots=True, kw_only=True)
class EntitySheet:
    entity: Entity
    facts: list[str]  # ids, in timeline order
    key_figures: list[str]  # ids of the latest figure of each series
    relations: list[Relation]
    articles: list[str]  # slugs of the articles that mention the entity, newest first


@dataclass(slots=True, kw_only=True)
class SiteModel:
    config: SiteConfig
    entities: dict[str, Entity]
    articles: dict[str, Article]
    analysed: dict[str, AnalysedArticle]
    facts: dict[str, SiteFact]
    timeline: list[str]  # every fact id, in date order
    sheets: dict[str, EntitySheet]
    conflicts: list[Conflict]
    as_of: str  # the newest publication date in the content: the date the sheets are "as of"
    drafts: bool = False  # built with `--drafts`: facts and mentions marked review=draft are in the model
    # Each article's body by slug, when `articles` and `analysed` hold heads only (see `cache/bodies.py`);
    # None when they are whole.
    bodies: ArticleBodies | None = None
