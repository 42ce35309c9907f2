"""Shared pipelines for the NLP tests: blank spaCy pipelines with a small registry, built once per session."""

from __future__ import annotations

import pytest

from generator.model import Entity

REGISTRY = [
    Entity("nvidia", "Nvidia", "company", {"all": ["NVIDIA", "Nvidia Corporation"]}),
    Entity("intel", "Intel", "company"),
    Entity("openai", "OpenAI", "company"),
    Entity("oracle", "Oracle", "company"),
    Entity("alibaba", "Alibaba", "company", {"all": ["Alibaba Group"], "it": ["gruppo Alibaba"]}),
    Entity("alibaba-cloud", "Alibaba Cloud", "company"),
    Entity("jensen-huang", "Jensen Huang", "person"),
    Entity("sam-altman", "Sam Altman", "person"),
    Entity("hong-kong", "Hong Kong", "place"),
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
