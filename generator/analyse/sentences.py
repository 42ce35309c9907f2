"""Sentence boundaries: spaCy's rule-based sentencizer, reading the tokens from one array.

spaCy's `Sentencizer` builds a `Token` object for every token of every Doc to read its text and its
punctuation flag; for a blank pipeline that was a tenth of the analysis. `ArraySentencizer` makes the same
decisions, token for token, from the ORTH and IS_PUNCT columns of `Doc.to_array`. It is registered as the
factory `factsheets_sentencizer` and added under the usual pipe name, `sentencizer`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import IS_PUNCT, ORTH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

FACTORY = "factsheets_sentencizer"


@Language.factory(
    FACTORY,
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False},
)
def make_sentencizer(
    nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool
) -> ArraySentencizer:
    """Split sentences after the characters in `punct_chars`, as spaCy's sentencizer does."""
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)


class ArraySentencizer(Sentencizer):
    """spaCy's `Sentencizer` with the same rule, read from token attribute arrays."""

    _marks: tuple[frozenset[str], frozenset[int]] = (frozenset(), frozenset())

    def predict(self, docs: Iterable[Doc]) -> list[list[bool]]:
        """For each Doc, whether each token starts a sentence: the first token, and the first token after a
        run of sentence-ending marks and other punctuation ("end." ")" "Next")."""
        marks = self._mark_ids()
        guesses = []
        for doc in docs:
            starts = [False] * len(doc)
            if starts:
                start, seen_mark = 0, False
                starts[0] = True
                for i, (orth, punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist()):
                    is_mark = orth in marks
                    if seen_mark and not punct and not is_mark:
                        starts[start] = True
                        start, seen_mark = i, False
                    elif is_mark:
                        seen_mark = True
                starts[start] = True
            guesses.append(starts)
        return guesses

    def _mark_ids(self) -> frozenset[int]:
        """The string ids of `punct_chars`, worked out again only when the characters change."""
        chars = frozenset(self.punct_chars)
        if chars != self._marks[0]:
            self._marks = (chars, frozenset(get_string_id(c) for c in chars))
        return self._marks[1]
