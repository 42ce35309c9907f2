"""Fact candidates: sentences joining registry entities with a figure or a fact word."""

from __future__ import annotations


def test_a_trigger_word_gives_the_kind_and_the_entities_subject_and_object(analyse):
    analysis = analyse("it", "Nvidia investirà 5 miliardi di dollari in Intel il 18 settembre.")
    fact = analysis.facts[0]
    assert (fact.kind, fact.subject, fact.object, fact.quantity, fact.date, fact.sentence) == (
        "investment",
        "nvidia",
        "intel",
        0,
        0,
        0,
    )


def test_the_most_specific_kind_wins(analyse):
    analysis = analyse("en", "Nvidia announced it will acquire a stake in Intel.")
    assert analysis.facts[0].kind == "acquisition"


def test_a_figure_alone_makes_a_metric(analyse):
    analysis = analyse("en", "Oracle's backlog stands at $455 billion.")
    assert [(f.kind, f.subject, f.quantity) for f in analysis.facts] == [("metric", "oracle", 0)]


def test_a_sentence_without_a_registry_entity_is_no_candidate(analyse):
    assert analyse("en", "Someone will invest $5 billion.").facts == []


def test_a_sentence_with_an_entity_but_nothing_to_say_is_no_candidate(analyse):
    assert analyse("en", "Intel is a company in California.").facts == []


def test_names_do_not_count_as_trigger_words(analyse):
    from generator.analyse.pipeline import analyse_text, build_nlp
    from generator.model import Entity

    nlp = build_nlp("it", [Entity(id="intesa-sanpaolo", name="Intesa Sanpaolo", kind="company")])
    assert analyse_text(nlp, "Ne ha parlato Intesa Sanpaolo.", None).facts == []


def test_candidates_point_to_their_sentence(analyse):
    analysis = analyse("en", "It was a quiet day. Then Nvidia said it would invest in OpenAI.")
    assert analysis.facts[0].sentence == 1
    assert [(f.kind, f.subject, f.object) for f in analysis.facts] == [("investment", "nvidia", "openai")]
