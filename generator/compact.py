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

from generator.model import Fact, FactDate, Mention, Quantity, SiteModel


def share_repeated_values(model: SiteModel) -> int:
    """Make each repeated string of the facts, their dates and figures, the sheets' relations and the facts'
    figure labels one object, and each article head's mention of an entity one mention; returns how many
    references now point to an object shared with an equal one."""
    sharing = _Sharing()
    for analysed in model.analysed.values():
        for fact in analysed.facts:
            sharing.fact(fact)
        analysed.mentions = [sharing.mention(m) for m in analysed.mentions]
    for site_fact in model.facts.values():
        site_fact.figure_label = sharing.value(site_fact.figure_label)
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
        self.date(fact.date)
        if fact.quantity is not None:
            self.quantity(fact.quantity)

    def date(self, date: FactDate) -> None:
        date.value = self.value(date.value)
        if date.end_value is not None:
            date.end_value = self.value(date.end_value)

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
