"""The renderer's Python helpers that replaced per-piece macro calls: same markup, made once per fact."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import build_model
from generator.model import Report
from generator.render.environment import make_environment
from generator.render.pages import PageRenderer
from generator.render.themes import theme_search_path


@pytest.fixture
def renderer(site: Path) -> PageRenderer:
    model, _ = build_model(site / "content", jobs=1, cache=False)
    env = make_environment(theme_search_path(None), model.config.language, model.config.fact_kinds)
    return PageRenderer(model, env, "https://example.org/")


def _link(target: str) -> str:
    return "/" + target


def test_names_are_linked_once_each_and_the_figure_is_bold(renderer: PageRenderer):
    text = "Acme Corp & Globex: Acme Corp paid <5> $3 million"
    html = renderer.linked_markup(text, "acme globex", None, "$3 million", _link)
    assert html == (
        '<a href="/companies/acme/">Acme Corp</a> &amp; <a href="/companies/globex/">Globex</a>: '
        'Acme Corp paid &lt;5&gt; <strong class="figure">$3 million</strong>'
    )


def test_the_pages_own_entity_is_named_without_a_link(renderer: PageRenderer):
    html = renderer.linked_markup("Acme Corp buys Globex", ["acme", "globex"], "acme", "", _link)
    assert html == 'Acme Corp buys <a href="/companies/globex/">Globex</a>'


def test_the_theme_macro_gives_the_renderers_markup(renderer: PageRenderer):
    source = '{% from "_macros.html" import linked_text with context %}'
    template = renderer.env.from_string(source + '{{ linked_text(t, "globex acme", "acme", "x") }}')
    html = template.render(
        t="Globex & Acme Corp", model=renderer.model, link=_link, linked_markup=renderer.linked_markup
    )
    assert html == '<a href="/companies/globex/">Globex</a> &amp; Acme Corp'


def test_publishers_are_named_once_whatever_their_case(renderer: PageRenderer):
    fact = next(iter(renderer.model.facts.values()))
    first = Report(publisher="Il Post", url="https://a.example/1", published="2024-01-01")
    reports = [
        first,
        replace(first, url="https://a.example/2", publisher="IL POST"),
        replace(first, publisher="Wire"),
    ]
    renderer._reports[fact.id] = reports
    assert renderer.report_publishers(fact) == "Il Post, Wire"


def _macro_named_ids(renderer: PageRenderer, fact) -> list[str]:
    source = '{% from "_macros.html" import named_ids with context %}{{ named_ids(fact) }}'
    return renderer.env.from_string(source).render(model=renderer.model, fact=fact).split()


def test_a_facts_names_are_ordered_as_the_named_ids_macro_orders_them(renderer: PageRenderer):
    facts = list(renderer.model.facts.values())
    assert any(f.object for f in facts) and any(not f.object for f in facts)
    first, second = sorted(renderer.model.entities)[:2]
    variants = [
        replace(facts[0], subject=first, object=second),
        replace(facts[0], subject=second, object=first),
        replace(facts[0], subject=first, object=first),
        replace(facts[0], subject=first, object=None),
    ]
    for fact in facts + variants:
        assert renderer.named_ids(fact) == _macro_named_ids(renderer, fact), fact.id


def test_a_statement_is_linked_without_the_named_ids_and_linked_text_macros(renderer: PageRenderer):
    fact = next(f for f in renderer.model.facts.values() if f.object)
    source = '{% from "_macros.html" import fact_summary with context %}{{ fact_summary(fact, plain) }}'
    template = renderer.env.from_string(source)
    context = {**renderer._shared_context(), "link": _link, "fact": fact, "plain": fact.subject}
    seen = []
    named_ids = renderer.named_ids
    context["fact_named_ids"] = lambda f: seen.append(f.id) or named_ids(f)
    html = template.render(context)
    assert seen == [fact.id]
    assert f'href="/{renderer.entity_url(fact.object)}"' in html
