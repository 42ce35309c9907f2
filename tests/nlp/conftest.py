"""Shared pipelines for the NLP tests: blank spaCy pipelines with a small registry, built once per session."""

from __future__ import annotations

import pytest

from generator.model import Entity

REGISTRY = [
    Entity(id="nvidia", name="Nvidia", kind="company", aliases={"all": ["NVIDIA", "Nvidia Corporation"]}),
    Entity(id="intel", name="Intel", kind="company"),
    Entity(id="openai", name="OpenAI", kind="company"),
    Entity(id="oracle", name="Oracle", kind="company"),
    Entity(
        id="alibaba",
        name="Alibaba",
        kind="company",
        aliases={"all": ["Alibaba Group"], "it": ["gruppo Alibaba"]},
    ),
    Entity(id="alibaba-cloud", name="Alibaba Cloud", kind="company"),
    Entity(id="jensen-huang", name="Jensen Huang", kind="person"),
    Entity(id="sam-altman", name="Sam Altman", kind="person"),
    Entity(id="hong-kong", name="Hong Kong", kind="place"),
    Entity(id="softbank", name="SoftBank", kind="company"),
    Entity(id="nasdaq", name="Nasdaq", kind="place", aliases={"all": ["Wall Street"]}),
    Entity(id="ftc", name="Federal Trade Commission", kind="organization", aliases={"all": ["FTC"]}),
]


@pytest.fixture(scope="session")
def registry() -> list[Entity]:
    return REGISTRY


@pytest.fixture(scope="session")
def nlp_it():
    from generator.analyse.pipeline import build_nlp

    return build_nlp("it", REGISTRY)


@pytest.fixture(scope="session")
def nlp_en():
    from generator.analyse.pipeline import build_nlp

    return build_nlp("en", REGISTRY)


@pytest.fixture(scope="session")
def analyse(nlp_it, nlp_en):
    """analyse(language, text, published=...) → Analysis."""
    from generator.analyse.pipeline import analyse_text

    pipelines = {"it": nlp_it, "en": nlp_en}

    def run(language: str, text: str, published: str | None = "2025-09-18"):
        return analyse_text(pipelines[language], text, published)

    return run
