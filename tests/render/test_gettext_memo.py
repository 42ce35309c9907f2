"""The templates' words are looked up once per message, and written as Jinja2's i18n extension writes them."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from generator.render.environment import memoised_gettext


def _environment(lookup) -> jinja2.Environment:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_callables(lookup, lambda s, p, n: s if n == 1 else p, newstyle=True)  # type: ignore[attr-defined]
    return env


def _counting(table: dict[str, str]):
    asked: list[str] = []

    def lookup(message: str) -> str:
        asked.append(message)
        return table.get(message, message)

    return lookup, asked


TEMPLATE = (
    '{% for n in range(3) %}{{ _("Sources") }} {{ _("<b>") }} {{ _("%(n)s of %(total)s", n=n, total="<x>") }}'
    '{% trans %}Fact sheet{% endtrans %}|{% endfor %}{% autoescape false %}{{ _("<b>") }}{% endautoescape %}'
)
TABLE = {"Sources": "Fonti", "<b>": "<b>", "%(n)s of %(total)s": "%(n)s di %(total)s"}


def test_each_message_is_looked_up_once_whatever_the_pages_ask():
    lookup, asked = _counting(TABLE)
    env = _environment(lookup)
    env.globals["gettext"] = env.globals["_"] = memoised_gettext(lookup)
    page = TEMPLATE.split("{% autoescape")[0]  # (text outside autoescaping is left to the lookup each time)
    env.from_string(page).render()
    env.from_string(page).render()
    assert sorted(asked) == sorted(["<b>", "Fact sheet", "Sources", "%(n)s of %(total)s"])


def test_the_words_are_those_the_extension_writes():
    lookup, _ = _counting(TABLE)
    expected = _environment(lookup).from_string(TEMPLATE).render()
    env = _environment(lookup)
    env.globals["gettext"] = env.globals["_"] = memoised_gettext(lookup)
    assert env.from_string(TEMPLATE).render() == expected
    assert "0 di &lt;x&gt;" in expected and "<b>" in expected  # a translation is markup, a variable text


def test_a_call_without_variables_gives_the_same_markup_each_time():
    gettext = memoised_gettext(lambda message: message)
    env = jinja2.Environment(autoescape=True)
    context = env.from_string("").new_context()
    first = gettext(context.eval_ctx, "100%% sure")
    assert first == Markup("100% sure") and gettext(context.eval_ctx, "100%% sure") is first


def test_a_word_asked_for_in_a_loop_makes_no_context_for_it(monkeypatch):
    # Jinja2 gives a callable that takes the template's context one with what the loop has set, each call.
    lookup, _ = _counting(TABLE)
    env = _environment(lookup)
    env.globals["gettext"] = env.globals["_"] = memoised_gettext(lookup)
    template = env.from_string(
        '{% for n in range(2) %}{% set m = n %}{{ _("Sources") }} {{ m }} {% endfor %}'
    )

    def refused(self, locals=None):
        raise AssertionError("a context derived for a word")

    monkeypatch.setattr(jinja2.runtime.Context, "derived", refused)
    assert template.render() == "Fonti 0 Fonti 1 "
