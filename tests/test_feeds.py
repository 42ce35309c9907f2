"""sitemap.xml, feed.xml, robots.txt and CNAME; the base URL and the 404 page's absolute links."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import ConfigError
from generator.render.feeds import cname_file, page_url_path
from generator.validators import check_base_url
from tests.conftest import FIXTURE_SITE

BASE = "https://user.github.io/repo/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def build(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--content",
            str(site / "content"),
            "-o",
            str(site / "_site"),
            "--templates",
            str(site / "templates"),
            *args,
        ],
    )
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture site built once for a project site; given without the trailing slash, as Actions does."""
    site = tmp_path_factory.mktemp("feeds") / "site"
    shutil.copytree(FIXTURE_SITE, site)
    code, output = build(site, "--base-url", BASE.rstrip("/"))
    assert code == 0, output
    return site / "_site"


def every_url(root: ET.Element) -> list[str]:
    urls = [e.text for e in root.iter() if e.tag in (f"{SITEMAP}loc", f"{ATOM}id")]
    return urls + [e.get("href") for e in root.iter(f"{ATOM}link")]


# --- sitemap ---------------------------------------------------------------------------------------------


def test_sitemap_urls_are_absolute_and_under_the_base_url(built: Path):
    root = ET.parse(built / "sitemap.xml").getroot()
    urls = every_url(root)
    assert urls
    assert all(url.startswith(BASE) for url in urls), urls


def test_sitemap_lists_every_page_but_the_404_page(built: Path):
    root = ET.parse(built / "sitemap.xml").getroot()
    listed = {e.text for e in root.iter(f"{SITEMAP}loc")}
    pages = {p.relative_to(built).as_posix() for p in built.rglob("*.html")} - {"404.html"}
    assert listed == {BASE + page_url_path(page) for page in pages}


def test_sitemap_dates_come_from_the_content(built: Path):
    root = ET.parse(built / "sitemap.xml").getroot()
    article = next(
        u
        for u in root.iter(f"{SITEMAP}url")
        if u.findtext(f"{SITEMAP}loc").endswith("/articles/acme-globex/")
    )
    assert article.findtext(f"{SITEMAP}lastmod") == "2025-09-18"


def _urlset_tree(pages, dates: dict[str, str], base: str, as_of: str) -> bytes:
    """What the standard library's element tree writes for a sitemap of `pages`: the oracle of the sitemap's
    own writer."""
    from generator.render.feeds import SITEMAP_NS, XHTML_NS, _xml
    from generator.render.urls import absolute_url

    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in pages:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute_url(base, page_url_path(page.file))
        lastmod = dates.get(page_url_path(page.path)) or as_of
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
        for language, file in page.alternates:
            href = absolute_url(base, page_url_path(file))
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=language, href=href)
    return _xml(root)


@pytest.mark.parametrize("as_of", ["", "2025-09-19"])
def test_a_sitemap_is_written_as_the_element_tree_writes_it(as_of: str, monkeypatch):
    """The sitemap's parts are written line by line (a tree of 34,000 pages took half a second): byte for
    byte what `xml.etree` writes, escapes, alternates and an empty sitemap included."""
    from types import SimpleNamespace

    from generator.render.feeds import SitemapPage, _urlset

    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))  # the prefixes registered here

    alternates = (("it", "it/a/index.html"), ("en", 'en/"q&a<\t>\n.html'), ("x-default", "index.html"))
    cases = [
        [],
        [SitemapPage("index.html", "index.html")],
        [
            SitemapPage("a&b/<x>/index.html", "a&b/<x>/index.html"),
            SitemapPage('q"t/index.html', 'q"t/index.html'),
        ],
        [SitemapPage("it/a/index.html", "a/index.html", alternates), SitemapPage("it/b.html", "b.html")],
    ]
    dates = {"": "2025-09-18", "a&b/<x>/": "2025-<9>&"}
    model = SimpleNamespace(as_of=as_of)
    for pages in cases:
        for base in (BASE, "https://example.org/a&b/"):
            written, _ = _urlset(model, pages, dates, base)
            assert written == _urlset_tree(pages, dates, base, as_of)


def _sitemap_pages(site: Path) -> tuple[ET.Element, dict[str, ET.Element]]:
    """The sitemap.xml of a built site, and each of its parts by file name (none for a sitemap of urls)."""
    root = ET.parse(site / "sitemap.xml").getroot()
    parts = {
        loc.text.removeprefix(BASE): ET.parse(site / loc.text.removeprefix(BASE)).getroot()
        for loc in root.iter(f"{SITEMAP}loc")
        if root.tag == f"{SITEMAP}sitemapindex"
    }
    return root, parts


def test_a_site_of_more_pages_than_one_sitemap_holds_has_an_index_of_parts(
    built: Path, tmp_path: Path, monkeypatch
):
    """The protocol allows 50,000 URLs a sitemap: a bigger site's sitemap.xml names its parts, which list
    every page that one sitemap would, in the same order, with the same dates."""
    from generator.render import feeds

    whole = ET.parse(built / "sitemap.xml").getroot()
    urls = [ET.tostring(u).rstrip() for u in whole.iter(f"{SITEMAP}url")]
    monkeypatch.setattr(feeds, "SITEMAP_PAGES", 4)
    gone = sum(b"acme-globex-it/" in url for url in urls)  # the pages of the article removed below
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site)
    code, output = build(site, "--base-url", BASE)
    assert code == 0, output
    index, parts = _sitemap_pages(site / "_site")
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert list(parts) == [f"sitemap-{n}.xml" for n in range(1, -(-len(urls) // 4) + 1)]
    assert all(len(part.findall(f"{SITEMAP}url")) <= 4 for part in parts.values())
    assert [ET.tostring(u).rstrip() for part in parts.values() for u in part.iter(f"{SITEMAP}url")] == urls
    for entry in index.iter(f"{SITEMAP}sitemap"):  # each part dated by its newest page
        part = parts[entry.findtext(f"{SITEMAP}loc").removeprefix(BASE)]
        newest = max(u.findtext(f"{SITEMAP}lastmod") for u in part.iter(f"{SITEMAP}url"))
        assert entry.findtext(f"{SITEMAP}lastmod") == newest
    # Pages gone, down to what one sitemap holds: it lists them, and no part stays behind.
    monkeypatch.setattr(feeds, "SITEMAP_PAGES", len(urls) - gone)
    code, output = build(site, "--base-url", BASE, "--no-cache")  # no input changed: the site is made anew
    assert code == 0, output
    assert len(_sitemap_pages(site / "_site")[1]) == 2
    (site / "content" / "articles" / "acme-globex-it.md").unlink()
    code, output = build(site, "--base-url", BASE)
    assert code == 0, output
    root, parts = _sitemap_pages(site / "_site")
    assert root.tag == f"{SITEMAP}urlset" and parts == {}
    assert not list((site / "_site").glob("sitemap-*.xml"))
    listed = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    pages = {p.relative_to(site / "_site").as_posix() for p in (site / "_site").rglob("*.html")}
    assert listed == {BASE + page_url_path(page) for page in pages - {"404.html"}}


# --- feed ------------------------------------------------------------------------------------------------


def test_feed_is_atom_and_every_url_is_absolute_under_the_base_url(built: Path):
    root = ET.parse(built / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    urls = every_url(root)
    assert len(urls) > 2
    assert all(url.startswith(BASE) for url in urls), urls


def test_feed_holds_the_facts_and_the_articles(built: Path):
    root = ET.parse(built / "feed.xml").getroot()
    terms = [e.find(f"{ATOM}category").get("term") for e in root.iter(f"{ATOM}entry")]
    assert terms.count("article") == 2
    assert terms.count("fact") >= 3


@pytest.fixture(scope="module")
def demo_model():
    from generator.build import build_model

    return build_model(Path(__file__).resolve().parent.parent / "content", jobs=1, cache=False)[0]


@pytest.mark.parametrize("shown", [1, 3, 7])
def test_the_feed_is_the_newest_of_every_entry_and_only_as_many_are_made(demo_model, shown: int, monkeypatch):
    """The feed holds the FEED_ENTRIES newest of all facts and articles, ties broken as in the whole list;
    only the items as new as the last one shown are made into entries (an archive's 100,000 facts each
    made one, to keep 50)."""
    from generator.render import feeds

    monkeypatch.setattr(feeds, "FEED_ENTRIES", 10**9)
    every = feeds.feed_entries(demo_model, BASE)
    assert len(every) == len(demo_model.articles) + len(demo_model.facts)
    made: list[tuple] = []
    entry = feeds.FeedEntry
    monkeypatch.setattr(feeds, "FeedEntry", lambda *fields: made.append(fields) or entry(*fields))
    monkeypatch.setattr(feeds, "FEED_ENTRIES", shown)
    assert feeds.feed_entries(demo_model, BASE) == every[:shown]
    assert len(made) == sum(e.updated >= every[shown - 1].updated for e in every) < len(every)


def test_feed_entries_link_to_existing_pages_and_anchors(built: Path):
    root = ET.parse(built / "feed.xml").getroot()
    for link in root.iter(f"{ATOM}link"):
        path, _, anchor = link.get("href").removeprefix(BASE).partition("#")
        if link.get("rel") == "self":
            assert path == "feed.xml"
            continue
        html = (built / path / "index.html").read_text()
        assert not anchor or f'id="{anchor}"' in html


def test_feed_dates_are_the_content_dates_not_the_clock(built: Path):
    root = ET.parse(built / "feed.xml").getroot()
    dates = {e.text for e in root.iter() if e.tag in (f"{ATOM}updated", f"{ATOM}published")}
    assert dates == {"2025-09-18T00:00:00Z", "2025-09-19T00:00:00Z"}  # the two articles' publication days
    assert root.findtext(f"{ATOM}updated") == "2025-09-19T00:00:00Z"


def test_every_page_names_the_feed(built: Path):
    for page in ("index.html", "companies/acme/index.html", "articles/acme-globex/index.html"):
        assert 'type="application/atom+xml"' in (built / page).read_text(), page


# --- robots, CNAME, .nojekyll ----------------------------------------------------------------------------


def test_robots_txt_points_at_the_absolute_sitemap(built: Path):
    assert f"Sitemap: {BASE}sitemap.xml" in (built / "robots.txt").read_text().splitlines()


def test_no_cname_without_a_custom_domain(built: Path):
    assert not (built / "CNAME").exists()
    assert (built / ".nojekyll").is_file()


def test_cname_holds_the_custom_domain(site: Path):
    with (site / "content" / "site.yml").open("a") as config:
        config.write("cname: facts.example.org\n")
    code, output = build(site, "--base-url", "https://facts.example.org/")
    assert code == 0, output
    assert (site / "_site" / "CNAME").read_text() == "facts.example.org\n"


@pytest.mark.parametrize("cname", ["https://facts.example.org/", "facts.example.org/sheets", "not a host"])
def test_a_cname_that_is_not_a_bare_host_is_refused(cname: str):
    with pytest.raises(ConfigError, match="bare domain"):
        cname_file(cname)


# --- base URL --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://user.github.io/repo", "https://user.github.io/repo/"),
        ("https://user.github.io/repo/", "https://user.github.io/repo/"),
        ("https://facts.example.org", "https://facts.example.org/"),
        ("http://127.0.0.1:8000/a/b", "http://127.0.0.1:8000/a/b/"),
    ],
)
def test_base_url_ends_up_with_a_trailing_slash(given: str, expected: str):
    assert check_base_url(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "ftp://example.org/",
        "user.github.io/repo/",
        "/repo/",
        "https:///repo/",
        "https://example.org/?page=1",
        "https://example.org:port/",
    ],
)
def test_base_url_must_be_an_http_address_of_a_root(given: str):
    with pytest.raises(ConfigError, match="--base-url"):
        check_base_url(given)


def test_a_bad_base_url_option_stops_the_build_before_anything_is_written(site: Path):
    code, output = build(site, "--base-url", "user.github.io/repo")
    assert code == 1
    assert "--base-url 'user.github.io/repo' must start with https:// or http://" in output
    assert not (site / "_site").exists()


def test_a_bad_base_url_in_site_yml_names_site_yml(site: Path):
    config = site / "content" / "site.yml"
    config.write_text(config.read_text().replace("https://example.org/sheets/", "example.org/sheets/"))
    code, output = build(site)
    assert code == 1
    assert "site.yml" in output and "base_url 'example.org/sheets/'" in output
    assert not (site / "_site").exists()


# --- relative pages, absolute 404 ------------------------------------------------------------------------


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str | None, str]] = []  # (tag, rel, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("href", "src"):
            if attributes.get(name):
                self.urls.append((tag, attributes.get("rel"), attributes[name]))


def test_pages_link_relatively_and_only_canonical_links_are_absolute(built: Path):
    for page in ("index.html", "companies/acme/index.html", "articles/acme-globex/index.html"):
        parser = _Urls()
        parser.feed((built / page).read_text())
        absolute = [(tag, rel) for tag, rel, url in parser.urls if url.startswith(BASE)]
        assert absolute == [("link", "canonical")], page
        relative = [(tag, rel) for tag, rel, url in parser.urls if not url.startswith("http")]
        assert ("link", "stylesheet") in relative


def test_the_404_page_uses_absolute_urls_under_the_base_url(built: Path):
    html = (built / "404.html").read_text()
    assert f'href="{BASE}assets/favicon.svg"' in html  # (its style is inline: see test_newcomer_fixes)
    assert f'src="{BASE}assets/site.js"' in html
    assert f'href="{BASE}timeline/"' in html
    assert 'href="../' not in html and 'href="assets/' not in html
