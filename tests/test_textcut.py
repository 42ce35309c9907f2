"""Quoted text cut to a length: on a word boundary, with an ellipsis."""

from __future__ import annotations

from generator.textcut import shorten

SENTENCE = "Nvidia costruirà nuovi data center in Europa entro il 2027"


def test_a_short_text_is_unchanged():
    assert shorten(SENTENCE, len(SENTENCE)) == SENTENCE


def test_a_long_text_is_cut_after_a_whole_word():
    assert shorten(SENTENCE, 20) == "Nvidia costruirà…"


def test_a_cut_ends_with_an_ellipsis_within_the_limit():
    for limit in range(2, len(SENTENCE)):
        cut = shorten(SENTENCE, limit)
        assert cut.endswith("…") and len(cut) <= limit, limit


def test_a_cut_never_ends_in_the_middle_of_a_word():
    words = SENTENCE.split()
    for limit in range(8, len(SENTENCE)):
        assert shorten(SENTENCE, limit)[:-1].split()[-1] in words, limit


def test_a_cut_drops_the_punctuation_before_the_ellipsis():
    assert shorten("Acme, a robot maker, grew fast", 14) == "Acme, a robot…"
    assert shorten("Acme, a robot maker, grew fast", 20) == "Acme, a robot maker…"


def test_a_first_word_longer_than_the_limit_gives_the_ellipsis_alone():
    assert shorten("Supercalifragilistic words", 6) == "…"


def test_an_apostrophe_inside_a_word_is_no_place_to_cut():
    assert shorten("Acme's rival won't sell", 17) == "Acme's rival…"
