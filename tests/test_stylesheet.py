"""The theme's stylesheet is whole: every block closes where it should.

A browser forgives a missing `}`: it reads every rule after it as nested inside the open block and drops
them, so the page silently loses its style from there on (the timeline's legend drew as huge black discs
once). Only a count of the braces notices.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "assets" / "style.css"
_COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)


def _unbalanced(css: str) -> list[str]:
    """Where the braces of `css` go wrong: a `}` with nothing open, or blocks left open at the end."""
    code = _COMMENT_OR_STRING.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    depth, found = 0, []
    for number, line in enumerate(code.splitlines(), 1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                found.append(f"line {number}: '}}' closes nothing")
                depth = 0
    if depth:
        found.append(f"{depth} block(s) left open at the end")
    return found


def test_the_theme_stylesheet_closes_every_block():
    assert _unbalanced(STYLESHEET.read_text(encoding="utf-8")) == []


def test_a_comment_or_a_string_may_hold_braces():
    assert _unbalanced('a { content: "}"; } /* { */ b { color: red; }') == []


@pytest.mark.parametrize(
    ("css", "problem"),
    [
        (".a { color: red;\n.b { color: blue; }", "1 block(s) left open at the end"),
        (".a { color: red; }\n}", "line 2: '}' closes nothing"),
    ],
)
def test_a_missing_or_extra_brace_is_found(css: str, problem: str):
    assert _unbalanced(css) == [problem]
