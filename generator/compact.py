"""The site model with its repeated values held once, before the render workers fork.

Each article's analysis comes with its own copy of every string its facts repeat (a fact's kind, subject,
object, date and figure) and its own mention of each entity it names (`bodies._naming`): at 10,000 articles,
366,000 such mentions and about 600,000 strings for a few thousand distinct values. They cost memory in the
build's process, and each forked render worker copies every memory page whose objects it reads (Python
writes an object's reference count when it reads it), so a page that reads 2,000 facts copies the pages of
2,000 subjects' strings instead of one. `share_repeated_values` makes equal values one object. The values do
not change, so neither does any page.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model import Article, Fact, FactDate, Mention, Quantity, Report, SiteModel


def share_repeated_values(model: SiteModel) -> int:
    """Make each repeated string of the facts, their dates and figures, the sheets' relations and the facts'
    figure labels one object, each date one object, the reports' empty attributes and statements one empty
    dict, and each article head's mention of an entity one mention; returns how many references now point
    to an object shared with an equal one."""
    sharing = _Sharing()
    for analysed in model.analysed.values():
        for fact in analysed.facts:
            sharing.fact(fact)
        analysed.mentions = [sharing.mention(m) for m in analysed.mentions]
    for site_fact in model.facts.values():
        site_fact.figure_label = sharing.value(site_fact.figure_label)
        site_fact.date = sharing.date(site_fact.date)
        for report in site_fact.sources:  # its reports' id is its own
            report.id = site_fact.id
    for sheet in model.sheets.values():
        for relation in sheet.relations:
            relation.kind = sharing.value(relation.kind)
            relation.subject = sharing.value(relation.subject)
            relation.object = sharing.value(relation.object)
    return sharing.shared


class _Sharing:
    """One object for each value seen, counting the references that were another object of that value."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._mentions: dict[str, Mention] = {}
        self._dates: dict[tuple[str, str | None, bool], FactDate] = {}
        # The one empty dict of every report without attributes or statements of its own (most of them):
        # a page reads each report's attributes (its status, whether it is a draft).
        self._empty: dict[str, str] = {}
        self.shared = 0

    def value(self, value: str) -> str:
        kept = self._values.setdefault(value, value)
        self.shared += kept is not value
        return kept

    def fact(self, fact: Fact) -> None:
        value = self.value
        fact.kind = value(fact.kind)
        fact.subject = value(fact.subject)
        if fact.object is not None:
            fact.object = value(fact.object)
        fact.date = self.date(fact.date)
        if fact.quantity is not None:
            self.quantity(fact.quantity)
        if not fact.attrs:
            fact.attrs = self._empty
        if not fact.statements:
            fact.statements = self._empty

    def date(self, date: FactDate) -> FactDate:
        """One object for each date (a date is never changed once read)."""
        key = (date.value, date.end_value, date.reported)
        kept = self._dates.get(key)
        if kept is None:
            date.value = self.value(date.value)
            if date.end_value is not None:
                date.end_value = self.value(date.end_value)
            kept = self._dates[key] = date
        self.shared += kept is not date
        return kept

    def quantity(self, quantity: Quantity) -> None:
        value = self.value
        quantity.text = value(quantity.text)
        quantity.kind = value(quantity.kind)
        quantity.qualifier = value(quantity.qualifier)
        if quantity.unit is not None:
            quantity.unit = value(quantity.unit)

    def mention(self, mention: Mention) -> Mention:
        """An article head's mention of an entity (no words, no place: `bodies._naming`) is the same for
        every article; any other mention is its own."""
        if mention.id is None or mention.text or mention.start or mention.end or mention.kind is not None:
            return mention
        kept = self._mentions.setdefault(mention.id, mention)
        self.shared += kept is not mention
        return kept


def gather_article_heads(model: SiteModel) -> int:
    """Put each article head (the article, its source, its reports and their strings) in objects made anew
    one after the other, so that they lie together on few memory pages; returns how many were gathered.

    Read from the store, each head lies on its own memory page beside its analysis and facts: a page worker
    that reads the articles of a big sheet (its report count, its facts' citations) copies one memory page
    per article (at 10,000 articles, 3,406 pages for the 4,176 articles of the biggest sheet; 397 once
    gathered). Only for a model rendered once and let go: a preview server's aggregator tells an unchanged
    article by its very object. The copies are equal, so no page changes."""
    articles = model.articles
    for slug, article in articles.items():
        articles[slug] = _head_copy(article)
    return len(articles)


def _head_copy(article: Article) -> Article:
    own = _own
    source = article.source
    return replace(
        article,
        slug=own(article.slug),
        path=own(article.path),
        title=own(article.title),
        source=replace(
            source,
            publisher=own(source.publisher),
            url=own(source.url),
            published=own(source.published),
            author=own(source.author),
            licence=own(source.licence),
        ),
        summary=own(article.summary),
        content_hash=own(article.content_hash),
        based_on=[_report_copy(report) for report in article.based_on],
    )


def _report_copy(report: Report) -> Report:
    own = _own
    return replace(
        report,
        publisher=own(report.publisher),
        url=own(report.url),
        published=own(report.published),
        title=own(report.title),
        author=own(report.author),
    )


def _own(text: str) -> str:
    """An equal string made anew (a slice or `str` of a whole string is the string itself; those of one
    character or none are shared by the interpreter whatever is done)."""
    return (text + " ")[:-1] if len(text) > 1 else text
