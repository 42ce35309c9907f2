"""New entities: names the registry lacks, proposed for a person to review, never added silently.

The mention finder (`analyse/mentions.py`) already marks the capitalised names that no registry name or alias
matches. This module turns them into proposals: the name without the words around it that are not part of it
(a role before it, "Founder Jane Roe"; a sentence opener, "Yesterday Acme …"), a kind told by cue words
(a legal suffix makes a company, a role next to a name a person …), a proposed id, and the sentence that
shows the kind. The cue words are data, per language, in `new_entity_cues.yml` beside this module.

`extract` lists the proposals (`new_entities` in its JSON), `annotate` prints them and, only when asked
(`--new-entities DIR`), writes each as a draft entity file `DIR/<id>.yml` with `review: draft`; a file that
exists is never replaced.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from babel import Locale
from spacy.symbols import ORTH

from generator.errors import ConfigError
from generator.model import Entity, Mention
from generator.read.textfile import LineIndex
from generator.textcut import shorten
from generator.validators import identifier_problem

if TYPE_CHECKING:  # extract imports this module; the type alone is needed here
    from generator.extract import FileAnalysis

CUES_FILE = Path(__file__).with_name("new_entity_cues.yml")
CUE_LISTS = (
    "legal_suffixes",
    "roles",
    "of_words",
    "speech",
    "company_nouns",
    "company_after",
    "place_before",
    "product_before",
    "event_words",
    "organization_words",
    "company_words",
    "openers",
    "not_names",
    "places",
)
EVIDENCE_CHARS = 200  # the longest sentence quoted as evidence (in a draft entity file)
LISTED_CHARS = 100  # … and in the list a command prints
_WORD = re.compile(r"\S+")
_QUOTES = " \t\n\"'«“‘([*_#>-–—"


@dataclass(slots=True, kw_only=True)
class NewEntity:
    """One proposed entity: what the registry file would say, and where the text shows it."""

    id: str
    name: str  # the name as written, without a legal suffix ("Robotica Ferri")
    kind: str  # company | organization | product | person | place | event: the likeliest, to be checked
    cue: str  # what told the kind ("role 'CEO'"); "" when the kind is a guess from the name's shape
    text: str  # the words in the file, legal suffix included ("Robotica Ferri S.r.l.")
    start: int  # offsets of `text` in the file as read
    end: int
    sentence: int  # index of the sentence that shows it
    evidence: str  # that sentence, on one line
    line: int = 1  # where `text` starts, for people (line and column count from 1)
    col: int = 1
    aliases: list[str] = field(default_factory=list)  # other ways the text writes it

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "cue": self.cue,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "aliases": self.aliases,
        }


class Cues:
    """One language's cue words: as listed, in lower case, and as a pattern of whole words (longest first)."""

    def __init__(self, words: dict[str, tuple[str, ...]]):
        self.words = words
        self._lower = {name: {w.casefold() for w in entries} for name, entries in words.items()}
        self._patterns = {
            name: "(?:"
            + "|".join(re.escape(e) for e in sorted({_normal(w) for w in entries}, key=len)[::-1])
            + ")"
            for name, entries in words.items()
        }

    def lower(self, name: str) -> set[str]:
        return self._lower[name]

    def pattern(self, name: str) -> str:
        return self._patterns[name]


# The cue file ships with the package: libyaml's loader, where PyYAML has it, reads it several times faster,
# and every language pipeline (one per analysis worker and language) starts by reading it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _cue_file() -> object:
    """`new_entity_cues.yml` as data, read once per process."""
    try:
        return yaml.load(CUES_FILE.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read the cue words in {CUES_FILE}: {error}") from None


@cache
def cues(language: str) -> Cues:
    """The cue words of `language`, read from `new_entity_cues.yml`."""
    data = _cue_file()
    table = data.get(language) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{CUES_FILE} has no cue words for the language '{language}'")
    words = {}
    for name in CUE_LISTS:
        entries = table.get(name)
        if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
            raise ConfigError(f"{CUES_FILE}: '{language}.{name}' must be a list of words")
        words[name] = tuple(entries)
    return Cues(words)


def keep_legal_suffixes_whole(nlp) -> None:
    """Make each dotted legal suffix of the language one token: "S.p.A." would split into "S.p", ".", "A."
    and end a sentence in the middle of a company's name."""
    if nlp.lang not in _languages():
        return
    for suffix in cues(nlp.lang).words["legal_suffixes"]:
        if "." in suffix and " " not in suffix:
            nlp.tokenizer.add_special_case(suffix, [{ORTH: suffix}])


def _languages() -> frozenset[str]:
    data = _cue_file()
    return frozenset(data) if isinstance(data, dict) else frozenset()


def _normal(text: str) -> str:
    """Lower case, one space between words, one kind of apostrophe: the form cues are matched in."""
    return " ".join(text.replace("’", "'").split()).casefold()


# --- proposals ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Name:
    words: list[re.Match]  # the name's words in the file text
    text_end: int  # where the written name ends (after a legal suffix)
    kind: str = ""
    cue: str = ""


def propose_new_entities(found: FileAnalysis, entities: list[Entity]) -> list[NewEntity]:
    """The names in `found` that no entity of the registry has, as proposals in the order they appear."""
    table = cues(found.language)
    known = {_normal(n) for e in entities for n in e.names()}
    proposals: list[NewEntity] = []
    for mention in found.analysis.entities:
        if mention.id is not None:
            continue
        index = _sentence_index(found, mention.start)
        name = _trimmed(found, mention, index, table)
        if name is None:
            continue
        written = " ".join(w.group() for w in name.words)
        if _normal(written) in known or _not_a_name(written, table):
            continue
        start = name.words[0].start()
        _merge(proposals, _proposal(found, name, written, start, index))
    _assign_ids(proposals, {e.id.casefold() for e in entities})
    lines = LineIndex(found.text)
    for proposal in proposals:
        proposal.line, proposal.col = lines.line_col(proposal.start)
    return proposals


def _sentence_index(found: FileAnalysis, offset: int) -> int:
    for index, sentence in enumerate(found.analysis.sentences):
        if offset < sentence.end:
            return index
    return max(len(found.analysis.sentences) - 1, 0)


def _trimmed(found: FileAnalysis, mention: Mention, index: int, table: Cues) -> _Name | None:
    """The name inside a mention: without an opener or a role before it, its kind by the words around it."""
    text = found.text
    words = list(re.finditer(r"\S+", text[: mention.end]))
    words = [w for w in words if w.start() >= mention.start]
    sentence = found.analysis.sentences[index] if found.analysis.sentences else None
    sentence_start = sentence.start if sentence else 0
    sentence_end = sentence.end if sentence else len(text)
    opening = not text[sentence_start : mention.start].strip(_QUOTES)
    if opening and len(words) > 1 and words[0].group().casefold() in table.lower("openers"):
        words = words[1:]
    role = _leading_role(words, table)
    words = words[role[0] :] if role else words
    if not words:
        return None
    name = _Name(words, words[-1].end())
    suffix = _legal_suffix(name, text, sentence_end, table)
    if not name.words:
        return None
    before = _normal(text[sentence_start : name.words[0].start()])
    after = _normal(text[name.text_end : sentence_end])
    place = _territory(name, text, sentence_start, found.language)
    if place:
        name.kind, name.cue = "place", "a country or region (CLDR)"
    elif _normal(" ".join(w.group() for w in name.words)) in table.lower("places"):
        name.kind, name.cue = "place", "a known place name"
    elif suffix:
        name.kind, name.cue = "company", f"legal suffix '{suffix}'"
    elif role:
        name.kind, name.cue = "person", f"role '{role[1]}'"
    else:
        name.kind, name.cue = _kind(name.words, before, after, table)
    return name


@cache
def _territories(language: str) -> frozenset[str]:
    """The names of countries and regions in `language` and in English, from CLDR, in matching form."""
    names = Locale(language).territories.values() if language != "en" else ()
    return frozenset(_normal(n) for n in (*names, *Locale("en").territories.values()))


def _territory(name: _Name, text: str, sentence_start: int, language: str) -> str:
    """The country or region the name is, taking in the word before it when that completes the name
    ("Stati" is a common word; "Stati Uniti" a country); or ""."""
    written = " ".join(w.group() for w in name.words)
    previous = list(re.finditer(r"\S+", text[sentence_start : name.words[0].start()]))
    if previous:
        word = _WORD.match(text, sentence_start + previous[-1].start())
        if _normal(f"{word.group()} {written}") in _territories(language):
            name.words.insert(0, word)
            return " ".join(w.group() for w in name.words)
    return written if _normal(written) in _territories(language) else ""


def _leading_role(words: list[re.Match], table: Cues) -> tuple[int, str] | None:
    """A role written as the name's first words ("Founder Omar Haddad"): how many words, and the role."""
    roles = table.lower("roles")
    for count in range(min(len(words) - 1, 4), 0, -1):
        phrase = _normal(" ".join(w.group() for w in words[:count]))
        if phrase in roles:
            return count, " ".join(w.group() for w in words[:count])
    return None


def _legal_suffix(name: _Name, text: str, sentence_end: int, table: Cues) -> str:
    """The legal suffix that ends the name or follows it ("Acme S.p.A."), taken out of the name; or ""."""
    suffixes = {_normal(s) for s in table.words["legal_suffixes"]}
    for count in (2, 1):
        if len(name.words) > count:
            tail = " ".join(w.group() for w in name.words[-count:])
            if _normal(tail).rstrip(",") in suffixes or _normal(tail) in suffixes:
                del name.words[-count:]
                return tail
    follow = re.match(
        r"[ \t]*,?[ \t\n]*(" + table.pattern("legal_suffixes") + r")(?!\w)",
        text[name.text_end : sentence_end].replace("’", "'"),
        re.IGNORECASE,
    )
    if follow:
        name.text_end += follow.end()
        return follow.group(1)
    return ""


def _kind(words: list[re.Match], before: str, after: str, table: Cues) -> tuple[str, str]:
    """The likeliest kind of a name from the words in it and around it, and the cue that told it."""
    inside = {w.group().strip(",.;:").casefold() for w in words}
    for kind, listed in (
        ("event", "event_words"),
        ("organization", "organization_words"),
        ("company", "company_words"),
    ):
        hit = inside & table.lower(listed)
        if hit:
            return kind, f"'{sorted(hit)[0]}' in the name"
    for kind, pattern in _context_patterns(table):
        match = pattern(before, after)
        if match:
            return kind, match
    return _by_shape(words)


def _context_patterns(table: Cues):
    """(kind, test) pairs in order: each test reads the text before and after the name, returns the cue."""
    role, of = table.pattern("roles"), table.pattern("of_words")

    def search(regex: str, text: str, label: str) -> str:
        match = re.search(regex, text)
        return f"{label} '{match.group(1)}'" if match else ""

    return (
        ("company", lambda b, a: search(rf"(?<!\w)({role})\s+{of}\s*(?:the\s+)?$", b, "role")),
        ("person", lambda b, a: search(rf"(?<!\w)({role})\s*[,:]?\s*$", b, "role")),
        ("person", lambda b, a: search(rf"(?<!\w)({role})\s+{of}\s+[^,;]{{1,40}},\s*$", b, "role")),
        ("person", lambda b, a: search(rf"^\s*[,(]\s*(?:\S+\s+){{0,2}}?({role})(?!\w)", a, "role")),
        ("person", lambda b, a: search(rf"^\s*,?\s*({table.pattern('speech')})(?!\w)", a, "saying")),
        ("place", lambda b, a: search(rf"(?<!\w)({table.pattern('place_before')})\s*$", b, "place word")),
        (
            "product",
            lambda b, a: search(rf"(?<!\w)({table.pattern('product_before')})\s*$", b, "product word"),
        ),
        (
            "company",
            lambda b, a: search(
                rf"(?<!\w)({table.pattern('company_nouns')})(?:\s+\S+){{0,2}}\s*$", b, "noun"
            ),
        ),
        ("company", lambda b, a: search(rf"^\s*,\s*({table.pattern('company_after')})(?!\w)", a, "noun")),
    )


def _by_shape(words: list[re.Match]) -> tuple[str, str]:
    """No cue: two or three plain capitalised words read as a person's name, anything else as a company."""
    plain = all(re.fullmatch(r"[^\W\d_][^\W\d_'’-]*", w.group()) and w.group()[0].isupper() for w in words)
    return ("person" if plain and 2 <= len(words) <= 3 else "company"), ""


def _not_a_name(written: str, table: Cues) -> bool:
    return written in table.words["not_names"] or _normal(written) in table.lower("roles") | table.lower(
        "openers"
    )


def _proposal(found: FileAnalysis, name: _Name, written: str, start: int, index: int) -> NewEntity:
    evidence = found.sentence_texts[index] if index < len(found.sentence_texts) else written
    return NewEntity(
        id="",
        name=written,
        kind=name.kind,
        cue=name.cue,
        text=found.text[start : name.text_end],
        start=start,
        end=name.text_end,
        sentence=index,
        evidence=shorten(" ".join(evidence.split()), EVIDENCE_CHARS),
    )


def _merge(proposals: list[NewEntity], new: NewEntity) -> None:
    """Add `new`, or fold it into the proposal it names again: the same name, a company's first words
    ("Northwind" after "Northwind Robotics"), a person's surname. A cue found later beats a guess."""
    words = new.name.split()
    for old in proposals:
        old_words = old.name.split()
        same = _normal(old.name) == _normal(new.name)
        short = (
            old.kind != "person" and len(words) < len(old_words) and old_words[: len(words)] == words
        ) or (old.kind == "person" and words == old_words[-1:] and len(old_words) > 1)
        if not (same or short):
            continue
        if new.text != old.text and new.text not in old.aliases and not short:
            old.aliases.append(new.text)
        if same and new.cue and not old.cue:
            old.kind, old.cue, old.sentence, old.evidence = new.kind, new.cue, new.sentence, new.evidence
        return
    if new.text != new.name:
        new.aliases.append(new.text)
    proposals.append(new)


def slug(name: str) -> str:
    """A proposed id: the name in lower case, words joined by '-' ("Robotica Ferri" → "robotica-ferri")."""
    text = unicodedata.normalize("NFC", name).casefold().replace("&", " and ")
    return re.sub(r"[\W_]+", "-", text).strip("-")[:100].strip("-")


def _assign_ids(proposals: list[NewEntity], taken: set[str]) -> None:
    """Each proposal's id: its slug, with "-2", "-3" … when the registry or an earlier proposal has it."""
    for proposal in proposals:
        base = slug(proposal.name) or "entity"
        candidate, number = base, 2
        while candidate.casefold() in taken or identifier_problem(candidate):
            if identifier_problem(candidate) and candidate == base:
                base = "entity"
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate.casefold())
        proposal.id = candidate


# --- output --------------------------------------------------------------------------------------------


def describe(proposals: list[NewEntity]) -> list[str]:
    """Lines for people: where, the proposed id and kind, the name, why that kind, and the sentence."""
    out = []
    for p in proposals:
        line, col = p.line, p.col
        why = p.cue or "no cue: guessed from the name"
        out.append(f"  {f'{line}:{col}':>8}  {p.id} ({p.kind})  “{p.name}”  [{why}]")
        out.append(f"            “{shorten(p.evidence, LISTED_CHARS)}”")
    return out


def entity_file(proposal: NewEntity, where: str) -> str:
    """The draft entity file for a proposal: YAML a person completes, then confirms by removing `review`."""
    lines = [
        f"# Proposed by 'factsheets annotate' from {where}: {proposal.cue or 'kind guessed from the name'}.",
        f"# Evidence: {proposal.evidence}",
        "# Check the name and kind, add a description, then remove 'review: draft' (or delete this file).",
        f"name: {_yaml_text(proposal.name)}",
        f"kind: {proposal.kind}",
    ]
    if proposal.aliases:
        lines.append("aliases:")
        lines.append(f"  all: [{', '.join(_yaml_text(a) for a in proposal.aliases)}]")
    lines.append("review: draft")
    return "\n".join(lines) + "\n"


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as `value`: quoted unless plainly safe."""
    if re.fullmatch(r"[^\W\d_][\w .'’&-]*", value) and not value.endswith(" "):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_entity_files(
    proposals: list[NewEntity], folder: Path, found: FileAnalysis
) -> tuple[list[Path], list[Path]]:
    """A draft entity file per proposal in `folder`, never replacing one: (written, left as they were)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"cannot create {folder}: {error.strerror or error}") from None
    written, kept = [], []
    for proposal in proposals:
        path = folder / f"{proposal.id}.yml"
        line, col = proposal.line, proposal.col
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:  # "x": fails if the file exists
                out.write(entity_file(proposal, f"{found.shown}:{line}:{col}"))
        except FileExistsError:
            kept.append(path)
            continue
        except OSError as error:
            raise ConfigError(f"cannot write {path}: {error.strerror or error}") from None
        written.append(path)
    return written, kept
