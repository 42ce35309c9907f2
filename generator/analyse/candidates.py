"""Fact candidates: who did what to whom, with which figure, in sentences that name registry entities.

The words that state a fact are data (`lexicon.cues(lang)`, read from generator/analyse/cues/<lang>.yaml):
each cue word or phrase has a kind, the roles of the entities around it and the kind of figure it governs.
For each sentence with a registry mention:

- every cue found is read with its roles: "active" (subject before, object after; turned round by a passive
  auxiliary and an agent: "Intel è stata acquisita da SoftBank"), "receive" (subject after the agent word),
  "holder" (the object owns the word: "Intel's shareholders"), "stake" (the object follows: "a 10% stake in
  Intel") and "listed" (the subject owns the word, no object: "le azioni di Intel");
- the most specific kind found (`lexicon.KIND_PRECEDENCE`) makes the sentence's fact; another cue of another
  kind that governs a figure of its own makes a second fact ("spending $8.9 billion for a 10% stake");
- a fact's figure is the nearest figure of the kind its cue governs; a date inside the sentence is its date;
- its status is "planned" or "expected" when a planning word or a future tense comes before its cue, else
  "done";
- a fact that repeats one already proposed (same kind, subject, object and figure) is left out;
- an investment by two companies named together ("X e Y hanno investito") is one fact each; a plan's second
  count after a comma or a conjunction ("creating about 1,100 jobs") a second plan; a second word of a sum of
  money after the first measure's figure ("ricavi per 1,9 miliardi e un utile di 430 milioni") a second
  metric; what a deal values a company at (role "valued") a metric of that company;
- a sum paid for a company named after it ("agreed to pay $3.9 billion for X") is its purchase;
- a regulation's time limit ("within 60 days", "entro 30 giorni", read by the dates as a span) becomes its
  figure: a quantity added after those the quantity component found, so their indexes stay;
- a capitalised word opening a sentence before a registry name ("Tesla bought a 5% stake in Intel") may be a
  name the registry lacks: no fact gives its deed to the entity named after it.

- Italian as business dailies write it, each rule driven by a word list of the cue file (a language without
  the list skips it): the subject after the copula of an inverted sentence ("Ad acquisire il 25% di X sarà
  Y"); the other half of a deal in a relative clause on its buyer ("…, che pagherà 40 milioni"); a ruling's
  condition as its figure ("ma X dovrà cedere 45 filiali"); a second measure after a second predicate ("… e
  ha perso 120.000 clienti"); a loss below zero; a count put first read with the noun after its article
  ("Sono 400.000 gli utenti di X"); "ne" for the noun counted before; a future verb with no subject named as
  the company's.

A sentence with a telling figure and no cue gives a "metric" fact, as before. This component also settles the
proposals of unknown names: one that overlaps a quantity or a date ("Q3", "Mld") is dropped.

Results: `doc._.factsheets_facts`, a list of dicts with kind, subject, object, quantity and date (indexes
into `doc.spans["factsheets_quantities"]` and `["factsheets_dates"]`), status and sentence (its first token).
The component runs only in `extract`/`annotate`: the build leaves it out of the pipeline.
"""

from __future__ import annotations

import dataclasses
import logging
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from generator.analyse import lexicon
from generator.analyse.dates import SPANS_KEY as DATES_KEY
from generator.analyse.governments import seats_of, with_national_bodies, with_seats
from generator.analyse.numbers import parse_number, plain_number
from generator.analyse.quantities import EXTENSION as QUANTITY
from generator.analyse.quantities import SPANS_KEY as QUANTITIES_KEY
from generator.analyse.quantities import currency_phrases, duration_words, scale_words
from generator.analyse.terms import Found, Terms

log = logging.getLogger(__name__)

EXTENSION = "factsheets_facts"
NEAR = 14  # how many tokens after its cue a figure may stand
NEAR_LAUNCH = 2 * NEAR  # … a launch's price after it
NEAR_VERB = 4  # how many tokens before a fact word a verb in the future tense may govern it
NEAR_BEFORE = 6  # … or before it ("a 10% stake", "$5 billion investment")
NEAR_AGENT = 12  # how many tokens after its cue an agent word may stand ("ha ricevuto un investimento di 40
# miliardi di dollari da Microsoft", "un aumento di capitale da 150 milioni di euro sottoscritto da X")
UNKNOWN = ""  # the subject is a name the registry lacks: no fact
NOBODY = "\0nobody"  # money received from no investor named: the fact's subject is null (convention b)
# Kinds of facts about one company: a measure, a plan, a share of a market, a share price
OBJECTLESS = ("metric", "plan", "market_share", "stock")
# Kinds whose bare percentages run on into the next sentence ("TSMC has a share of 60%. Samsung fell to 11%.")
SERIES = ("market_share", "stock")
# Kinds whose words make a closing relative clause, or a second verb after a comma or "and", a clause
DEALS = ("acquisition", "investment", "partnership")
# Kinds of which a sentence may state two, each with its own sum ("revenue of $2 billion and a profit of $300
# million"; "will pay a dividend of 40 cents and buy back up to $1 billion of shares")
SECOND_OF_KIND = ("metric", "announcement")
# Kinds whose verb after a conjunction opens a clause of its own ("… e ha nominato X amministratore")
CLAUSE_VERBS = (*DEALS, "appointment")
# Endings of verbs of a participial clause, which tells how a deal is done, not a second deal
GERUNDS = ("ando", "endo", "ing")
_PLACE = "place"
_ORG = "organization"
# The cue file's word lists matched as words or phrases in the text; verb endings are matched on words.
_WORD_LISTS = tuple(key for key in lexicon.LIST_KEYS if key != "future_endings")

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


@Language.factory("factsheets_candidates")
def make_candidate_finder(nlp: Language, name: str) -> CandidateFinder:
    """Propose facts from sentences that join entities with figures or fact words."""
    return CandidateFinder(nlp, name)


@dataclass
class _Ent:
    start: int
    end: int
    id: str
    place: bool
    person: bool = False
    org: bool = False  # an authority, a government, a body: the regulator of a regulation fact
    product: bool = False


@dataclass
class _Hit:
    token: int  # first token of the cue
    end: int
    cue: lexicon.Cue
    parallel: bool = False  # read from the clause before: no word of its own


class CandidateFinder:
    """The `factsheets_candidates` component."""

    def __init__(self, nlp: Language, name: str = "factsheets_candidates"):
        self.name = name
        self.language = nlp.lang
        self.nlp = nlp
        self.table = lexicon.cues(self.language)
        # One-word entries are looked up by their lower-case form; only longer phrases go to the matcher, so
        # that common words ("of", "is", "per") cost no match each.
        self.terms = Terms(nlp)
        strings = nlp.vocab.strings
        self._exact: dict[int, int] = {}  # lower-case form → cue number, for one-word cue phrases
        for n, cue in enumerate(self.table.cues):
            self.terms.add("cue", n, [p for p in cue.phrases if not _one_word(nlp, p)])
            for p in cue.phrases:
                if _one_word(nlp, p):
                    self._exact.setdefault(strings.add(p), n)
        self._single: dict[str, frozenset[int]] = {}
        for category in _WORD_LISTS:
            words = getattr(self.table, category)
            self.terms.add(category, "", [w for w in words if not _one_word(nlp, w)])
            self._single[category] = frozenset(strings.add(w) for w in words if _one_word(nlp, w))
        heads = [_head(phrase, lexicon.ARTICLES.get(self.language, ())) for phrase in self.table.same_subject]
        heads = [h for h in heads if h]
        self.terms.add("reference_heads", "", [h for h in heads if not _one_word(nlp, h)])
        self._single["reference_heads"] = frozenset(strings.add(h) for h in heads if _one_word(nlp, h))
        self._articles = frozenset(strings.add(a) for a in lexicon.ARTICLES.get(self.language, ()))
        self._categories_of_word: dict[int, tuple[str, ...]] = {}  # lower-case form → its word lists
        for category, words in self._single.items():
            for word in words:
                self._categories_of_word[word] = (*self._categories_of_word.get(word, ()), category)
        self._starts: dict[str, list[int]] = {}
        # Every word of the cue file's lists: a sentence opening with one of them opens with no name
        self._words = frozenset(
            word
            for category in _WORD_LISTS
            for phrase in getattr(self.table, category)
            for word in phrase.split()
        )
        # Referring words without an article ("it", "they") stand for the subject only before any name
        self._pronouns = frozenset(
            strings.add(p)
            for p in self.table.same_subject
            if not _head(p, tuple(lexicon.ARTICLES.get(self.language, ())))
        )
        # "12% of Intel" with no stake word: a stake (the kind the cue file names) in the company after it
        self.portion = (
            lexicon.Cue(self.table.portion, "stake", "percent", phrases=("%",))
            if self.table.portion
            else None
        )
        self._firsts: tuple[list, dict] | None = None  # registry first words, for `_short_forms`
        self._seat_table: tuple[list, dict] | None = None  # capitals → registry governments, for `_seats`
        self._prepositions = frozenset(self.table.prepositions)
        # the last word of each word for the deal ("deal" of "the deal"): "The $40 billion deal"
        self.deal_nouns = frozenset(phrase.split()[-1].split("'")[-1] for phrase in self.table.deal_words)
        self._facts: list[dict] = []  # the facts of the Doc being read, and the keys of what they say
        self._seen: set[tuple] = set()
        self._doc: Doc | None = None
        self._figure_tokens: set[int] = set()  # tokens inside a figure, past its first
        self._lowers: list[int] = []  # the lower-case forms of the Doc being read
        self._future: dict[int, bool] = {}  # lower-case form → whether it ends like a future tense
        self._stems = sorted(
            ((n, word) for n, cue in enumerate(self.table.cues) for word in cue.words),
            key=lambda s: -len(s[1]),
        )
        self._rank = {kind: rank for rank, kind in enumerate(lexicon.KIND_PRECEDENCE)}
        articles = tuple(lexicon.ARTICLES.get(self.language, ()))
        self._investor_words = [(p, _head(p, articles) or p) for p in self.table.investor_heads]
        self._cache: dict[int, int | None] = {}  # lower-case form → cue number, filled as words are met
        self._found: Found | None = None  # the phrases of the Doc being read
        self.products: set[str] = set()  # the products the Doc being read names

    def __call__(self, doc: Doc) -> Doc:
        quantities = list(doc.spans[QUANTITIES_KEY]) if QUANTITIES_KEY in doc.spans else []
        dates = list(doc.spans[DATES_KEY]) if DATES_KEY in doc.spans else []
        read = {t for span in (*quantities, *dates) for t in range(span.start, span.end)}
        ents = [e for e in doc.ents if e.kb_id_ or not any(t in read for t in range(e.start, e.end))]
        if len(ents) != len(doc.ents):
            doc.ents = ents
        lowers = doc.to_array(LOWER).tolist()
        ents = with_seats(doc, lowers, self._short_forms(doc, ents), self._seats(), self._prepositions)
        ents = with_national_bodies(doc, lowers, ents, self._records())
        # Where names the registry lacks start, past any date they begin with ("Today Robotica Ferri")
        unknown = [
            next(t for t in range(e.start, e.end) if t not in read)
            for e in ents
            if not e.kb_id_ and not all(t in read for t in range(e.start, e.end))
        ]
        unknown = sorted({*unknown, *self._opening_names(doc, read)})
        found = self.terms.find(doc)
        self._found, self._doc = found, doc
        self._lowers = lowers
        self._index_starts(found)
        self._facts, self._seen = [], set()
        discourse = _Discourse()
        self._dates, self._quantities, self._unknown = dates, quantities, unknown
        self._added: list[Span] = []  # figures read by the fact rules ("within 60 days")
        self._regrouped = False  # whether a count was read again with the noun after it (`_regroup`)
        self._last_unit: str | None = None  # the counted noun of the last fact with a count
        self._figure_tokens = {t for q in quantities for t in range(q.start + 1, q.end)}
        walk = _Walk(ents)
        self.products = {e.kb_id_ for e in ents if e.kb_id_ and e.label_ == "product"}
        for sentence in doc.sents:
            in_sentence_d, walk.d = _starting_in(dates, walk.d, sentence)
            if walk.parallel is not None and not _series(walk.parallel):
                walk.parallel = None  # only shares, share prices and stakes run on from sentence to sentence
            self._counted_units(sentence)
            for clause in self._clauses(sentence, quantities, walk.q):
                self._read_clause(clause, sentence, walk, discourse, in_sentence_d)
        if self._added or self._regrouped:
            doc.spans[QUANTITIES_KEY] = [*quantities, *self._added]
        doc._.set(EXTENSION, self._facts)
        return doc

    def _counted_units(self, sentence: Span) -> None:
        """A count written without its noun takes the noun of the count it is part of, named right after an
        owner word ("will close 250 of its 12,800 branches"), or, followed by a word of more (`more_words`),
        of the count before it ("runs 14 data centres and plans to add six more")."""
        figures = self._figures_in(sentence)
        counted = [s for s in figures if s._.get(QUANTITY)["kind"] == "count" and s._.get(QUANTITY)["unit"]]
        for span in figures:
            data = span._.get(QUANTITY)
            if data["kind"] != "count" or data["unit"] or data["value"] is None:
                continue
            owner = self.at(span.end, "owner_words")
            whole = next((s for s in counted if owner is not None and owner <= s.start <= owner + 3), None)
            more = self.at(span.end, "more_words") is not None or any(
                self.at(k, "more_words") == span.start for k in range(max(0, span.start - 2), span.start)
            )  # "six more", "altri sei"
            source = whole or next((s for s in reversed(counted) if more and s.end <= span.start), None)
            if source is not None:
                span._.set(QUANTITY, {**data, "unit": source._.get(QUANTITY)["unit"]})

    def _opening_names(self, doc: Doc, read: set[int]) -> list[int]:
        """Capitalised words opening a sentence that may be a name the registry lacks ("Tesla bought a 5%
        stake in Intel"), in a sentence that names a registry entity: not a known word of the cue file, not
        a stop word, no part of a mention, a figure or a date. The name finder leaves one such word out (it
        may be any word); the facts do not give what it does to the entity named after it."""
        found = []
        for sentence in doc.sents:
            token = next((t for t in sentence if not t.is_punct and not t.is_space), None)
            if token is None or token.i in read or token.ent_type_ or not token.is_title:
                continue
            lower = token.lower_
            if token.is_stop or not token.is_alpha or lower in self._words or self._cue_of(lower) is not None:
                continue
            after = token.i + 1
            if after < sentence.end and doc[after].is_title:
                continue  # "Secondo Luca Bianchi": the name after, not the first word, is read
            # The first registry mention after it, with no comma between: "Net profit fell to $212 million"
            # has no name to mistake, "Fondata nel 2017, Aldera impiega 340 persone" opens with an aside
            named = next((t.i for t in sentence if t.ent_kb_id), None)
            if named is not None and not any(t.text == "," for t in doc[token.i : named]):
                found.append(token.i)
        return found

    def _index_starts(self, found: Found) -> None:
        """Where a word or phrase of each word list starts in the Doc, in order: read once, so that rules
        ask "is there one between i and j" without reading each token again."""
        starts: dict[str, list[int]] = {category: [] for category in self._single}
        by_word = self._categories_of_word
        starts["articles"] = []
        articles = self._articles
        for i, key in enumerate(self._lowers):
            for category in by_word.get(key, ()):
                starts[category].append(i)
            if key in articles:
                starts["articles"].append(i)
        for i, entries in found.starting.items():
            for _, category, _ in entries:
                if category in starts:
                    starts[category].append(i)
        self._starts = {category: sorted(set(where)) for category, where in starts.items()}

    def dated_between(self, start: int, end: int) -> bool:
        """Whether a date (a period: "last year", "il 2025") starts between tokens `start` and `end`."""
        return any(start <= d.start < end for d in self._dates)

    def starts_between(self, category: str, start: int, end: int) -> list[int]:
        """The tokens from `start` (included) to `end` (excluded) where a word of `category` starts."""
        where = self._starts.get(category, [])
        return where[bisect_left(where, start) : bisect_left(where, end)]

    def _read_clause(
        self, clause: Span, sentence: Span, walk: _Walk, discourse: _Discourse, in_sentence_d: list[int]
    ) -> None:
        """Propose the facts of one clause; their sentence is the whole sentence, their date the one of the
        sentence nearest their cue."""
        quantities, dates = self._quantities, self._dates
        named, walk.e = _entities(walk.ents, walk.e, clause)
        named = self._with_antecedent(clause, sentence, named, walk.ents[: walk.e])
        named = self._with_main_subject(clause, sentence, named, walk.ents[walk.e :])
        if named and self.at(clause.start, "source_words") is not None:
            named = self._without_source(clause, named)
            if not named:
                return  # "Secondo Luca Bianchi, presidente di X, il mercato crescerà del 20%": a view
        named = self._without_aside_source(clause, named)

        in_clause_q, walk.q = _starting_in(quantities, walk.q, clause)
        self._regroup(in_clause_q)
        if self._condition_of_ruling(clause, sentence, in_clause_q) or self._ruling_with_condition(
            clause, sentence, in_clause_q, named, walk.ents[: walk.e], in_sentence_d
        ):
            return  # the condition of a ruling ("ma X dovrà cedere 45 filiali") states nothing of its own
        if discourse.topic is not None:
            # a telling figure, or a clause that goes on from the one before ("… but expects to break even")
            telling = (
                any(_telling(quantities[i]) for i in in_clause_q)
                or clause.start > sentence.start
                or self._planned_count(clause, [quantities[i] for i in in_clause_q])
                or (bool(in_clause_q) and self._future_cue(clause))
            )
            named = self._implied(clause, named, discourse, telling, self._unknown)
        if not named:
            walk.parallel = None
            return
        reading = _Sentence(
            self, self._doc, clause, self._found, named, [(i, quantities[i]) for i in in_clause_q]
        )
        reading.dated, reading.topic = bool(in_sentence_d), discourse.topic
        reading.subordinate = (
            clause.start > sentence.start and self.at(clause.start, "subordinators") is not None
        )
        reading.unknown = [u for u in self._unknown if clause.start <= u < clause.end]
        reading.parallel, reading.partner = walk.parallel, discourse.partner
        reading.last_deal = discourse.last_deal if clause.start == sentence.start else None
        reading.last_ruling = discourse.last_ruling
        discourse.met(named)
        facts = reading.facts()
        walk.parallel = reading.main
        relative = self._relative(clause, sentence)
        for fact in facts:
            cue = fact.pop("cue", clause.start)
            # not a date in an aside the fact word is not in ("…, who founded X in 2014,"): the aside's own
            own = [d for d in in_sentence_d if reading.aside(dates[d].start) in (None, reading.aside(cue))]
            fact["date"] = min(own, key=lambda i: abs(dates[i].start - cue), default=None)
            if fact["kind"] == "regulation" and fact["quantity"] is None:
                self._deadline(fact, in_sentence_d)
            fact["sentence"] = sentence.start
            if not (relative and self._told_in_sentence(fact)):
                # not "…, è stata X, che da sola ha sottoscritto 50 milioni": X's part of its own deal
                self._propose(fact, clause, reading, discourse)
        if not relative:
            discourse.spoke_of(reading.grammatical_subject())  # "…, che sale al 12% del capitale": not it

    def _planned_count(self, clause: Span, figures: list[Span]) -> bool:
        """Whether a clause says a count of things is planned ("Deliveries of the first 40 units are planned
        for next year"): a count with its unit and a word of plan, of the company spoken of."""
        counts = [f for f in figures if f._.get(QUANTITY)["kind"] == "count" and f._.get(QUANTITY)["unit"]]
        return bool(counts) and any(what == "planned" for _, what in self.tense_marks(clause))

    def _propose(self, fact: dict, clause: Span, reading: _Sentence, discourse: _Discourse) -> None:
        """Add a fact of the clause, its figure signed and its counted noun filled in, unless it repeats."""
        self._signed(fact)
        self._elided_unit(fact, clause)
        quantities = self._quantities
        if self._keep(fact, [*quantities, *self._added] if self._added else quantities):
            discourse.stated(fact, reading)
            self._note_unit(fact)

    def _condition_of_ruling(self, clause: Span, sentence: Span, in_clause_q: list[int]) -> bool:
        """Whether a clause states the condition of the ruling proposed just before in its sentence ("…
        ha autorizzato la fusione, ma Banca Aurelia dovrà cedere 45 filiali"): its first figure after the
        word of condition becomes that ruling's figure, and the clause states nothing of its own."""
        last = self._facts[-1] if self._facts else None
        if clause.start == sentence.start or last is None or last["sentence"] != sentence.start:
            return False
        words = self.starts_between("condition_words", clause.start, clause.end)
        if last["kind"] != "regulation" or not words:
            return False
        if last["quantity"] is None:
            last["quantity"] = next((q for q in in_clause_q if self._quantities[q].start > words[0]), None)
        return True

    def _ruling_with_condition(
        self,
        clause: Span,
        sentence: Span,
        in_clause_q: list[int],
        named: list[_Ent],
        ents: list[Span],
        in_sentence_d: list[int],
    ) -> bool:
        """Whether a clause of condition follows a ruling that named no company ("L'Antitrust ha dato il via
        libera all'operazione, ma Banca Aurelia dovrà cedere più di 30 sportelli"): then it states that
        ruling, by the authority named before, on the company of the condition, with its figure."""
        words = self.starts_between("condition_words", clause.start, clause.end)
        last = self._facts[-1] if self._facts else None
        if (
            clause.start == sentence.start
            or not words
            or (last is not None and last["sentence"] == sentence.start)
        ):
            return False
        before = self._doc[sentence.start : clause.start]
        authority = next(
            (e.kb_id_ for e in ents if sentence.start <= e.start < clause.start and e.label_ == _ORG), None
        )
        if authority is None or not any(h.cue.kind == "regulation" for h in self.hits(before)):
            return False
        regulated = next(
            (n.id for n in named if n.start < words[0] and not (n.place or n.person or n.org)), None
        )
        figure = next((q for q in in_clause_q if self._quantities[q].start > words[0]), None)
        if regulated is None or figure is None:
            return False
        fact = _fact("regulation", authority, regulated, figure, "done")
        fact["date"] = in_sentence_d[0] if in_sentence_d else None
        fact["sentence"] = sentence.start
        self._keep(fact, self._quantities)
        return True

    def _future_cue(self, clause: Span) -> bool:
        """Whether the clause's first fact word is a verb in the future tense: a verb with no subject of its
        own named stands for the company spoken of ("Con i nuovi fondi assumerà 25 sviluppatori")."""
        first = self._first_cue(clause)
        endings = self.table.future_endings
        return first is not None and bool(endings) and self._doc[first].lower_.endswith(endings)

    def _with_antecedent(
        self, clause: Span, sentence: Span, named: list[_Ent], ents: list[Span]
    ) -> list[_Ent]:
        """A relative clause read on its own (", che ne rileva il 60%") takes the name its pronoun stands
        for, the last company or body before it in the sentence, as its first name; the company named
        before that one, if any, is what the clause speaks of where it names nothing after its verb."""
        start = clause.start
        if not self._relative(clause, sentence):
            return named
        before = [
            e
            for e in ents
            if sentence.start <= e.start
            and e.end <= start
            and e.kb_id_
            and e.label_ not in (_PLACE, "person")
        ]
        if not before:
            return named
        antecedent = before[-1]
        other = next((e for e in reversed(before) if e.kb_id_ != antecedent.kb_id_), None)
        if other is not None and self.at(start, "genitive_relatives") is not None:
            # "X investirà in Y, di cui rileverà una quota": Y is what the clause is on, X its doer
            antecedent, other = other, antecedent
        implied = [_Ent(start, start, antecedent.kb_id_, False, org=antecedent.label_ == _ORG), *named]
        if other is not None and all(n.id != other.kb_id_ for n in named):
            implied.append(_Ent(clause.end, clause.end, other.kb_id_, False, org=other.label_ == _ORG))
        return implied

    def _with_main_subject(
        self, clause: Span, sentence: Span, named: list[_Ent], later: list[Span]
    ) -> list[_Ent]:
        """An opening participle's clause that names no doer ("Completata l'acquisizione di X, Y ha scelto
        …") takes the subject of the main clause after it, the first company named there, as its first
        name."""
        if clause.start != sentence.start or clause.end >= sentence.end:
            return named
        if self.at(sentence.start, "opening_participles") is None:
            return named
        if self.starts_between("noun_agents", clause.start, clause.end):
            return named  # "Chiusa l'acquisizione di X da parte di Enel": the doer is named
        main = next(
            (e for e in later if e.start < sentence.end and e.kb_id_ and e.label_ not in (_PLACE, "person")),
            None,
        )
        if main is None:
            return named
        return [_Ent(clause.start, clause.start, main.kb_id_, False, org=main.label_ == _ORG), *named]

    def _relative(self, clause: Span, sentence: Span) -> bool:
        """Whether a clause is a relative clause cut from its sentence (", che …" to the end)."""
        start = clause.start
        return (
            start > sentence.start
            and self.at(start, "relative_openers") is not None
            and self._doc[start - 1].text == ","
        )

    def _regroup(self, in_clause_q: list[int]) -> None:
        """A count whose noun stands after an article, the figure put first ("Sono 400.000 gli utenti di X",
        "Sono 150 i milioni di euro che X investirà"): read again as a count of that noun, or as the sum of
        money its scale word and currency make; the span then runs to that word."""
        doc, articles = self._doc, lexicon.ARTICLES.get(self.language, ())
        for q in in_clause_q:
            span = self._quantities[q]
            data = span._.get(QUANTITY)
            if (
                data["kind"] != "count"
                or data["value"] is None
                or (data["unit"] or "") not in ("", *articles)
            ):
                continue
            k = span.start + next(
                (n for n, t in enumerate(span) if parse_number(t.text, self.language) is not None), 0
            )
            if k + 2 >= len(doc) or doc[k + 1].lower_ not in articles or not doc[k + 2].is_lower:
                continue
            regrouped = (
                self._as_money(k + 2, data)
                or self._as_count(k + 2, data)
                or (self._as_count(k + 3, data) if k + 3 < len(doc) else None)  # "i nuovi posti di lavoro"
            )
            others = (o for o in self._quantities if o is not span)
            if regrouped is not None and not any(span.end <= o.start < regrouped[0] for o in others):
                end, new = regrouped
                figure = Span(doc, span.start, end)
                figure._.set(QUANTITY, new)
                self._quantities[q] = figure
                self._figure_tokens.update(range(figure.start + 1, figure.end))
                self._regrouped = True

    def _as_money(self, k: int, data: dict) -> tuple[int, dict] | None:
        """(end, quantity) of a scale word and a currency at token k ("milioni di euro"), or None."""
        doc = self._doc
        scale = scale_words(self.language).get(doc[k].lower_)
        currency = k + 1
        if currency < len(doc) and self.at(currency, "owner_words") == currency + 1:
            currency += 1  # "milioni di euro"
        code = currency_phrases(self.language).get(doc[currency].lower_) if currency < len(doc) else None
        if scale is None or code is None:
            return None
        return currency + 1, {
            **data,
            "kind": "money",
            "value": plain_number(Decimal(str(data["value"])) * scale),
            "unit": code,
        }

    def _as_count(self, k: int, data: dict) -> tuple[int, dict] | None:
        """(end, quantity) of a count of the word at token k when it is a word of a measure ("gli utenti",
        "i nuovi posti di lavoro")."""
        n = self.cue_number(k)
        phrase = self._found.at(k, "cue") if self._found is not None else None
        if phrase is not None:
            n = phrase[2]
        if n is None or self.table.cues[n].kind not in ("metric", "plan"):
            return None
        return k + 1, {**data, "unit": self._doc[k].lower_}

    def _figure_data(self, fact: dict) -> dict | None:
        """The quantity data of a fact's figure, found or added, or None."""
        q = fact["quantity"]
        if q is None:
            return None
        span = self._quantities[q] if q < len(self._quantities) else self._added[q - len(self._quantities)]
        return span._.get(QUANTITY)

    def _note_unit(self, fact: dict) -> None:
        data = self._figure_data(fact)
        if data is not None and data["kind"] == "count" and data["unit"]:
            self._last_unit = data["unit"]

    def _elided_unit(self, fact: dict, clause: Span) -> None:
        """A count with no noun after a pronoun that stands for the noun counted before ("… 1.500 colonnine.
        Ne installerà altre 2.000"): a count of that noun (a figure added, the one found stays as read)."""
        data = self._figure_data(fact)
        if data is None or data["kind"] != "count" or data["unit"] or self._last_unit is None:
            return
        span = self._quantities[fact["quantity"]] if fact["quantity"] < len(self._quantities) else None
        if span is None or not self.starts_between("partitive_pronouns", clause.start, clause.end):
            return  # "Ne installerà altre 2.000", "Altri 60 ne aprirà"
        figure = Span(self._doc, span.start, span.end)
        figure._.set(QUANTITY, {**data, "unit": self._last_unit})
        fact["quantity"] = len(self._quantities) + len(self._added)
        self._added.append(figure)

    def _signed(self, fact: dict) -> None:
        """A measure whose sum follows a word of loss ("una perdita di 38 milioni"): its figure below zero,
        a figure added after those the quantity component found (theirs stays as read)."""
        if fact["kind"] != "metric" or fact["quantity"] is None or fact["quantity"] >= len(self._quantities):
            return
        span = self._quantities[fact["quantity"]]
        data = span._.get(QUANTITY)
        if data["kind"] != "money" or not data["value"] or data["value"] < 0:
            return
        if not any(
            self.at(k, "loss_words") and self.at(k, "loss_words") >= span.start - 1
            for k in range(max(0, span.start - 4), span.start)
        ):
            return
        figure = Span(self._doc, span.start, span.end)
        figure._.set(QUANTITY, {**data, "value": -data["value"]})
        fact["quantity"] = len(self._quantities) + len(self._added)
        self._added.append(figure)

    def _deadline(self, fact: dict, in_sentence_d: list[int]) -> None:
        """A regulation's condition with a time limit ("ordered Google to end the practice within 60 days",
        "entro 30 giorni"): the span of time is its figure, not its date (the date reader read it as one)."""
        doc, within = self._doc, lexicon.WITHIN_WORDS.get(self.language, ())
        units = duration_words(self.language)
        for d in in_sentence_d:
            span = self._dates[d]
            words = [t for t in span if not t.is_punct]
            if len(words) != 3 or words[0].lower_ not in within or words[2].lower_ not in units:
                continue
            value = parse_number(words[1].text, self.language)
            if value is None:
                continue
            figure = Span(doc, words[1].i, words[2].i + 1)
            figure._.set(
                QUANTITY,
                {
                    "kind": "measure",
                    "value": plain_number(value),
                    "unit": words[2].lower_,
                    "qualifier": "up_to",
                    "low": None,
                    "high": None,
                },
            )
            # after the quantities found: their indexes, and the order the walk reads them in, stay right
            fact["quantity"] = len(self._quantities) + len(self._added)
            self._added.append(figure)
            others = [i for i in in_sentence_d if i != d]
            fact["date"] = others[0] if len(others) == 1 else None
            return

    def _without_aside_source(self, clause: Span, named: list[_Ent]) -> list[_Ent]:
        """The clause's entities without those of a source set off by a comma inside it ("Una scommessa
        che, secondo gli analisti di Mediobanca, potrebbe …", "…, according to Nvidia, …")."""
        doc, cut = self._doc, set()
        for i in self.starts_between("source_words", clause.start + 1, clause.end):
            if doc[i - 1].text != ",":
                continue
            end = next((t.i for t in doc[i : clause.end] if t.text == ","), clause.end)
            cut.update(range(i, end))
        return [n for n in named if n.start not in cut] if cut else named

    def _without_source(self, clause: Span, named: list[_Ent]) -> list[_Ent]:
        """The clause's entities without those of an opening source ("Secondo la Banca d'Italia, …",
        "According to Nvidia, …"): who reports a fact is not who does it."""
        # the source runs to the last comma before the clause's first figure or fact word ("Secondo Luca
        # Bianchi, presidente di Borealis Capital, il mercato …")
        figures = [q.start for q in self._quantities if clause.start <= q.start < clause.end]
        limit = min([*figures, *(h.token for h in self.hits(clause))], default=clause.end)
        commas = [t.i for t in self._doc[clause.start : limit] if t.text == ","]
        return [n for n in named if n.start > commas[-1]] if commas else named

    def _clauses(self, sentence: Span, quantities: list[Span], q: int) -> list[Span]:
        """The sentence cut where a clause with facts of its own starts: at a `clause_breaks` word ("while",
        "mentre", ";"), or at a conjunction or a subordinating word followed by a new subject or a plan word
        ("… and Orbis Motors plans to hire …", "… e prevede di …", "… after Nvidia agreed to buy …", "…
        dopo che Nvidia ha annunciato …"), when both sides hold a fact word or a telling figure."""
        cuts = [sentence.start]
        places = sorted(
            {
                *self.starts_between("clause_breaks", sentence.start + 1, sentence.end - 1),
                *self.starts_between("conjunctions", sentence.start + 1, sentence.end - 1),
                *self.starts_between("subordinators", sentence.start + 1, sentence.end - 1),
                *self._closing_relatives(sentence),
                *self._comma_verbs(sentence),
            }
        )
        relatives = set(self._closing_relatives(sentence))
        opening = self._opening_clause_end(sentence)
        if opening is not None:
            places = sorted({*places, opening})
        for i in places:
            end = self.at(i, "clause_breaks")
            if end is None and self._doc[i].text == ",":
                end = i + 1  # a comma before a second verb of a deal (`_comma_verbs`), or after an opening
                # participle's clause (`_opening_clause_end`)
            elif end is None and i not in relatives:
                end = self.at(i, "conjunctions") or self.at(i, "subordinators")
                measure = self.at(i, "subordinators") is not None and self._measure_subject(end, sentence.end)
                if end is None or not (self._new_subject(end, sentence.end) or measure):
                    continue
                if self._names_joined(i) and not (
                    self._deal_verb(end, sentence.end, CLAUSE_VERBS) or self._saying_word(end, sentence.end)
                ):
                    continue  # "tra Stellantis e Arclight"; not "… in Intel e ha poi investito …"
            left = self._doc[cuts[-1] : i]
            right = self._doc[i : sentence.end]
            # a closing relative with a deal is a clause even after a main clause with no fact word
            if (i in relatives or self._has_fact(left, quantities, q)) and self._has_fact(
                right, quantities, q
            ):
                cuts.append(i)
        bounds = [*cuts, sentence.end]
        return [self._doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]

    def _opening_clause_end(self, sentence: Span) -> int | None:
        """The first comma of a sentence that opens with a past participle of its own (`opening_participles`:
        "Chiusa l'acquisizione di X da parte di Enel, alla guida … arriva Y"): that clause ends there."""
        if self.at(sentence.start, "opening_participles") is None:
            return None
        return next((t.i for t in self._doc[sentence.start + 1 : sentence.end - 1] if t.text == ","), None)

    def _comma_verbs(self, sentence: Span) -> list[int]:
        """Commas before a second verb of a deal ("it bought a stake in X, led a round for Y and sold …")."""
        comma = self._doc.vocab.strings[","]
        found = [
            i
            for i in range(sentence.start + 1, sentence.end - 1)
            if self._lowers[i] == comma and self._deal_verb(i + 1, sentence.end)
        ]
        if not found:
            return found
        # not the comma that closes a relative clause: "SoftBank, which owns 10% of Oracle, invested …"
        closing = {_clause_end(sentence, i) - 1 for i, what, _, _ in self.marks(sentence) if what == "clause"}
        return [i for i in found if i not in closing]

    def _closing_relatives(self, sentence: Span) -> list[int]:
        """Where a relative clause that runs to the end of the sentence opens (", che ne rileva il 60%.",
        ", which will pay $2 billion."): it says more of its own about the name before it."""
        doc = self._doc
        return [
            i
            for i in self.starts_between("relative_openers", sentence.start + 1, sentence.end - 1)
            if doc[i - 1].text == ","
            and _clause_end(sentence, i) >= sentence.end
            and (
                self._deal_in(doc[i : sentence.end])
                or self._period_result(doc[i : sentence.end])
                or not any(h.cue.primary for h in self.hits(doc[sentence.start : i - 1]))
            )
        ]  # "Seduta nera per X, che ha perso il 12%": the main clause states nothing, the relative does

    def _period_result(self, span: Span) -> bool:
        """Whether a span states a result for a period it names (", che nel 2025 ha fatturato 80 milioni",
        ", which sold 212,000 vehicles last year"): a word of a measure, a figure and a date in it."""
        return (
            any(h.cue.primary and h.cue.kind == "metric" for h in self.hits(span))
            and bool(self._figures_in(span))
            and any(span.start <= d.start < span.end for d in self._dates)
        )

    def _deal_in(self, span: Span) -> bool:
        """Whether a span holds a word of a deal (a purchase, an investment, a partnership): a description
        ("che promette 480 chilometri", "which has 9 million customers") is no clause of its own."""
        return any(
            h.cue.primary and h.cue.kind in DEALS and h.cue.roles in ("active", "stake", "receive", "sell")
            for h in self.hits(span)
        )  # not "which would hand two-thirds of the profit back to shareholders"

    def _names_joined(self, i: int) -> bool:
        """Whether the conjunction at i joins two names ("l'accordo tra Stellantis e Arclight"): a company
        or body right before it."""
        doc = self._doc
        return i > 0 and bool(doc[i - 1].ent_kb_id) and doc[i - 1].ent_type_ not in (_PLACE, "person")

    def _new_subject(self, i: int, limit: int) -> bool:
        """Whether a name, a word for the company, a plan word, a verb of a deal or a word of saying starts
        at token i (past articles)."""
        doc = self._doc
        while i < limit and (self._lowers[i] in self._articles or self._opens_clause(i)):
            i += 1  # "… and that it would hire 400 staff": past the word that opens what is said
        if i >= limit:
            return False
        return bool(
            doc[i].ent_kb_id
            or self.at(i, "same_subject")
            or self.at(i, "reference_heads")
            or self.at(i, "planned")
            or self.at(i, "expected")
            or self._plan_word(i)
            or self._deal_verb(i, limit, CLAUSE_VERBS)
            or self._saying_word(i, limit)
        )

    def _opens_clause(self, i: int) -> bool:
        """Whether token i is a relative opener that starts a clause said ("that", "che") right after a
        conjunction."""
        return (
            i > 0
            and self.at(i, "relative_openers") is not None
            and self.at(i - 1, "conjunctions") is not None
        )

    def _measure_subject(self, i: int, limit: int) -> bool:
        """Whether a measure word is the subject right after a subordinating word, past up to three words
        before it ("… as full-year revenue rose to €4.2 billion"): a measure of its own."""
        for k in range(i, min(i + 4, limit)):
            n = self.cue_number(k)
            if n is not None:
                cue = self.table.cues[n]
                return cue.kind == "metric" and cue.primary and cue.roles == "active"
            if not (self._doc[k].is_lower or self._doc[k].text in ("-", "–")):
                return False
        return False

    def _saying_word(self, i: int, limit: int) -> bool:
        """Whether token i is a word of saying that a word of plan follows within three words ("… and
        confirmed it will launch four models"): what is planned is a clause of its own; not "and said its
        capital ratio stood at 15.1%", one more measure of the same statement."""
        n = self.cue_number(i)
        if n is None or self.table.cues[n].kind != "announcement" or self.table.cues[n].primary:
            return False
        return any(self.at(k, "planned") or self.at(k, "expected") for k in range(i + 1, min(i + 4, limit)))

    def _deal_verb(self, i: int, limit: int, kinds: tuple[str, ...] = DEALS) -> bool:
        """Whether a verb of a deal (of `kinds`) starts at token i, past auxiliaries ("… and sold its shares",
        "…, led a round", "e ha poi ceduto", "e ha nominato"): a second verb of the same subject, a clause
        of its own."""
        while i < limit and self.at(i, "auxiliaries") is not None:
            i = self.at(i, "auxiliaries")
        if i >= limit or not self._doc[i].is_lower or self._doc[i].lower_.endswith(GERUNDS):
            return False  # "…, acquistando azioni a 23 dollari": how the same deal is done
        n = self.cue_number(i)
        cue = self.table.cues[n] if n is not None else None
        return (
            cue is not None
            and cue.primary
            and cue.kind in kinds
            and cue.roles in ("active", "sell", "person")
        )

    def _plan_word(self, i: int) -> bool:
        """Whether token i is a word of the plan cues ("expects", "prevede")."""
        n = self.cue_number(i)
        return n is not None and self.table.cues[n].kind == "plan"

    def cue_number(self, i: int) -> int | None:
        """The number of the cue token i's word starts with, or None (looked up once per word)."""
        key = self._lowers[i]
        n = self._cache.get(key, -1)
        if n == -1:
            n = self._cache[key] = self._cue_of(self._doc.vocab.strings[key])
        return n

    def _has_fact(self, span: Span, quantities: list[Span], q: int) -> bool:
        """Whether a part of a sentence holds a fact word or a telling figure."""
        for quantity in quantities[q:]:
            if quantity.start >= span.end:
                break
            if quantity.start >= span.start and _telling(quantity):
                return True
        return bool(self.hits(span))

    def _keep(self, fact: dict, quantities: list[Span]) -> bool:
        """Add `fact` unless it says again what an earlier sentence said: the same kind, subject, object
        and figure; an ownership already stated ("invests in" then "the fund is its largest owner"); or a
        deal's sum of money already stated ("will invest $5 billion" then "the $5 billion investment")."""
        if self._fills_figure(fact):
            return False
        key = _repeat_key(fact, quantities)
        money = _money_key(fact, quantities)
        seen = self._seen
        if fact.pop("shared", False):
            money = (None,)  # a second investor of the same sum: no repeat of the first's
        if key in seen or (fact["quantity"] is None and _owned(fact) in seen) or money in seen:
            return False
        seen.update({key, _owned(fact)} | ({money} if money[0] is not None else set()))
        self._facts.append(fact)
        return True

    def _told_in_sentence(self, fact: dict) -> bool:
        """Whether the sentence of `fact` already holds a fact of the same kind between the same two, with a
        figure: a relative clause on its subject tells a part of that deal, not a second one."""
        same = ("sentence", "kind", "subject", "object")
        return any(
            all(f[k] == fact[k] for k in same) and f["quantity"] is not None
            for f in self._facts
            if f["sentence"] == fact["sentence"]
        )

    def _fills_figure(self, fact: dict) -> bool:
        """Whether `fact` gives its figure to the same fact of the same sentence proposed without one
        ("Intel passa sotto il controllo di SoftBank, che ne rileva il 60%": one purchase, of 60%)."""
        same = ("sentence", "kind", "subject", "object")
        if fact["quantity"] is None:
            return False
        for earlier in reversed(self._facts):
            if earlier["sentence"] != fact["sentence"]:
                return False
            if earlier["quantity"] is None and all(earlier[k] == fact[k] for k in same):
                earlier["quantity"] = fact["quantity"]
                return True
        return False

    def _short_forms(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """`ents` with each name the registry lacks that is the first word of a registry name met before in
        the Doc read as that entity ("la Cassa" after "Cassa Depositi e Prestiti" or its alias "Cdp")."""
        firsts = self._first_words()
        met: set[str] = set()
        out = []
        for ent in ents:
            if ent.kb_id_:
                met.add(ent.kb_id_)
            elif len(ent) == 1 and firsts.get(ent.text.lower(), (None,))[0] in met:
                entity_id, kind = firsts[ent.text.lower()]
                ent = Span(doc, ent.start, ent.end, label=kind, kb_id=entity_id)
            out.append(ent)
        return out

    def _records(self) -> list[dict]:
        """The registry as the mentions component read it."""
        mentions = (
            self.nlp.get_pipe("factsheets_mentions") if self.nlp.has_pipe("factsheets_mentions") else None
        )
        return getattr(mentions, "records", [])

    def _seats(self) -> dict[str, tuple[str, str]]:
        """Capitals that stand for a registry government ("Washington"), read once per registry."""
        records = self._records()
        if self._seat_table is None or self._seat_table[0] is not records:
            self._seat_table = (records, seats_of(records, self.language))
        return self._seat_table[1]

    def _first_words(self) -> dict[str, tuple[str, str]]:
        """First word (lower case) of each registry name of two words or more → (id, kind); a word that
        starts the names of two entities is left out."""
        mentions = (
            self.nlp.get_pipe("factsheets_mentions") if self.nlp.has_pipe("factsheets_mentions") else None
        )
        records = getattr(mentions, "records", [])
        if self._firsts is not None and self._firsts[0] is records:
            return self._firsts[1]
        firsts: dict[str, tuple[str, str] | None] = {}
        for record in records:
            for name in record["names"]:
                words = name.split()
                if len(words) < 2 or not words[0][:1].isupper():
                    continue
                key = words[0].lower()
                value = (record["id"], record["kind"])
                firsts[key] = value if firsts.get(key, value) == value else None
        table = {k: v for k, v in firsts.items() if v is not None}
        self._firsts = (records, table)
        return table

    def at(self, i: int, category: str) -> int | None:
        """The end of a word or phrase of `category` (a `_WORD_LISTS` name) starting at token i, or None."""
        if i < len(self._lowers) and self._lowers[i] in self._single[category]:
            return i + 1
        found = self._found.at(i, category) if self._found is not None else None
        return found[0] if found is not None else None

    def _implied(
        self, sentence: Span, named: list[_Ent], discourse: _Discourse, figures: bool, unknown: list[int]
    ) -> list[_Ent]:
        """The sentence's entities with those it refers to without naming them: a word that stands for the
        company the sentences before spoke of ("The company …", "In May it …", "… of the start-up"), or, in
        a sentence with a figure and a fact word but no name, that company itself ("Net profit fell to …"),
        unless a name the registry lacks stands before either."""
        referred = []
        for start, end, what in self._references(sentence, named):
            opener = all(n.start >= end for n in named)
            if opener and _unknown_before(unknown, sentence, start):
                continue
            meant = discourse.meant(what, opener, named, referred)
            if meant is not None:
                referred.append(_Ent(start, end, meant, False, org=what == "authority"))
        if referred:
            return sorted([*referred, *named], key=lambda n: n.start)
        if not named and figures:  # a telling figure: not a span of time, not "the two companies"
            if discourse.deal is not None and self.opens_with_deal(sentence, self._figures_in(sentence)):
                # "The deal could be worth $90 million": what the last deal's buyer pays
                return [_Ent(sentence.start, sentence.start, discourse.deal, False)]
            cue = self._first_cue(sentence)
            if cue is not None and not _unknown_before(unknown, sentence, cue):
                return [_Ent(sentence.start, sentence.start, discourse.topic, False)]
        return named

    def _references(self, sentence: Span, named: list[_Ent]) -> list[tuple[int, int, str]]:
        """Where words stand for an entity named before, and how: "pronoun" ("it", before any name),
        "company" (a noun phrase anywhere outside names: "the company", "la società torinese", "the Italian
        utility", "della società") or "authority" ("the regulator")."""
        first_name = min((n.start for n in named), default=sentence.end)
        inside = {t for n in named if not n.place for t in range(n.start, n.end)}  # "the Milan fintech"
        found, after = [], sentence.start
        places = {
            *self.starts_between("same_subject", sentence.start, sentence.end),
            *self.starts_between("authority_words", sentence.start, sentence.end),
            *self.starts_between("deal_words", sentence.start, sentence.end),
            *self.starts_between("bought_words", sentence.start, sentence.end),
            *self.starts_between("articles", sentence.start, sentence.end),
            *self.starts_between("reference_heads", sentence.start, sentence.end),
        }
        for i in sorted(places):  # only where a referring phrase may start
            if i < after:
                continue
            what, end = self._reference_at(i, sentence)
            if end is not None and not inside.intersection(range(i, end)):
                if what != "pronoun" or end <= first_name:
                    found.append((i, end, what))
                after = end
        return found

    def _reference_at(self, i: int, sentence: Span) -> tuple[str, int | None]:
        end = self.at(i, "authority_words")
        if end is not None:
            return "authority", end
        end = self.at(i, "deal_words")
        if end is not None:
            return "deal", end
        end = self.at(i, "bought_words")
        if end is not None and (end - i > 1 or (i > sentence.start and self.at(i - 1, "prepositions") == i)):
            return "bought", end  # "la controllata", "della controllata"; not "controllata da X"
        end = self.at(i, "same_subject") or self._reference_with_adjective(i, sentence.end)
        if (
            end is None
            and i > sentence.start
            and any(self.at(i - 1, words) == i for words in ("owner_words", "buyer_words", "agent_words"))
        ):
            end = self.at(i, "reference_heads")  # "della società torinese", "alla società", "dal gruppo"
        if end is None:
            return "", None
        if self._lowers[i] in self._pronouns:
            return "pronoun", end
        return ("investor" if self._investor_head(i, end) else "company"), end

    def _investor_head(self, start: int, end: int) -> bool:
        """Whether a referring phrase names an investor: one of `investor_heads`, or its head words after
        other words ("the Boston fund")."""
        words = " ".join(self._doc[k].lower_ for k in range(start, end))
        return any(words == phrase or words.endswith(" " + head) for phrase, head in self._investor_words)

    def _reference_with_adjective(self, i: int, limit: int) -> int | None:
        """The end of "the <one or two words> <company noun>" ("the Italian utility") starting at i."""
        if self._lowers[i] not in self._articles:
            return None
        for skip in range(1, 7):  # "the Boston-based health-tech company": hyphens are words here
            head = i + 1 + skip
            # "the Italian utility", "the Milan fintech", "the Copenhagen-based carrier"; not "le due
            # società" (two companies are not the one named before)
            if head >= limit or not all(self._adjective_like(k) for k in range(i + 1, head)):
                return None
            end = self.at(head, "reference_heads")
            if end is not None:
                return end
        return None

    def _adjective_like(self, k: int) -> bool:
        """Whether token k may stand between an article and a company noun: a word (a place name too) or
        the hyphen of "Copenhagen-based", not a number nor a registry company."""
        token = self._doc[k]
        if token.text in ("-", "–"):
            return True
        return (
            token.is_alpha
            and not token.like_num
            and not token.is_stop  # "the largest ever made by a chip maker" is no company named before
            and (not token.ent_kb_id or token.ent_type_ == _PLACE)
        )

    def _figures_in(self, sentence: Span) -> list[Span]:
        """The quantities that start in a sentence, in order."""
        quantities = self._quantities
        starts = [q.start for q in quantities]
        return quantities[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]

    def opens_with_deal(self, sentence: Span, figures: list[Span]) -> bool:
        """Whether a sentence opens with a word for the deal ("The deal", "L'operazione"), or an article, a
        sum and the deal's noun ("The $40 billion deal")."""
        start = sentence.start
        if self.at(start, "deal_words") is not None:
            return True
        first = figures[0] if figures else None
        if first is None or first.start != start + 1 or self._lowers[start] not in self._articles:
            return False
        return first.end < sentence.end and self._doc[first.end].lower_ in self.deal_nouns

    def _first_cue(self, sentence: Span) -> int | None:
        """Where the first fact word of a sentence stands, or None."""
        return next((h.token for h in self.hits(sentence)), None)

    def marks(self, sentence: Span) -> list[tuple[int, str, int, int]]:
        """Where cues may start in a sentence, in order: (token, "phrase"/"word"/"clause", cue number, end),
        read from the lower-case forms (only sentences that may hold a fact are read)."""
        doc, found = sentence.doc, self._found
        marks: list[tuple[int, str, int, int]] = []
        strings, exact, openers = doc.vocab.strings, self._exact, self._single["relative_openers"]
        comma = strings[","]
        for i in range(sentence.start, sentence.end):
            key = self._lowers[i]
            # the longest phrase first: it wins over a shorter one it starts with ("a guidare il round")
            for end, category, payload in sorted(found.starting.get(i, ()), key=lambda e: -e[0]):
                if category == "cue":
                    marks.append((i, "phrase", payload, end))
                elif category == "relative_openers" and i > sentence.start and self._lowers[i - 1] == comma:
                    marks.append((i, "clause", -1, end))
            # a relative clause read as a clause of its own (`_clauses`) is no aside of itself
            if key in openers and i > sentence.start and self._lowers[i - 1] == comma:
                marks.append((i, "clause", -1, i + 1))
            if key in exact:
                marks.append((i, "phrase", exact[key], i + 1))
            n = self._cache.get(key, -1)
            if n == -1:
                n = self._cache[key] = self._cue_of(strings[key])
            if n is not None and _wordlike(doc[i]):
                marks.append((i, "word", n, i + 1))  # names never signal a kind ("Intesa Sanpaolo")
        return marks

    def tense_marks(self, sentence: Span) -> list[tuple[int, str]]:
        """The sentence's words of plans and expectations and its verbs in the future tense, in order:
        (token, "planned"/"expected"/"future")."""
        marks: list[tuple[int, str]] = []
        strings, endings = sentence.doc.vocab.strings, self.table.future_endings
        expected, planned, future = self._single["expected"], self._single["planned"], self._future
        phrases = {
            i: category
            for i in range(sentence.start, sentence.end)
            for _, category, _ in self._found.starting.get(i, ())
            if category in ("expected", "planned")
        }
        for i in range(sentence.start, sentence.end):
            key = self._lowers[i]
            if key in expected or phrases.get(i) == "expected":
                marks.append((i, "expected"))
            elif key in planned or phrases.get(i) == "planned":
                marks.append((i, "planned"))
            elif endings:
                if key not in future:
                    future[key] = strings[key].endswith(endings)
                if future[key]:
                    marks.append((i, "future"))
        return marks

    def hits(self, sentence: Span) -> list[_Hit]:
        """The cues of a sentence, in order; a phrase wins over the words inside it. Cues inside a relative
        clause (", which has 100,000 employees,") do not count."""
        hits: list[_Hit] = []
        after = sentence.start  # tokens before this one are inside a phrase or clause already read
        for i, what, n, end in self.marks(sentence):
            if i < after or (
                what != "clause" and i in self._figure_tokens and not self.table.cues[n].primary
            ):
                continue  # inside a phrase or clause read, or a figure's own word ("21 per cento")
            if what == "clause":
                after = _clause_end(sentence, i)
                continue
            hits.append(_Hit(i, end, self.table.cues[n]))
            if what == "phrase":
                after = end
        return hits

    def _cue_of(self, lower: str) -> int | None:
        """The cue a lower-case word starts with; the longest word start wins ("investigat" over "invest")."""
        cues = self.table.cues
        return next(
            (
                n
                for n, stem in self._stems
                if lower.startswith(stem) and not any(lower.startswith(x) for x in cues[n].exceptions)
            ),
            None,
        )


class _Sentence:
    """One sentence read for facts."""

    def __init__(self, finder: CandidateFinder, doc: Doc, sentence: Span, found: Found, named, figures):
        self.finder, self.doc, self.sentence, self.found = finder, doc, sentence, found
        self.dated = False  # whether the sentence states a date
        self.subordinate = False  # whether the clause opens with a subordinating word ("after", "dopo che")
        self.topic: str | None = None  # the company the sentences before spoke of
        self.partner: str | None = None  # the company the last fact was about
        self.unknown: list[int] = []  # where names the registry lacks start in the sentence
        self._clauses: list[tuple[int, int]] | None = None  # its relative clauses, read when needed
        self.parallel: lexicon.Cue | None = None  # the main cue of the clause before, in the same sentence
        self.last_deal: dict | None = None  # the purchase or investment stated last, for "the deal"
        self.last_ruling: dict | None = None  # the regulation stated last, for a reply to it
        self.main: lexicon.Cue | None = None  # the cue of this clause's main fact, once read
        self.hits: list[_Hit] = []
        self.named: list[_Ent] = named
        self.figures: list[tuple[int, Span]] = figures

    def facts(self) -> list[dict]:
        facts = self._clause_facts()
        return [*facts, *self._results_in_asides(facts)]

    def _clause_facts(self) -> list[dict]:
        if self._said_not_done():
            return []  # "non esclude di salire oltre il 20%": a possibility, not a fact
        hits = self.hits = self._read_hits() or self._parallel_hit()
        unnamed = self._unnamed_round()
        if unnamed is not None:
            return [unnamed]
        worth = self._deal_worth(hits)
        if worth is not None:
            return [worth]
        if not hits:
            return self._metric()
        main = self._main(hits)
        if main is None:
            return self._purchase(hits) or self._valuation_only(hits) or self._metric()
        main = self._main_past_sale(main, hits)
        if main is None:
            return self._metric(money=False)
        self.main = main.cue
        first = self._fact(main, used=set())
        if first is None and main.cue.roles != "stake":
            # a main word that makes no fact ("Oracle's board approved a plan to buy back …"): the next word
            # of another kind that does
            main, first = self._next_main(main, hits)
            self.main = main.cue
        if first is not None and first["kind"] != main.cue.kind:  # "una quota del 14%" became a share
            self.main = dataclasses.replace(main.cue, kind=first["kind"], roles="active")
        if first is None:
            # "prevede di superare quota 14.000": a stake word before a figure of no stake; "paid $8.9
            # billion for its new shares in Intel": a share word that moves nothing, the sum paid for them
            return self._metric() if main.cue.roles == "stake" else self._purchase(hits)
        facts = self._more(main, hits, first)
        return [*facts, *self._shared(facts), *self._moves(facts)]

    def _results_in_asides(self, facts: list[dict]) -> list[dict]:
        """A result for a stated period told in a relative clause on a company (", which sold 212,000
        vehicles last year,", ", che ha chiuso il 2025 con una perdita di 38 milioni,"): a metric of that
        company, whatever the sentence goes on to say; a size with no period there (", which employs 5,200
        people,") is background and no fact."""
        used = {f["quantity"] for f in facts}
        results = []
        for i, span in self.figures:
            aside = self.aside(span.start)
            if i in used or aside is None or not _telling(span) or self.finder.at(span.end, "per_unit"):
                continue
            if span._.get(QUANTITY)["kind"] == "percent" or not self.finder.dated_between(*aside):
                continue  # ", che ne possedeva già il 15%": a stake held, no result
            if not self._measured_in(aside[0], span.start):
                continue  # ", which had guided for €2.6 billion in February,": a forecast, no result
            company = next(
                (
                    n.id
                    for n in self.named
                    if n.end == aside[0] - 1 and not (n.place or n.person or n.product)
                ),
                None,
            )
            if company is not None:
                used.add(i)
                fact = _fact("metric", company, None, i, "done")
                fact["cue"] = span.start  # its date is the aside's period
                results.append(fact)
        return results

    def _measured_in(self, start: int, end: int) -> bool:
        """Whether a word of a measure (a metric's cue, or selling told with no buyer: "sold 212,000
        vehicles") stands between tokens `start` and `end`."""
        cues = self.finder.table.cues
        return any(
            start <= i < end and (cues[n].kind == "metric" or cues[n].roles == "sell")
            for i, what, n, _ in self.finder.marks(self.sentence)
            if what != "clause"
        )

    def _unnamed_round(self) -> dict | None:
        """Money a company raised from investors it does not name ("Quillmate has raised $65 million without
        naming its investors"): an investment in it with no subject, the sum raised as its figure."""
        sentence = self.sentence
        if not self.finder.starts_between("unnamed_investors", sentence.start, sentence.end):
            return None
        raised = next(
            (
                h
                for h in self.finder.hits(sentence)
                if h.cue.kind == "investment" and h.cue.roles == "receive"
            ),
            None,
        )
        company = self._first(before=raised.token, person=False, product=False) if raised else None
        money = next((i for i, s in self.figures if s._.get(QUANTITY)["kind"] == "money"), None)
        if company is None or money is None:
            return None
        fact = _fact("investment", None, company, money, self._status(raised))
        fact["cue"] = raised.token
        return fact

    def _valuation_only(self, hits: list[_Hit]) -> list[dict]:
        """What a sentence with only a word of worth says ("The listing could value Pixelforge at up to
        $6bn"): a measure of the company valued, expected where it could be, never a plan."""
        hit = next((h for h in hits if h.cue.roles == "valued"), None)
        fact = self._fact(hit, set()) if hit is not None else None
        return [fact] if fact is not None and fact["kind"] == "metric" else []

    def _deal_worth(self, hits: list[_Hit]) -> dict | None:
        """What a sentence about the last deal says it is worth ("The $40 billion deal …", "The deal, worth
        $40 billion, …", "L'operazione potrebbe valere fino a 90 milioni"), where no word of a deal of its
        own stands in it: the price of a stake bought (an investment of the same two), or the sum of a
        purchase stated without one."""
        deal = self.last_deal
        if deal is None:
            return None
        paid = self._paid_for_stake(hits, deal)
        if not paid and not self._opens_with_deal():
            return None
        if any(
            h.cue.kind in DEALS and h.cue.primary and not h.parallel and h.token not in paid for h in hits
        ):
            return None  # "The deal follows Nvidia's purchase of …": a deal of its own
        money = [
            i
            for i, span in self.figures
            if span._.get(QUANTITY)["kind"] == "money"
            and not self.finder.at(span.end, "per_unit")
            and not self._valuation(span)
        ]
        quantities = self.doc.spans[QUANTITIES_KEY]
        had = None if deal["quantity"] is None else quantities[deal["quantity"]]._.get(QUANTITY)["kind"]
        if not money or had == "money":
            return None  # no sum, or the deal's sum is known already
        kind = "investment" if had == "percent" else deal["kind"]  # a stake's price is a second fact
        marks = [what for i, what in self.finder.tense_marks(self.sentence) if i < quantities[money[0]].start]
        status = ("planned" if marks[0] == "future" else marks[0]) if marks else deal["status"]
        fact = _fact(kind, deal["subject"], deal["object"], money[0], status)
        fact["cue"] = self.sentence.start
        return fact

    def _paid_for_stake(self, hits: list[_Hit], deal: dict) -> range:
        """Where a phrase for the stake bought just before stands ("The fund paid $520 million for the
        shares", "Per la quota il fondo ha pagato …") beside a word of paying, in a sentence that names no
        company but the two of that purchase: its sum is the stake's price. An empty range when none."""
        quantity = deal["quantity"]
        if quantity is None or self.doc.spans[QUANTITIES_KEY][quantity]._.get(QUANTITY)["kind"] != "percent":
            return range(0)
        if any(n.id not in (deal["subject"], deal["object"]) for n in self.named if not n.place):
            return range(0)
        for start in self.finder.starts_between("stake_paid_words", self.sentence.start, self.sentence.end):
            end = self.finder.at(start, "stake_paid_words")
            if any(
                h.cue.kind == "investment" and not h.cue.primary and not start <= h.token < end for h in hits
            ):
                return range(start, end)
        return range(0)

    def _opens_with_deal(self) -> bool:
        return self.finder.opens_with_deal(self.sentence, [span for _, span in self.figures])

    def _main_past_sale(self, main: _Hit, hits: list[_Hit]) -> _Hit | None:
        """The main word, unless a word of selling before it names no buyer: then the word of a share price
        move, or None ("sold 500,000 cars": a measure; "sells for $1,299": a price; "completed the sale of
        its stake in X" with no buyer named: nobody's purchase; "cede il 12% in Borsa": a price move)."""
        sale = next((h for h in hits if h.cue.roles == "sell" and h.token <= main.token), main)
        if sale.cue.roles != "sell" or main.cue.kind != "acquisition" or self._buyer(sale) is not None:
            return main
        return self._move_told_as_sale(hits)

    def _move_told_as_sale(self, hits: list[_Hit]) -> _Hit | None:
        """The word of a share price of a sentence whose word of selling names no buyer and whose figure is a
        percentage ("Volturna cede il 12,4% in Borsa"): what is given up is value on the market."""
        if not any(s._.get(QUANTITY)["kind"] == "percent" for _, s in self.figures):
            return None
        return next((h for h in hits if h.cue.kind == "stock"), None)

    def _next_main(self, main: _Hit, hits: list[_Hit]) -> tuple[_Hit, dict | None]:
        """(cue, fact) of the first primary word after `main`, of another kind, that makes a fact; not a
        measure word inside a complement ("a fine … over the handling of customers' records")."""
        # after it first; then before it, when the clause's subject is only named after the fact word ("and
        # buy back up to $1 billion of its shares": "shares" makes no fact, the buy-back does)
        for hit in [*(h for h in hits if h.token > main.token), *(h for h in hits if h.token < main.token)]:
            if hit.cue.kind == "metric" and self._in_phrase(hit.token):
                continue
            if hit.cue.roles == "sell" and self._buyer(hit) is None:
                continue  # "and sold its remaining shares in X": no buyer named, nobody's purchase
            if hit.cue.primary and hit.cue.kind != main.cue.kind:
                fact = self._fact(hit, used=set())
                if fact is not None:
                    return hit, fact
        return main, None

    def _purchase(self, hits: list[_Hit]) -> list[dict]:
        """A sum paid for a company ("agreed to pay $3.9 billion for Quillon Health", "pagherà 2 miliardi
        per Sorrel Motors"): its purchase, where no word of the sentence says more."""
        for hit in hits:
            if hit.cue.kind != "investment" or hit.cue.primary or not hit.cue.phrases:
                continue  # the word of the payment ("for", "per") of the cue file
            figure = next((i for i, s in self.figures if s.end == hit.token), None)
            bought = next(
                (n for n in self.named if not n.place and not n.person and hit.end <= n.start <= hit.end + 1),
                None,
            )
            kind = "acquisition"
            if bought is None:
                # the price of shares in a company is an investment in it (as a stake's price is)
                kind, bought = "investment", self._shares_paid_for(hit)
            if figure is None or bought is None:
                continue
            data = self.doc.spans[QUANTITIES_KEY][figure]._.get(QUANTITY)
            buyer = self._first(before=self.doc.spans[QUANTITIES_KEY][figure].start, not_id=bought.id)
            if data["kind"] != "money" or buyer is None or self.finder.at(hit.end, "per_unit"):
                continue
            fact = _fact(kind, buyer, bought.id, figure, self._status(hit))
            fact["cue"] = hit.token
            return [fact]
        return []

    def _shares_paid_for(self, hit: _Hit) -> _Ent | None:
        """The company whose shares a sum is paid for: a word of shares or a stake up to three words after
        the word of payment ("for its new shares in Intel", "per le azioni di Intel"), the company right
        after an owner word that follows it."""
        shares = next(
            (
                h
                for h in self.hits
                if h.cue.roles in ("listed", "stake") and hit.end <= h.token <= hit.end + 3
            ),
            None,
        )
        if shares is None or self.finder.at(shares.end, "owner_words") is None:
            return None
        start = self.finder.at(shares.end, "owner_words")
        return next(
            (
                n
                for n in self.named
                if not (n.place or n.person or n.product) and start <= n.start <= start + 1
            ),
            None,
        )

    def _more(self, main: _Hit, hits: list[_Hit], first: dict) -> list[dict]:
        """The sentence's main fact and the facts other words state beside it: a second measure, a stake
        and its price, a word that governs a figure of another kind."""
        facts = [first]
        used = {first["quantity"]} if first["quantity"] is not None else set()
        for hit in hits:
            if self._another_measure(main, hit, first):
                fact = self._measure(hit, used)
                if fact is not None:
                    if fact["kind"] == "announcement":
                        fact["status"] = first["status"]  # "will pay … and buy back …": one future
                    elif self._second_predicate(first, hit):
                        fact["status"] = self._predicate_status(first, hit)
                    used.add(fact["quantity"])
                    facts.append(fact)
                continue
            if not hit.cue.second or hit.cue.kind == main.cue.kind or not self._second(main, hit):
                continue
            figure = self._figure(hit, used, strict=True)
            # A stake and its price: one deal between the same two; so is a holding of no owner named
            # ("ha versato 18 milioni in X, diventandone il secondo azionista con il 9%")
            unowned = hit.cue.roles == "holder" and self._owner(hit) is None
            stake = "stake" in (hit.cue.roles, main.cue.roles) or unowned
            parties = (first["subject"], first["object"]) if stake and self._same_clause(main, hit) else None
            fact = self._fact(hit, used, parties) if figure is not None else None
            if fact is None or any(f["kind"] == fact["kind"] for f in facts):
                continue
            fact["quantity"] = figure
            if {fact["kind"], first["kind"]} <= {"acquisition", "investment"}:
                fact["status"] = first["status"]  # a stake and its price: one deal, one status
            used.add(figure)
            facts.append(fact)
        return [
            *facts,
            *self._deal_in_aside(first, used),
            *self._plan_counts(first, used),
            *self._use_of_money(first, used),
        ]

    def _use_of_money(self, first: dict, used: set[int]) -> list[dict]:
        """What the company invested in will do with the money, told after the sum with a verb in the future
        tense and a count ("… in Fibra Nova, che userà i fondi per cablare 300 comuni", "ha ottenuto 35
        milioni da X e li userà per cablare 400 comuni"): a plan of that company, with that count."""
        if first["kind"] != "investment" or first["object"] is None or first["quantity"] is None:
            return []
        after = self.doc.spans[QUANTITIES_KEY][first["quantity"]].end
        futures = [i for i, what in self.finder.tense_marks(self.sentence) if what == "future" and i >= after]
        for i, span in self.figures:
            data = span._.get(QUANTITY)
            if i in used or data["kind"] != "count" or not data["unit"] or not futures:
                continue
            if futures[0] < span.start:
                used.add(i)
                fact = _fact("plan", first["object"], None, i, "planned")
                fact["cue"] = span.start
                return [fact]
        return []

    def _deal_in_aside(self, first: dict, used: set[int]) -> list[dict]:
        """The other half of a deal told in a relative clause on its buyer ("Ad acquisire il 25% di X sarà
        Y, che pagherà circa 40 milioni", "sottoscritto per 60 milioni da Y, che entra così nel capitale
        con il 10%"): a stake bought beside the money paid, or the money beside the stake; same parties."""
        other = {"acquisition": ("investment", "money"), "investment": ("acquisition", "percent")}
        if first["kind"] not in other or first["quantity"] is None or first["object"] is None:
            return []
        quantities = self.doc.spans[QUANTITIES_KEY]
        kind, wanted = other[first["kind"]]
        if quantities[first["quantity"]]._.get(QUANTITY)["kind"] == wanted:
            return []  # the whole company's price: no stake to pay for
        table = self.finder.table
        for i, what, n, end in self.finder.marks(self.sentence):
            aside = self.aside(i) if what != "clause" else None
            if aside is None or table.cues[n].kind != kind or i < aside[0]:
                continue
            if not any(e.id == first["subject"] and e.end == aside[0] - 1 for e in self.named):
                continue  # the clause is about another name than the buyer
            figure = next(
                (
                    q
                    for q, s in self.figures
                    if q not in used
                    and end <= s.start < aside[1]
                    and s._.get(QUANTITY)["kind"] == wanted
                    and not self.finder.at(s.end, "per_unit")
                ),
                None,
            )
            if figure is not None:
                used.add(figure)
                fact = _fact(kind, first["subject"], first["object"], figure, first["status"])
                fact["cue"] = i
                return [fact]
        return []

    def _plan_counts(self, first: dict, used: set[int]) -> list[dict]:
        """A plan's second count, after a comma or a conjunction ("will invest $2.5 billion in a plant,
        creating about 1,100 jobs", "aprirà trenta negozi e assumerà circa milleduecento persone"): a plan
        of its own, with that figure."""
        if first["kind"] != "plan" or first["quantity"] is None:
            return []
        after = self.doc.spans[QUANTITIES_KEY][first["quantity"]].end
        for i, span in self.figures:
            data = span._.get(QUANTITY)
            if i in used or span.start < after or self.aside(span.start) is not None:
                continue
            if self._standing_size(after, span.start):
                continue  # "investirà 40 milioni nello stabilimento, dove lavorano 600 persone"
            # after a comma or a conjunction: a second verb's figure, not what the plan spends its sum on
            # ("plans to spend €150 million on two new plants")
            joined = any(
                self.doc[k].text == "," or self.finder.at(k, "conjunctions") for k in range(after, span.start)
            )
            if data["kind"] == "count" and data["unit"] and joined:
                used.add(i)
                return [{**first, "quantity": i, "cue": span.start}]
        return []

    def _standing_size(self, start: int, figure: int) -> bool:
        """Whether a word that opens a clause about a place (`place_openers`: "dove", "where") stands between
        `start` and a figure with no plan word or future verb after it: what the place has, not a plan."""
        openers = self.finder.starts_between("place_openers", start, figure)
        return bool(openers) and not any(
            openers[-1] <= i < figure for i, _ in self.finder.tense_marks(self.sentence)
        )

    def _another_measure(self, main: _Hit, hit: _Hit, first: dict) -> bool:
        """Whether a second word of a sum of money after the first measure's figure states a measure of its
        own ("ricavi per 1,9 miliardi e un utile netto di 430 milioni"), or a second announcement of a sum
        ("will pay a dividend of 40 cents and buy back up to $1 billion of shares"); counts are left alone
        ("61 milioni di passeggeri, il 7% in più" is one measure)."""
        if first["quantity"] is None or any(h.cue.kind not in SECOND_OF_KIND for h in (main, hit)):
            return False
        if hit.token == main.token:
            return False
        if hit.cue.kind == "metric" and self._second_predicate(first, hit):
            return True  # "… con una perdita di 15 milioni e ha perso 120.000 clienti"
        if hit.cue.kind != main.cue.kind:
            return False
        after_first = hit.token >= self.doc.spans[QUANTITIES_KEY][first["quantity"]].end
        if main.cue.kind == "metric" and (main.cue.figure == "money") != (hit.cue.figure == "money"):
            # "con tre milioni di pernottamenti e ricavi per 220 milioni": a count and a sum, each of its word
            return after_first
        if main.cue.figure != "money" or hit.cue.figure != "money":
            return False
        return after_first

    def _second_predicate(self, first: dict, hit: _Hit) -> bool:
        """Whether a word that opens a second predicate of the subject (`second_predicates`: "e ha", "dopo
        aver") stands between the first measure's figure and a measure word."""
        after = self.doc.spans[QUANTITIES_KEY][first["quantity"]].end
        return bool(self.finder.starts_between("second_predicates", after, hit.token))

    def _predicate_status(self, first: dict, hit: _Hit) -> str:
        """The status of a measure in a second predicate: its own tense, not the first's ("distribuirà una
        cedola, dopo aver chiuso l'esercizio con un utile di …": the profit is done)."""
        after = self.doc.spans[QUANTITIES_KEY][first["quantity"]].end
        start = self.finder.starts_between("second_predicates", after, hit.token)[0]
        marks = [what for i, what in self.finder.tense_marks(self.sentence) if start <= i <= hit.token]
        return ("planned" if marks[0] == "future" else marks[0]) if marks else "done"

    def _measure(self, hit: _Hit, used: set[int]) -> dict | None:
        """The measure a second measure word states: its own figure, after it, of the kind it governs (a
        count, the figure the word is the counted noun of: "ha perso 120.000 clienti")."""
        figure = self._figure(hit, used, strict=True)
        span = self.doc.spans[QUANTITIES_KEY][figure] if figure is not None else None
        if span is None or (span.start < hit.end and span.end < hit.end):
            return None
        if span._.get(QUANTITY)["kind"] != ("money" if hit.cue.figure == "money" else "count"):
            return None
        fact = self._fact(hit, used)
        if fact is None or fact["kind"] != hit.cue.kind:
            return None
        fact["quantity"] = figure
        return fact

    def _same_clause(self, a: _Hit, b: _Hit) -> bool:
        """Whether two fact words stand in the same clause: neither or both in one relative clause."""
        return self.aside(a.token) == self.aside(b.token)

    def _shared(self, facts: list[dict]) -> list[dict]:
        """The same investment by a second company named with its investor ("Brenta Ventures e Borealis
        Capital hanno investito …", "a round co-led by Marbleton Partners and Cobalt Ridge"): one fact
        each."""
        more = []
        for fact in facts:
            partner = self._joined_to(fact["subject"]) if fact["kind"] == "investment" else None
            if partner is not None and partner != fact["object"]:
                more.append({**fact, "subject": partner, "shared": True})
        return more

    def _moves(self, facts: list[dict]) -> list[dict]:
        """The post of a second person named beside an appointment, in a relative clause of their own
        ("…, replacing Owen Brady, who moves to Halden Logistics as chief executive"): a second appointment,
        at the company named after its word of appointment."""
        if not any(f["kind"] == "appointment" for f in facts):
            return []
        doc, finder, more = self.doc, self.finder, []
        for n in self.named:
            opener = n.end + 1
            if not n.person or any(f["subject"] == n.id for f in facts) or opener >= self.sentence.end:
                continue
            if doc[n.end].text != "," or finder.at(opener, "relative_openers") is None:
                continue
            clause = doc[finder.at(opener, "relative_openers") : _clause_end(self.sentence, opener)]
            hit = next((h for h in finder.hits(clause) if h.cue.kind == "appointment"), None)
            post = self._first(after=hit.end, person=False, product=False) if hit is not None else None
            if post is not None and any(p.id == post and p.start < clause.end for p in self.named):
                more.append(_fact("appointment", n.id, post, None, self._status(hit)) | {"cue": hit.token})
        return more

    def _joined_to(self, entity: str) -> str | None:
        """The company named right after `entity` and a conjunction ("X and Y", "X e Y"), if any."""
        companies = [n for n in self.named if not n.place and not n.person]
        for n, after in zip(companies, companies[1:], strict=False):
            if n.id == entity and self.finder.at(n.end, "conjunctions") == after.start:
                return after.id
        return None

    def aside(self, token: int) -> tuple[int, int] | None:
        """The relative clause (", which …,", ", che …,") a token stands in, or None."""
        if self._clauses is None:
            self._clauses = [
                (i, _clause_end(self.sentence, i))
                for i, what, _, _ in self.finder.marks(self.sentence)
                if what == "clause"
            ]
        return next(((a, b) for a, b in self._clauses if a <= token < b), None)

    def _embedded(self, token: int) -> bool:
        """Whether a token stands in a relative clause the sentence goes on after (", which owns 10% of
        Oracle, invested …"); one that ends the sentence (", che sale così al 12%.") says more of its own."""
        aside = self.aside(token)
        return aside is not None and any(not t.is_punct for t in self.doc[aside[1] : self.sentence.end])

    def grammatical_subject(self) -> str | None:
        """The company or body named first before the clause's first fact word (or figure), if any."""
        ends = [h.token for h in self.hits] + [s.start for _, s in self.figures]
        if not ends:
            return None
        limit = min(ends)
        return next((n.id for n in self.named if n.end <= limit and not n.place and not n.person), None)

    def _parallel_hit(self) -> list[_Hit]:
        """A clause with a figure and no fact word after one with a fact ("Intel shares rose 5%, while
        Nvidia gained 2%"): it says the same kind of thing, its cue read where its figure stands."""
        cue = self.parallel
        if cue is None or not self.figures:
            return []
        wanted = [
            s
            for _, s in self.figures
            if cue.figure in ("any", "none") or s._.get(QUANTITY)["kind"] == cue.figure
        ]
        return [_Hit(wanted[0].start, wanted[0].start, cue, parallel=True)] if wanted else []

    def _said_not_done(self) -> bool:
        """Whether the sentence holds a word that makes what it says no fact (`no_fact` in the cue file)."""
        return bool(self.finder.starts_between("no_fact", self.sentence.start, self.sentence.end))

    def _read_hits(self) -> list[_Hit]:
        """The sentence's cues that may state its facts: with stakes written as "12% of <company>", without
        a closing attribution (", the company said"), cues a needed role is missing for left out, and cues
        that only complement a noun ("sull'acquisizione di …", "dopo il via libera") kept out of the main
        fact."""
        hits = sorted([*self.finder.hits(self.sentence), *self._portions()], key=lambda h: h.token)
        hits = self._received_nouns(
            [h for h in hits if not self._attribution(h) and self._needs_met(h) and not self._deal_valued(h)]
        )
        for n, hit in enumerate(hits):
            if hit.cue.primary and (self._complement(hit) or self._denied(hit) or self._ruled_on(hit, hits)):
                hits[n] = _Hit(hit.token, hit.end, dataclasses.replace(hit.cue, primary=False))
        return hits

    def _deal_valued(self, hit: _Hit) -> bool:
        """Whether a word of worth follows a word for the deal ("in a deal valued at $2.3 billion"): the
        deal's sum, not what a company is worth. An article after the word opens what it values ("L'operazione
        valuta la società …"): a measure of that company."""
        return (
            hit.cue.roles == "valued"
            and hit.token > self.sentence.start
            and self.doc[hit.token - 1].lower_ in self.finder.deal_nouns
            and not (hit.end < self.sentence.end and self.finder._lowers[hit.end] in self.finder._articles)
        )

    def _received_nouns(self, hits: list[_Hit]) -> list[_Hit]:
        """`hits` with a word of receiving followed by the noun of another kind it receives ("received
        approval from the FTC", "ha ottenuto il via libera dell'Antitrust") read as that noun, received:
        its agent is the subject, who receives the object."""
        out: list[_Hit] = []
        for hit in hits:
            before = out[-1] if out else None
            if before is None or not self._verb_of_noun(before, hit):
                out.append(hit)
            elif before.cue.kind == "launch":
                out[-1] = hit  # "ha lanciato un'opa su X", "launched a takeover bid for X": the bid
            else:
                out[-1] = _Hit(hit.token, hit.end, dataclasses.replace(hit.cue, roles="receive"))
        return out

    def _verb_of_noun(self, verb: _Hit, noun: _Hit) -> bool:
        """Whether `verb` (a word of receiving, or of launching before a deal) only carries the fact noun
        right after it ("received approval", "lanciato un'opa"): no figure between them."""
        if verb.cue.kind == "launch":  # "launched a $10 billion tender offer": the figure is the bid's
            deal = (
                noun.cue.kind in ("acquisition", "investment")
                and noun.cue.roles == "active"
                and noun.cue.primary
            )
            return deal and 0 <= noun.token - verb.end <= NEAR_VERB + 2
        # a word of receiving, not a noun already read as received
        received = (
            verb.cue.roles == "receive" and verb.cue.kind == "investment" and noun.cue.kind != verb.cue.kind
        )
        return (
            received
            and 0 <= noun.token - verb.end <= 2
            and not any(verb.end <= s.start < noun.token for _, s in self.figures)
        )

    def _portions(self) -> list[_Hit]:
        """A percentage followed by an owner word and a company or body ("porterà la Cassa al 12% della
        società", "now owns 18% of the start-up"): a stake in it, where no other word of the sentence
        says whose share or stake the figure is."""
        cue = self.finder.portion
        if cue is None:
            return []
        found = []
        for _, span in self.figures:
            if span._.get(QUANTITY)["kind"] != "percent" or self._embedded(span.start):
                continue  # "SoftBank, which owns 10% of Oracle, invested …": the aside is no fact
            end = self.finder.at(span.end, "owner_words")
            if end is None:
                if self._partitive_stake(span):
                    found.append(_Hit(span.end, span.end + 1, cue))  # "che ne rileva il 75 per cento"
                continue
            owned = self._owned_after(end)
            if owned is not None and not self._possessive(owned):
                found.append(_Hit(span.end, span.end + 1, cue))
        taken = {"holder", "stake", "listed"}
        if found and any(
            h.cue.roles in taken or h.cue.kind == "market_share" for h in self.finder.hits(self.sentence)
        ):
            return []
        return found

    def _owned_after(self, end: int) -> _Ent | None:
        """The company or body an owner word ending at `end` names, past articles ("al 12% della società");
        "del capitale": the company spoken of, put among the names."""
        articles, after = lexicon.ARTICLES.get(self.doc.lang_, ()), end
        while after < self.sentence.end and self.doc[after].lower_ in articles:
            after += 1
        owned = next(
            (n for n in self.named if n.start in (end, after) and not n.place and not n.person), None
        )
        if owned is None and self.finder.at(after, "capital_words") and self.topic is not None:
            owned = _Ent(after, after + 1, self.topic, False)  # "sale al 12% del capitale"
            if all(n.id != owned.id for n in self.named):
                self.named = sorted([*self.named, owned], key=lambda n: n.start)
        return owned

    def _partitive_stake(self, span: Span) -> bool:
        """Whether a percentage is a stake in the company a partitive pronoun stands for ("che ne rileva il
        75 per cento", "ne acquisterà il 20%"): the pronoun, then a word of buying, up to four words before
        it; that company (named after, or the one the last fact was about) is put among the names."""
        words = self.finder.starts_between(
            "partitive_pronouns", max(self.sentence.start, span.start - 4), span.start
        )
        if not words or not any(
            h.cue.kind == "acquisition" and h.cue.roles == "active" and words[-1] < h.token < span.start
            for h in self.finder.hits(self.sentence)
        ):
            return False
        if any(n.start > span.start and not (n.place or n.person) for n in self.named):
            return True  # the company of a relative clause, put after it (`_with_antecedent`)
        if self.partner is None:
            return False
        self.named = sorted(
            [*self.named, _Ent(span.end + 1, span.end + 1, self.partner, False)], key=lambda n: n.start
        )
        return True

    def _possessive(self, n: _Ent) -> bool:
        """Whether a name is followed by a possessive ("Intel's revenue")."""
        return n.end < self.sentence.end and self.doc[n.end].lower_ in ("'s", "’s", "'", "’")

    def _attribution(self, hit: _Hit) -> bool:
        """Whether a word of saying closes the sentence after a comma (", the Italian utility said", ", ha
        detto l'amministratore delegato"): it says who speaks, not what is done."""
        if hit.cue.kind != "announcement":
            return False
        doc, start, end = self.doc, self.sentence.start, self.sentence.end
        if any(t.text in ("”", "»", '"') for t in doc[start : hit.token]):
            # "“Nobody knows what tariffs will look like,” said Kenji Morita", "“We are not in talks,” a
            # spokeswoman for the group said": who speaks, after what is said
            return True
        tail = [t for t in doc[hit.end : end] if not t.is_punct and not t.is_space]
        before = [t for t in doc[max(start, hit.token - 5) : hit.token]]
        return (
            len(tail) <= 5
            and any(t.text == "," for t in before)
            and not any(s.start >= hit.end for _, s in self.figures)
        )

    def _needs_met(self, hit: _Hit) -> bool:
        """Whether a cue that asks for a role finds it: an authority as its subject ("La FTC ha chiesto a
        Microsoft di …") or agent, or an agent after it ("raised $40 million in a round led by Greyfield")."""
        needs = hit.cue.needs
        if needs is None:
            return True
        if needs == "agent":
            return self._agent(hit.end, far=True) is not None
        if needs == "sum":  # "ha perso 40 milioni": a sum of money right after it, not "ha perso il 18%"
            return any(
                0 <= s.start - hit.end <= 1 and s._.get(QUANTITY)["kind"] == "money" for _, s in self.figures
            )
        # or one named as its agent ("after a decision by the CMA")
        return self._is_org(self._first(before=hit.token)) or self._is_org(self._agent(hit.end))

    def _ruled_on(self, hit: _Hit, hits: list[_Hit]) -> bool:
        """Whether a word of a deal is what a ruling before it grants ("Via libera della Commissione
        all'acquisto di X", "approval … to the merger"): a buyer word right before it, a word of a ruling
        earlier in the sentence."""
        if hit.cue.kind not in DEALS or not any(
            h.cue.kind == "regulation" and h.token < hit.token for h in hits
        ):
            return False
        return any(
            self.finder.at(j, "buyer_words") == hit.token
            for j in range(max(self.sentence.start, hit.token - 2), hit.token)
        )

    def _denied(self, hit: _Hit) -> bool:
        """Whether a negation stands up to three words before a cue ("non rinnoverà il contratto")."""
        start = max(self.sentence.start, hit.token - 3)
        return bool(self.finder.starts_between("negations", start, hit.token))

    def _complement(self, hit: _Hit) -> bool:
        """Whether a cue stands right after a word that makes it complement a noun ("il golden power
        sull'acquisizione", "approval of the takeover")."""
        return any(
            self.finder.at(j, "complement_words") == hit.token
            for j in range(max(self.sentence.start, hit.token - 3), hit.token)
        )

    def _second(self, main: _Hit, hit: _Hit) -> bool:
        """Whether `hit` may state a second fact beside `main`: a stake and its price, or two words that
        govern figures of different kinds ("market value passed $5 trillion as its shares rose 2%")."""
        if hit.cue.roles == "valued":
            # what a deal says the company is worth; a funding round's valuation is part of the round
            return main.cue.kind != "investment"
        if "stake" in (hit.cue.roles, main.cue.roles):
            return True  # a stake and its price
        if not hit.cue.primary and main.cue.kind not in ("acquisition", "investment"):
            return False  # "in calo del 7,8 per cento a 11,40 euro": a price, not a payment
        return "any" not in (hit.cue.figure, main.cue.figure) and hit.cue.figure != main.cue.figure

    def _main(self, hits: list[_Hit]) -> _Hit | None:
        """The cue of the sentence's main fact: its first word that may make one (the main verb comes first
        in a statement) after the subject ("Under the agreement Microsoft will keep a stake"), or one that
        names its owner ("Le azioni di Mediobanca"); a stake of that kind before any other word of it."""
        subject_start = next((n.start for n in self.named if not n.place), self.sentence.start)
        # "plans to hire 600 engineers", "'We will hire 300 people,' its chief executive said": a count
        # hired is a plan, no appointment
        person = any(n.person for n in self.named)
        hits = [h for h in hits if h.cue.roles != "person" or (person and not self._count_after(h))]
        main = next(
            (
                h
                for h in hits
                if h.cue.primary and (h.token > subject_start or h.cue.roles in ("listed", "holder", "stake"))
            ),
            None,
        )
        main = main or next((h for h in hits if h.cue.primary or not h.cue.second), None)
        if main is not None and main.cue.kind == "announcement":
            # "ha detto …, aggiungendo che il gruppo punta a produrre 5 milioni di tonnellate": what is said
            # is a plan when a plan word with a verb follows the saying
            main = next(
                (
                    h
                    for h in hits
                    if h.token > main.token and h.cue.kind == "plan" and self._announces_plan(h)
                ),
                main,
            )
        if main is None:
            return None  # only words that never make the main fact ("paying subscribers")
        if main.cue.kind == "launch":
            # "unveiled a buyback of up to €500 million", "ha presentato un piano di riacquisto": what is
            # launched is a deed announced, no product
            main = next(
                (
                    h
                    for h in hits
                    if main.end <= h.token <= main.end + 3 and h.cue.kind == "announcement" and h.cue.primary
                ),
                main,
            )
        if main.cue.yields:
            # "si è aggiudicata una commessa": a contract won, not a purchase; "si è aggiudicata X": bought
            main = next(
                (
                    h
                    for h in hits
                    if main.end <= h.token <= main.end + 3 and h.cue.primary and h.cue.kind != main.cue.kind
                ),
                main,
            )
        if self._in_phrase(main.token):
            # "Al finanziamento ha partecipato X": the word of taking part after the phrase says who invests
            main = next((h for h in hits if h.token > main.token and h.cue.roles == "participant"), main)
        return next((h for h in hits if h.cue.kind == main.cue.kind and h.cue.roles == "stake"), main)

    def _count_after(self, hit: _Hit) -> bool:
        """Whether a count stands right after a word (past one word: "hire about 300 people")."""
        return any(
            hit.end <= s.start <= hit.end + 1 and s._.get(QUANTITY)["kind"] == "count"
            for _, s in self.figures
        )

    def _announces_plan(self, hit: _Hit) -> bool:
        """Whether a plan word after a word of saying states what is planned: a verb follows it ("ha detto
        che punta a produrre", "said it plans to cut"), or a figure it governs ("annunciando un piano da
        900 milioni di euro")."""
        if self._verb_follows(hit.end) or self._verb_follows(hit.end - 1):
            return True  # "punta a produrre": the phrase holds its own "a"
        return any(hit.end <= span.start <= hit.end + 2 for _, span in self.figures)

    def _metric(self, money: bool = True) -> list[dict]:
        """A sentence with a telling figure and no cue: a metric of its first entity; with a planning word
        or a future tense before a figure, a plan ("Banca Aurelia will cut 30 branches by 2027")."""
        subject = next((n.id for n in self.named if not n.place), None)
        figures = [
            (i, span)
            for i, span in self.figures
            if (money or span._.get(QUANTITY)["kind"] != "money") and self.aside(span.start) is None
        ]  # "Halden, which employs 5,200 people, had explored a sale": the aside is no fact
        if figures and self._priced(figures[0][1]):
            return []  # "Il prezzo parte da 900 euro al mese": a price, not a measure of the company
        subject = (self._product_measured(figures[0][1].start) if figures else None) or subject
        if any(u < n.start for u in self.unknown for n in self.named if n.id == subject):
            return []  # "Tesla bought a 5% stake in Intel": a figure of the name the registry lacks
        planned = self._planned_before(figures[0][1].start) if figures else False
        figure = next((i for i, span in figures if planned or _telling(span)), None)
        if figure is None or subject is None:
            return []
        fact = (
            _fact("plan", subject, None, figure, "planned")
            if planned
            else _fact("metric", subject, None, figure, "done")
        )
        fact["cue"] = self.doc.spans[QUANTITIES_KEY][figure].start  # the date nearest the figure is its date
        return [fact, *self._plan_counts(fact, {figure})]

    def _product_measured(self, figure: int) -> str | None:
        """The product a measure is of: the last name before its figure when it is a product, not in a
        prepositional phrase ("Tern Audio's Halo headphones have sold 150,000 units")."""
        before = [n for n in self.named if n.end <= figure and not n.place]
        last = before[-1] if before else None
        if last is None or not last.product or self._after_preposition(last.start):
            return None
        return last.id

    def _priced(self, figure: Span) -> bool:
        """Whether a figure is a price or a premium over one: a price word before it, or a percentage with
        a price word up to six words after it ("The offer is 14% above X's closing price")."""
        if any(self.finder.at(i, "price_words") for i in range(self.sentence.start, figure.start)):
            return True
        if figure._.get(QUANTITY)["kind"] != "percent":
            return False
        return any(
            self.finder.at(i, "price_words")
            for i in range(figure.end, min(figure.end + 6, self.sentence.end))
        )

    def _metric_status(self, figure: int) -> str:
        """ "planned" when a plan word or a future tense stands before a measure's figure, or a passive plan
        word after it ("Deliveries of the first 40 units are planned for next year"), else "done"."""
        span = self.doc.spans[QUANTITIES_KEY][figure]
        return "planned" if self._planned_before(span.start) or self._planned_after(span.end) else "done"

    def _planned_after(self, end: int) -> bool:
        """Whether a passive auxiliary and a word of plan follow token `end` within three words."""
        finder, limit = self.finder, min(end + 3, self.sentence.end)
        return any(
            finder.at(k, "passive_auxiliaries") and finder.at(k + 1, "planned") for k in range(end, limit)
        )

    def _planned_before(self, end: int) -> bool:
        """Whether a planning word or a verb in the future tense comes before token `end`, in the clause of
        that token (not in a relative clause it is not in)."""
        own = self.aside(end)
        return any(
            self.sentence.start <= i < end and self.aside(i) == own
            for i, _ in self.finder.tense_marks(self.sentence)
        )

    def _fact(self, hit: _Hit, used: set[int], parties: tuple[str, str | None] | None = None) -> dict | None:
        subject, obj = parties or self._roles(hit)
        if not subject or subject == NOBODY:
            return self._raised(hit, obj, used) if subject == NOBODY else None
        figure = self._market_portion(hit, self._figure(hit, used, strict=False))
        kind, status = hit.cue.kind, self._status(hit)
        if kind == "metric" and status == "done" and figure is not None:
            status = self._metric_status(figure)  # "Production is planned to start with 30,000 vans"
        if hit.cue.roles == "stake" and obj is None and kind == "acquisition":
            # "… and said it could raise its stake to 15%": the stake it holds, in the company before
            if (hit.parallel or self._own_stake(hit)) and self.partner not in (None, subject):
                obj = self.partner  # "potrebbe salire fino al 20 per cento": of the company before
            else:
                kind = "market_share"  # "una quota del 14,2 per cento" of no company: a share of a market
        if not self._worth(kind, subject, obj, figure, hit):
            return None
        figure, obj = self._with_condition(hit, used, figure, obj)
        if kind == "metric":
            figure = self._measure_figure(hit, figure, used)
        if kind == "investment" and figure is None and obj is None:
            kind, figure = (
                "metric",
                self._figure(hit, used, strict=True, wanted="any"),
            )  # "invested in 23 firms"
        kind, status = self._said_plan(hit, kind, status, figure)
        kind, status, figure = self._planned(hit, used, kind, status, figure, obj)
        if kind == "metric" and figure is None:
            return None  # "misstated Greyfield Foods' revenue": a measure states how much
        if kind in OBJECTLESS:
            obj = None  # "Robotica Ferri employs 85 people and counts Lavazza among its clients"
            subject = self._measured_company(subject)
        fact = _fact(kind, subject, obj, figure, status)
        fact["cue"] = hit.token
        return fact

    def _market_portion(self, hit: _Hit, figure: int | None) -> int | None:
        """No figure for a purchase whose percentage is a share of a market ("X's purchase of Y would give
        it about 30% of the mortgage market": the share is a fact of its own)."""
        if figure is None or hit.cue.kind != "acquisition" or hit.cue.roles == "stake":
            return figure
        span = self.doc.spans[QUANTITIES_KEY][figure]
        if span._.get(QUANTITY)["kind"] != "percent":
            return figure
        market = any(h.cue.kind == "market_share" and span.end <= h.token <= span.end + 6 for h in self.hits)
        return None if market else figure

    def _agreed_before(self, hit: _Hit) -> bool:
        """Whether an infinitive marker stands right before a fact word ("agreed to invest"): the deed is
        still to be done."""
        return (
            hit.token > self.sentence.start
            and self.finder.at(hit.token - 1, "infinitive_markers") is not None
        )

    def _person_at(self, token: int) -> bool:
        """Whether a person's name starts at token (or right after an article)."""
        return any(n.person and token <= n.start <= token + 1 for n in self.named)

    def _own_stake(self, hit: _Hit) -> bool:
        """Whether a pronoun for the subject owns the stake word ("its stake", "their holding")."""
        return hit.token > self.sentence.start and self.finder._lowers[hit.token - 1] in self.finder._pronouns

    def _measured_company(self, subject: str) -> str | None:
        """The subject of a measure or a plan: a company, never the person quoted ("'We doubled our revenue,'
        said Jane Roe, who founded X": X's measure), the company the sentence names or the text speaks of."""
        if not self.is_person(subject):
            return subject
        return self._first(person=False, product=False) or self.topic

    def _raised(self, hit: _Hit, receiver: str, used: set[int]) -> dict | None:
        """Money a company received from no investor named ("ha raccolto 8 milioni di euro"): an investment
        with no subject, in that company; a sum of money or nothing."""
        figure = self._figure(hit, used, strict=False)
        quantities = self.doc.spans[QUANTITIES_KEY]
        if (
            figure is None
            or quantities[figure]._.get(QUANTITY)["kind"] != "money"
            or self.is_person(receiver)
        ):
            return None
        fact = _fact("investment", None, receiver, figure, self._status(hit))
        fact["cue"] = hit.token
        return fact

    def _with_condition(
        self, hit: _Hit, used: set[int], figure: int | None, obj: str | None
    ) -> tuple[int | None, str | None]:
        """(figure, object) of a ruling given by its condition ("a condizione che ceda due parchi eolici"),
        unless the ruling has a sum of its own (a fine); as they were otherwise."""
        if hit.cue.kind != "regulation":
            return figure, obj
        quantities = self.doc.spans[QUANTITIES_KEY]
        if figure is not None and quantities[figure]._.get(QUANTITY)["kind"] == "money":
            return figure, obj
        condition = self._condition_figure(hit, used)
        if condition is None:
            return figure, obj
        return condition, self._bound_by_condition(hit, obj)

    def _condition_figure(self, hit: _Hit, used: set[int]) -> int | None:
        """The first figure after a word of condition that follows a ruling's word (`condition_words`): what
        the ruling imposes, however far from its word."""
        words = self.finder.starts_between("condition_words", hit.end, self.sentence.end)
        if not words:
            return None
        return next((i for i, s in self.figures if i not in used and s.start > words[0]), None)

    def _bound_by_condition(self, hit: _Hit, obj: str | None) -> str | None:
        """Whom a ruling's condition binds: the buyer of the deal it approves, named after "da parte di"
        ("ha autorizzato l'acquisto di X da parte di Y, a condizione che ceda …": Y gives up what it must),
        else the company it rules on."""
        deal = next((h for h in self.hits if h.token > hit.token and h.cue.kind in DEALS), None)
        if deal is None or not self._noun_agent(deal):
            return obj
        return self._agent(deal.end) or obj

    def _measure_figure(self, hit: _Hit, figure: int | None, used: set[int]) -> int | None:
        """A measure's figure: of the kind its word governs, else any ("sales rose 8%"); its level rather
        than its change."""
        if figure is None:
            figure = self._figure(hit, used, strict=False, wanted="any")
        return None if figure is None else self._level(hit, figure, used)

    def _level(self, hit: _Hit, figure: int, used: set[int]) -> int:
        """A measure's level rather than its change: "le vendite sono cresciute del 6%, a 3,2 miliardi di
        euro" measures 3.2 billion; a percentage stays the figure where no sum or count follows it."""
        if self.doc.spans[QUANTITIES_KEY][figure]._.get(QUANTITY)["kind"] != "percent":
            return figure
        after = self.doc.spans[QUANTITIES_KEY][figure].end
        level = next(
            (
                i
                for i, span in self.figures
                if i not in used
                and after <= span.start <= after + 3
                and span._.get(QUANTITY)["kind"] in ("money", "count")
            ),
            None,
        )
        return figure if level is None else level

    def _planned(
        self, hit: _Hit, used: set[int], kind: str, status: str, figure: int | None, obj: str | None
    ):
        """(kind, status, figure) of a fact said to come: a forecast of a measure is an expected metric,
        an investment, purchase, launch or measure of no other company a plan."""
        if status != "planned":
            if kind == "investment" and obj is None and figure is not None and self._agreed_before(hit):
                return "plan", "planned", figure  # "agreed to invest $2 billion in a new plant": to come
            return kind, status, figure
        if self._forecast(hit, kind, figure):
            return "metric", "expected", figure  # "prevede ricavi tra 2,1 e 2,3 miliardi", "expects sales of"
        launch_planned = kind == "launch" and not self._future_only(hit)
        if kind == "launch" and obj is None and figure is None:
            # "lancerà dieci nuovi modelli": no product named, a count of them: a plan even in the future
            count = self._figure(hit, used, True, "any")
            if count is not None:
                return "plan", status, count
        if ((kind in ("investment", "acquisition") or launch_planned) and obj is None) or kind == "metric":
            # "Stellantis prevede di investire oltre 2 miliardi negli stabilimenti"; "intende lanciare dieci
            # modelli" (a plan takes any figure when its word governs none); a measure has no object, so a
            # company named elsewhere ("dopo la fusione con X") does not keep it from being a plan
            return "plan", status, figure if figure is not None else self._figure(hit, used, True, "any")
        return kind, status, figure

    def _said_plan(self, hit: _Hit, kind: str, status: str, figure: int | None) -> tuple[str, str]:
        """(kind, status) of what a word of saying states: a plan when a future verb or a plan word stands
        before its figure ("said it would cut 400 jobs"), else as it was."""
        if kind != "announcement" or hit.cue.primary or figure is None or status != "done":
            return kind, status
        if self._planned_before(self.doc.spans[QUANTITIES_KEY][figure].start):
            return "plan", "planned"
        return kind, status

    def _future_only(self, hit: _Hit) -> bool:
        """Whether only a verb in the future tense says a fact is to come ("sarà presentata"), no word of
        plan or intention ("intende lanciare"): a launch to come, not a plan."""
        if any(h.cue.kind == "plan" and h.token <= hit.token for h in self.hits):
            return False
        return all(what == "future" for i, what in self.finder.tense_marks(self.sentence) if i < hit.token)

    def _worth(self, kind: str, subject: str, obj: str | None, figure: int | None, hit: _Hit) -> bool:
        """Whether a fact says something an editor records."""
        if (kind == "announcement" or (figure is None and kind != "regulation")) and self._appeal(hit):
            # "Intel said on Monday it would appeal", "annuncia ricorso", "presenterà ricorso al Tar", "di
            # voler collaborare con l'autorità": a reply to a ruling; the ruling is the fact
            return False
        if figure is None and kind in ("investment", "acquisition") and self.is_person(subject):
            return False  # "Lindqvist spent 14 years at Intel": a person's money would come with a figure
        if kind == "announcement" and figure is None and not self._announces_deed(subject, obj, hit):
            return False
        if kind in ("market_share", "stock") and figure is None:
            return False  # "the market leader", "shares were little changed": a share or a move is a figure
        if kind in OBJECTLESS and figure is not None and self._premium(figure):
            return False  # "a 30% premium to Sorrel's share price": what a bid adds, no move nor measure
        if kind == "investment" and figure is None and self._per_unit_only():
            return False  # "Lumora's investors will receive $22 a share": a price paid to owners, no stake
        if self._nothing_bought(kind, obj, figure, hit):
            return False
        if kind in ("partnership", "appointment") and obj is None:
            # "the agreement covers 400,000 vehicles": a partnership needs a partner; "Morandi succede a un
            # consiglio …": an appointment needs the company or body
            return False
        if kind == "plan" and figure is None and not self.dated:
            return False  # "conferma gli obiettivi dell'anno": a plan says how much or by when
        # "after the regulator's approval": whom it rules on is not said; "Oracle's board approved a plan":
        # no regulator and no one ruled on
        return not (kind == "regulation" and obj is None and (figure is None or not self._is_org(subject)))

    def _premium(self, figure: int) -> bool:
        """Whether a percentage is directly followed by a price word ("a 30% premium")."""
        span = self.doc.spans[QUANTITIES_KEY][figure]
        return (
            span._.get(QUANTITY)["kind"] == "percent" and self.finder.at(span.end, "price_words") is not None
        )

    def _announces_deed(self, subject: str, obj: str | None, hit: _Hit) -> bool:
        """Whether an announcement without a figure states something an editor records."""
        if obj is None:
            # "X said it would appeal", a person's quote, the reason given for a move ("rose after the
            # government announced new orders"): nothing an editor records
            return (self.dated or self._announces_thing(hit)) and not (
                self.is_person(subject) or self.subordinate
            )
        # "Drayton said it would keep Calder's management in place": no deed beyond the deal just told;
        # "The broker said it had since improved its controls": a reply to the ruling just told (the
        # gold's convention a); what it will do next ("would request a meeting with the agency") is a deed
        replies = self._replies_to_ruling(subject, obj) and not any(
            i > hit.token and what != "expected" for i, what in self.finder.tense_marks(self.sentence)
        )
        return (self.dated or not self._about_last_deal(subject, obj)) and not replies

    def _replies_to_ruling(self, subject: str, obj: str) -> bool:
        """Whether the two parties are the company ruled on and its regulator in the last ruling."""
        ruling = self.last_ruling
        return ruling is not None and (ruling["object"], ruling["subject"]) == (subject, obj)

    def _about_last_deal(self, subject: str, obj: str | None) -> bool:
        """Whether the two parties are the buyer and the bought (or investor and funded) of the last deal."""
        deal = self.last_deal
        return obj is not None and deal is not None and (deal["subject"], deal["object"]) == (subject, obj)

    def _nothing_bought(self, kind: str, obj: str | None, figure: int | None, hit: _Hit) -> bool:
        """Whether a word of buying states no purchase: a tender won ("si è aggiudicata la gara"), or a
        word of taking a share with no share named ("entrerà nel capitale di Intel": another word tells
        the deal)."""
        if hit.cue.yields and obj is None:
            return True
        return (
            kind == "acquisition"
            and figure is None
            and (hit.cue.roles, hit.cue.figure) == ("active", "percent")
        )

    def _announces_thing(self, hit: _Hit) -> bool:
        """Whether a word of saying governs a thing named right after it ("ha comunicato la scoperta di un
        giacimento", "announced the closure of its plant"), not a clause ("said it would …"): a deed
        announced, worth recording with no date."""
        end = hit.end
        if self.finder.at(hit.token, "thing_announcers") is None or end >= self.sentence.end:
            return False  # "said the money would go to": a clause said, no deed
        return self.doc[end].lower_ in lexicon.ARTICLES.get(self.finder.language, ())

    def _appeal(self, hit: _Hit) -> bool:
        """Whether what a word of saying announces is an appeal (`appeal_words` after it in the clause)."""
        return bool(self.finder.starts_between("appeal_words", hit.token, self.sentence.end))

    def _per_unit_only(self) -> bool:
        """Whether every sum of money in the clause is a price per share or per unit ("$22 a share")."""
        money = [s for _, s in self.figures if s._.get(QUANTITY)["kind"] == "money"]
        return bool(money) and all(self.finder.at(s.end, "per_unit") for s in money)

    def _forecast(self, hit: _Hit, kind: str, figure: int | None) -> bool:
        """Whether a planned fact is a forecast of a measure: a measure word, or a plan word not followed by
        a verb ("expects to raise"), with a sum of money ("stima un margine di 580 milioni", "raised its
        full-year target to €1.5 billion")."""
        if kind not in ("metric", "plan") or figure is None:
            return False
        if hit.cue.kind == "metric" and self._plan_word_before(hit.token):
            return True  # "expects revenue to grow about 25% in 2027": a measure foreseen, of any figure
        span = self.doc.spans[QUANTITIES_KEY][figure]
        if span._.get(QUANTITY)["kind"] != "money":
            return False
        if self._valuation(span):
            return True  # "expects to list next year at a valuation of about $5 billion": a worth foreseen
        if hit.cue.kind == "plan" and self.finder.at(hit.end, "sum_words") == span.start:
            return False  # "un piano da 900 milioni di euro", "a plan worth $2 billion": what it will spend
        return kind == "metric" or not self._verb_follows(hit.end)

    def _plan_word_before(self, token: int) -> bool:
        """Whether a plan word stands right before a measure word, or an article or one word before it
        ("expects revenue", "expects its sales"): the measure is what is foreseen; not a verb of measure
        after an infinitive marker ("is expected to employ 3,000 people": a plan)."""
        for k in range(token - 1, max(self.sentence.start, token - 3) - 1, -1):
            if self.finder._plan_word(k):
                return True
            if self.finder.at(k, "infinitive_markers") is not None or not self.doc[k].is_stop:
                return False  # "intende tagliare 350 posti di lavoro": a verb or a figure between
        return False

    def _verb_follows(self, i: int) -> bool:
        """Whether an infinitive marker and a word follow token i ("plans to raise", "prevede di
        investire")."""
        end = self.finder.at(i, "infinitive_markers")
        word = self.doc[end] if end is not None and end < self.sentence.end else None
        return word is not None and word.is_alpha and not word.is_stop  # not "target to at least €1.5bn"

    def is_person(self, entity: str) -> bool:
        return any(n.person for n in self.named if n.id == entity)

    # --- roles ------------------------------------------------------------------------------------------

    def _roles(self, hit: _Hit) -> tuple[str, str | None]:
        subject, obj = self._roles_as_written(hit)
        if (
            hit.cue.kind == "regulation"
            and obj is not None
            and self._is_org(obj)
            and not self._is_org(subject)
        ):
            return obj, subject  # "X agreed to pay $5 million to settle an FTC inquiry": the regulator acts
        if hit.cue.kind == "regulation" and obj is None and self._is_org(subject) and self._thing_after(hit):
            # "The FDA approved the drug": the company the text speaks of, whose drug it is
            obj = self.topic if self.topic not in (None, subject) else None
        if hit.cue.kind == "launch" and self._is_product(subject) and obj is not None:
            return obj, subject  # "È stato lanciato il Vento, il primo suv di Sorrel Motors"
        if hit.cue.kind == "partnership" and obj is not None:
            return self._in_order(subject, obj)  # partners are named in the order the text names them
        if hit.cue.kind in ("acquisition", "investment") and obj is None and self._partitive_before(hit):
            obj = next((o for o in (self.partner, self.topic) if o not in (None, subject)), None)
        if hit.cue.kind == "regulation" and obj is None and self._possessed(hit):
            obj = (
                self.topic if self.topic != subject else None
            )  # "dopo che la Fda ha bocciato il suo farmaco"
        return subject, obj

    def _thing_after(self, hit: _Hit) -> bool:
        """Whether an article and a lower-case word, no name, follow a fact word ("approved the drug")."""
        i = hit.end
        articles = lexicon.ARTICLES.get(self.finder.language, ())
        if i + 1 >= self.sentence.end or self.doc[i].lower_ not in articles:
            return False
        return self.doc[i + 1].is_lower and not self.doc[i + 1].ent_kb_id

    def _partitive_before(self, hit: _Hit) -> bool:
        """Whether a partitive pronoun stands up to four words before a deal word ("ne ha completato
        l'acquisto"): the deal is in the company the pronoun stands for."""
        start = max(self.sentence.start, hit.token - 4)
        return bool(self.finder.starts_between("partitive_pronouns", start, hit.token))

    def _possessed(self, hit: _Hit) -> bool:
        """Whether a possessive (`possessives`: "il suo") follows a fact word, up to two words after it."""
        return bool(self.finder.starts_between("possessives", hit.end, min(self.sentence.end, hit.end + 2)))

    def _in_order(self, a: str, b: str) -> tuple[str, str]:
        """(a, b) in the order the clause names them first."""
        first = {n.id: n.start for n in reversed(self.named)}
        return (b, a) if first.get(b, 0) < first.get(a, 0) else (a, b)

    def _is_product(self, entity: str | None) -> bool:
        # a product referred to ("when it goes on sale") is a product too: the Doc's product names
        return any(n.product for n in self.named if n.id == entity) or entity in self.finder.products

    def _is_org(self, entity: str | None) -> bool:
        return any(n.org for n in self.named if n.id == entity)

    def _buyer(self, hit: _Hit) -> str | None:
        """The entity right after a buyer word that follows a word of selling ("sold … to Solvena")."""
        i, limit = hit.end, self.sentence.end
        while i < limit:
            word_end = self.finder.at(i, "buyer_words")
            if word_end is not None:
                for n in self.named:
                    if not n.place and not n.person and word_end <= n.start <= word_end + 1:
                        return n.id
            i += 1
        return None

    def _sale(self, hit: _Hit) -> tuple[str, str | None] | None:
        """(buyer, what is sold) when the sentence sells to a buyer named after the word of selling: a stake
        in the company named after the stake word, else the company named after the word of selling."""
        sale = next((h for h in self.hits if h.cue.roles == "sell"), None)
        if sale is None or hit.cue.kind not in ("acquisition", "investment"):
            return None
        buyer = self._buyer(sale)
        if buyer is None:
            return None
        stake = next((h for h in self.hits if h.cue.roles == "stake"), None)
        owned = self._first(after=stake.end, not_id=buyer) if stake is not None else None
        # "Lagunari Calcio ha ceduto il 30 per cento del club a Marbleton": no company named after, a part
        # of the seller itself
        return buyer, (
            owned or self._first(after=sale.end, not_id=buyer) or self._first(before=sale.token, not_id=buyer)
        )

    def _roles_as_written(self, hit: _Hit) -> tuple[str, str | None]:
        told = self._sale(hit) or self._inverted(hit)  # sold to a buyer named after; the subject inverted
        if told is not None:
            return told
        roles = hit.cue.roles
        if roles in ("listed", "valued", "participant"):
            return self._participant(hit) if roles == "participant" else (self._measured(hit), None)
        if roles == "holder":
            return self._holder(hit)
        if roles == "stake":
            bought = self._stake_bought_by(hit)
            if bought is not None:
                return bought
        if roles == "person":
            appointed = self._person_roles(hit)
            if appointed is not None:
                return appointed
        agent = self._agent(hit.end, far=hit.cue.needs == "agent")
        # "l'acquisto di X da parte di Y": Y buys X, named right after the noun
        noun = agent is not None and not self._passive(hit.token, hit.end) and self._noun_agent(hit)
        if roles == "receive" or (agent is not None and (self._passive(hit.token, hit.end) or noun)):
            obj = self._first(before=hit.token, not_id=agent) if agent and not noun else None
            if agent is not None:
                return agent, obj or self._first(after=hit.end, not_id=agent)
        return self._received_from_nobody(hit) if roles == "receive" else self._active_roles(hit)

    def _received_from_nobody(self, hit: _Hit) -> tuple[str | None, str | None]:
        """(NOBODY, receiver) of money received with no investor named ("Quillmate ha raccolto 8 milioni
        di euro"); a word of receiving of another kind keeps the roles of the active voice."""
        if hit.cue.kind != "investment":
            return self._active_roles(hit)
        receiver = self._active_roles(hit)[0]
        return (NOBODY, receiver) if receiver else (None, None)

    def _inverted(self, hit: _Hit) -> tuple[str, str | None] | None:
        """(subject, object) of a fact word that opens the sentence after an `inverted_openers` word, its
        subject named after a copula ("Ad acquisire il 25% di X sarà Y", "A firmare l'accordo sono state
        X e Y"): the name after the copula, and the first one between the word and the copula."""
        start = self.sentence.start
        if self.finder.at(start, "inverted_openers") != start + 1 or start + 1 >= self.sentence.end:
            return None
        # the fact word right after "a"/"ad", or a phrase that holds it ("A guidare il round …"), or a fact
        # word of the infinitive's phrase with no name before it ("A entrare nel capitale di X …")
        opening = hit.cue if hit.token <= start + 3 else self._cue_at(start + 1)
        if opening is None or opening.kind != hit.cue.kind:
            return None
        if any(start < n.start < hit.token for n in self.named):
            return None
        copulas = self.finder.starts_between("inverted_copulas", hit.end, self.sentence.end)
        if not copulas:
            return None
        after = self.finder.at(copulas[0], "inverted_copulas")
        subject = next((n for n in self.named if not n.place and after <= n.start <= after + 1), None)
        if subject is None:
            return None
        obj = next(
            (
                n.id
                for n in self.named
                if not n.place and n.id != subject.id and hit.end <= n.start < copulas[0]
            ),
            None,
        )
        partner = self._joined_to(subject.id) if hit.cue.kind == "partnership" else None
        return subject.id, obj or partner

    def _cue_at(self, i: int) -> lexicon.Cue | None:
        n = self.finder.cue_number(i)
        return self.finder.table.cues[n] if n is not None else None

    def _person_roles(self, hit: _Hit) -> tuple[str | None, str | None] | None:
        """(person, employer) for a word of appointment; (None, None) when only a predecessor is named;
        None when no person is named."""
        person = next((n.id for n in self.named if n.person and not self._predecessor(n)), None)
        if person is None and any(n.person for n in self.named):
            return None, None  # "La manager prenderà il posto di X": only who leaves is named
        # the employer: the subject of an active cue ("Kestrel has hired X, a former Intel executive"),
        # the body named after a passive one ("X has been named chief executive of Greyfield Foods")
        # after the last word of the post ("picked X, the head of Y, to lead Z"): Z
        # not a word that names the predecessor right after it ("succeeding Dev Anand, who …")
        last = max(
            (h.end for h in self.hits if h.cue.roles == "person" and not self._person_at(h.end)),
            default=hit.end,
        )
        before, after = (
            self._first(before=hit.token, person=False),
            self._first(after=last, person=False) or self._first(after=hit.end, person=False),
        )
        # the person before the word is its subject ("Owen Brady will join Apple"): the body after it
        person_first = any(n.person and n.end <= hit.token for n in self.named)
        # a government or authority that picks the head of a company named after is not the employer
        appointer = before is not None and after is not None and self._is_org(before)
        other = (
            (after or before) if self._passive(hit.token) or person_first or appointer else (before or after)
        )
        other = other or next((n.id for n in self.named if not n.person and not n.place), None)
        return (person, other) if person is not None else None

    def _predecessor(self, person: _Ent) -> bool:
        """Whether a word for leaving a post to someone stands right before a person ("al posto di X")."""
        return any(
            self.finder.at(k, "predecessor_words") == person.start
            for k in range(max(self.sentence.start, person.start - 4), person.start)
        )

    def _stake_bought_by(self, hit: _Hit) -> tuple[str, str | None] | None:
        """(buyer, company) when a passive word of buying after the stake names the buyer ("A 9.9% stake in
        Intel was bought by the US government", "una quota di X è stata rilevata da Y")."""
        for h in self.hits:
            if h.token > hit.token and h.cue.kind == hit.cue.kind and h.cue.roles == "active":
                agent = self._agent(h.end)
                if agent is not None and self._passive(h.token, h.end):
                    return agent, self._first(after=hit.end, not_id=agent, person=False)
        return None

    def _holder(self, hit: _Hit) -> tuple[str | None, str | None]:
        """(who holds, whose shares) for a word of holding ("Nvidia will become one of Intel's owners")."""
        owner = self._owner(hit)
        subject = self._first(before=hit.token, not_id=owner) or self._first(not_id=owner)
        if owner is None or subject is None:
            return None, None  # "il secondo socio industriale": whose holder of what is not said
        return subject, owner

    def _active_roles(self, hit: _Hit) -> tuple[str | None, str | None]:
        """(subject, object) of a word in the active voice: the subject named before it, the object after."""
        if hit.cue.kind in DEALS and self._person_acts(hit.token):
            return None, None  # "She takes over a chain whose share …": a person's deed, no company's deal
        subject = self._subject_before(hit.token) or self._implied_subject(hit)
        if subject == UNKNOWN:
            return None, None
        subject = subject or self._first()
        if hit.cue.kind == "regulation" and subject is not None and not self._is_org(subject):
            if self._after_preposition(next(n.start for n in self.named if n.id == subject)):
                return None, None  # "an inquiry into Nvidia" by a regulator the registry lacks
        product = hit.cue.kind == "launch"  # a product is what is launched, no partner or target
        obj = self._first(after=hit.end, not_id=subject, person=False, product=product)
        if obj is None:
            obj = self._first(not_id=subject, person=False, product=product)
            if obj is not None and not self.is_person(subject) and self._in_comma_aside(obj, hit.token):
                # "X, controllata dal fondo Y, investirà 310 milioni": Y describes X, no target; a person's
                # company in such an aside ("Jane Roe, CEO of Intel, announced") is what the deed is about
                obj = None
        if hit.cue.roles == "stake" and obj is not None and self._stake_elsewhere(hit, obj):
            obj = None  # "reached a share of 17%, overtaking X": X owns no part of it; a share of a market
        return subject, obj

    def _in_comma_aside(self, entity: str, token: int) -> bool:
        """Whether the first mention of `entity` stands between two commas after another name and before
        the fact word at `token`, no fact word in between: an apposition about that name."""
        n = next(n for n in self.named if n.id == entity)
        commas = [k for k in range(self.sentence.start, token) if self.doc[k].text == ","]
        opening = [k for k in commas if k < n.start]
        closing = [k for k in commas if k >= n.end]
        if not opening or not closing:
            return False
        start, end = opening[-1], closing[0]
        named_before = any(m.end <= start and not m.place for m in self.named)
        return named_before and not any(start < h.token < end for h in self.hits)

    def _stake_elsewhere(self, hit: _Hit, obj: str) -> bool:
        """Whether the company after a stake word is named after a verb of another clause, not after an
        owner word ("a stake in X", "una quota di X"): only the first company after the word counts."""
        after = next((n for n in self.named if n.id == obj and n.start >= hit.end), None)
        if after is None or self._after_owner_word(after.start):
            return False
        between = self.doc[hit.end : after.start]
        return any(t.text == "," for t in between)

    def _person_acts(self, token: int) -> bool:
        """Whether a pronoun of a person ("she", "lei") is the last subject before token: no name between."""
        pronouns = self.finder.starts_between("person_pronouns", self.sentence.start, token)
        return bool(pronouns) and not any(pronouns[-1] < n.start < token for n in self.named)

    def _subject_before(self, token: int) -> str | None:
        """The subject of the fact word at `token`: the nearest name to its left that is not inside a
        prepositional phrase ("Jane Roe, CEO of Intel, said", "le azioni di X") nor in a relative clause
        the word is not in; of names joined by a conjunction ("X and Y signed"), the first. A fact word
        inside a prepositional phrase takes the clause's first name."""
        if self._in_phrase(token):
            # the fact word is itself inside a phrase ("supply Apple with chips under a multi-year
            # agreement"): it belongs to the clause's subject, named first
            return self._first(before=token)
        cue_aside = self.aside(token)
        for n in reversed(self.named):
            if n.end > token or n.place or self.aside(n.start) not in (None, cue_aside):
                continue
            if not self._after_preposition(n.start):
                return self._first_of_pair(n).id
        return self._first(before=token)

    def _in_phrase(self, token: int) -> bool:
        """Whether the fact word at `token` heads a prepositional phrase: a preposition before it with only
        articles and modifiers between ("under a multi-year agreement", "con un accordo"), no name, verb
        or other fact word."""
        doc, finder = self.doc, self.finder
        for k in range(token - 1, max(self.sentence.start, token - 7) - 1, -1):
            if finder.at(k, "prepositions") is not None:
                return True
            word = doc[k]
            if word.ent_kb_id or not (word.is_alpha or word.like_num or word.text in ("-", "–")):
                return False
            if finder.cue_number(k) is not None or finder.at(k, "planned") or finder.at(k, "expected"):
                return False
        return False

    def _after_preposition(self, start: int) -> bool:
        """Whether a preposition (`prepositions` in the cue file) stands right before token `start`, or
        before its article ("of the FTC", "della Bce")."""
        finder, articles = self.finder, self.finder._articles
        k = start - 1
        while k >= self.sentence.start and finder._lowers[k] in articles:
            k -= 1
        if self._title_noun(k):
            k -= 1  # "controllata dal fondo Ursa Capital", "with the group X": a noun of its kind between
            while k >= self.sentence.start and finder._lowers[k] in articles:
                k -= 1
        return any(
            finder.at(j, "prepositions") in (start, k + 1)
            for j in range(max(self.sentence.start, k - 1), k + 1)
        )

    def _title_noun(self, k: int) -> bool:
        """Whether token k is a lower-case common noun that names what the entity after it is ("fondo",
        "gruppo"), right after an article or a preposition: no fact word, no verb of plan."""
        if k <= self.sentence.start:
            return False
        word, finder = self.doc[k], self.finder
        if not word.is_alpha or not word.is_lower or word.ent_kb_id or finder.cue_number(k) is not None:
            return False
        before = finder._lowers[k - 1]
        return before in finder._articles or finder.at(k - 1, "prepositions") is not None

    def _first_of_pair(self, n: _Ent) -> _Ent:
        """The first name of "X and Y" / "X e Y" when `n` is Y, else `n`."""
        before = [m for m in self.named if m.end <= n.start and not m.place]
        while before and self.finder.at(before[-1].end, "conjunctions") == n.start:
            n = before.pop()
        return n

    def _participant(self, hit: _Hit) -> tuple[str | None, str | None]:
        """(who takes part, in what) for a word of taking part in a round or deal ("Al round hanno
        partecipato anche X e Y", "X also took part"): the name before the word, else the first after it;
        the company named after an owner word, else the company the last deal was about."""
        subject = self._subject_before(hit.token) or self._first(after=hit.end, person=False)
        if subject is None:
            return None, None
        obj = next(
            (
                n.id
                for n in self.named
                if n.start >= hit.end
                and n.id != subject
                and not n.place
                and not n.person
                and self._after_owner_word(n.start)
            ),
            None,
        )
        partner = self.partner if self.partner not in (None, subject) else None
        return subject, obj or partner or (self.topic if self.topic != subject else None)

    def _after_owner_word(self, start: int) -> bool:
        """Whether an owner word ("of", "di", "in") stands right before token `start` or its article."""
        k = start - 1
        while k > self.sentence.start and self.finder._lowers[k] in self.finder._articles:
            k -= 1
        return any(
            self.finder.at(j, "owner_words") == k + 1 for j in range(max(self.sentence.start, k - 1), k + 1)
        )

    def _measured(self, hit: _Hit) -> str | None:
        """The company a word of shares or of worth is about: the one named right after a word of worth
        ("values Tamarack at"), else its owner ("Intel's shares", "le azioni di Intel"), else the one
        before."""
        if hit.cue.roles == "valued":
            after = next(
                (n.id for n in self.named if not n.place and hit.end <= n.start <= hit.end + 2), None
            )
            if after is not None:
                return after
        return self._owner(hit) or self._first(before=hit.token) or self._first()

    def _implied_subject(self, hit: _Hit) -> str | None:
        """No name before the cue: the company the sentences before spoke of ("Ha poi firmato un accordo
        con X"), unless a name the registry lacks stands there ("Tesla is said to buy a stake in X"); in
        a phrase that opens the sentence, the name right after its comma ("With 31% of the market, X …")."""
        fronted = self._fronted_subject(hit.token)
        if fronted is not None:
            return fronted
        if any(u < hit.token for u in self.unknown) or any(
            self.finder.at(k, "reference_heads") for k in range(self.sentence.start, hit.token)
        ):
            return UNKNOWN  # a subject the registry lacks, or one not resolved ("Le due società")
        if self.topic is not None and self.topic not in {n.id for n in self.named}:
            return self.topic
        return None

    def _fronted_subject(self, token: int) -> str | None:
        """The name right after the comma that closes a prepositional phrase opening the sentence, when the
        fact word at `token` stands in that phrase ("With 31% of the market, Pennock Telecom is …")."""
        start = self.sentence.start
        if self.finder.at(start, "prepositions") is None:
            return None
        comma = next((k for k in range(start, self.sentence.end) if self.doc[k].text == ","), None)
        if comma is None or comma < token:
            return None
        after = next((n for n in self.named if n.start > comma and not n.place), None)
        if after is None or after.start != comma + 1 or any(comma < u < after.start for u in self.unknown):
            return None
        return after.id

    def _first(
        self,
        before: int | None = None,
        after: int | None = None,
        not_id: str | None = None,
        person: bool = True,
        product: bool = True,
    ):
        """The first entity (not a place, not `not_id`, a person only if `person`, a product only if
        `product`) before a token, after one, or anywhere."""
        for n in self.named:
            if n.place or n.id == not_id or (n.person and not person) or (n.product and not product):
                continue
            if (before is None or n.end <= before) and (after is None or n.start >= after):
                return n.id
        return None

    def _owner(self, hit: _Hit) -> str | None:
        """The entity that owns the cue: "Intel's (main) shares", "Intel shares", "le azioni di Intel"."""
        for n in self.named:
            if not n.place and (self._owns_before(n, hit.token) or self._owns_after(n, hit.end)):
                return n.id
        return None

    def _owns_before(self, n: _Ent, token: int) -> bool:
        doc = self.doc
        if n.end == token:
            return True
        if n.end < token and doc[n.end].lower_ in ("'s", "’s", "'", "’"):
            return all(doc[k].is_lower for k in range(n.end + 1, token)) and token - n.end <= 3
        return False

    def _owns_after(self, n: _Ent, end: int) -> bool:
        gap = end
        word_end = self.finder.at(gap, "owner_words")
        if word_end is None:
            return False
        gap = word_end
        while gap < n.start and self.doc[gap].lower_ in lexicon.ARTICLES.get(self.doc.lang_, ()):
            gap += 1
        return n.start == gap

    def _agent(self, end: int, far: bool = False) -> str | None:
        """The entity right after an agent word that follows the cue ("acquisita da SoftBank"); with `far`,
        anywhere in the clause ("raised $2 billion at a valuation of $20 billion, in a round led by X")."""
        i = end
        limit = self.sentence.end if far else min(self.sentence.end, end + NEAR_AGENT)
        while i < limit:
            word_end = self.finder.at(i, "agent_words")
            if word_end is not None:
                reach = word_end + 2
                # "from investors including X", "da investitori tra cui X": past the word that lists them
                listing = self.finder.starts_between("listing_words", word_end, word_end + 6)
                if listing:
                    reach = self.finder.at(listing[0], "listing_words") or reach
                for n in self.named:
                    if not n.place and word_end <= n.start <= reach:
                        return n.id
            i += 1  # "da 12 milioni di euro guidato dal fondo Borealis Capital": the next agent word
        return None

    def _noun_agent(self, hit: _Hit) -> bool:
        """Whether a word that names the doer of a deal noun whatever the voice (`noun_agents`: "da parte
        di") stands in the few words after it, no other fact word between ("l'acquisizione di X da parte di
        Enel"; not "ha autorizzato l'acquisto di X da parte di Y": the ruling is not Y's)."""
        limit = min(self.sentence.end, hit.end + NEAR_AGENT)
        found = self.finder.starts_between("noun_agents", hit.end, limit)
        return (
            hit.cue.kind in DEALS
            and bool(found)
            and not any(hit.end <= h.token < found[0] for h in self.hits if h is not hit)
        )

    def _passive(self, token: int, end: int | None = None) -> bool:
        """Whether the cue at `token` is passive: an auxiliary up to three words before it, or (given its
        `end`) an agent word right after it ("a round led by X", "guidato da X")."""
        start = max(self.sentence.start, token - 3)
        if end is not None and self.finder.at(end, "agent_words") is not None:
            return True
        return any(self.finder.at(j, "passive_auxiliaries") for j in range(start, token))

    # --- figure and status ------------------------------------------------------------------------------

    def _figure(self, hit: _Hit, used: set[int], strict: bool, wanted: str | None = None) -> int | None:
        """The figure the cue governs: the nearest of its kind after it, else just before it."""
        wanted = wanted or hit.cue.figure
        if wanted == "none":
            return None
        # A figure in a relative clause of its own ("Amazon, which employs 1.5 million people, plans to
        # open 12 warehouses") only when the clause of the cue has none ("rilevato da X, che ha pagato
        # 310 milioni")
        outside = [(i, s) for i, s in self.figures if self.aside(s.start) == self.aside(hit.token)]
        best = self._nearest(hit, used, wanted, outside)
        if best is None and wanted != "any":
            best = self._nearest(hit, used, wanted, self.figures)
        if best is None and hit.cue.kind == "acquisition":
            # "ne rileva il 60%": the stake bought; "has been sold to Samsung for $2.1 billion": no part
            # sold, the whole company for its price
            other = {"money": "percent", "percent": "money" if hit.cue.roles == "sell" else None}.get(wanted)
            best = self._nearest(hit, used, other, outside) if other else None
        if best is None and hit.cue.kind == "partnership" and wanted == "money":
            # "X and Y will build a £2 billion plant in Z together": what the partners put in, before the word
            best = next(
                (
                    i
                    for i, s in reversed(outside)
                    if i not in used
                    and s.end <= hit.token
                    and s._.get(QUANTITY)["kind"] == "money"
                    and not self.finder.at(s.end, "per_unit")
                ),
                None,
            )
        if best is not None or strict or wanted != "any":
            return best
        return next((i for i, span in outside if i not in used and _telling(span)), None)

    def _nearest(self, hit: _Hit, used: set[int], wanted: str, figures) -> int | None:
        """The nearest figure of the wanted kind after the cue, else just before it."""
        best, best_distance = None, None
        # A launch's figure is the product's price, per month too ("at €6.99 a month", "costerà da 39.000
        # euro"); a deal's is never a price per share
        deal = hit.cue.kind in ("investment", "acquisition")
        for i, span in figures:
            if i in used or (deal and self.finder.at(span.end, "per_unit")):
                continue  # "will receive $22 a share", "a 23,28 dollari l'una": a price per share
            if self._restated(span) or self._previous_value(span):
                # "15,000 jobs, or about 15% of its workforce": the first says how many; "holds 31% of the
                # market, up from 28% a year earlier": the value before, not the fact's
                continue
            if deal and hit.cue.roles != "valued" and self._valuation(span):
                continue  # "raised $2 billion at a valuation of $20 billion": the worth, not the sum paid
            data = span._.get(QUANTITY)
            if wanted != "any" and data["kind"] != wanted:
                continue
            if span.start >= hit.end:
                distance = self._distance_past_asides(hit.end, span.start)
                # a launch's price may close a long clause ("launched X, its first …, in Spain on Monday at
                # €249"): its only sum of money is the price
                if distance > (NEAR_LAUNCH if hit.cue.kind == "launch" and wanted == "money" else NEAR):
                    continue
            elif hit.token - span.end <= NEAR_BEFORE:
                distance = hit.token - span.end + 0.5  # after the cue wins a tie
            else:
                continue
            if best_distance is None or distance < best_distance:
                best, best_distance = i, distance
        return best

    def _distance_past_asides(self, start: int, end: int) -> int:
        """Tokens from start to end, less those of an aside between two commas that holds no figure nor fact
        word ("acquired X, a freight carrier based in Leeds, for about £30 million")."""
        commas = [k for k in range(start, end) if self.doc[k].text == ","]
        distance = end - start
        for a, b in zip(commas, commas[1:], strict=False):
            if not any(a < s.start < b for _, s in self.figures) and not any(
                a < h.token < b for h in self.hits
            ):
                distance -= b - a
        return distance

    def _restated(self, span: Span) -> bool:
        """Whether a figure restates the one right before it ("15,000 jobs, or about 15% of the staff",
        "1.200 esuberi, pari al 10% dei dipendenti")."""
        words = self.finder.starts_between(
            "restating_words", max(self.sentence.start, span.start - 4), span.start
        )
        if not words:
            return False
        k = words[-1] - (1 if self.doc[words[-1] - 1].text == "," else 0)
        return any(s.end == k for _, s in self.figures)

    def _previous_value(self, span: Span) -> bool:
        """Whether a figure is the value a measure had before (`previous_words` right before it: "up from
        28%", "compared with $1.6 billion"), not the value it has now."""
        start = max(self.sentence.start, span.start - 3)
        return any(self.finder.at(k, "previous_words") == span.start for k in range(start, span.start))

    def _valuation(self, span: Span) -> bool:
        """Whether a word of worth stands up to three words before a figure ("a valuation of", "valutata")."""
        return any(h.cue.roles == "valued" and 0 <= span.start - h.end <= 3 for h in self.hits)

    def _status(self, hit: _Hit) -> str:
        """ "planned" or "expected" when a plan word, a word of expectation or a future tense comes before
        the cue (or is the cue), else "done"."""
        table = self.finder.table
        if hit.cue.kind != "regulation" and self.finder.starts_between(
            "talks", self.sentence.start, self.sentence.end
        ):
            # "is in talks to buy X", "sarebbe in trattative per": talked of, not done; an authority's
            # inquiry reported by sources is under way
            return "expected"
        # a word of a relative clause the cue is not in speaks of that clause ("X, whose plant is to be built
        # in Ohio, employs 900 people": the measure is done)
        own = self.aside(hit.token)
        if any(
            h.cue.kind == "plan" and h.token <= hit.token and self.aside(h.token) == own for h in self.hits
        ):
            return "planned"  # "intende tagliare", "expects capital spending"
        for i, what in self.finder.tense_marks(self.sentence):
            if self.aside(i) != own:
                continue
            # a future verb governs a measure anywhere before it, any other fact word when it stands right
            # before it ("distribuirà un dividendo", "sarà acquisita da", "diventerà uno dei azionisti")
            # … and the money spent on it, in a phrase after it ("porterà la flotta a 1.100 mezzi, con un
            # investimento di …"); not a deal it acts under ("fornirà i moduli, nell'ambito di un accordo")
            spent = hit.cue.kind == "investment" and self._in_phrase(hit.token)
            near = hit.token - i <= NEAR_VERB or spent
            if i < hit.token and (what != "future" or hit.cue.kind == "metric" or near):
                return "planned" if what == "future" else what  # "porterà la capacità a 200.000 auto"
        word = self.doc[hit.token].lower_
        if any(word.endswith(ending) for ending in table.future_endings) or self._inverted_future(hit):
            return "planned"
        return "done"

    def _inverted_future(self, hit: _Hit) -> bool:
        """Whether the copula of an inverted sentence is in the future tense ("Ad acquisire il 25% di X
        sarà Y"): the copula's tense is the fact's."""
        if self._inverted(hit) is None:
            return False
        copula = self.finder.starts_between("inverted_copulas", hit.end, self.sentence.end)[0]
        return any(i == copula and what == "future" for i, what in self.finder.tense_marks(self.sentence))


@dataclass
class _Walk:
    """Where the one pass over a Doc's entities, quantities and dates stands."""

    ents: list[Span]
    e: int = 0
    q: int = 0
    d: int = 0
    parallel: lexicon.Cue | None = None  # the cue of the clause before in the same sentence


class _Discourse:
    """What the sentences read so far spoke of: the topic (the company a later "it" stands for), the
    companies and bodies named (the most recent last), and the company the last fact was about."""

    def __init__(self) -> None:
        self.topic: str | None = None
        self.recent: list[str] = []
        self.bodies: set[str] = set()  # authorities, governments: "the company" never stands for them
        self.partner: str | None = None  # the object of the last fact
        self.deal: str | None = None  # the buyer or investor of the last purchase or investment
        self.last_deal: dict | None = None  # that purchase or investment itself
        self.last_ruling: dict | None = None  # the last regulation fact with a company ruled on
        self.funded: list[str | None] = []  # per fact of the clause read: the company money went into
        self.investee: str | None = None  # what "the company" opening the next clause stands for

    def met(self, named: list[_Ent]) -> None:
        """A clause named these; the first company or body is the topic when there is none yet."""
        for n in named:
            if not n.place and not n.person and not n.product:
                if n.id in self.recent:
                    self.recent.remove(n.id)
                self.recent.append(n.id)
                if n.org:
                    self.bodies.add(n.id)
        if self.topic is None:
            self.topic = next((n.id for n in named if not n.place and not n.person and not n.product), None)

    def stated(self, fact: dict, reading: _Sentence) -> None:
        """A fact was proposed: a person's company becomes the topic when a person is its subject ("Altman
        said OpenAI will open an office. It will …"); its object is the company it was about."""
        if fact["kind"] in ("acquisition", "investment") and fact["object"] is not None:
            self.deal, self.last_deal = fact["subject"], fact
        if fact["kind"] == "regulation" and fact["object"] is not None:
            self.last_ruling = fact
        funded = fact["kind"] == "investment" and fact["object"] not in (None, *self.bodies)
        self.funded.append(fact["object"] if funded and not reading.is_person(fact["object"]) else None)
        if reading.is_person(fact["subject"]) and fact["object"] is not None:
            self.topic = fact["object"]
        elif fact["object"] is not None and not reading.is_person(fact["object"]):
            self.partner = fact["object"]

    def spoke_of(self, subject: str | None) -> None:
        """The clause's own subject, a company named before its fact word, is what a later "the company"
        stands for, rather than a company it only mentions ("il titolo di Leonardo") or its agent. After a
        clause whose only fact is money put into a company (no stake bought with it), "the company" opening
        the next clause is the company funded ("X invested $40 million in Y. The company will use it …")."""
        if subject is not None:
            self.topic = subject
        funded, self.funded = set(self.funded), []
        self.investee = funded.pop() if len(funded) == 1 else None

    def meant(self, what: str, opener: bool, named: list[_Ent], referred: list[_Ent]) -> str | None:
        """What a referring phrase of kind `what` (`_references`) stands for, or None."""
        if what == "deal":
            # "la Commissione ha approvato l'operazione": the buyer's deal; "The deal is expected to close":
            # the deal, not a company, is the subject
            return None if opener else self.deal
        if what == "authority":
            return self.authority()
        if what == "bought":
            return self.last_deal["object"] if self.last_deal is not None else self.company(named)
        if what == "pronoun":
            return self.topic
        # "The fund now holds 9% of …": a word for an investor never stands for the company it funded
        return self.company(named, what != "investor") if opener else self.other(named, referred)

    def company(self, named: list[_Ent], funded: bool = True) -> str | None:
        """What "the company" at the start of a sentence stands for: the company just funded unless the
        sentence names it ("The fund put another $45 million into Lumora"), else the topic unless it is an
        authority, else the company named last."""
        if funded and self.investee is not None and all(n.id != self.investee for n in named):
            return self.investee
        if self.topic is not None and self.topic not in self.bodies:
            return self.topic
        return next((r for r in reversed(self.recent) if r not in self.bodies), None)

    def authority(self) -> str | None:
        """What "the regulator" stands for: the authority named last."""
        return next((r for r in reversed(self.recent) if r in self.bodies), None)

    def other(self, named: list[_Ent], referred: list[_Ent]) -> str | None:
        """What "the company" stands for after a name: the topic unless the sentence names it, else the
        company the last fact was about, else the company named last that the sentence does not name
        ("X now owns 18% of the start-up")."""
        taken = {n.id for n in (*named, *referred)} | self.bodies
        for option in (self.topic, self.partner):
            if option is not None and option not in taken:
                return option
        return next((r for r in reversed(self.recent) if r not in taken), None)


def _series(cue: lexicon.Cue) -> bool:
    """Whether a fact word's bare percentages run on into the next sentence: a share of a market, a share
    price, a stake ("UniCredit bought 9.5% of X. It could rise to 20%")."""
    return cue.kind in SERIES or cue.roles == "stake"


def _head(phrase: str, articles: tuple[str, ...]) -> str:
    """A referring phrase without its article ("the company" → "company", "l'azienda" → "azienda"), or ""
    when it has none (a pronoun)."""
    for article in articles:
        if phrase.startswith(article + " "):
            return phrase[len(article) + 1 :]
        if article.endswith(("'", "’")) and phrase.startswith(article):
            return phrase[len(article) :]
    return ""


def _money_key(fact: dict, quantities: list[Span]) -> tuple:
    """(a deal, amount, currency) for a fact of money paid or planned, else (None,)."""
    if fact["quantity"] is None or fact["kind"] not in ("investment", "acquisition", "plan"):
        return (None,)
    data = quantities[fact["quantity"]]._.get(QUANTITY)
    if data["kind"] != "money" or data["value"] is None:
        return (None,)
    return ("deal", data["value"], data["unit"])


def _clause_end(sentence: Span, i: int) -> int:
    """The token after the comma that closes the clause opened at i (or the sentence's end)."""
    while i < sentence.end and sentence.doc[i].text not in (",", ";"):
        i += 1
    return i + 1


def _fact(kind: str, subject: str, obj: str | None, figure: int | None, status: str | None) -> dict:
    return {"kind": kind, "subject": subject, "object": obj, "quantity": figure, "status": status}


def _owned(fact: dict) -> tuple:
    """The key of what a fact says without its figure; one of ownership (an investment, an acquisition)
    says whom the subject owns a part of, whatever the kind ("invests in" then "largest shareholder of")."""
    kind = "ownership" if fact["kind"] in ("investment", "acquisition") and fact["object"] else fact["kind"]
    return (kind, fact["subject"], fact["object"], None)


def _repeat_key(fact: dict, quantities: list[Span]) -> tuple:
    figure = None
    if fact["quantity"] is not None:
        data = quantities[fact["quantity"]]._.get(QUANTITY)
        figure = (data["value"], data["unit"], data["low"], data["high"])
    return (fact["kind"], fact["subject"], fact["object"], figure)


def _entities(ents: list[Span], e: int, sentence: Span) -> tuple[list[_Ent], int]:
    """(registry entities named in `sentence`, in order; index of the first entity after it).

    `e` is the index of the first entity not yet passed: sentences are visited in order, so the walk over
    the entities is one pass for the whole Doc.
    """
    named: list[_Ent] = []
    while e < len(ents) and ents[e].start < sentence.end:
        ent = ents[e]
        if ent.start >= sentence.start and ent.kb_id_:
            label = ent.label_
            named.append(
                _Ent(
                    ent.start,
                    ent.end,
                    ent.kb_id_,
                    label == _PLACE,
                    label == "person",
                    label == _ORG,
                    label == "product",
                )
            )
        e += 1
    return named, e


def _unknown_before(unknown: list[int], sentence: Span, cue: int) -> bool:
    """Whether a name the registry does not know (`unknown`: where such names start) stands in `sentence`
    before token `cue`: the subject of "Oggi Robotica Ferri impiega 85 persone" is that name, not the
    company the sentence before spoke of."""
    return any(sentence.start <= start < cue for start in unknown)


def _starting_in(spans: list[Span], i: int, sentence: Span) -> tuple[list[int], int]:
    """(indexes of the spans from the i-th on that start in `sentence`, index of the first span after it)."""
    inside = []
    while i < len(spans) and spans[i].start < sentence.end:
        if spans[i].start >= sentence.start:
            inside.append(i)
        i += 1
    return inside, i


def _telling(quantity: Span) -> bool:
    """Whether a figure alone makes a sentence a fact: money, percentages, measures, large counts; not a
    span of time ("ha 30 giorni per rispondere", "14 years at Intel")."""
    data = quantity._.get(QUANTITY)
    if data["kind"] == "measure" and (data["unit"] or "").lower() in duration_words(quantity.doc.lang_):
        return False
    return data["kind"] != "count" or data["value"] is None or abs(data["value"]) >= 100


def _one_word(nlp: Language, phrase: str) -> bool:
    """Whether the language's tokenizer reads `phrase` as one token (then it is looked up, not matched)."""
    return " " not in phrase and "'" not in phrase and "’" not in phrase and len(nlp.make_doc(phrase)) == 1


def _wordlike(token: Token) -> bool:
    """Whether a token may be a cue word: alphabetic, lower-case or first in its sentence, and no registry
    name ("Intesa Sanpaolo" is a bank, not an agreement)."""
    return token.is_alpha and (token.is_lower or token.is_sent_start) and not token.ent_kb_id
