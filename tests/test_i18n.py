"""The interface's words in gettext catalogs: extraction, compiling at load, site catalogs, the visible
English fallback, `check`'s warnings, and a third language that takes a catalog only."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator.catalogs import (
    LOCALE_FOLDER,
    MISSING_SHOWN,
    TEMPLATE,
    missing_translation_problems,
    package_languages,
    template_keys,
    translator,
)
from generator.check import check
from generator.cli import cli
from generator.model import SiteCatalog
from generator.read.site import load_site
from generator.render.environment import make_environment
from generator.render.formatting import entity_kind_label, fact_kind_label
from generator.render.themes import theme_search_path
from generator.statements import after_preposition, fact_statement
from tests.test_statements import ENTITIES, fact, figure

ROOT = Path(__file__).resolve().parent.parent
THIRD_LANGUAGE = Path(__file__).parent / "fixtures" / "third-language"
# The command of README's "Adding a language" (and babel.cfg's header), run from the repository's root.
EXTRACT_COMMAND = (
    "pybabel extract -F babel.cfg -c Translators: --sort-output --no-wrap --project Factsheets "
    '--copyright-holder "Factsheets maintainers" -o generator/locale/factsheets.pot .'
)


def _messages(text: str) -> dict[tuple[str | None, str], object]:
    """Each message of a .po/.pot text by (context, id): its plural id (or None)."""
    catalog = read_po(StringIO(text))
    return {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): (
            m.id[1] if isinstance(m.id, tuple) else None
        )
        for m in catalog
        if m.id
    }


def _site_catalog(language: str, body: str) -> SiteCatalog:
    header = (
        f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    )
    return SiteCatalog(language, f"locales/{language}.po", header + body)


# --- the catalogs in the repository -------------------------------------------------------------------


def test_the_committed_template_is_what_pybabel_extract_writes(tmp_path: Path):
    extracted = tmp_path / "factsheets.pot"
    arguments = shlex.split(EXTRACT_COMMAND)[1:]
    arguments[arguments.index("-o") + 1] = str(extracted)
    command = [sys.executable, "-c", "from babel.messages.frontend import main; main()", *arguments]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    committed = _messages(TEMPLATE.read_text(encoding="utf-8"))
    assert _messages(extracted.read_text(encoding="utf-8")) == committed, (
        "generator/locale/factsheets.pot is out of date: run the pybabel extract command of the README"
    )
    assert len(committed) > 200


def test_the_readme_and_babel_cfg_give_the_extract_command():
    for path in ("README.md", "babel.cfg"):
        text = (ROOT / path).read_text(encoding="utf-8").replace("\\\n#", "").replace("\\\n", "")
        assert EXTRACT_COMMAND in " ".join(text.split()), path


@pytest.mark.parametrize("language", [lang for lang in package_languages() if lang != "en"])
def test_every_package_catalog_has_the_template_s_messages_all_translated(language: str):
    path = LOCALE_FOLDER / language / "LC_MESSAGES" / "factsheets.po"
    catalog = _messages(path.read_text(encoding="utf-8"))
    assert catalog == _messages(TEMPLATE.read_text(encoding="utf-8"))
    assert translator(language).missing() == []


def test_no_compiled_catalog_is_committed():
    listed = subprocess.run(["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert listed.stdout == ""
    assert not list(LOCALE_FOLDER.rglob("*.mo"))


def test_a_catalog_is_compiled_once_per_process():
    assert translator("it") is translator("it_IT") is translator("it-IT")
    assert translator("it").gettext("Key figures") == "Cifre chiave"


def test_italian_interface_strings_come_from_the_catalog():
    italian = translator("it")
    assert italian.pgettext("timeline", "Latest facts") == "Fatti più recenti"
    assert italian.gettext("Latest facts") == "Ultimi fatti"  # the same English, another context
    assert italian.ngettext("%(number)s fact", "%(number)s facts", 1234) == "%(number)s fatti"
    assert fact_kind_label("market_share", "it") == "Quota di mercato"
    assert entity_kind_label("person", "it", plural=True) == "Persone"


# --- templates ----------------------------------------------------------------------------------------


def _render(source: str, locale: str, catalogs: tuple[SiteCatalog, ...] = (), **context) -> str:
    env = make_environment(theme_search_path(None), locale, {}, catalogs)
    return env.from_string(source).render(**context)


@pytest.mark.parametrize(("n", "expected"), [(1, "1 fatto"), (3, "3 fatti"), (1234, "1.234 fatti")])
def test_a_trans_block_takes_the_plural_form_and_the_locale_s_number(n: int, expected: str):
    block = (
        "{% trans number=n | number, count=n %}{{ number }} fact"
        "{% pluralize count %}{{ number }} facts{% endtrans %}"
    )
    assert _render(block, "it", n=n) == expected


def test_an_untranslated_string_is_english_marked_in_html():
    french = (_site_catalog("fr", 'msgid "Key figures"\nmsgstr "Chiffres clés"\n'),)
    html = _render('{{ _("Key figures") }} · {{ _("Relations") }}', "fr", french)
    assert html == 'Chiffres clés · <span lang="en" class="untranslated">Relations</span>'


def test_an_untranslated_string_in_an_attribute_is_plain_english():
    html = _render(
        '<nav aria-label="{{ _("Main navigation") | striptags }}">', "fr", (_site_catalog("fr", ""),)
    )
    assert html == '<nav aria-label="Main navigation">'


def test_a_translation_s_placeholders_are_filled_and_escaped():
    french = (_site_catalog("fr", 'msgid "and %(n)s more"\nmsgstr "et %(n)s de plus"\n'),)
    assert _render('{{ _("and %(n)s more", n=x) }}', "fr", french, x="<3>") == "et &lt;3&gt; de plus"
    assert _render('{{ _("and %(n)s more", n=x) }}', "de", (), x=2).endswith(">and 2 more</span>")


def test_english_is_never_marked():
    assert _render('{{ _("Relations") }}', "en") == "Relations"


# --- a site's own catalogs ----------------------------------------------------------------------------


def test_a_site_catalog_overrides_the_package_s_wording():
    own = (_site_catalog("it", 'msgid "Key figures"\nmsgstr "Numeri chiave"\n'),)
    assert translator("it", own).gettext("Key figures") == "Numeri chiave"
    assert translator("it", own).gettext("Relations") == "Relazioni"  # the rest is the package's


def test_untranslated_text_outside_html_is_plain_english():
    assert translator("fr", (_site_catalog("fr", ""),)).gettext("Relations") == "Relations"


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(THIRD_LANGUAGE, tmp_path / "site")
    return tmp_path / "site" / "content"


def test_a_language_without_a_catalog_is_an_error_naming_site_yml(tmp_path: Path):
    content = _copy(tmp_path)
    shutil.rmtree(content / "locales")
    config, problems = load_site(content, content.parent)
    assert config is None
    [problem] = problems
    assert (problem.code, problem.location.path, problem.location.line) == (
        "missing-catalog",
        "content/site.yml",
        2,
    )
    assert "locales/fr.po" in problem.hint


@pytest.mark.parametrize("language", ["xx", "fr_FR", "FR"])
def test_a_language_babel_does_not_know_is_an_error(tmp_path: Path, language: str):
    content = _copy(tmp_path)
    (content / "site.yml").write_text(
        (content / "site.yml").read_text(encoding="utf-8").replace("language: fr", f"language: {language}"),
        encoding="utf-8",
    )
    _, problems = load_site(content, content.parent)
    assert [(p.code, p.location.line) for p in problems] == [("bad-value", 2)]


def test_a_broken_site_catalog_is_an_error_at_its_line(tmp_path: Path):
    content = _copy(tmp_path)
    po = content / "locales" / "fr.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "Relations"\nmgstr "Relations"\n', encoding="utf-8"
    )
    config, problems = load_site(content, content.parent)
    assert config is None
    bad = [p for p in problems if p.code == "bad-catalog"]
    assert len(bad) == 1 and bad[0].location.path == "content/locales/fr.po"
    assert bad[0].location.line == len(po.read_text(encoding="utf-8").splitlines())


# --- statements in a language that has only a catalog -------------------------------------------------


FRENCH_STATEMENT = """msgctxt "statement investment done"
msgid "{subject} invested[ {figure}][ in {object}][ {during}| {when}]"
msgstr "{subject} a investi[ {figure}][ dans {object}][ {during}| {when}]"

msgctxt "date day"
msgid "on {date}"
msgstr "le {date}"

msgctxt "qualifier"
msgid "about"
msgstr "environ"
"""


def test_a_language_states_facts_once_its_catalog_translates_the_sentence():
    sheet = fact("investment", quantity=figure(5_000_000_000, qualifier="about"))
    said = fact_statement(sheet, ENTITIES, "fr", catalogs=(_site_catalog("fr", FRENCH_STATEMENT),))
    assert (
        said == "Nvidia a investi environ 5 milliards dollars des États-Unis dans Intel le 18 septembre 2025"
    )


def test_a_sentence_the_catalog_lacks_is_stated_in_english_with_the_language_s_figures():
    sheet = fact("launch", obj="openai")
    assert fact_statement(sheet, ENTITIES, "fr", catalogs=(_site_catalog("fr", ""),)) == (
        "Nvidia launched OpenAI on 18 septembre 2025"
    )


def test_prepositions_join_plainly_in_a_language_without_rules():
    assert after_preposition("di", "il 9%", "fr") == "di il 9%"
    assert after_preposition("à", "Alibaba", "fr") == "à Alibaba"


# --- the third language, end to end -------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("third-language") / "site"
    shutil.copytree(THIRD_LANGUAGE, folder)
    output = folder / "_site"
    result = CliRunner().invoke(
        cli, ["build", "--content", str(folder / "content"), "--output", str(output), "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    return output


def test_a_third_language_builds_with_its_words_dates_and_numbers(french_site: Path):
    sheet = (french_site / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in sheet
    assert ">Chiffres clés</h2>" in sheet and ">Chronologie</h2>" in sheet  # the site's catalog
    assert "18 septembre 2025" in sheet  # CLDR's dates, through Babel
    assert "5 milliards" in sheet and "environ 23\u00a0%" in (
        french_site / "companies" / "globex" / "index.html"
    ).read_text(encoding="utf-8")  # CLDR's numbers
    assert "Acme Corp a investi" in sheet  # the statement, from the catalog
    assert "1 fait" in sheet  # the plural form of the catalog


def test_a_site_catalog_s_plural_forms_are_its_own_header_s():
    french = (THIRD_LANGUAGE / "content" / "locales" / "fr.po").read_text(encoding="utf-8")
    words = translator("fr", (SiteCatalog("fr", "locales/fr.po", french),))
    # Two forms, as its Plural-Forms header says (CLDR's French has three: 2 would ask for a missing one).
    assert [words.ngettext("%(number)s fact", "%(number)s facts", n) for n in (0, 1, 2, 5)] == [
        "%(number)s fait",
        "%(number)s fait",
        "%(number)s faits",
        "%(number)s faits",
    ]


def test_a_third_language_shows_its_untranslated_strings_in_marked_english(french_site: Path):
    sheet = (french_site / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="relations-heading"><span lang="en" class="untranslated">Relations</span></h2>' in sheet
    globex = (french_site / "companies" / "globex" / "index.html").read_text(encoding="utf-8")
    assert '<span class="statement untranslated" lang="en">Globex shares rose' in globex  # no stock sentence
    assert '<span class="statement"><a href="../acme/index.html">Acme Corp</a> a investi' in globex
    for page in french_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '="<span' not in html and "<title><span" not in html, page  # never inside an attribute


def test_a_profile_field_s_label_without_translation_is_marked_english(french_site: Path):
    sheet = (french_site / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<dt><span lang="en" class="untranslated">Founded</span></dt>' in sheet


def test_the_data_page_s_descriptions_without_translation_are_marked_english(french_site: Path):
    data = (french_site / "data" / "index.html").read_text(encoding="utf-8")
    assert '<td class="file-contents"><span lang="en" class="untranslated">The facts as a table' in data


def test_a_picture_s_words_come_from_the_catalog_marked_in_html_only(french_site: Path):
    timeline = (french_site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert '<title id="timeline-chart-title">Chronologie</title>' in timeline  # the site's catalog
    assert "<title>18 septembre 2025: Stock · Globex" in timeline  # plain English inside the SVG
    assert '<summary><span lang="en" class="untranslated">The timeline as a table</span></summary>' in (
        timeline
    )


def test_check_warns_once_per_missing_translation_with_a_count_of_the_rest():
    content = THIRD_LANGUAGE / "content"
    report = check(content, source_date_epoch=None)
    warnings = [p for p in report.problems if p.code == "missing-translation"]
    named = [p for p in warnings if "more interface strings" not in p.message]
    assert len(named) == MISSING_SHOWN == len({p.message for p in named})
    assert all(p.location.path.endswith("locales/fr.po") for p in warnings)
    assert "no 'fr' translation of 'About'" not in report.as_text()
    [summary] = [p for p in warnings if p not in named]
    assert f"({len(template_keys()) - 9} of {len(template_keys())} in all)" in summary.message
    assert report.passed


def test_check_names_the_entry_to_add():
    own = (_site_catalog("fr", ""),)
    first = missing_translation_problems("fr", own)[0]
    assert first.severity == "warning"
    assert first.hint.startswith("add the entry to this catalog: msg")
    assert missing_translation_problems("it") == []
    assert missing_translation_problems("en") == []


def test_the_wheel_ships_the_catalogs_and_no_compiled_one(tmp_path: Path):
    from hatchling.build import build_wheel

    (LOCALE_FOLDER / "it" / "LC_MESSAGES" / "stray.mo").write_bytes(
        b""
    )  # as a local `pybabel compile` leaves
    try:
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            names = set(zipfile.ZipFile(tmp_path / build_wheel(str(tmp_path))).namelist())
        finally:
            os.chdir(cwd)
    finally:
        (LOCALE_FOLDER / "it" / "LC_MESSAGES" / "stray.mo").unlink()
    assert "generator/locale/factsheets.pot" in names
    assert "generator/locale/it/LC_MESSAGES/factsheets.po" in names
    assert not any(name.endswith(".mo") for name in names)


def test_check_warns_about_a_site_catalog_entry_nothing_uses(tmp_path: Path):
    content = _copy(tmp_path)
    po = content / "locales" / "fr.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "Key figure"\nmsgstr "Chiffre clé"\n', encoding="utf-8"
    )
    report = check(content, source_date_epoch=None)
    [stray] = [p for p in report.problems if p.code == "unknown-message"]
    assert (stray.location.path, stray.location.line) == (
        "content/locales/fr.po",
        len(po.read_text(encoding="utf-8").splitlines()) - 1,
    )
    assert 'msgid "Key figure"' in stray.message


def test_check_warns_about_every_site_language_not_only_the_default(tmp_path: Path):
    content = _copy(tmp_path)
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: fr", "languages: [en, fr]"))
    report = check(content, source_date_epoch=None)
    warnings = [p for p in report.problems if p.code == "missing-translation"]
    assert warnings and all("'fr'" in p.message for p in warnings)
    assert report.passed
