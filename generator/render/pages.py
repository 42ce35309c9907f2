"""Rendering the site model into pages: one function per kind of page, all sharing one context."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

import markdown
from markupsafe import Markup

from generator import __version__
from generator.model import Annotation, Article, Entity, SiteModel
from generator.render.environment import get_template
from generator.render.markdown_ext import AnnotationExtension
from generator.render.urls import absolute_url, article_path, entity_path, relative_url
from generator.vocabulary import KIND_FOLDERS


class PageRenderer:
    """Renders every HTML page of a site model with one Jinja2 environment."""

    def __init__(self, model: SiteModel, env, base_url: str):
        self.model = model
        self.env = env
        self.base_url = base_url
        self.language = model.config.language

    # --- addresses -------------------------------------------------------------------------------------

    def entity_url(self, entity_id: str) -> str:
        return entity_path(self.model.entities[entity_id])

    def fact_url(self, fact_id: str) -> str:
        """A fact's permalink: its anchor on its subject's fact sheet."""
        return f"{self.entity_url(self.model.facts[fact_id].subject)}#fact-{fact_id}"

    def source_url(self, slug: str, anchor: str = "") -> str:
        return article_path(slug) + (f"#{anchor}" if anchor else "")

    def describe(self, entity: Entity) -> str:
        if isinstance(entity.description, dict):
            return entity.description.get(self.language) or next(iter(entity.description.values()), "")
        return entity.description

    # --- rendering -------------------------------------------------------------------------------------

    def _render(self, template: str, path: str, title: str, description: str = "", **context) -> bytes:
        def link(target: str) -> str:
            return relative_url(path, target)

        page = {
            "path": path,
            "title": title,
            "description": description or self.model.config.description,
            "canonical": absolute_url(self.base_url, path),
            "template": template,
        }
        html = get_template(self.env, template).render(
            site=self.model.config, model=self.model, page=page, link=link, base_url=self.base_url,
            entity=context.pop("entity", None), entity_url=self.entity_url, fact_url=self.fact_url,
            source_url=self.source_url, describe=self.describe, version=__version__,
            kind_folders=KIND_FOLDERS, **context,
        )
        return html.encode("utf-8")

    def pages(self) -> Iterator[tuple[str, bytes]]:
        """Every HTML page as (site path of its file, bytes), in a stable order."""
        model = self.model
        yield "index.html", self._render("index.html", "", model.config.title,
                                         latest=list(reversed(model.timeline))[:12])
        for entity_id in sorted(model.sheets):
            sheet = model.sheets[entity_id]
            path = self.entity_url(entity_id)
            yield path + "index.html", self._render(
                "entity.html", path, sheet.entity.name, self.describe(sheet.entity), entity=sheet.entity,
                sheet=sheet)
        for slug in sorted(model.articles):
            path = article_path(slug)
            article = model.articles[slug]
            yield path + "index.html", self._render(
                "article.html", path, article.title, article.summary, article=article,
                article_facts=model.analysed[slug].facts, body=self.article_body(article, path))
        yield "timeline/index.html", self._render("timeline.html", "timeline/", self._t("timeline"))
        sources = sorted(model.articles.values(), key=lambda a: (a.source.published, a.slug), reverse=True)
        yield "sources/index.html", self._render("sources.html", "sources/", self._t("sources"), sources=sources)
        yield "404.html", self._render("404.html", "404.html", self._t("not_found"))

    def _t(self, key: str) -> str:
        return self.env.globals["t"](key)

    def article_body(self, article: Article, path: str) -> Markup:
        """The article's Markdown as HTML: mentions linked, each fact anchored and linked to its sheet."""
        analysed = self.model.analysed[article.slug]
        facts_by_ordinal = {f.ordinal: f for f in analysed.facts}

        def decorate(annotation: Annotation):
            if annotation.kind == "mention":
                target = relative_url(path, self.entity_url(annotation.entity))
                return f'<a class="mention" href="{escape(target)}">', "</a>"
            fact = facts_by_ordinal.get(annotation.ordinal)
            if fact is None:
                return '<mark class="fact">', "</mark>"
            sheet_link = relative_url(path, self.fact_url(fact.id))
            label = escape(self._t("fact_sheet"))
            return (f'<mark class="fact fact--{escape(fact.kind)}" id="{escape(fact.anchor)}">',
                    f'</mark><a class="fact-link" href="{escape(sheet_link)}" title="{label}">'
                    f'<span class="visually-hidden">{label}</span>&#8599;</a>')

        # Link each registry entity the pipeline found where nobody annotated it, once per article.
        spans, linked = [], {a.entity for a in article.annotations if a.kind == "mention"}
        for mention in analysed.mentions:
            if mention.id is None or mention.id in linked or mention.id not in self.model.entities:
                continue
            linked.add(mention.id)
            start = article.plain_map.to_source(mention.start)
            end = article.plain_map.to_source_end(mention.end)
            target = escape(relative_url(path, self.entity_url(mention.id)))
            spans.append((start, end, f'<a class="mention" href="{target}">', "</a>"))
        html = markdown.markdown(article.body, extensions=[
            AnnotationExtension(decorate=decorate, spans=spans), "tables", "sane_lists"])
        return Markup(html)
