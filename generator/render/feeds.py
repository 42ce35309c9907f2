"""Files for crawlers, feed readers and GitHub Pages: sitemap.xml (and its parts), feed.xml, robots.txt and
CNAME.

Every URL here is absolute and under the base URL (these files are read out of context, so relative links
would mean nothing), and every date comes from the content: two builds of the same content are identical.
A site in several languages has one sitemap, whose pages name their versions in the other languages
(`xhtml:link` alternates), and one feed per language (`<lang>/feed.xml`).
"""

from __future__ import annotations

import heapq
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.errors import ConfigError
from generator.model import Article, SiteModel
from generator.render.urls import absolute_url, article_path, entity_path
from generator.validators import is_host_name

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"  # the namespace of sitemap alternates (`xhtml:link`)
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ENTRIES = 50  # the newest facts and articles; readers poll the feed, they do not archive through it


@dataclass(frozen=True)
class FeedEntry:
    """One item of the Atom feed: a fact or an article."""

    id: str
    title: str
    url: str
    published: str  # ISO date of the first report
    updated: str  # ISO date of the latest report
    summary: str
    category: str  # "fact" or "article"
    author: str = ""  # who wrote an article's words, when not the feed's author


def _timestamp(iso_date: str) -> str:
    """An RFC 3339 timestamp for a content date (dates are days; midnight UTC says no more than that)."""
    return f"{iso_date}T00:00:00Z"


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def page_url_path(file_path: str) -> str:
    """The address of a page from the file it is written to: `a/b/index.html` → `a/b/`."""
    if file_path == "index.html":
        return ""
    if file_path.endswith("/index.html"):
        return file_path[: -len("index.html")]
    return file_path


def _last_modified(model: SiteModel) -> dict[str, str]:
    """The newest publication date behind each page: what changes when a page's content changes. A sheet's
    is its newest article's: its articles are those that mention it and those that report its facts
    (`aggregate._sheet`), so no fact's report is newer (looked at one by one, the facts of 10,000 articles
    took a fifth of a second on every build that changed a fact)."""
    published = _published(model)
    dates = {article_path(slug): date for slug, date in published.items()}
    for entity_id, sheet in model.sheets.items():
        newest = max((published[s] for s in sheet.articles if s in published), default="")
        if newest:
            dates[entity_path(model.entities[entity_id])] = newest
    return dates


def _published(model: SiteModel) -> dict[str, str]:
    """Each article's date of publication, by slug: looked up for each of 100,000 facts' reports."""
    return {slug: article.source.published for slug, article in model.articles.items()}


def _recent_reports(model: SiteModel, published: dict[str, str]) -> dict[str, str]:
    """The date of the latest report of each fact that may be in the feed, by id: the facts reported by an
    article at least as new as the FEED_ENTRIES-th newest. Those articles alone are FEED_ENTRIES items at
    least that new, so no other fact, all of whose reports are older, can be in the feed. Found through
    those articles' analyses: looking at every fact of 10,000 articles took a fifth of a second on every
    build that changed one."""
    newest = heapq.nlargest(FEED_ENTRIES, published.values())
    bound = newest[-1] if newest else ""
    facts, analysed = model.facts, model.analysed
    recent = {
        report.id
        for slug, date in published.items()
        if date >= bound and slug in analysed
        for report in analysed[slug].facts
        if report.id in facts
    }
    return {i: max(published[r.article] for r in facts[i].sources) for i in sorted(recent)}


@dataclass(frozen=True)
class SitemapPage:
    """A page the sitemap lists: its file, its path in its language, and its versions in every language."""

    file: str  # the page's file from the site's root: "it/companies/nvidia/index.html"
    path: str  # the same relative to its language's root: "companies/nvidia/index.html"
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, file from the site's root), x-default last


# The pages one sitemap file lists. The protocol allows 50,000 addresses and 50 MB a file, which a site of
# 15,000 articles passes (10,000 make 33,552 pages): a site of more pages than this has `sitemap.xml` name
# its parts, `sitemap-1.xml` …, each of at most this many, with room for the alternates of a dozen languages.
SITEMAP_PAGES = 25_000
SITEMAP = "sitemap.xml"


def is_listed(file: str, path: str) -> bool:
    """Whether a sitemap lists the page in `file` (`path` in its language): every HTML page but the 404s."""
    return file.endswith(".html") and path != "404.html"


def listed_pages(pages: Sequence[str | SitemapPage]) -> list[SitemapPage]:
    """The pages a sitemap lists, in order (`pages`: files, or `SitemapPage`s)."""
    listed = [p if isinstance(p, SitemapPage) else SitemapPage(p, p) for p in pages]
    return sorted((p for p in listed if is_listed(p.file, p.path)), key=lambda p: p.file)


def sitemap_files(count: int) -> tuple[str, ...]:
    """The files the sitemap of `count` listed pages takes: `sitemap.xml`, and its parts when it has some."""
    parts = -(-count // SITEMAP_PAGES)
    return (SITEMAP,) if parts <= 1 else (SITEMAP, *(f"sitemap-{n}.xml" for n in range(1, parts + 1)))


def sitemaps(model: SiteModel, listed: Sequence[SitemapPage], base_url: str) -> list[bytes]:
    """The files of `sitemap_files(len(listed))`, in order: each page with the newest date of the content
    behind it and, in a site in several languages, the page in each language. A site of many pages has an
    index of its parts in `sitemap.xml`, each part with the newest date of its pages."""
    ET.register_namespace("", SITEMAP_NS)
    dates = _last_modified(model)
    chunks = [listed[n : n + SITEMAP_PAGES] for n in range(0, len(listed), SITEMAP_PAGES)] or [[]]
    parts = [_urlset(model, chunk, dates, base_url) for chunk in chunks]
    if len(parts) == 1:
        return [parts[0][0]]
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for file, (_, newest) in zip(sitemap_files(len(listed))[1:], parts, strict=True):
        entry = ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = absolute_url(base_url, file)
        if newest:
            ET.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = newest
    return [_xml(index), *(part for part, _ in parts)]


def _urlset(
    model: SiteModel, pages: Sequence[SitemapPage], dates: dict[str, str], base_url: str
) -> tuple[bytes, str]:
    """One sitemap file of `pages`, and the newest of their dates ("" when none has one).

    Written line by line, in the form `_xml` gives an element tree (two spaces a level, `<a />` when
    empty): the 34,000 pages of 10,000 articles took half a second to make into a tree and write, on every
    build that changed a fact, and a tenth of that this way."""
    namespaces = f' xmlns="{SITEMAP_NS}"'
    if any(page.alternates for page in pages):
        namespaces += f' xmlns:xhtml="{XHTML_NS}"'
    if not pages:
        return f"{XML_DECLARATION}\n<urlset{namespaces} />\n".encode(), ""
    lines = [XML_DECLARATION, f"<urlset{namespaces}>"]
    newest = ""
    for page in pages:
        lines += ("  <url>", f"    <loc>{_text(absolute_url(base_url, page_url_path(page.file)))}</loc>")
        lastmod = dates.get(page_url_path(page.path)) or model.as_of
        if lastmod:
            lines.append(f"    <lastmod>{_text(lastmod)}</lastmod>")
            newest = max(newest, lastmod)
        for language, file in page.alternates:
            href, hreflang = _attribute(absolute_url(base_url, page_url_path(file))), _attribute(language)
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href="{href}" />')
        lines.append("  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode(), newest


# The XML declaration `_xml` writes, and the escapes of its text and attribute values ("&" first).
XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _text(value: str, escapes: tuple[tuple[str, str], ...] = _TEXT_ESCAPES) -> str:
    for char, entity in escapes:
        if char in value:  # most values have none: a scan is cheaper than a replace
            value = value.replace(char, entity)
    return value


def _attribute(value: str) -> str:
    return _text(value, _ATTRIBUTE_ESCAPES)


def words_by(article: Article) -> str:
    """Who wrote an article's words: the desk for a summary, the publisher (and author) for its own words."""
    source = article.source
    if article.is_summary or not source.author:
        return source.author or source.publisher
    return f"{source.publisher} ({source.author})"


def _same(path: str) -> str:
    return path


def feed_entries(
    model: SiteModel, base_url: str, site_path: Callable[[str], str] | None = None
) -> list[FeedEntry]:
    """Facts and articles, newest first, at most FEED_ENTRIES of them; `site_path` turns a page's path in
    the feed's language into its path from the site's root (see `urls.SiteLayout`)."""
    site_path = site_path or _same
    published = _published(model)
    latest = _recent_reports(model, published)
    # Only the items as new as the FEED_ENTRIES-th newest can be in the feed: the others are never made
    # into entries (an archive's 100,000 facts each made one, to keep 50).
    newest = heapq.nlargest(FEED_ENTRIES, itertools.chain(published.values(), latest.values()))
    oldest_shown = newest[-1] if newest else ""
    entries = []
    for slug, article in model.articles.items():
        if published[slug] < oldest_shown:
            continue
        url = absolute_url(base_url, site_path(article_path(slug)))
        entries.append(
            FeedEntry(
                url,
                article.title,
                url,
                article.source.published,
                article.source.published,
                article.summary or f"{article.source.publisher}, {article.source.published}",
                "article",
                words_by(article),
            )
        )
    for fact_id, reported in latest.items():
        if reported < oldest_shown:
            continue
        fact = model.facts[fact_id]
        subject = model.entities[fact.subject]
        url = absolute_url(base_url, site_path(f"{entity_path(subject)}#fact-{fact_id}"))
        first = min(published[r.article] for r in fact.sources)
        summary = f"{fact.sources[0].sentence} — {words_by(model.articles[fact.sources[0].article])}"
        entries.append(FeedEntry(url, fact.statement, url, first, reported, summary, "fact"))
    # Newest first; ties broken by kind and address so the order never depends on dictionary order.
    entries.sort(key=lambda e: (e.updated, e.category, e.url), reverse=True)
    return entries[:FEED_ENTRIES]


def atom_feed(model: SiteModel, base_url: str, site_path: Callable[[str], str] | None = None) -> bytes:
    """feed.xml: an Atom feed of the newest facts and articles, in the language of `model`'s settings (a
    language's view of the model, whose pages `site_path` places: see `feed_entries`)."""
    site_path = site_path or _same
    home = absolute_url(base_url, site_path(""))
    ET.register_namespace("", ATOM_NS)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    config = model.config
    entries = feed_entries(model, base_url, site_path)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: config.language})
    add(root, "id", base_url if site_path("") == "" else home)
    add(root, "title", config.title)
    if config.description:
        add(root, "subtitle", config.description)
    updated = max([e.updated for e in entries] + ([model.as_of] if model.as_of else []), default="1970-01-01")
    add(root, "updated", _timestamp(updated))
    add(add(root, "author"), "name", config.author)
    feed = absolute_url(base_url, site_path("feed.xml"))
    add(root, "link", rel="self", type="application/atom+xml", href=feed)
    add(root, "link", rel="alternate", type="text/html", href=base_url if site_path("") == "" else home)
    if config.licence:
        add(root, "rights", config.licence)
    add(root, "generator", "factsheets")
    for item in entries:
        entry = add(root, "entry")
        add(entry, "id", item.id)
        add(entry, "title", item.title)
        add(entry, "link", rel="alternate", type="text/html", href=item.url)
        add(entry, "published", _timestamp(item.published))
        add(entry, "updated", _timestamp(item.updated))
        if item.author and item.author != config.author:
            add(add(entry, "author"), "name", item.author)
        add(entry, "category", term=item.category)
        add(entry, "summary", item.summary)
    return _xml(root)


def robots_txt(base_url: str) -> bytes:
    """robots.txt naming the sitemap (crawlers read it only at a domain root; elsewhere it does no harm)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(base_url, SITEMAP)}\n".encode()


def cname_file(cname: str) -> bytes:
    """The CNAME file GitHub Pages reads for a custom domain: the bare host name."""
    host = cname.strip()
    if not is_host_name(host):
        raise ConfigError(
            f"cname in site.yml is '{cname}', which is not a bare domain name; write only the "
            "host, e.g. 'cname: facts.example.org' (no https://, no path)"
        )
    return f"{host}\n".encode()
