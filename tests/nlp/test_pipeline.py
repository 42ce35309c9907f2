"""The pipeline as a whole: its components, offsets, batching, saving and loading."""

from __future__ import annotations

import pytest
import spacy

from generator.analyse.pipeline import analyse_text, analyse_texts, build_nlp
from generator.errors import ConfigError
from generator.model import Entity


def test_the_components_run_in_order(nlp_it):
    assert nlp_it.pipe_names == [
        "sentencizer",
        "factsheets_mentions",
        "factsheets_quantities",
        "factsheets_dates",
        "factsheets_candidates",
    ]


def test_an_unknown_language_is_refused():
    with pytest.raises(ConfigError, match="no language pipeline for 'de'"):
        build_nlp("de", [])


def test_a_trained_pipeline_that_is_not_installed_is_a_config_error():
    with pytest.raises(ConfigError, match="not installed"):
        build_nlp("en", [], trained="xx_not_a_pipeline_sm")


def test_every_offset_points_into_the_text(analyse):
    text = (
        "Il 18 settembre 2025 Nvidia ha annunciato un investimento di 5 miliardi di dollari in Intel.\n\n"
        "L'anno scorso il titolo era salito del 30%."
    )
    analysis = analyse("it", text)
    for item in (*analysis.entities, *analysis.quantities, *analysis.dates):
        assert text[item.start : item.end] == item.text
    assert [text[s.start : s.end][:8] for s in analysis.sentences] == ["Il 18 se", "L'anno s"]


def test_a_blank_line_ends_a_sentence_without_a_full_stop(analyse):
    analysis = analyse("en", "Nvidia results\n\nShares of Intel rose")
    assert len(analysis.sentences) == 2


def test_a_line_break_inside_a_paragraph_does_not_end_a_sentence(analyse):
    assert len(analyse("en", "Shares of Intel\nrose sharply.").sentences) == 1


def test_analyse_texts_keeps_the_order_and_the_publication_dates(nlp_en):
    items = [("Last year it grew.", "2020-05-01"), ("Last year it grew.", "2010-05-01"), ("No dates.", None)]
    results = list(analyse_texts(nlp_en, items, batch_size=2))
    assert [[d.value for d in r.dates] for r in results] == [["2019"], ["2009"], []]
    assert [r.published for r in results] == ["2020-05-01", "2010-05-01", None]


def test_a_saved_pipeline_loads_with_spacy_load(tmp_path, nlp_en):
    nlp_en.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Nvidia will invest up to $100 billion in OpenAI next year, NVIDIA said."
    before = analyse_text(nlp_en, text, "2025-09-22")
    after = analyse_text(loaded, text, "2025-09-22")
    assert after == before
    assert [m.id for m in after.entities] == ["nvidia", "openai", "nvidia"]


def test_build_nlp_accepts_a_saved_pipeline_and_replaces_its_registry(tmp_path, nlp_en):
    from generator.model import Entity

    nlp_en.to_disk(tmp_path / "pipeline")
    nlp = build_nlp(
        "en", [Entity(id="acme", name="Acme", kind="company")], trained=str(tmp_path / "pipeline")
    )
    assert [m.id for m in analyse_text(nlp, "Acme and Intel merged.", None).entities] == ["acme", None]


def test_worker_processes_give_the_same_results(nlp_en):
    items = [(f"Nvidia will invest ${n} billion in OpenAI next year.", "2025-09-18") for n in range(1, 5)]
    alone = list(analyse_texts(nlp_en, items, batch_size=2))
    assert list(analyse_texts(nlp_en, items, batch_size=2, n_process=2)) == alone


def test_names_from_a_statistical_ner_are_kept_without_id(registry):
    nlp = build_nlp("en", registry)
    ruler = nlp.add_pipe("entity_ruler", name="ner", before="factsheets_mentions")
    ruler.add_patterns(
        [
            {"label": "ORG", "pattern": "Acme Corp"},
            {"label": "DATE", "pattern": "today"},
            {"label": "ORG", "pattern": "Intel"},
        ]
    )
    analysis = analyse_text(nlp, "Acme Corp and Intel met today.", None)
    assert [(m.text, m.id, m.kind) for m in analysis.entities] == [
        ("Acme Corp", None, "organization"),
        ("Intel", "intel", "company"),
    ]


def test_the_build_pipeline_leaves_out_candidates_and_finds_the_same_things():
    registry = [
        Entity(id="acme", name="Acme", kind="company"),
        Entity(id="globex", name="Globex", kind="company"),
    ]
    text = (
        "Acme said on 18 September 2025 it would invest $5 billion in Globex. Jensen Huang called it "
        "a bet on Qwen3-Max; shares rose about 23% by Q3."
    )
    full = analyse_text(build_nlp("en", registry), text, "2025-09-18")
    lean_nlp = build_nlp("en", registry, candidates=False)
    assert "factsheets_candidates" not in lean_nlp.pipe_names
    lean = analyse_text(lean_nlp, text, "2025-09-18")
    assert lean.quantities == full.quantities and lean.dates == full.dates
    assert lean.sentences == full.sentences
    assert [m for m in lean.entities if m.id] == [m for m in full.entities if m.id]
    assert lean.facts == [] and full.facts


# --- the same decisions as spaCy's Matcher, read from token arrays ----------------------------------

_MIXED_TEXTS = [
    'Nvidia grew. Intel fell!\n\nWhy? Nobody knows…  "Quoted." (Aside.) Next one',
    "Il 18 settembre 2025 Nvidia ha investito 5 miliardi.\n\n## Titolo\n- voce uno\n- voce due",
    "...!!?? ?!. Hewlett-Packard and Banca d'Italia, G7 and McKinsey & Company. Three Italian banks. Tre",
    "",
    "   ",
    "No end mark at all",
]


def _eval_texts(language: str) -> list[str]:
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parents[1] / "eval" / f"{language}.yaml"
    return [p["text"] for p in yaml.safe_load(path.read_text(encoding="utf-8"))["passages"]]


@pytest.mark.parametrize("language", ["it", "en"])
def test_unknown_names_are_proposed_as_a_token_matcher_would_find_them(language, nlp_it, nlp_en):
    """The proposal rule read from arrays picks the tokens the two-pattern Matcher it replaced picked."""
    from spacy.matcher import Matcher

    nlp = {"it": nlp_it, "en": nlp_en}[language]
    finder = nlp.get_pipe("factsheets_mentions")
    matcher = Matcher(nlp.vocab)
    matcher.add(
        "NAME",
        [
            [{"IS_ALPHA": True, "IS_LOWER": False, "IS_STOP": False}],
            [{"IS_TITLE": True, "IS_ALPHA": False, "LIKE_NUM": False, "IS_PUNCT": False, "IS_SPACE": False}],
        ],
    )
    from generator.analyse.mentions import _PROPOSAL_ATTRS, _name_like

    for text in [*_MIXED_TEXTS, *_eval_texts(language)]:
        doc = nlp.make_doc(text)
        expected = [start for _, start, _ in matcher(doc)]
        found = _name_like(doc.to_array(_PROPOSAL_ATTRS)).tolist() if len(doc) else []
        assert found == expected, text
    assert finder.propose_unknown


def test_a_hyphen_joins_two_capitalised_words_only_without_spaces(analyse):
    names = [m.text for m in analyse("en", "They met Hewlett-Packard and Rolls - Royce today.").entities]
    assert "Hewlett-Packard" in names
    assert "Rolls - Royce" not in names
