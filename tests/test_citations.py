"""Citations: the formats reference managers read, on every page and download, and the embedded metadata.

The CSL-JSON schema used here (`tests/csl-data.schema.json`) was written for this project from the lists of
item types and variables in the CSL 1.0.2 specification; it is not the CSL project's own schema file.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import jsonschema
import pytest
import rispy
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import ConfigError
from generator.model import SiteCatalog
from generator.render import jsonld
from generator.render.citations import (
    DATASET,
    Reference,
    author_date,
    biblatex,
    bibtex,
    citation_dates,
    csl_item,
    csl_json,
    note,
    provenance_segments,
    provenance_text,
    ris,
    text_fragment_url,
)

CSL_SCHEMA = json.loads((Path(__file__).parent / "csl-data.schema.json").read_text(encoding="utf-8"))
EPOCH = "1758412800"  # 2025-09-21T00:00:00Z


def reference(**changes) -> Reference:
    fields = dict(
        key="fixture-press:acme",
        type="webpage",
        title="Acme & Sons: 100% {growth} #1_a",
        author="Fixture Desk",
        publisher="Fixture Press",
        container_title="Fixture fact sheets",
        url="https://example.org/sheets/companies/acme/#fact-0123456789ab",
        issued="2025-09-19",
        accessed="2025-09-21",
        version="2025-09-19",
        language="en",
    )
    fields.update(changes)
    return Reference(**fields)


def parse_bib(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


# --- formats ------------------------------------------------------------------------------------------


def test_biblatex_is_an_online_entry_with_url_and_urldate():
    entry = parse_bib(biblatex(reference())).entries[0]
    assert entry.entry_type == "online"
    assert entry.fields_dict["url"].value == "https://example.org/sheets/companies/acme/#fact-0123456789ab"
    assert entry.fields_dict["urldate"].value == "2025-09-21"
    assert entry.fields_dict["date"].value == "2025-09-19"


def test_bibtex_is_a_misc_entry_with_url_and_urldate():
    entry = parse_bib(bibtex(reference())).entries[0]
    assert entry.entry_type == "misc"
    assert entry.fields_dict["url"].value == "https://example.org/sheets/companies/acme/#fact-0123456789ab"
    assert entry.fields_dict["urldate"].value == "2025-09-21"
    assert entry.fields_dict["year"].value == "2025"


def test_bib_title_escapes_latex_specials_and_keeps_its_capitals():
    entry = parse_bib(bibtex(reference())).entries[0]
    assert (
        entry.fields_dict["title"].value
        == r"{Acme \& Sons: 100\% \textbraceleft{}growth\textbraceright{} \#1\_a}"
    )


def test_bib_corporate_author_is_one_name():
    entry = parse_bib(biblatex(reference())).entries[0]
    assert entry.fields_dict["author"].value == "{Fixture Desk}"


def test_data_export_is_a_biblatex_dataset():
    assert parse_bib(biblatex(reference(type=DATASET))).entries[0].entry_type == "dataset"


def test_ris_uses_crlf_line_ends_only():
    text = ris(reference())
    assert text.endswith("ER  - \r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_ris_is_an_elec_record_that_rispy_reads():
    (record,) = rispy.loads(ris(reference()))
    assert record["type_of_reference"] == "ELEC"
    assert record["title"] == "Acme & Sons: 100% {growth} #1_a"
    assert record["urls"] == ["https://example.org/sheets/companies/acme/#fact-0123456789ab"]
    assert record["access_date"] == "2025/09/21"


def test_ris_of_a_data_export_is_a_data_record():
    (record,) = rispy.loads(ris(reference(type=DATASET)))
    assert record["type_of_reference"] == "DATA"


def test_csl_json_webpage_validates_against_the_csl_schema():
    items = json.loads(csl_json([reference()]))
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["type"] == "webpage"
    assert items[0]["issued"] == {"date-parts": [[2025, 9, 19]]}
    assert items[0]["author"] == [{"literal": "Fixture Desk"}]


def test_csl_json_data_export_is_a_dataset():
    item = csl_item(reference(type=DATASET))
    jsonschema.validate([item], CSL_SCHEMA)
    assert item["type"] == "dataset"


def test_csl_schema_rejects_a_misspelt_variable():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "webpage", "url": "https://example.org/"}], CSL_SCHEMA)


def test_author_date_reference_names_author_year_title_and_retrieval():
    text = author_date(reference(), "en")
    assert text.startswith("Fixture Desk. (2025, September 19). Acme & Sons")
    assert text.endswith(
        "Retrieved September 21, 2025, from https://example.org/sheets/companies/acme/#fact-0123456789ab"
    )


def test_note_reference_in_italian_uses_italian_dates_and_words():
    text = note(reference(), "it")
    assert "ultimo aggiornamento 19 settembre 2025" in text
    assert "consultato il 21 settembre 2025" in text
    assert text.startswith("Fixture Desk, “Acme & Sons: 100% {growth} #1_a”,")


def test_reference_without_date_says_so():
    assert "(n.d.)" in author_date(reference(issued="", accessed=""), "en")


FRENCH_CITATION_TERMS = """msgid ""
msgstr ""
"Language: fr\\n"

msgctxt "citation"
msgid "As reported by {reports}."
msgstr "Selon {reports}."

msgctxt "citation"
msgid "accessed"
msgstr "consulté le"
"""


def test_the_citation_terms_come_from_a_site_s_catalog():
    french = (SiteCatalog("fr", "locales/fr.po", FRENCH_CITATION_TERMS),)
    pieces = provenance_segments([("Le Monde", "", "2025-09-18", "")], [], [], "fr", french)
    assert provenance_text(pieces) == "Selon Le Monde, 18 septembre 2025."
    text = note(reference(), "fr", catalogs=french)
    assert "consulté le 21 septembre 2025" in text
    assert "last modified 19 septembre 2025" in text  # a term the catalog lacks: plain English


def test_an_italian_bibtex_note_reads_in_italian():
    text = bibtex(reference(type=DATASET), locale="it")
    assert "note = {Set di dati. Fixture fact sheets. Versione 2025-09-19. Consultato il 2025-09-21}" in text
    parse_bib(text)


def test_the_italian_citation_terms_come_from_the_package_s_catalog():
    pieces = provenance_segments([("ANSA", "", "", "")], [("Reuters", "", "", "")], ["Redazione"], "it")
    assert provenance_text(pieces) == (
        "Come riportato da ANSA. Basato su Reuters, nella sintesi di Redazione."
    )
    assert csl_item(reference(type=DATASET), "it")["genre"] == "Set di dati"


# --- dates: content or SOURCE_DATE_EPOCH, never the clock ----------------------------------------------


def test_dates_come_from_the_content_without_source_date_epoch():
    assert citation_dates("2025-09-19", None) == ("2025-09-19", "2025-09-19")


def test_source_date_epoch_sets_the_access_date():
    assert citation_dates("2025-09-19", EPOCH) == ("2025-09-19", "2025-09-21")


def test_access_date_is_never_before_the_content():
    assert citation_dates("2025-09-25", EPOCH) == ("2025-09-25", "2025-09-25")


def test_malformed_source_date_epoch_is_a_config_error():
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        citation_dates("2025-09-19", "yesterday")


# --- text fragments -------------------------------------------------------------------------------------


def test_text_fragment_encodes_the_directive_syntax_characters():
    url = text_fragment_url("https://example.org/a", "Profits, costs & a year-on-year rise")
    assert url == "https://example.org/a#:~:text=Profits%2C%20costs%20%26%20a%20year%2Don%2Dyear%20rise"


def test_text_fragment_names_the_start_of_a_long_sentence():
    sentence = "Giovedì Nvidia ha annunciato un accordo che fino a poco tempo fa sarebbe sembrato strano."
    url = text_fragment_url("https://example.org/a", sentence, words=4)
    assert unquote(url.split(":~:text=")[1]) == "Giovedì Nvidia ha annunciato"


def test_text_fragment_keeps_an_existing_fragment():
    assert text_fragment_url("https://example.org/a#top", "Hello") == "https://example.org/a#top:~:text=Hello"


def test_json_ld_text_cannot_close_its_script_element():
    element = str(jsonld.script({"name": "</script><script>alert(1)</script> & co"}))
    body = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "</script>" not in body
    assert json.loads(body) == {"name": "</script><script>alert(1)</script> & co"}


# --- the built site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    import shutil

    site = tmp_path_factory.mktemp("cite") / "site"
    shutil.copytree(Path(__file__).parent / "fixtures" / "site", site)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(site)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site / "_site"


def entity_pages(site: Path) -> list[Path]:
    entities = json.loads((site / "data" / "entities.json").read_text(encoding="utf-8"))
    return [site / e["url"] / "index.html" for e in entities]


class _Head(HTMLParser):
    """Meta tags, the canonical link and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical = ""
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.classes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.classes.update((a.get("class") or "").split())
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a.get("content", ""))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def head_of(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_every_bib_download_parses(built: Path):
    files = sorted(built.rglob("*.bib"))
    assert len(files) >= 2 * (len(entity_pages(built)) + 1)
    for path in files:
        library = parse_bib(path.read_text(encoding="utf-8"))
        bundle = path.name.startswith("cite-facts")  # every fact on a sheet, one entry each
        assert len(library.entries) >= 1 if bundle else len(library.entries) == 1, path
        assert len({e.key for e in library.entries}) == len(library.entries), path
        biblatex_type = "dataset" if path.parent == built / "data" else "online"
        expected = biblatex_type if path.name.endswith("-biblatex.bib") else "misc"
        assert {e.entry_type for e in library.entries} == {expected}, path


def test_every_csl_json_download_validates(built: Path):
    files = [p for p in built.rglob("*.json") if p.name in ("cite.json", "cite-facts.json")]
    assert files
    for path in files:
        items = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(items, CSL_SCHEMA)
        assert {i["type"] for i in items} == {"dataset" if path.parent.name == "data" else "webpage"}, path


def test_every_ris_download_parses_with_crlf(built: Path):
    files = sorted(built.rglob("*.ris"))
    assert files
    for path in files:
        raw = path.read_bytes()
        assert b"\n" not in raw.replace(b"\r\n", b""), path
        records = rispy.loads(raw.decode("utf-8"))
        assert len(records) == 1 or path.name == "cite-facts.ris", path
        assert {r["type_of_reference"] for r in records} <= {"ELEC", "DATA"}, path


def test_citations_use_source_date_epoch_as_access_date(built: Path):
    entry = parse_bib((built / "companies" / "acme" / "cite.bib").read_text(encoding="utf-8")).entries[0]
    assert entry.fields_dict["urldate"].value == "2025-09-21"


def test_every_entity_page_has_the_zotero_metadata(built: Path):
    for page in entity_pages(built):
        head = head_of(page)
        for name in (
            "citation_title",
            "citation_author",
            "citation_publication_date",
            "og:site_name",
            "og:title",
        ):
            assert head.meta.get(name, [""])[0], (page, name)
        assert head.meta["og:type"] == ["website"], page
        assert head.meta["og:url"] == [head.canonical], page
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", head.meta["citation_publication_date"][0])


def test_no_page_carries_coins(built: Path):
    for page in built.rglob("*.html"):
        assert "Z3988" not in head_of(page).classes, page


def test_every_entity_page_has_schema_org_json_ld(built: Path):
    expected = {"acme": "Corporation", "globex": "Corporation", "jane-roe": "Person", "rocket-x": "Product"}
    for page in entity_pages(built):
        (block,) = head_of(page).jsonld
        graph = json.loads(block)["@graph"]
        types = {node["@type"] for node in graph}
        assert types == {"WebPage", expected[page.parent.name]}, page


def test_person_json_ld_links_the_employer_sheet(built: Path):
    (block,) = head_of(built / "people" / "jane-roe" / "index.html").jsonld
    person = json.loads(block)["@graph"][1]
    assert person["worksFor"]["@id"] == "https://example.org/sheets/companies/acme/#entity"
    assert person["jobTitle"] == "CEO"


def test_data_page_describes_the_exports_as_a_dataset(built: Path):
    (block,) = head_of(built / "data" / "index.html").jsonld
    dataset = json.loads(block)
    assert dataset["@type"] == "Dataset"
    urls = {d["contentUrl"] for d in dataset["distribution"]}
    assert "https://example.org/sheets/data/facts.json" in urls
    assert "https://example.org/sheets/data/facts.csv" in urls


def test_each_fact_on_a_sheet_can_be_cited(built: Path):
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    for fact in facts:
        page, anchor = fact["url"].split("#")
        html = (built / page / "index.html").read_text(encoding="utf-8")
        fact_id = anchor.removeprefix("fact-")
        block = re.search(f'<div class="citation-block" id="cite-{fact_id}"[^>]*>(.*?)</div>', html, re.S)
        # The fact's block links to the sheet's downloads, listed once on the page.
        assert block and 'href="#fact-citations"' in block.group(1)
        downloads = re.search(r'<p class="citation-downloads meta" id="fact-citations">(.*?)</p>', html, re.S)
        assert downloads and 'href="cite-facts.bib"' in downloads.group(1)
        key = re.search(r"<code>([^<]+)</code>", block.group(1)).group(1)
        # The key the sheet shows names the fact's entry in each of the sheet's downloads.
        bib = parse_bib((built / page / "cite-facts.bib").read_text(encoding="utf-8"))
        (entry,) = [e for e in bib.entries if e.key == key]
        assert entry.fields_dict["url"].value.endswith(f"#fact-{fact_id}")
        records = rispy.loads((built / page / "cite-facts.ris").read_text(encoding="utf-8"))
        assert [r["id"] for r in records].count(key) == 1
        items = json.loads((built / page / "cite-facts.json").read_text(encoding="utf-8"))
        assert [i["id"] for i in items].count(key) == 1


def test_citation_text_is_on_the_page_without_javascript(built: Path):
    html = (built / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<pre class="citation" id="cite-sheet-bibtex"[^>]*><code>(.*?)</code>', html, re.S)
    assert block and block.group(1).startswith("@misc{acme,")
    assert 'data-copy-target="cite-sheet-bibtex"' in html


def test_provenance_links_the_publisher_page_at_the_sentence(built: Path):
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    fact = next(f for f in facts if f["kind"] == "investment")
    html = (built / fact["url"].split("#")[0] / "index.html").read_text(encoding="utf-8")
    html = html[html.index(f'<li id="fact-{fact["id"]}"') :]  # the fact's entry (the sheet is newest first)
    for source in fact["sources"]:
        first_words = " ".join(source["sentence"].split()[:8])
        link = re.search(re.escape(source["url"]) + r'#:~:text=([^"]+)"', html)
        assert link and unquote(link.group(1)) == first_words
        assert f"<p>{source['sentence']}</p>" in unescape(html)


def test_each_fact_shows_when_it_happened_apart_from_when_it_was_first_reported(built: Path):
    for fact in json.loads((built / "data" / "facts.json").read_text(encoding="utf-8")):
        page, anchor = fact["url"].split("#")
        html = (built / page / "index.html").read_text(encoding="utf-8")
        entry = html.split(f'<li id="{anchor}"', 1)[1]
        happened = re.match(r'[^>]*>\s*<time datetime="([^"]+)"', entry)
        assert happened and happened.group(1) == fact["date"]["value"]
        assert ('class="reported"' in entry.split("</time>", 2)[1]) == fact["date"]["reported"]
        dates = entry.split('<dl class="fact-dates">', 1)[1].split("</dl>", 1)[0]
        assert re.findall(r'datetime="([^"]+)"', dates)[-1] == fact["first_reported"]


def test_sheet_shows_the_date_it_is_as_of(built: Path):
    html = (built / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    header = html.split('<article class="sheet">', 1)[1].split("</header>", 1)[0]
    assert 'datetime="2025-09-19"' in header


def test_a_page_of_facts_lists_the_sheets_downloads_once(built: Path):
    pages = [
        p for p in (built / "companies").rglob("index.html") if 'class="fact-entry' in p.read_text("utf-8")
    ]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('id="fact-citations"') == 1, page
        assert html.count("cite-facts.bib") == 1, page
        assert html.count('href="#fact-citations"') == html.count('class="fact-entry'), page
