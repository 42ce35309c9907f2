"""What tells whether a change of the entity registry may reach an article's analysis (`registry_changes`)."""

from __future__ import annotations

import pytest

from generator.analyse import stage
from generator.cache.registry_changes import Reach, Registry, changes, normalised, probe
from generator.model import Entity, SiteConfig


def _registry(*entities: Entity, ids: set[str] | None = None) -> Registry:
    return Registry.of(entities, ids if ids is not None else {e.id for e in entities})


def _person(name: str = "Sam Altman", **aliases: list[str]) -> Entity:
    return Entity(id="sam-altman", name=name, kind="person", aliases=aliases)


def test_names_are_compared_casefolded_without_whitespace():
    # lower() reads a final sigma by its context; spaCy lowers each token alone, as casefold does.
    assert normalised("ΟΔΟΣ") in normalised("ΟΔΟΣ's")
    assert normalised("Straße") == normalised("STRASSE") == "strasse"
    assert normalised("Sam\u00a0 Altman\n") == "samaltman"


def test_a_registry_comes_back_from_its_payload():
    registry = _registry(_person(all=["Altman"], it=["il ceo"]), ids={"sam-altman", "broken"})
    again = Registry.from_payload(registry.payload())
    assert again == registry and again.stamp == registry.stamp
    odd = _registry(_person("Sam \ud800"))  # YAML reads "\ud800" as a lone surrogate
    assert Registry.from_payload(odd.payload()) == odd
    assert Registry.from_payload(b"not json") is None
    assert Registry.from_payload(b'{"ids": [1], "names": {}}') is None


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        (_person(), _person(all=["Altman"]), {"Altman"}),  # an alias added
        (_person(all=["Altman"]), _person(), {"Altman"}),  # removed
        (_person(it=["Altman"]), _person(), set()),  # another language's
        (_person(all=["Altman"]), _person(all=["Altman", "Sam"]), {"Sam"}),
        # The first name swapped with an alias: the surname rule reads the first.
        (_person(all=["Altman"]), _person("Altman", all=["Sam Altman"]), {"Sam Altman", "Altman"}),
        # A kind changed: every name.
        (
            _person(all=["Altman"]),
            Entity(id="sam-altman", name="Sam Altman", kind="company", aliases={"all": ["Altman"]}),
            {"Sam Altman", "Altman"},
        ),
    ],
)
def test_the_names_a_change_touches(old: Entity, new: Entity, changed: set[str]):
    found = changes(_registry(old), _registry(new))
    assert found.names["en"] == changed and found.ids == frozenset()


def test_an_entity_that_comes_or_goes_touches_every_name_and_its_id():
    other = Entity(id="openai", name="OpenAI", kind="company")
    found = changes(_registry(other), _registry(other, _person(all=["Altman"])))
    assert found.names == {"en": {"Sam Altman", "Altman"}, "it": {"Sam Altman", "Altman"}}
    assert found.ids == {"sam-altman"}
    # A file that no longer loads keeps its id (its stem), but its names are gone.
    assert changes(_registry(_person()), _registry(ids={"sam-altman"})).ids == frozenset()
    assert changes(_registry(_person()), _registry(ids={"sam-altman"})).names["en"] == {"Sam Altman"}


def _words(names) -> dict[tuple[str, str], list[str]]:
    return {(language, name): name.lower().split() for language, name in names}


def test_an_article_is_reached_by_a_name_in_its_text_and_words_or_by_an_id_it_names():
    found = changes(_registry(_person()), _registry(_person(en=["AI", "Sam"])))
    reach = Reach(found, _words)
    said = probe(["openai"], "en", "Sam said so.", ["sam", "said", "so", "."])
    assert reach(said)
    # "ai" is in "said", but no word of the text is "ai".
    assert not reach(probe(["openai"], "en", "He said so.", ["he", "said", "so", "."]))
    assert not reach(
        probe(["openai"], "it", "Sam said so.", ["sam", "said", "so", "."])
    )  # Italian: no change
    assert not reach(probe(["openai"]))  # not analysed: only its ids were read
    assert Reach(changes(_registry(ids={"x"}), _registry(ids=set())), _words)(probe(["x"]))
    assert reach(None) and reach(b"corrupt")  # no probe: analysed again


def test_without_a_name_s_words_the_text_alone_decides():
    reach = Reach(changes(_registry(_person()), _registry(_person(all=["AI"]))), lambda names: {})
    assert reach(probe([], "en", "He said so.", ["he", "said", "so", "."]))


def test_a_name_s_words_are_those_of_the_build_s_pipeline():
    from generator.analyse.pipeline import blank_tokenizer, build_nlp, name_words

    for language in ("en", "it"):
        nlp = build_nlp(language, [_person()], candidates=False)
        words = blank_tokenizer(language)
        for name in (
            "Enel S.p.A.",
            "Hewlett-Packard",
            "l'Intel",
            "U.S. government",
            "3M's",
            "Qwen3-Max 2025",
        ):
            assert name_words(words, name) == name_words(nlp, name)


def test_the_build_s_pipeline_has_no_registry_wide_rules():
    """The fact proposals (`candidates`) read the whole registry (first words of names, government seats,
    national bodies, proposal ids): a change of any entity would reach every article. The build leaves them
    out, which is what lets a change of the registry analyse again only the articles it can reach."""
    setup = stage._Setup(
        entities=[_person()],
        config=SiteConfig(
            title="t", language="en", base_url="https://example.org/", author="a", publisher="p"
        ),
        entity_ids=frozenset({"sam-altman"}),
        fact_kinds=frozenset(),
        cache_folder=None,
        fingerprint="",
        cache_enabled=False,
        registry="",
    )
    nlp = stage._pipeline({}, setup, "en")
    assert "factsheets_candidates" not in nlp.pipe_names
    assert nlp.pipe_names[-3:] == ["factsheets_mentions", "factsheets_quantities", "factsheets_dates"]
