"""A deterministic synthetic content folder for benchmarks: N annotated articles in Italian and English.

    python benchmarks/generate.py N OUTPUT [--seed 7] [--pelican FOLDER]

Writes OUTPUT/site.yml, OUTPUT/entities/*.yml (about one entity per 25 articles, at least 40) and
OUTPUT/articles/*.md: about 600 words each, alternating languages, dense in entity names, amounts and dates,
with about eight fact annotations and a few explicit mentions, all valid. The same N and seed always give
the same bytes. With --pelican, the same articles also go to FOLDER as plain Markdown (annotations
stripped, Pelican's metadata header) for a side-by-side build with Pelican.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

SYLLABLES = (
    "ra",
    "ven",
    "tor",
    "li",
    "mar",
    "co",
    "sel",
    "da",
    "nix",
    "qua",
    "bel",
    "ter",
    "zo",
    "fin",
    "gal",
    "or",
    "pen",
    "sta",
    "vi",
    "lum",
    "dor",
    "ka",
    "mes",
    "ro",
    "tal",
    "ne",
    "sar",
    "um",
)
COMPANY_SUFFIXES = (
    "Systems",
    "Labs",
    "Energy",
    "Networks",
    "Robotics",
    "Cloud",
    "Semiconductors",
    "Bank",
    "Motors",
    "Foods",
    "Media",
    "Pharma",
)
FIRST_NAMES = (
    "Marta",
    "Luca",
    "Giulia",
    "Paolo",
    "Sara",
    "Daniel",
    "Emma",
    "Oliver",
    "Chiara",
    "Marco",
    "Anna",
    "James",
    "Elena",
    "Tom",
    "Irene",
    "Samuel",
    "Laura",
    "Pietro",
    "Grace",
    "Nina",
)
KINDS = ("company",) * 10 + ("person",) * 4 + ("product",) * 3 + ("organization", "place", "event")
CURRENCIES = {
    "en": (("USD", "dollars"), ("EUR", "euros"), ("CNY", "yuan")),
    "it": (("USD", "dollari"), ("EUR", "euro"), ("CNY", "yuan")),
}
SCALES = {
    "en": ((1_000_000, "million"), (1_000_000_000, "billion")),
    "it": ((1_000_000, "milioni"), (1_000_000_000, "miliardi")),
}
MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
}

# Sentences without annotations: names the registry knows (linked by the pipeline), figures and dates.
FILLER = {
    "en": (
        "Analysts at {e1} expect demand for the segment to grow by about {pct} per cent over {year}.",
        "{e1} has been expanding in Europe and Asia, and its rivals, {e2} among them, have followed.",
        "The company said on {weekday} that it had spent {money} on new facilities since {month} {year}.",
        "According to people familiar with the plans, {e1} and {e2} discussed a joint venture in {month}.",
        "Shares of {e1} closed {pct} per cent higher, while the wider market was little changed.",
        "In {year} the group employed more than {count} people in {count2} countries.",
        "The deal is subject to approval by regulators, which could take until the end of {year}.",
        "{e1} did not comment on the figures, but its chief executive has called the market a priority.",
        "Some investors remain cautious: the sector lost roughly {pct} per cent of its value in {prevyear}.",
        "Spending on data centres reached {money} last year, a record for the industry.",
        "The new plant near {e1} will produce up to {count} units a month from {month} {year}.",
        "Competition with {e1} has pushed prices down by nearly {pct} per cent since {prevyear}.",
    ),
    "it": (
        "Gli analisti di {e1} prevedono che la domanda del settore cresca di circa il {pct} per cento "
        "nel {year}.",
        "{e1} si sta espandendo in Europa e in Asia, e i suoi concorrenti, tra cui {e2}, l'hanno seguita.",
        "La società ha detto {weekday} di aver speso {money} in nuovi impianti da {month} {year}.",
        "Secondo persone a conoscenza dei piani, {e1} e {e2} hanno discusso di una joint venture a {month}.",
        "Le azioni di {e1} hanno chiuso in rialzo del {pct} per cento, mentre il resto del mercato era "
        "fermo.",
        "Nel {year} il gruppo impiegava più di {count} persone in {count2} paesi.",
        "L'operazione deve essere approvata dalle autorità, che potrebbero decidere entro la fine del "
        "{year}.",
        "{e1} non ha commentato i dati, ma il suo amministratore delegato ha definito il mercato una "
        "priorità.",
        "Alcuni investitori restano prudenti: il settore ha perso circa il {pct} per cento del suo valore "
        "nel "
        "{prevyear}.",
        "La spesa per i data center ha raggiunto {money} l'anno scorso, un record per il settore.",
        "Il nuovo impianto vicino a {e1} produrrà fino a {count} unità al mese da {month} {year}.",
        "La concorrenza con {e1} ha fatto scendere i prezzi di quasi il {pct} per cento dal {prevyear}.",
    ),
}
WEEKDAYS = {
    "en": ("on Monday", "on Tuesday", "on Wednesday", "on Thursday"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì"),
}


@dataclass
class SyntheticEntity:
    id: str
    name: str
    kind: str


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def make_entities(count: int, rng: random.Random) -> list[SyntheticEntity]:
    """`count` entities with unique names and ids; kinds mostly companies, as in business news."""
    entities: list[SyntheticEntity] = []
    names: set[str] = set()
    while len(entities) < count:
        kind = KINDS[len(entities) % len(KINDS)]
        if kind == "person":
            name = f"{rng.choice(FIRST_NAMES)} {_word(rng, 3)}"
        elif kind == "company":
            name = f"{_word(rng, 3)} {rng.choice(COMPANY_SUFFIXES)}"
        elif kind == "event":
            name = f"{_word(rng, 2)} Summit {2020 + len(entities) % 6}"
        else:
            name = _word(rng, 3 if kind != "place" else 2) + ("" if kind != "organization" else " Authority")
        if name.casefold() in names:
            continue
        names.add(name.casefold())
        ident = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        entities.append(SyntheticEntity(ident, name, kind))
    return entities


def entity_yaml(entity: SyntheticEntity) -> str:
    lines = [
        f"name: {entity.name}",
        f"kind: {entity.kind}",
        f"description: A synthetic {entity.kind} for benchmarks.",
    ]
    if entity.kind == "company":
        lines.append(f"aliases:\n  all: [{entity.name.split()[0]} Group]")
        lines.append("headquarters: Milan, Italy")
    return "\n".join(lines) + "\n"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class ArticleWriter:
    """Writes one article's text from a seeded random source."""

    def __init__(self, rng: random.Random, language: str, entities: list[SyntheticEntity], published: str):
        self.rng, self.lang, self.published = rng, language, published
        self.entities = entities
        self.year = int(published[:4])

    def pick(self, kind: str | None = None) -> SyntheticEntity:
        pool = [e for e in self.entities if kind is None or e.kind == kind] or self.entities
        # A few entities appear in many articles, as in real news: big sheets as well as small ones.
        if self.rng.random() < 0.2:
            return pool[int(len(pool) * self.rng.random() ** 2)]
        return self.rng.choice(pool)

    def money(self) -> tuple[str, int, str]:
        scale, scale_word = self.rng.choice(SCALES[self.lang])
        amount = self.rng.choice((1, 2, 3, 5, 8, 12, 15, 20, 40, 75, 120, 300))
        code, word = self.rng.choice(CURRENCIES[self.lang])
        text = f"{amount} {scale_word} {'di ' if self.lang == 'it' and scale_word != 'mila' else ''}{word}"
        return text, amount * scale, code

    def date(self) -> tuple[str, str]:
        month = self.rng.randrange(12)
        day = self.rng.randint(1, 28)
        year = self.year - self.rng.randint(0, 1)
        if self.lang == "en":
            text = f"on {day} {MONTHS['en'][month]} {year}"
        else:
            text = f"il {day} {MONTHS['it'][month]} {year}"
        return text, f"{year}-{month + 1:02d}-{day:02d}"

    def filler(self) -> str:
        template = self.rng.choice(FILLER[self.lang])
        return template.format(
            e1=self.pick().name,
            e2=self.pick().name,
            pct=self.rng.randint(2, 40),
            year=self.year,
            prevyear=self.year - 1,
            month=self.rng.choice(MONTHS[self.lang]),
            weekday=self.rng.choice(WEEKDAYS[self.lang]),
            money=self.money()[0],
            count=self.rng.choice((1200, 4500, 15000, 80000)),
            count2=self.rng.randint(3, 60),
        )

    def fact(self) -> str:
        """One sentence holding a fact annotation, with attributes spelled out or left to inference."""
        rng, it = self.rng, self.lang == "it"
        subject, other = self.pick("company"), self.pick("company")
        while other.id == subject.id:
            other = self.rng.choice(self.entities)
        choice = rng.randrange(6)
        when_text, when = self.date()
        if choice == 0:
            text, value, code = self.money()
            words = (
                f"{subject.name} investirà {text} in {other.name}"
                if it
                else f"{subject.name} will invest {text} in {other.name}"
            )
            return (
                f"{_upper_first(when_text)} [{words}]{{fact=investment subject={subject.id} "
                f"object={other.id} date={when} value={value} unit={code}}}."
            )
        if choice == 1:
            text, _, _ = self.money()
            words = (
                f"{subject.name} ha registrato ricavi per {text} {when_text}"
                if it
                else f"{subject.name} reported revenue of {text} {when_text}"
            )
            ending = "secondo i conti." if it else "according to its accounts."
            return f"[{words}]{{fact=metric}}, {ending}"
        if choice == 2:
            pct = rng.randint(3, 45)
            words = (
                f"{subject.name} detiene il {pct} per cento del mercato"
                if it
                else f"{subject.name} holds {pct} per cent of the market"
            )
            return f"[{words}]{{fact=market_share subject={subject.id} value={pct} unit=%}}."
        if choice == 3:
            person = self.pick("person")
            words = (
                f"{subject.name} ha nominato [{person.name}]{{@{person.id}}} amministratore delegato"
                if it
                else f"{subject.name} named [{person.name}]{{@{person.id}}} chief executive"
            )
            return f"[{words}]{{fact=appointment subject={subject.id} object={person.id} date={when}}}."
        if choice == 4:
            words = (
                f"{subject.name} e {other.name} hanno firmato un accordo di collaborazione"
                if it
                else f"{subject.name} and {other.name} signed a partnership agreement"
            )
            return f"{_upper_first(when_text)} [{words}]{{fact=partnership date={when}}}."
        text, value, code = self.money()
        until = self.year + rng.randint(1, 4)
        words = (
            f"{subject.name} prevede di spendere fino a {text} entro il {until}"
            if it
            else f"{subject.name} plans to spend up to {text} by {until}"
        )
        return (
            f"[{words}]{{fact=plan subject={subject.id} date={self.year} until={until} value={value} "
            f"unit={code} qualifier=up_to status=planned}}."
        )

    def body(self, words: int = 600) -> str:
        paragraphs, count = [], 0
        while count < words:
            sentences = [self.fact()] + [self.filler() for _ in range(self.rng.randint(3, 4))]
            if self.rng.random() < 0.3:
                sentences.insert(1, self.fact())
            paragraph = " ".join(sentences)
            count += len(re.sub(r"\{[^}]*\}", "", paragraph).split())
            paragraphs.append(textwrap.fill(paragraph, 104, break_on_hyphens=False, break_long_words=False))
        return "\n\n".join(paragraphs) + "\n"


def article_text(index: int, entities: list[SyntheticEntity], seed: int) -> tuple[str, str]:
    """(slug, file text) of article `index`; independent of N, so growing N keeps earlier articles."""
    rng = random.Random(f"{seed}:{index}")
    language = "it" if index % 2 else "en"
    published = f"{2020 + index % 6}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    writer = ArticleWriter(rng, language, entities, published)
    body = writer.body()
    lead = writer.pick("company")
    title = (
        f"{lead.name}: conti, accordi e piani ({index})"
        if language == "it"
        else f"{lead.name}: results, deals and plans ({index})"
    )
    slug = f"{language}-{index:05d}-{lead.id}"
    front = (
        f'---\ntitle: "{title}"\nlanguage: {language}\nsource:\n  publisher: Synthetic Wire\n'
        f"  url: https://news.example.org/{slug}\n  published: {published}\n"
        # The wire's own words, which the site may reproduce (else `check` warns not-own-words).
        '  licence: "Synthetic text, free to reproduce"\n'
        f"summary: A synthetic article about {lead.name}.\n---\n"
    )
    return slug, front + body


SITE_YML = """title: Synthetic benchmark
language: en
base_url: https://bench.example.org/
author: Benchmark desk
publisher: Factsheets benchmarks
description: Synthetic articles for measuring build speed.
"""


def generate(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write the content folder; returns the article paths."""
    rng = random.Random(seed)
    entities = make_entities(max(40, count // 25), rng)
    (folder / "entities").mkdir(parents=True, exist_ok=True)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for entity in entities:
        (folder / "entities" / f"{entity.id}.yml").write_text(entity_yaml(entity), encoding="utf-8")
    paths = []
    for index in range(count):
        slug, text = article_text(index, entities, seed)
        path = folder / "articles" / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


_ANNOTATION = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")


def strip_annotations(body: str) -> str:
    """The body as plain Markdown: every `[words]{…}` becomes its words (inner mentions first)."""
    while True:
        stripped = _ANNOTATION.sub(r"\1", body)
        if stripped == body:
            return stripped
        body = stripped


def pelican_article(text: str) -> str:
    """An article as Pelican reads Markdown: a metadata header, then the plain body."""
    _, front, body = text.split("---\n", 2)
    title = re.search(r'^title: "(.*)"$', front, re.MULTILINE).group(1)
    date = re.search(r"published: (\S+)", front).group(1)
    lang = re.search(r"^language: (\S+)", front, re.MULTILINE).group(1)
    return f"Title: {title}\nDate: {date}\nLang: {lang}\nCategory: news\n\n{strip_annotations(body)}"


def hugo_article(text: str) -> str:
    """An article as Hugo reads Markdown: YAML front matter with its title and date, then the plain body."""
    _, front, body = text.split("---\n", 2)
    title = re.search(r'^title: (".*")$', front, re.MULTILINE).group(1)
    date = re.search(r"published: (\S+)", front).group(1)
    return f"---\ntitle: {title}\ndate: {date}\ncategories: [news]\n---\n{strip_annotations(body)}"


def write_hugo(paths: list[Path], folder: Path) -> None:
    """The articles as the `content/posts/` folder of a Hugo site."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (folder / path.name).write_text(hugo_article(path.read_text(encoding="utf-8")), encoding="utf-8")


def write_pelican(paths: list[Path], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (folder / path.name).write_text(pelican_article(path.read_text(encoding="utf-8")), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pelican", type=Path, help="also write plain Markdown for Pelican here")
    args = parser.parse_args(argv)
    paths = generate(args.count, args.output, args.seed)
    if args.pelican:
        write_pelican(paths, args.pelican)
    print(f"{len(paths)} articles in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
