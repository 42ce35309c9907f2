"""Hostile content: whatever people paste into articles, entities or site.yml, nothing runs in a browser.

The site-wide test builds the fixture site with script, event handlers and script URLs planted in every
field that reaches a page, then audits every file written. Text fields carry markup (which must arrive
escaped, as text); URL positions carry `javascript:` and friends (which must not arrive at all).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import cli
from generator.render.sanitize import DEFAULT_POLICY, is_safe_url, safe_url, sanitize_html
from tests.linkcheck import broken_links

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "cite",
    "data",
    "poster",
    "background",
    "xlink:href",
    "srcset",
    "ping",
    "longdesc",
    "usemap",
    "manifest",
    "codebase",
}
NEVER_ELEMENTS = {
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "form",
    "math",
    # SVG may only come from the theme's pictures (below); none of these belong in them.
    "foreignobject",
    "animate",
    "set",
    "use",
    "image",
    "feimage",
    "portal",
}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
# The script elements the theme itself writes: its own script, the search's, and Pagefind's interface.
THEME_SCRIPT = ("assets/site.js", "assets/search.js", "pagefind/pagefind-ui.js")
URL_KEYS = ("url", "page", "website", "@id", "sameAs")


def _scheme_of(url: str) -> str:
    """What a browser would take for the URL's scheme: spaces and control characters inside do not count."""
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    return next((s for s in SCRIPT_SCHEMES if squeezed.startswith(s)), "")


def _theme_picture(attributes: dict) -> bool:
    """The theme's own inline SVG (its timeline and charts): the one kind of <svg> a page may hold."""
    return (attributes.get("class") or "").split(" ")[0] == "chart"


class _Auditor(HTMLParser):
    """Collects everything in an HTML page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            kind = attributes.get("type")
            if kind == "application/ld+json" and "src" not in attributes:
                self._in_script = "json"
            elif set(attributes) <= {"src", "defer"} and (attributes.get("src") or "").endswith(THEME_SCRIPT):
                self._in_script = "theme"
            else:
                self.findings.append(f"<script {attributes}>")
                self._in_script = "bad"
        if tag in NEVER_ELEMENTS or (tag == "svg" and not _theme_picture(attributes)):
            self.findings.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.findings.append(f"<meta http-equiv={attributes['http-equiv']}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and _scheme_of(value):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"url\(|expression\(|javascript:", value, re.IGNORECASE):
                self.findings.append(f"<{tag} style={value!r}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in_script == "json":
            json.loads(data)  # JSON-LD that a title could have closed early would not parse
        elif self._in_script == "theme" and data.strip():
            self.findings.append("inline code in the theme's script element")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def audit(site: Path) -> list[str]:
    """Every way a written file could run script, as 'file: finding' lines."""
    findings = []
    files = sorted(p for p in site.rglob("*") if p.is_file())
    assert files
    for path in files:
        name = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        findings += [f"{name}: {finding}" for finding in _script_urls(name, text)]
        findings += [f"{name}: {finding}" for finding in _audit_by_type(path.suffix, text)]
    return findings


def _script_urls(name: str, text: str) -> list[str]:
    """Script URLs must not reach any file in any form, raw or entity-encoded."""
    # Theme assets and Pagefind's bundle are code, not content: their comments may say "JavaScript:".
    if name.startswith(("assets/", "pagefind/")):
        return []
    unescaped = html.unescape(text).lower()
    return [f"{scheme} URL" for scheme in SCRIPT_SCHEMES[:2] if scheme in unescaped]


def _audit_by_type(suffix: str, text: str) -> list[str]:
    """What could run script in an HTML page, an XML feed or sitemap, or a JSON export."""
    if suffix == ".html":
        auditor = _Auditor()
        auditor.feed(text)
        auditor.close()
        return auditor.findings
    if suffix == ".xml":
        return _xml_findings(text)
    if suffix == ".json":
        return [repr(url) for url in _json_urls(json.loads(text)) if _scheme_of(url)]
    return []


def _xml_findings(text: str) -> list[str]:
    """Script elements, event handlers and script URLs in a feed or sitemap."""
    findings = []
    for element in ElementTree.fromstring(text).iter():
        if element.tag.rpartition("}")[2] in ("script", *NEVER_ELEMENTS):
            findings.append(f"<{element.tag}>")
        findings += [
            f"{key}={value!r}"
            for key, value in element.attrib.items()
            if key.startswith("on") or _scheme_of(value)
        ]
    return findings


def _json_urls(data) -> list[str]:
    if isinstance(data, dict):
        return [
            u
            for key, value in data.items()
            for u in ([value] if key in URL_KEYS and isinstance(value, str) else _json_urls(value))
        ]
    if isinstance(data, list):
        return [u for item in data for u in _json_urls(item)]
    return []


HOSTILE_SITE = """title: "Sheets <script>alert('title')</script>"
language: en
base_url: https://example.org/sheets/
author: "' onmouseover='alert(1)"
publisher: "</p><script>alert('publisher')</script>"
description: '"><img src=x onerror=alert(1)>'
licence: "<b onclick=alert(1)>CC</b>"
fact_kinds:
  hostile_kind: {en: "<script>alert('kind')</script>"}
"""

HOSTILE_ENTITY = """name: "Evil <script>alert('name')</script> Corp"
kind: company
aliases:
  all: ["<img src=x onerror=alert('alias')>"]
description: "<svg onload=alert('description')>"
headquarters: '"><script>alert(''hq'')</script>'
website: 'https://evil.example/"><script>alert(1)</script>'
motto: "<iframe src=https://evil.example></iframe>"
"""

HOSTILE_ARTICLE = """---
title: "<script>alert('article title')</script>"
language: en
source:
  publisher: "<img src=x onerror=alert('publisher')>"
  url: 'https://evil.example/a?q="><script>alert(1)</script>'
  published: 2025-09-21
  author: "<b onmouseover=alert(1)>A</b>"
summary: "<svg/onload=alert('summary')>"
---
[Evil Corp]{@evil} <script>alert('body')</script> said
[<img src=x onerror=alert('fact')> Evil launched a hostile thing]{fact=hostile_kind subject=evil
note="<script>alert('note')</script>"} on the day.

<a href="javascript:alert(1)" onclick="alert(2)">a link</a> and [a markdown link](javascript:alert(3)) and
[upper](JAVASCRIPT:alert(4)) and [tab](java&#x09;script:alert(5)) and [entity](&#106;avascript:alert(6)) and
[spaced]( javascript:alert(7)) and [vb](vbscript:msgbox(8)) and ![img](data:text/html;base64,PHNjcmlwdD4=)
and <javascript:alert(9)> and [ref][evil].

[evil]: javascript:alert(10)

<img src=x onerror=alert(11)> <svg onload=alert(12)><circle/></svg>
<iframe src="javascript:alert(13)"></iframe>
<object data="javascript:alert(14)"></object> <embed src="javascript:alert(15)">
<form action="javascript:alert(16)"><button formaction="javascript:alert(17)">go</button></form>
<meta http-equiv="refresh" content="0;url=javascript:alert(18)"> <base href="javascript:alert(19)//">
<div style="background:url(javascript:alert(20))">styled</div> <details open ontoggle=alert(21)>d</details>
<math><mtext><table><mglyph><style><img src=x onerror=alert(22)></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror=alert(23)>"></noscript>
<<script>script>alert(24)<</script>/script> <!-- <script>alert(25)</script> -->
<a href="  &#x6A;avascript:alert(26)">encoded</a> <a href="https://example.org/ok">a fine link</a>

| column <b onclick=alert(27)>b</b> |
|:--|
| <script>alert(28)</script> |
"""


@pytest.fixture
def hostile_site(site: Path, runner, monkeypatch) -> Path:
    content = site / "content"
    (content / "site.yml").write_text(HOSTILE_SITE, encoding="utf-8")
    (content / "entities" / "evil.yml").write_text(HOSTILE_ENTITY, encoding="utf-8")
    (content / "articles" / "hostile.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site / "_site"


def test_no_script_handler_or_script_url_reaches_any_output_file(hostile_site: Path):
    assert audit(hostile_site) == []


def test_hostile_text_arrives_escaped_as_text(hostile_site: Path):
    page = (hostile_site / "articles" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;article title&#39;)&lt;/script&gt;" in page
    sheet = (hostile_site / "companies" / "evil" / "index.html").read_text(encoding="utf-8")
    assert "Evil &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Corp" in sheet


def test_harmless_html_and_links_survive_sanitising(hostile_site: Path):
    page = (hostile_site / "articles" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/ok">a fine link</a>' in page
    assert "<div>styled</div>" in page
    assert '<th style="text-align:left">' in page
    assert 'class="mention"' in page and 'class="fact' in page


def test_the_audit_finds_what_it_is_meant_to_find(tmp_path: Path):
    (tmp_path / "page.html").write_text(
        '<p onclick="x()">a</p><a href=" java\tscript:x()">b</a><script>x()</script><iframe></iframe>'
    )
    (tmp_path / "data.json").write_text('[{"url": "javascript:x()"}]')
    findings = audit(tmp_path)
    assert findings == [
        "data.json: javascript: URL",
        "data.json: 'javascript:x()'",
        "page.html: <p onclick='x()'>",
        "page.html: <a href=' java\\tscript:x()'>",
        "page.html: <script {}>",
        "page.html: <iframe>",
    ]


# --- the sanitiser on its own --------------------------------------------------------------------------

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0">x</p>',
    '<form action="https://evil.example"><input name=x></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    "<!--><script>alert(1)</script>-->",
]


@pytest.mark.parametrize("vector", VECTORS)
def test_sanitiser_leaves_nothing_that_runs_or_loads(vector: str, tmp_path: Path):
    (tmp_path / "page.html").write_text(f"<p>before</p>{sanitize_html(vector)}<p>after</p>")
    assert audit(tmp_path) == []
    cleaned = sanitize_html(vector)
    assert "style=" not in cleaned and "target=" not in cleaned and "<input" not in cleaned


def test_sanitiser_keeps_the_markup_our_annotations_emit():
    ours = (
        '<p><a class="mention" href="../../people/jane/index.html">Jane</a> '
        '<mark class="fact fact--launch" id="fact-0123abcd">launched</mark>'
        '<a class="fact-link" href="../../companies/acme/index.html#fact-0123abcd" title="Fact sheet">'
        '<span class="visually-hidden">Fact sheet</span>\u2197</a></p>'
    )
    assert sanitize_html(ours) == ours


def test_site_can_widen_the_allow_list_but_not_to_script():
    html_in = '<details><summary>More</summary><img src="https://x.example/a.png" loading="lazy"></details>'
    assert sanitize_html(html_in) == 'More<img src="https://x.example/a.png">'
    widened = DEFAULT_POLICY.widened(
        {"tags": ["details", "summary", "script"], "attributes": {"img": ["loading", "onerror"]}}
    )
    cleaned = sanitize_html(html_in + "<script>alert(1)</script><img src=x onerror=alert(1)>", widened)
    assert cleaned == html_in + '<img src="x">'


@pytest.mark.parametrize(
    "url, safe",
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("mailto:a@example.org", True),
        ("../other/index.html#x", True),
        ("#fact-1", True),
        ("//cdn.example/x", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_url_check_knows_safe_from_unsafe(url: str, safe: bool):
    assert is_safe_url(url) is safe
    assert safe_url(url, "#") == (url if safe else "#")


def test_autoescape_is_on_for_every_template(tmp_path: Path):
    from generator.render.environment import make_environment
    from generator.render.themes import theme_search_path

    (tmp_path / "feed.xml").write_text("{{ value }}")
    (tmp_path / "notes.txt").write_text("{{ value }}")
    env = make_environment(theme_search_path(tmp_path), "en", {})
    for name in ("feed.xml", "notes.txt"):
        assert env.get_template(name).render(value="<script>") == "&lt;script&gt;"
    assert env.from_string("{{ value }}").render(value='"><b>') == "&#34;&gt;&lt;b&gt;"


def test_links_to_other_articles_lead_to_their_pages(site: Path, runner, monkeypatch):
    article = site / "content" / "articles" / "acme-globex.md"
    links = "\nSee [the Italian report](acme-globex-it.md#content) and [again](../acme-globex-it/).\n"
    article.write_text(article.read_text(encoding="utf-8") + links, encoding="utf-8")
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    page = (site / "_site" / "articles" / "acme-globex" / "index.html").read_text(encoding="utf-8")
    assert 'href="../acme-globex-it/index.html#content"' in page
    assert 'href="../acme-globex-it/index.html">again' in page
    assert broken_links(site / "_site") == []


def test_allow_html_in_site_yml_widens_what_article_pages_keep(site: Path, runner, monkeypatch):
    config = site / "content" / "site.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "allow_html:\n  tags: [details, summary]\n", encoding="utf-8"
    )
    article = site / "content" / "articles" / "acme-globex.md"
    extra = "\n<details><summary>More</summary>Notes.</details>\n<dialog open>Hi</dialog>\n"
    article.write_text(article.read_text(encoding="utf-8") + extra, encoding="utf-8")
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    page = (site / "_site" / "articles" / "acme-globex" / "index.html").read_text(encoding="utf-8")
    assert "<details><summary>More</summary>Notes.</details>" in page
    assert "<dialog" not in page and "Hi" in page
