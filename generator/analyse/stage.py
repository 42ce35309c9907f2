"""The analyse stage: run the language pipeline over every article and join it with the annotations."""

from __future__ import annotations

import logging

from generator.analyse.facts import article_facts
from generator.errors import Problem
from generator.model import AnalysedArticle, Article, Entity, SiteConfig

log = logging.getLogger(__name__)


def analyse_articles(articles: list[Article], entities: list[Entity], config: SiteConfig
                     ) -> tuple[list[AnalysedArticle], list[Problem]]:
    """Analyse each article with its language's pipeline; results keep the articles' order."""
    from generator.analyse.pipeline import analyse_texts, build_nlp  # spaCy loads only when needed

    results: dict[str, AnalysedArticle] = {}
    problems: list[Problem] = []
    for language in sorted({a.language for a in articles}):
        batch = [a for a in articles if a.language == language]
        nlp = build_nlp(language, entities, config.pipeline.get(language))
        log.debug("analysing %d %s articles", len(batch), language)
        analyses = analyse_texts(nlp, ((a.plain, a.source.published) for a in batch))
        for article, analysis in zip(batch, analyses):
            analysed, found = article_facts(article, analysis)
            results[article.slug] = analysed
            problems.extend(found)
    return [results[a.slug] for a in articles], problems
