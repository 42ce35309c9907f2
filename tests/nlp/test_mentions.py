"""Mentions: registry names and aliases, case variants, longest match, surnames, unknown names."""

from __future__ import annotations

import pytest


def linked(analysis):
    return [(m.text, m.id) for m in analysis.entities if m.id]


def test_a_registry_name_is_linked_with_its_kind(analyse):
    analysis = analyse("en", "Shares of Intel rose.")
    assert [(m.text, m.id, m.kind) for m in analysis.entities] == [("Intel", "intel", "company")]


@pytest.mark.parametrize("written", ["NVIDIA", "Nvidia", "OpenAi", "OPENAI"])
def test_case_variants_of_a_name_are_linked(analyse, written):
    assert [m.id for m in analyse("en", f"Shares of {written} rose.").entities if m.id]


def test_a_lower_case_common_word_is_not_a_name(analyse):
    assert linked(analyse("en", "He consulted an oracle about the shares.")) == []


def test_an_alias_written_as_registered_is_linked_even_in_lower_case(analyse):
    assert linked(analyse("it", "Il gruppo Alibaba cresce.")) == [("gruppo Alibaba", "alibaba")]


def test_the_longest_name_wins(analyse):
    assert linked(analyse("en", "Alibaba Cloud grew faster than Alibaba.")) == [
        ("Alibaba Cloud", "alibaba-cloud"),
        ("Alibaba", "alibaba"),
    ]


def test_a_name_across_a_line_break_is_linked(analyse):
    assert linked(analyse("en", "The deal was led by Sam\nAltman himself.")) == [
        ("Sam\nAltman", "sam-altman")
    ]


def test_a_surname_after_the_full_name_refers_to_the_person(analyse):
    analysis = analyse("en", "Sam Altman spoke first. Later Altman said more.")
    assert linked(analysis) == [("Sam Altman", "sam-altman"), ("Altman", "sam-altman")]


def test_a_surname_before_the_full_name_is_not_linked(analyse):
    analysis = analyse("en", "Then Altman spoke. Sam Altman said more.")
    assert linked(analysis) == [("Sam Altman", "sam-altman")]


def test_unknown_capitalised_names_are_proposed_without_id(analyse):
    analysis = analyse("en", "The deal was approved by Cassa Depositi e Prestiti and Bank of America.")
    assert [(m.text, m.id, m.kind) for m in analysis.entities] == [
        ("Cassa Depositi", None, None),
        ("Prestiti", None, None),
        ("Bank of America", None, None),
    ]


def test_a_capitalised_word_opening_a_sentence_is_not_proposed(analyse):
    assert analyse("en", "Investors cheered.").entities == []


def test_figures_and_dates_are_not_proposed_as_names(analyse):
    analysis = analyse("en", "Intel reported on September 18 results for Q3 2025.")
    assert [m.text for m in analysis.entities] == ["Intel"]


def test_two_entities_sharing_a_name_prefer_the_one_already_mentioned():
    from generator.analyse.pipeline import analyse_text, build_nlp
    from generator.model import Entity

    nlp = build_nlp(
        "en",
        [
            Entity(id="eddie-wu", name="Eddie Wu", kind="person", aliases={"all": ["Wu"]}),
            Entity(id="wu-tang", name="Wu Tang", kind="organization", aliases={"all": ["Wu"]}),
        ],
    )
    analysis = analyse_text(nlp, "Wu Tang met Eddie Wu. Wu said no.", None)
    assert [m.id for m in analysis.entities] == ["wu-tang", "eddie-wu", "wu-tang"]
