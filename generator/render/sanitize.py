"""Making untrusted HTML safe to publish: article bodies through nh3 (Ammonia), URLs by scheme.

Article bodies are written by people and pasted from the web, and Markdown passes raw HTML through, so the
rendered body goes through an allow-list sanitiser before it reaches a page. The default allow-list covers
what Markdown and our own annotation rendering emit; a site may widen it in `site.yml` (`allow_html:`), but
never to tags or attributes that can run script, load other documents or restyle the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.validators import DROP_WITH_CONTENT, attribute_problem, tag_problem, url_scheme

log = logging.getLogger(__name__)

# What Python-Markdown (tables, sane_lists) and our annotation markup produce, and plain text markup.
DEFAULT_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)
DEFAULT_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "*": frozenset({"lang", "dir", "title"}),
    # a.mention, a.fact-link; data-* are what the Markdown extension's default decorator writes.
    "a": frozenset({"href", "class", "hreflang", "data-entity"}),
    "mark": frozenset({"class", "id", "data-fact-kind"}),  # mark.fact: the id is the fact's anchor
    "span": frozenset({"class"}),  # span.visually-hidden inside a.fact-link
    "img": frozenset({"src", "alt", "width", "height"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"style", "colspan", "rowspan", "scope"}),  # style: Markdown tables align columns with it
    "td": frozenset({"style", "colspan", "rowspan"}),
}
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})  # the only style Markdown writes; anything else is removed


@dataclass(frozen=True)
class HtmlPolicy:
    """The tags and attributes article HTML may keep."""

    tags: frozenset[str] = DEFAULT_TAGS
    attributes: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(DEFAULT_ATTRIBUTES))

    def widened(self, allow: Mapping[str, Any] | None) -> HtmlPolicy:
        """This policy plus a site's `allow_html: {tags: […], attributes: {tag: […]}}` (already checked)."""
        if not allow:
            return self
        tags = set(self.tags) | {t for t in allow.get("tags") or () if not tag_problem(t)}
        attributes = {tag: set(names) for tag, names in self.attributes.items()}
        for tag, names in (allow.get("attributes") or {}).items():
            if tag != "*" and tag_problem(tag):
                continue
            attributes.setdefault(tag, set()).update(n for n in names if not attribute_problem(n))
            if tag != "*":
                tags.add(tag)
        return HtmlPolicy(frozenset(tags), {tag: frozenset(names) for tag, names in attributes.items()})


DEFAULT_POLICY = HtmlPolicy()


def sanitize_html(
    html: str, policy: HtmlPolicy = DEFAULT_POLICY, relative_url: Callable[[str], str | None] | None = None
) -> str:
    """Keep only allowed tags, attributes and URL schemes; drop scripts, styles and comments, content and all.

    `relative_url` may rewrite (or, returning None, remove) each relative URL in `href` and `src`.
    """
    import nh3  # the Rust extension loads only when pages are rendered

    return nh3.clean(
        html,
        tags=set(policy.tags),
        clean_content_tags=set(DROP_WITH_CONTENT - policy.tags),
        attributes={tag: set(names) for tag, names in policy.attributes.items()},
        url_schemes=set(SAFE_URL_SCHEMES),
        strip_comments=True,
        link_rel=None,  # our own links carry no rel; external ones open in the same tab (no `target` allowed)
        filter_style_properties=set(STYLE_PROPERTIES),
        url_relative=relative_url if relative_url is not None else "pass_through",
    )


def is_safe_url(url: object, schemes: Iterable[str] = SAFE_URL_SCHEMES) -> bool:
    """True for a relative URL or one whose scheme is in `schemes` (http, https, mailto by default)."""
    if not isinstance(url, str):
        return False
    scheme = url_scheme(url)
    return scheme is None or scheme in set(schemes)


def safe_url(url: str, fallback: str = "") -> str:
    """`url` when it is safe to put in an href or src, else `fallback`: javascript:, data: etc. never pass."""
    if is_safe_url(url):
        return url
    log.debug("dropped a URL with an unsafe scheme: %.40r", url)
    return fallback
