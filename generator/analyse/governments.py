"""Governments named by their seat ("Washington bought a 10% stake", "il governo di Roma") and national bodies
by their country's possessive ("Italy's competition authority").

The registry names a government by its country ("US government", "governo italiano"); news names it by its
capital as often. Each capital of `lexicon.GOVERNMENT_SEATS` whose country words make the name or an alias of
a registry entity stands for that entity where it acts: not after a preposition ("a plant in Washington"),
except after a word for a government ("the government in Tokyo", "il governo di Roma", read whole).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from generator.analyse import lexicon


def seats_of(records: list[dict], language: str) -> dict[str, tuple[str, str]]:
    """Capital (lower case) → (id, kind) of the registry government whose name uses its country's words."""
    names = {name.lower(): (r["id"], r["kind"]) for r in records for name in r["names"]}
    found = {}
    for seat, countries in lexicon.GOVERNMENT_SEATS.get(language, {}).items():
        for country in countries:
            entity = next(
                (
                    names[p.format(country)]
                    for p in lexicon.GOVERNMENT_NAMES[language]
                    if p.format(country) in names
                ),
                None,
            )
            if entity is not None:
                found[seat] = entity
                break
    return found


def with_seats(
    doc: Doc,
    lowers: list[int],
    ents: list[Span],
    seats: dict[str, tuple[str, str]],
    prepositions: frozenset[str],
) -> list[Span]:
    """`ents` with each capital that acts as its government read as that government's mention (`lowers`:
    the Doc's lower-case forms, so that only tokens whose word starts a seat's name are read)."""
    if not seats:
        return ents
    words = lexicon.GOVERNMENT_WORDS.get(doc.lang_, ())
    longest = max(len(seat.split()) for seat in seats)
    firsts = {doc.vocab.strings.add(seat.split()[0]) for seat in seats}
    added: list[Span] = []
    i = 0
    while i < len(doc):
        hit = _seat_at(doc, i, seats, longest) if lowers[i] in firsts else None
        if hit is None:
            i += 1
            continue
        end, entity = hit
        start = i
        if i >= 2 and doc[i - 1].lower_ in prepositions and doc[i - 2].lower_ in words:
            start = i - 2  # "il governo di Roma": the whole phrase names the government
        elif i >= 1 and doc[i - 1].lower_ in prepositions:
            i = end
            continue  # "a plant in Washington": a place
        added.append(Span(doc, start, end, label=entity[1], kb_id=entity[0]))
        i = end
    if not added:
        return ents
    taken = {t for span in added for t in range(span.start, span.end)}
    kept = [e for e in ents if not taken.intersection(range(e.start, e.end))]
    return sorted([*kept, *added], key=lambda e: e.start)


def _seat_at(doc: Doc, i: int, seats: dict, longest: int) -> tuple[int, tuple[str, str]] | None:
    """(end, government) of a capitalised seat starting at token i, or None."""
    if not doc[i].is_title:
        return None
    for size in range(min(longest, len(doc) - i), 0, -1):
        entity = seats.get(doc[i : i + size].text.lower())
        if entity is not None:
            return i + size, entity
    return None


def with_national_bodies(doc: Doc, lowers: list[int], ents: list[Span], records: list[dict]) -> list[Span]:
    """`ents` with "<Country>'s <words>" read as the registry body named "<adjective> <words>" ("Italy's
    competition authority" → "Italian competition authority")."""
    adjectives = lexicon.COUNTRY_ADJECTIVES.get(doc.lang_, {})
    if not adjectives:
        return ents
    strings = doc.vocab.strings
    countries = {strings.add(country): adjective for country, adjective in adjectives.items()}
    possessives = {strings.add("'s"), strings.add("’s")}
    names = None
    added: list[Span] = []
    for i in range(len(doc) - 2):
        adjective = countries.get(lowers[i])
        if adjective is None or lowers[i + 1] not in possessives:
            continue
        if names is None:
            names = {name.lower(): (r["id"], r["kind"]) for r in records for name in r["names"]}
        for end in range(min(len(doc), i + 6), i + 2, -1):
            entity = names.get(" ".join([adjective, *(t.lower_ for t in doc[i + 2 : end])]))
            if entity is not None:
                added.append(Span(doc, i, end, label=entity[1], kb_id=entity[0]))
                break
    if not added:
        return ents
    taken = {t for span in added for t in range(span.start, span.end)}
    kept = [e for e in ents if not taken.intersection(range(e.start, e.end))]
    return sorted([*kept, *added], key=lambda e: e.start)
