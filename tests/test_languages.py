"""A site in several languages (`languages: [en, it]`): each language's pages under `<lang>/`, the root page,
hreflang alternates, the sitemap's alternates, one feed per language, articles once in their own language,
per-language entity descriptions with a visible fallback, shared data exports, stable ids and bytes."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest
from click.testing import CliRunner

from generator.check import check
from generator.cli import cli
from tests.conftest import FIXTURE_SITE
from tests.linkcheck import broken_links
from tests.test_data_exports import schema

BASE = "https://example.org/sheets/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def make_site(folder: Path, languages_line: str) -> Path:
    """The fixture site with `languages_line` in place of its `language: en`, its title in both languages and
    its description in English only; Globex described in English only and Rocket X with a role per
    language, so the Italian pages fall back for one of them."""
    shutil.copytree(FIXTURE_SITE, folder)
    content = folder / "content"
    site_yml = content / "site.yml"
    site_yml.write_text(
        site_yml.read_text()
        .replace("language: en", languages_line)
        .replace("title: Fixture fact sheets", "title: {en: Fixture fact sheets, it: Schede di prova}")
        .replace("description: A tiny site", "description:\n  en: A tiny site")
    )
    (content / "entities" / "globex.yml").write_text(
        "name: Globex\nkind: company\naliases:\n  en: [Globex Corporation]\ndescription:\n"
        "  en: A rival of Acme.\n"
    )
    (content / "entities" / "rocket-x.yml").write_text(
        "name: Rocket X\nkind: product\nparent: acme\nstage: {en: Prototype, it: Prototipo}\n"
        "engine: {en: Ion drive}\n"
    )
    return folder


def build(folder: Path, *args: str, output: str = "_site") -> Path:
    result = CliRunner().invoke(
        cli, ["build", "--content", str(folder / "content"), "-o", str(folder / output), "--no-search", *args]
    )
    assert result.exit_code == 0, result.output
    return folder / output


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    """The fixture site built in English (the default) and Italian."""
    return build(make_site(tmp_path_factory.mktemp("languages") / "site", "languages: [en, it]"))


class _Head(HTMLParser):
    """What a page says about its language: <html lang>, its alternates, its switcher's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "a" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.switcher[a["hreflang"]] = a["href"]


def head(page: Path) -> _Head:
    parsed = _Head()
    parsed.feed(page.read_text(encoding="utf-8"))
    return parsed


def site_file(site: Path, url: str) -> Path:
    """The file an absolute URL under BASE names (a folder's index.html)."""
    assert url.startswith(BASE), url
    path = urlsplit(url).path[len(urlsplit(BASE).path) :]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] in ("en", "it"))


# --- the layout ------------------------------------------------------------------------------------------


def test_every_page_but_the_articles_is_built_once_per_language_under_its_folder(two: Path):
    for language in ("en", "it"):
        root = two / language
        for page in (
            "index.html",
            "timeline/index.html",
            "sources/index.html",
            "data/index.html",
            "404.html",
        ):
            assert (root / page).is_file(), f"{language}/{page}"
        assert (root / "companies" / "acme" / "index.html").is_file()
        assert (root / "feed.xml").is_file()
    assert not (two / "companies").exists() and not (two / "timeline").exists()


def test_the_root_page_sends_readers_to_the_default_language_and_lists_the_others(two: Path):
    page = (two / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=en/index.html">' in page
    assert f'<link rel="canonical" href="{BASE}en/">' in page
    assert '<a href="it/index.html" hreflang="it" lang="it">Italiano</a>' in page
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in page
    assert head(two / "index.html").lang == "en"


def test_the_root_404_page_is_the_default_languages(two: Path):
    assert (two / "404.html").read_bytes() == (two / "en" / "404.html").read_bytes()
    assert head(two / "it" / "404.html").lang == "it"


def test_every_page_is_in_the_language_of_its_folder(two: Path):
    for page in html_pages(two):
        language = page.relative_to(two).parts[0]
        if page.relative_to(two).parts[1] != "articles":
            assert head(page).lang == language, page


def test_no_internal_link_of_a_two_language_site_is_broken(two: Path):
    assert broken_links(two) == []


# --- articles --------------------------------------------------------------------------------------------


def test_an_article_is_rendered_once_under_its_own_language(two: Path):
    assert (two / "it" / "articles" / "acme-globex-it" / "index.html").is_file()
    assert (two / "en" / "articles" / "acme-globex" / "index.html").is_file()
    assert not (two / "en" / "articles" / "acme-globex-it").exists()
    assert not (two / "it" / "articles" / "acme-globex").exists()
    assert head(two / "it" / "articles" / "acme-globex-it" / "index.html").lang == "it"


def test_every_languages_sources_and_sheets_link_to_every_article(two: Path):
    for language in ("en", "it"):
        for page in (f"{language}/sources/index.html", f"{language}/companies/acme/index.html"):
            html = (two / page).read_text(encoding="utf-8")
            for target in ("it/articles/acme-globex-it/", "en/articles/acme-globex/"):
                linked = [h for h in re.findall(r'href="([^"]+)"', html) if target in urljoin(page, h)]
                assert linked, f"{page} does not link to {target}"


def test_an_article_title_shown_on_a_page_of_another_language_says_its_language(two: Path):
    html = (two / "en" / "sources" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[^"]*acme-globex-it/index.html" hreflang="it" lang="it">Acme investe', html)
    assert re.search(r'<a href="[^"]*acme-globex/index.html">', html)  # English on an English page


def test_a_quote_on_a_page_of_another_language_carries_its_language(two: Path):
    html = (two / "en" / "companies" / "globex" / "index.html").read_text(encoding="utf-8")
    assert '<blockquote cite="https://esempio.example/acme-globex" lang="it">' in html


def test_an_article_in_a_language_the_site_lacks_goes_under_the_default(tmp_path: Path):
    site = build(make_site(tmp_path / "site", "languages: [it]"))
    page = site / "it" / "articles" / "acme-globex" / "index.html"
    assert page.is_file()
    assert '<article class="source-article" lang="en">' in page.read_text(encoding="utf-8")
    assert broken_links(site) == []


# --- alternates, switcher, sitemap -----------------------------------------------------------------------


def test_a_site_of_one_of_languages_has_its_folder_but_no_alternates_or_switcher(tmp_path: Path):
    site = build(make_site(tmp_path / "site", "languages: [it]"))
    home = (site / "it" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="' not in home and "language-switcher" not in home
    assert '<a href="it/index.html" hreflang="it" lang="it">Italiano</a>' in (site / "index.html").read_text()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/sheets/it/</loc>" in sitemap and "xhtml:link" not in sitemap


def test_every_page_in_several_languages_names_each_version_and_x_default_and_they_exist(two: Path):
    checked = 0
    for page in html_pages(two):
        relative = page.relative_to(two)
        parsed = head(page)
        if relative.parts[1] == "articles":
            assert parsed.alternates == {}, f"{relative}: an article is in one language"
            continue
        assert set(parsed.alternates) == {"en", "it", "x-default"}, relative
        assert parsed.alternates["x-default"] == parsed.alternates["en"]
        assert parsed.alternates[relative.parts[0]] == parsed.canonical or relative.name == "404.html"
        for url in parsed.alternates.values():
            assert site_file(two, url).is_file(), f"{relative}: {url}"
        checked += 1
    assert checked > 20


def test_the_switcher_links_to_the_same_page_in_the_other_language_named_in_itself(two: Path):
    page = two / "it" / "companies" / "acme" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert head(page).switcher == {"en": "../../../en/companies/acme/index.html"}
    assert '<span lang="it" aria-current="true">Italiano</span>' in html
    assert ">English</a>" in html
    assert (page.parent / head(page).switcher["en"]).resolve().is_file()


def test_the_sitemap_lists_every_page_with_its_alternates(two: Path):
    root = ET.parse(two / "sitemap.xml").getroot()  # a strict XML parser: it fails on malformed XML
    urls = root.findall(f"{SITEMAP}url")
    locs = {u.find(f"{SITEMAP}loc").text for u in urls}
    assert f"{BASE}en/companies/acme/" in locs and f"{BASE}it/companies/acme/" in locs
    assert f"{BASE}it/articles/acme-globex-it/" in locs
    assert not any(loc.endswith("404.html") for loc in locs) and BASE not in locs
    for url in urls:
        loc = url.find(f"{SITEMAP}loc").text
        links = {x.get("hreflang"): x.get("href") for x in url.findall(f"{XHTML}link")}
        assert all(x.get("rel") == "alternate" for x in url.findall(f"{XHTML}link"))
        if "/articles/" in loc:
            assert links == {}
            continue
        assert set(links) == {"en", "it", "x-default"}, loc
        assert loc in links.values()
        for href in links.values():
            assert href in locs and site_file(two, href).is_file()
    assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in (two / "sitemap.xml").read_bytes()


def test_the_sitemap_of_a_big_site_in_several_languages_is_split_with_its_alternates(
    two: Path, tmp_path_factory, monkeypatch
):
    from generator.render import feeds

    whole = [ET.tostring(u).rstrip() for u in ET.parse(two / "sitemap.xml").getroot().iter(f"{SITEMAP}url")]
    monkeypatch.setattr(feeds, "SITEMAP_PAGES", 5)
    split = build(make_site(tmp_path_factory.mktemp("split") / "site", "languages: [en, it]"))
    index = ET.parse(split / "sitemap.xml").getroot()
    files = [loc.text.removeprefix(BASE) for loc in index.iter(f"{SITEMAP}loc")]
    assert index.tag == f"{SITEMAP}sitemapindex" and files[0] == "sitemap-1.xml" and len(files) > 1
    parts = [ET.parse(split / file).getroot() for file in files]
    assert [ET.tostring(u).rstrip() for part in parts for u in part.iter(f"{SITEMAP}url")] == whole
    assert f"Sitemap: {BASE}sitemap.xml" in (split / "robots.txt").read_text(encoding="utf-8")


# --- feeds, citations, JSON-LD, data ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "it"])
def test_each_language_has_its_own_feed_that_parses(two: Path, language: str):
    feed = ET.parse(two / language / "feed.xml").getroot()
    assert feed.get(XML_LANG) == language
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"{BASE}{language}/feed.xml"
    assert links["alternate"] == f"{BASE}{language}/"
    for entry in feed.findall(f"{ATOM}entry"):
        url = entry.find(f"{ATOM}link").get("href")
        assert site_file(two, url.split("#")[0]).is_file(), url
    assert not (two / "feed.xml").exists()


def test_the_feeds_state_the_facts_in_their_language(two: Path):
    def titles(language: str) -> set[str]:
        feed = ET.parse(two / language / "feed.xml").getroot()
        return {e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")}

    assert any("invested" in t for t in titles("en"))
    assert any("ha investito" in t for t in titles("it"))


def test_each_page_links_its_own_languages_feed(two: Path):
    html = (two / "it" / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="Schede di prova" href="../../feed.xml"' in html


def test_citations_are_per_language(two: Path):
    english = (two / "en" / "companies" / "acme" / "cite-biblatex.bib").read_text(encoding="utf-8")
    italian = (two / "it" / "companies" / "acme" / "cite-biblatex.bib").read_text(encoding="utf-8")
    assert "langid = {english}" in english and f"{BASE}en/companies/acme/" in english
    assert "langid = {italian}" in italian and f"{BASE}it/companies/acme/" in italian
    # The facts' titles are in the language of the sheet they are cited from.
    facts = (two / "it" / "companies" / "acme" / "cite-facts.json").read_text(encoding="utf-8")
    assert "Investimento" in facts and f"{BASE}it/companies/acme/#fact-" in facts
    assert (two / "it" / "data" / "cite.bib").is_file() and (two / "en" / "data" / "cite.bib").is_file()


def _jsonld(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', text, re.S)[1])


def test_json_ld_says_the_language_of_each_page(two: Path):
    for language in ("en", "it"):
        graph = _jsonld(two / language / "companies" / "acme" / "index.html")["@graph"]
        assert graph[0]["inLanguage"] == language
        assert graph[0]["url"] == f"{BASE}{language}/companies/acme/"
        dataset = _jsonld(two / language / "data" / "index.html")
        assert dataset["inLanguage"] == language
        assert dataset["url"] == f"{BASE}{language}/data/"


def test_data_exports_are_shared_at_the_root_and_linked_from_each_data_page(two: Path):
    assert (two / "data" / "facts.json").is_file() and (two / "data" / "entities" / "acme.json").is_file()
    assert not (two / "en" / "data" / "facts.json").exists()
    assert not (two / "it" / "data" / "entities").exists()
    for language in ("en", "it"):
        html = (two / language / "data" / "index.html").read_text(encoding="utf-8")
        assert 'href="../../data/facts.json"' in html
    facts = json.loads((two / "data" / "facts.json").read_text(encoding="utf-8"))
    for fact in facts["facts"] if isinstance(facts, dict) else facts:
        assert site_file(two, BASE + fact["url"].split("#")[0]).is_file()  # the default language's sheets


# --- per-language values and their fallback --------------------------------------------------------------


def test_a_description_in_the_pages_language_is_shown_as_it_is(two: Path):
    italian = (two / "it" / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">Un produttore di tutto.</p>' in italian
    english = (two / "en" / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">A maker of everything.</p>' in english


def test_a_description_the_pages_language_lacks_falls_back_to_the_default_visibly(two: Path):
    italian = (two / "it" / "companies" / "globex" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead lang-fallback" lang="en">A rival of Acme.</p>' in italian
    english = (two / "en" / "companies" / "globex" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">A rival of Acme.</p>' in english


def test_the_site_title_per_language_is_the_page_s_language_s(two: Path):
    italian = (two / "it" / "index.html").read_text(encoding="utf-8")
    assert "<title>Schede di prova</title>" in italian and "<h1>Schede di prova</h1>" in italian
    english = (two / "en" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "· Fixture fact sheets</title>" in english
    feed = ET.parse(two / "it" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}title").text == "Schede di prova"


def test_a_site_description_the_pages_language_lacks_falls_back_to_the_default_visibly(two: Path):
    italian = (two / "it" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead lang-fallback" lang="en">A tiny site used by the tests.</p>' in italian
    english = (two / "en" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">A tiny site used by the tests.</p>' in english


def test_an_infobox_value_per_language_uses_the_pages_language_or_falls_back_visibly(two: Path):
    italian = (two / "it" / "products" / "rocket-x" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Prototipo</dd>" in italian
    assert '<dd><span class="lang-fallback" lang="en">Ion drive</span></dd>' in italian
    english = (two / "en" / "products" / "rocket-x" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Prototype</dd>" in english and "<dd>Ion drive</dd>" in english


# --- ids, permalinks, bytes ------------------------------------------------------------------------------


def _fact_anchors(page: Path) -> set[str]:
    return set(re.findall(r'id="(fact-[0-9a-f]+)"', page.read_text(encoding="utf-8")))


def test_a_fact_has_the_same_id_in_every_language(two: Path):
    for sheet in ("companies/acme", "companies/globex"):
        english = _fact_anchors(two / "en" / sheet / "index.html")
        assert english and english == _fact_anchors(two / "it" / sheet / "index.html")


def test_a_language_keeps_the_paths_of_a_one_language_site(two: Path, tmp_path: Path):
    one = build(make_site(tmp_path / "site", "language: en"))
    pages = {p.relative_to(one).as_posix() for p in one.rglob("*.html") if p.name != "404.html"}
    for language in ("en", "it"):
        prefixed = {
            p.relative_to(two / language).as_posix()
            for p in (two / language).rglob("*.html")
            if p.name != "404.html"
        }
        own_articles = {p for p in pages if p.startswith("articles/")} - prefixed
        assert prefixed | own_articles == pages


def test_a_site_with_language_alone_has_no_language_folders_or_alternates(tmp_path: Path):
    one = build(make_site(tmp_path / "site", "language: it"))
    assert not (one / "it").exists() and not (one / "en").exists()
    home = (one / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="' not in home and "language-switcher" not in home and 'lang="it"' in home
    assert (one / "feed.xml").is_file()


def test_a_two_language_site_is_the_same_bytes_built_twice(two: Path, tmp_path: Path):
    folder = make_site(tmp_path / "site", "languages: [en, it]")
    first = build(folder, "--no-cache", output="first")
    second = build(folder, "--no-cache", output="second")
    assert _same_tree(first, second) and _same_tree(first, two)


def test_an_incremental_two_language_build_equals_a_full_one(tmp_path: Path):
    folder = make_site(tmp_path / "site", "languages: [en, it]")
    build(folder)
    article = folder / "content" / "articles" / "acme-globex-it.md"
    article.write_text(article.read_text(encoding="utf-8").replace("quasi il 30", "circa il 30"))
    again = build(folder)
    full = build(folder, "--no-cache", output="full")
    assert _same_tree(again, full)


def _same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    match, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    assert mismatch == [] and errors == [], mismatch[:5] + errors[:5]
    return True


def test_the_data_exports_of_a_two_language_site_match_their_schemas(two: Path):
    for export, name in (("facts.json", "facts.schema.json"), ("entities.json", "entities.schema.json")):
        jsonschema.validate(json.loads((two / "data" / export).read_text(encoding="utf-8")), schema(name))
    entity = json.loads((two / "data" / "entities" / "acme.json").read_text(encoding="utf-8"))
    jsonschema.validate(entity, schema("entity.schema.json"))
    assert entity["url"] == "en/companies/acme/"


# --- check: texts per language that lack a site language ----------------------------------------------


@pytest.fixture(scope="module")
def untranslated(tmp_path_factory) -> list:
    """`check`'s `untranslated-field` warnings on the two-language fixture site."""
    folder = make_site(tmp_path_factory.mktemp("untranslated") / "site", "languages: [en, it]")
    report = check(folder / "content", source_date_epoch=None)
    assert report.passed
    return [p for p in report.problems if p.code == "untranslated-field"]


def test_check_warns_where_an_entity_description_lacks_a_site_language(untranslated: list):
    [problem] = [p for p in untranslated if "description of entity 'globex'" in p.message]
    assert problem.severity == "warning"
    assert problem.location.path.endswith("entities/globex.yml")
    assert (problem.location.line, problem.location.col) == (6, 3)  # the texts under description:
    assert "no 'it' text: the Italian pages show the English one" in problem.message
    assert problem.hint == "add 'it: …' under 'description'"


def test_check_warns_where_an_infobox_value_lacks_a_site_language(untranslated: list):
    [problem] = [p for p in untranslated if "engine of entity 'rocket-x'" in p.message]
    assert problem.location.path.endswith("entities/rocket-x.yml")
    assert (problem.location.line, problem.location.col) == (5, 9)
    assert not [p for p in untranslated if "stage" in p.message]  # written in both languages


def test_check_warns_where_the_site_description_lacks_a_site_language(untranslated: list):
    [problem] = [p for p in untranslated if "the site" in p.message]
    assert "the description of the site has no 'it' text" in problem.message
    assert problem.location.path.endswith("site.yml") and problem.location.line == 7
