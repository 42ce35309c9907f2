"""The build: discover → read → analyse → aggregate → render → write, each stage finished before the next."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.model import Article, Entity, SiteConfig, SiteModel

log = logging.getLogger(__name__)


@dataclass
class BuildOptions:
    content: Path = Path("content")
    output: Path = Path("_site")
    templates: Path | None = Path("templates")
    base_url: str | None = None
    strict: bool = False


@dataclass
class Content:
    """Everything the read stage produced, with every problem found on the way."""

    config: SiteConfig | None
    entities: list[Entity]
    articles: list[Article]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class BuildReport:
    output: Path
    files: int
    articles: int
    entities: int
    facts: int
    warnings: list[Problem]


def read_content(content_dir: Path) -> Content:
    """Stages 1 and 2: find and read every content file, collecting all problems rather than stopping."""
    from generator.discover import discover
    from generator.read.articles import check_annotations, read_article
    from generator.read.entities import load_entities
    from generator.read.site import load_site
    from generator.vocabulary import FACT_KINDS

    files = discover(content_dir)
    config, problems = load_site(files.root, files.shown_root)
    entities, found = load_entities(files.root / "entities", files.shown_root)
    problems += found
    ids = {e.id for e in entities} | {p.stem for p in files.entities}  # a broken file is reported once
    kinds = set(FACT_KINDS) | set(config.fact_kinds if config else ())
    articles: list[Article] = []
    slugs: dict[str, str] = {}
    for path in files.articles:
        article, found = read_article(path, files.shown_root)
        problems += found
        if article is None:
            continue
        problems += check_annotations(article, ids, kinds)
        if article.slug.casefold() in slugs:
            problems.append(Problem(
                _first_line(article.path), "duplicate-slug",
                f"the slug '{article.slug}' is also used by {slugs[article.slug.casefold()]}",
                "rename one of the two files: their pages would share one address"))
            continue
        slugs[article.slug.casefold()] = article.path
        articles.append(article)
    return Content(config, entities, articles, problems)


def _first_line(path: str):
    from generator.errors import Location

    return Location(path, 1, 1)


def analyse_content(content: Content) -> tuple[list, list[Problem]]:
    """Stage 3: the language pipeline over every article, joined with its annotations."""
    from generator.analyse.stage import analyse_articles

    return analyse_articles(content.articles, content.entities, content.config)


def check_content(content_dir: Path) -> tuple[SiteModel | None, list[Problem]]:
    """Every problem in the content, in one run: reading, links, facts and disagreeing sources.

    Returns the site model too when the content has no errors, so a build need not do the work twice.
    """
    from generator.aggregate import aggregate
    from generator.check import conflict_warnings, link_problems

    content = read_content(content_dir)
    problems = content.problems + link_problems(content.articles)
    if content.config is None or any(p.severity == "error" for p in problems):
        return None, sorted(problems)
    analysed, found = analyse_content(content)
    problems += found
    if any(p.severity == "error" for p in found):
        return None, sorted(problems)
    model = aggregate(content.config, content.entities, content.articles, analysed)
    return model, sorted(problems + conflict_warnings(model))


def build_model(content_dir: Path) -> tuple[SiteModel, list[Problem]]:
    """Stages 1–4: read, analyse and aggregate; raises ContentError when the content has errors."""
    model, problems = check_content(content_dir)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise ContentError(errors or problems)
    return model, problems


def build(options: BuildOptions) -> BuildReport:
    """Build the site into `options.output`; nothing is written unless every stage before writing succeeds."""
    from generator.render.site import render_site
    from generator.write import check_output_folder, write_site

    content_dir = options.content.resolve()
    sources = [content_dir]
    if options.templates is not None and options.templates.exists():
        sources.append(options.templates)
    roots = [p for p in (content_dir, *content_dir.parents) if (p / ".git").exists()][:1]
    output = check_output_folder(options.output, sources, roots)
    model, warnings = build_model(content_dir)
    if options.strict and warnings:
        raise ContentError([Problem(w.location, w.code, w.message, w.hint) for w in warnings],
                           footer=f"Aborted with {len(warnings)} warnings in strict mode!")
    base_url = options.base_url or model.config.base_url
    # Render everything into memory first: a template error must not leave a half-written site.
    files = list(render_site(model, options.templates, base_url))
    count = write_site(files, output)
    return BuildReport(output, count, len(model.articles), len(model.entities), len(model.facts), warnings)
