"""Bad and odd content through `factsheets check` and `build`: a clear positioned message, never a traceback.

Each bad input is one small change to a copy of the fixture site. The test runs the real command and
asserts its exit status, the `file:line:` of the message, the problem's code and that no traceback leaked.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import cli
from tests.linkcheck import broken_links

FRONT = """---
title: "Odd input"
language: en
source:
  publisher: Fixture Press
  url: https://example.org/odd
  published: 2025-09-20
summary: One article with one problem.
---
"""
BODY_LINE = 10  # the first line after FRONT
ARTICLE = "content/articles/odd.md"
ENTITY = "content/entities/odd.yml"
SITE_YML = """title: Fixture fact sheets
language: en
base_url: https://example.org/sheets/
author: Fixture Desk
publisher: Fixture Press
"""


WITH_UNKNOWN_FIELD = FRONT.replace("summary:", "colour: red\nsummary:")


def article(body: str, front: str = FRONT) -> str:
    return front + body


@dataclass
class Bad:
    """Files to write into the fixture site, and where and what `check` must report."""

    id: str
    files: dict[str, str | bytes]
    where: str  # "path:line:" (or "path:line:col")
    code: str
    args: tuple[str, ...] = ()
    also: list[str] = field(default_factory=list)  # more text the message must hold


BAD_INPUTS = [
    # --- files that are not usable text --------------------------------------------------------------
    Bad("empty-article", {ARTICLE: ""}, f"{ARTICLE}:1:1", "missing-front-matter"),
    Bad("empty-entity", {ENTITY: ""}, f"{ENTITY}:1:1", "bad-type"),
    Bad("empty-site-yml", {"content/site.yml": ""}, "content/site.yml:1:1", "bad-type"),
    Bad(
        "invalid-utf8-after-bom",
        {ARTICLE: b"\xef\xbb\xbf" + article("Caf\xe9 ok.\n").encode("latin-1")},
        f"{ARTICLE}:{BODY_LINE}:4",
        "invalid-utf8",
        also=["byte 0xe9", f"byte offset {3 + len(FRONT) + 3}"],
    ),
    Bad(
        "invalid-utf8-in-entity",
        {ENTITY: "name: Soci\xe9t\xe9\nkind: company\n".encode("latin-1")},
        f"{ENTITY}:1:11",
        "invalid-utf8",
        also=["byte offset 10"],
    ),
    Bad(
        "invalid-utf8-with-cr-line-ends",
        {ENTITY: b"kind: company\rname: \xff\r"},
        f"{ENTITY}:2:7",
        "invalid-utf8",
    ),
    Bad(
        "nul-byte",
        {ARTICLE: article("Text with a \x00 in it.\n")},
        f"{ARTICLE}:{BODY_LINE}:13",
        "control-character",
        also=["U+0000"],
    ),
    Bad(
        "markdown-placeholder-characters",
        {ARTICLE: article("Sneaky \x02wzxhzdk:0\x03 stash.\n")},
        f"{ARTICLE}:{BODY_LINE}:8",
        "control-character",
    ),
    # --- YAML ------------------------------------------------------------------------------------------
    Bad(
        "yaml-syntax-site",
        {"content/site.yml": SITE_YML + "description: [unclosed\n"},
        "content/site.yml:",
        "yaml-syntax",
    ),
    Bad(
        "yaml-syntax-front-matter",
        {ARTICLE: article("Body.\n", FRONT.replace('"Odd input"', '"Odd" input'))},
        f"{ARTICLE}:2:",
        "yaml-syntax",
    ),
    Bad(
        "yaml-alias",
        {ENTITY: "name: &n Odd\nkind: company\nheadquarters: *n\n"},
        f"{ENTITY}:3:15",
        "yaml-syntax",
        also=["aliases"],
    ),
    Bad(
        "yaml-recursive-alias",
        {ENTITY: "name: Odd\nkind: company\npeople: &p [a, *p]\n"},
        f"{ENTITY}:3:",
        "yaml-syntax",
    ),
    Bad(
        "yaml-too-deep",
        {ENTITY: "name: Odd\nkind: company\nfounded: " + "[" * 300 + "]" * 300 + "\n"},
        f"{ENTITY}:3:",
        "yaml-syntax",
        also=["nested"],
    ),
    # --- front matter ----------------------------------------------------------------------------------
    Bad(
        "unclosed-front-matter",
        {ARTICLE: "---\ntitle: x\nlanguage: en\n"},
        f"{ARTICLE}:1:1",
        "unclosed-front-matter",
    ),
    Bad(
        "missing-title",
        {ARTICLE: article("Body.\n", FRONT.replace('title: "Odd input"\n', ""))},
        f"{ARTICLE}:",
        "missing-field",
        also=["'title'"],
    ),
    Bad(
        "unknown-language",
        {ARTICLE: article("Body.\n", FRONT.replace("language: en", "language: fr"))},
        f"{ARTICLE}:3:11",
        "bad-value",
    ),
    Bad(
        "javascript-source-url",
        {ARTICLE: article("Body.\n", FRONT.replace("https://example.org/odd", "javascript:alert(1)"))},
        f"{ARTICLE}:6:8",
        "bad-url",
    ),
    Bad(
        "impossible-publication-date",
        {ARTICLE: article("Body.\n", FRONT.replace("2025-09-20", "2025-02-30"))},
        f"{ARTICLE}:7:14",
        "bad-date",
    ),
    Bad(
        "tags-not-a-list",
        {ARTICLE: article("Body.\n", FRONT.replace("summary:", "tags: 5\nsummary:"))},
        f"{ARTICLE}:8:7",
        "bad-type",
    ),
    # --- annotations -----------------------------------------------------------------------------------
    Bad(
        "impossible-fact-date",
        {ARTICLE: article("[Acme launched X]{fact=launch subject=acme date=2025-02-30}\n")},
        f"{ARTICLE}:{BODY_LINE}:44",
        "bad-date",
    ),
    Bad(
        "fact-dated-in-year-zero",
        {ARTICLE: article("[Acme launched X on 1 January 0000]{fact=launch subject=acme}\n")},
        f"{ARTICLE}:{BODY_LINE}:1",
        "bad-date",
        also=["1 January 0000"],
    ),
    Bad(
        "unknown-entity",
        {ARTICLE: article("Said [Nobody]{@nobody}.\n")},
        f"{ARTICLE}:{BODY_LINE}:15",
        "unknown-entity",
    ),
    Bad(
        "unknown-attribute",
        {ARTICLE: article("[Acme launched X]{fact=launch subject=acme colour=red}\n")},
        f"{ARTICLE}:{BODY_LINE}:44",
        "unknown-attribute",
    ),
    Bad(
        "closing-without-opening",
        {ARTICLE: article("Acme]{@acme} said.\n")},
        f"{ARTICLE}:{BODY_LINE}:5",
        "unbalanced-bracket",
    ),
    Bad(
        "unclosed-attributes",
        {ARTICLE: article("[Acme]{@acme said.\n\nNext paragraph.\n")},
        f"{ARTICLE}:{BODY_LINE}:7",
        "unclosed-attributes",
    ),
    Bad(
        "malformed-attribute",
        {ARTICLE: article('[Acme]{fact=launch subject=acme note="a"b}\n')},
        f"{ARTICLE}:{BODY_LINE}:33",
        "malformed-attribute",
    ),
    Bad(
        "duplicate-attribute",
        {ARTICLE: article("[Acme]{fact=launch subject=acme subject=globex}\n")},
        f"{ARTICLE}:{BODY_LINE}:33",
        "duplicate-attribute",
    ),
    Bad(
        "unknown-fact-kind",
        {ARTICLE: article("[Acme grew]{fact=growth subject=acme}\n")},
        f"{ARTICLE}:{BODY_LINE}:13",
        "unknown-fact-kind",
    ),
    Bad(
        "value-not-a-number",
        {ARTICLE: article("[Acme grew]{fact=metric subject=acme value=lots}\n")},
        f"{ARTICLE}:{BODY_LINE}:38",
        "bad-value",
    ),
    Bad(
        "mention-and-fact-at-once",
        {ARTICLE: article("[Acme]{@acme fact=launch}\n")},
        f"{ARTICLE}:{BODY_LINE}:14",
        "mixed-annotation",
    ),
    Bad(
        "fact-inside-a-mention",
        {ARTICLE: article("[Acme [grew]{fact=metric subject=acme}]{@acme}\n")},
        f"{ARTICLE}:{BODY_LINE}:7",
        "bad-nesting",
    ),
    Bad(
        "fact-without-subject",
        {ARTICLE: article("Line one.\n[Something was launched]{fact=launch}.\n")},
        f"{ARTICLE}:{BODY_LINE + 1}:1",
        "fact-without-subject",
    ),
    Bad(
        "subject-path-traversal",
        {ARTICLE: article("[Acme grew]{fact=metric subject=../../etc/passwd}\n")},
        f"{ARTICLE}:{BODY_LINE}:25",
        "unknown-entity",
    ),
    Bad(
        "link-to-missing-article",
        {ARTICLE: article("See [the other story](no-such-story.md).\n")},
        f"{ARTICLE}:{BODY_LINE}:23",
        "broken-link",
    ),
    Bad(
        "crlf-line-ends-keep-line-numbers",
        {ARTICLE: article("One.\n\nTwo [Nobody]{@nobody}.\n").replace("\n", "\r\n")},
        f"{ARTICLE}:{BODY_LINE + 2}:14",
        "unknown-entity",
    ),
    Bad(
        "very-long-line",
        {ARTICLE: article("word " * 40000 + "[Nobody]{@nobody}\n")},
        f"{ARTICLE}:{BODY_LINE}:{5 * 40000 + 10}",
        "unknown-entity",
    ),
    Bad(
        "unicode-id-unknown",
        {ARTICLE: article("[SocGen]{@société-générale} and [阿里]{@阿里巴巴}.\n")},
        f"{ARTICLE}:{BODY_LINE}:10",
        "unknown-entity",
        also=["société-générale", "阿里巴巴"],
    ),
    # --- names of files, ids and references ------------------------------------------------------------
    Bad(
        "slug-with-a-space",
        {"content/articles/odd story.md": article("Body.\n")},
        "content/articles/odd story.md:1:1",
        "bad-slug",
    ),
    Bad(
        "slug-differing-only-in-case",
        {"content/articles/Acme-Globex.md": article("Body.\n")},
        "content/articles/",
        "duplicate-slug",
    ),
    Bad(
        "entity-id-differing-only-in-case",
        {"content/entities/ACME.yml": "name: Acme again\nkind: company\n"},
        "content/entities/",
        "duplicate-id",
    ),
    Bad(
        "id-differs-from-file-name",
        {ENTITY: "id: acme\nname: Odd\nkind: company\n"},
        f"{ENTITY}:1:5",
        "id-mismatch",
    ),
    Bad(
        "parent-path-traversal",
        {ENTITY: "name: Odd\nkind: company\nparent: ../../etc/passwd\n"},
        f"{ENTITY}:3:9",
        "bad-reference",
    ),
    Bad(
        "parent-absolute-path",
        {ENTITY: "name: Odd\nkind: company\nparent: /etc/passwd\n"},
        f"{ENTITY}:3:9",
        "bad-reference",
    ),
    Bad(
        "parent-unknown-entity",
        {ENTITY: "name: Odd\nkind: company\nparent: nobody\n"},
        f"{ENTITY}:3:9",
        "unknown-entity",
    ),
    Bad(
        "website-javascript",
        {ENTITY: "name: Odd\nkind: company\nwebsite: javascript:alert(1)\n"},
        f"{ENTITY}:3:10",
        "bad-url",
    ),
    Bad(
        "infobox-data-url",
        {ENTITY: "name: Odd\nkind: company\nlogo: data:text/html,<script>x</script>\n"},
        f"{ENTITY}:3:7",
        "bad-url",
    ),
    Bad("unknown-entity-kind", {ENTITY: "name: Odd\nkind: planet\n"}, f"{ENTITY}:2:7", "bad-kind"),
    # --- site.yml --------------------------------------------------------------------------------------
    Bad(
        "base-url-javascript",
        {"content/site.yml": SITE_YML.replace("https://example.org/sheets/", "javascript:alert(1)//")},
        "content/site.yml:3:11",
        "bad-url",
    ),
    Bad(
        "allow-html-script",
        {"content/site.yml": SITE_YML + "allow_html:\n  tags: [figure, script]\n"},
        "content/site.yml:7:18",
        "unsafe-html",
    ),
    Bad(
        "allow-html-event-handler",
        {"content/site.yml": SITE_YML + "allow_html:\n  attributes: {img: [onerror]}\n"},
        "content/site.yml:7:",
        "unsafe-html",
    ),
    Bad(
        "pipeline-is-a-path",
        {"content/site.yml": SITE_YML + "pipeline: {en: ../../models/x}\n"},
        "content/site.yml:6:",
        "bad-value",
    ),
    # --- warnings count as errors under --strict -------------------------------------------------------
    Bad(
        "unknown-front-matter-field-strict",
        {ARTICLE: article("Body.\n", WITH_UNKNOWN_FIELD)},
        f"{ARTICLE}:8:9",
        "unknown-field",
        args=("--strict",),
        also=["warnings in strict mode!"],
    ),
]


def _write(site: Path, files: dict[str, str | bytes]) -> None:
    for name, data in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8"))  # no newline translation: CRLF cases stay CRLF


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[b.id for b in BAD_INPUTS])
def test_check_reports_bad_input_with_its_position(bad: Bad, site: Path, runner, monkeypatch):
    _write(site, bad.files)
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check", *bad.args])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert "Traceback" not in result.output
    line = next((line for line in result.output.splitlines() if f" {bad.code}: " in line), None)
    assert line is not None, result.output
    assert line.startswith(bad.where), result.output
    for text in bad.also:
        assert text in result.output


def test_there_are_at_least_thirty_bad_inputs():
    assert len({b.id for b in BAD_INPUTS}) == len(BAD_INPUTS) >= 30


STOPS_THE_BUILD = (
    "invalid-utf8-after-bom",
    "unknown-entity",
    "parent-path-traversal",
    "yaml-alias",
    "fact-without-subject",
)


@pytest.mark.parametrize("bad", [b for b in BAD_INPUTS if b.id in STOPS_THE_BUILD], ids=lambda b: b.id)
def test_build_stops_on_bad_input_and_writes_nothing(bad: Bad, site: Path, runner, monkeypatch):
    _write(site, bad.files)
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert bad.where in result.output
    assert "nothing was written" in result.output
    assert not (site / "_site").exists()


def test_build_in_strict_mode_aborts_on_a_warning(site: Path, runner, monkeypatch):
    _write(site, {ARTICLE: article("Body.\n", WITH_UNKNOWN_FIELD)})
    monkeypatch.chdir(site)
    assert runner.invoke(cli, ["build", "-o", "lenient"]).exit_code == 0
    result = runner.invoke(cli, ["build", "--strict"])
    assert result.exit_code == 1
    assert "Aborted with 2 warnings in strict mode!" in result.output  # the fixture's conflict and this field
    assert "odd.md:8:9" in result.output
    assert not (site / "_site").exists()


def test_json_format_lists_every_problem_with_its_position(site: Path, runner, monkeypatch):
    _write(site, {ARTICLE: article("[A]{@nobody} and [B]{@nobody-else}.\n"), ENTITY: "name: Odd\n"})
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["errors"] == 3
    assert {(p["path"], p["line"], p["code"]) for p in report["problems"]} == {
        (ARTICLE, BODY_LINE, "unknown-entity"),
        (ENTITY, 1, "missing-field"),
        ("content/articles/acme-globex.md", 15, "conflict"),  # the warnings are reported beside the errors
    }


# --- exit statuses -----------------------------------------------------------------------------------


def test_check_of_good_content_exits_0(site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 1 warning." in result.output  # the fixture's sources disagree on purpose


def test_check_with_only_warnings_exits_0_without_strict(site: Path, runner, monkeypatch):
    _write(site, {ARTICLE: article("Body.\n", WITH_UNKNOWN_FIELD)})
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 2 warnings." in result.output  # the fixture's conflict and this field


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml"],
        ["check", "--no-such-option"],
        ["check", "--content", "no-such-folder"],
        ["check", "unexpected-argument"],
    ],
    ids=["bad-format", "unknown-option", "missing-content-folder", "extra-argument"],
)
def test_check_usage_errors_exit_2(args, site: Path, runner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Usage:" in result.output
    assert "Traceback" not in result.output


# --- odd input that is fine ----------------------------------------------------------------------------

ODD_BUT_FINE = {
    "bom": {ARTICLE: "\ufeff" + article("Body with a BOM.\n")},
    "crlf": {ARTICLE: article("Line one.\nLine two.\n").replace("\n", "\r\n")},
    "empty-body": {ARTICLE: FRONT},
    "no-trailing-newline": {ARTICLE: FRONT + "Body"},
    "unicode-ids": {
        "content/entities/阿里巴巴.yml": "name: 阿里巴巴\nkind: company\n",
        "content/entities/société-générale.yml": "name: Société Générale\nkind: company\nparent: 阿里巴巴\n",
        ARTICLE: article("[SG]{@société-générale} met [阿里]{@阿里巴巴}.\n"),
    },
    "unicode-slug": {"content/articles/società-générale-2025.md": article("Body.\n")},
    "long-file": {ARTICLE: article("A sentence of plain words, repeated.\n\n" * 5000)},
    "italian-data-field": {
        ENTITY: "name: Odd\nkind: event\nnote: 'data: 18 settembre'\nticker: 'NYSE: ODD'\n"
    },
}


@pytest.mark.parametrize("files", ODD_BUT_FINE.values(), ids=ODD_BUT_FINE.keys())
def test_odd_but_valid_input_passes_check(files, site: Path, runner, monkeypatch):
    _write(site, files)
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output


def test_nfd_file_name_is_the_same_id_as_nfc_text(site: Path, runner, monkeypatch):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "société")
    _write(
        site,
        {
            f"content/entities/{decomposed}.yml": "name: Société\nkind: company\n",
            ARTICLE: article("[La Société]{@société} said.\n"),
        },
    )
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output


def test_unicode_ids_and_slugs_build_pages_that_link(site: Path, runner, monkeypatch):
    _write(site, ODD_BUT_FINE["unicode-ids"])
    _write(
        site,
        {
            "content/articles/società-générale-2025.md": article(
                "[Société Générale grew]{fact=metric subject=société-générale value=3 unit=%}.\n"
            )
        },
    )
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (site / "_site" / "companies" / "阿里巴巴" / "index.html").is_file()
    assert (site / "_site" / "articles" / "società-générale-2025" / "index.html").is_file()
    assert broken_links(site / "_site") == []


def _problem_codes(tree: ast.AST) -> set[str]:
    """The code strings given to Problem(…), to the field engine's Message(…) and the parsers' helpers."""
    codes = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in ("Problem", "Message", "problem", "report"):
            constants = [c for arg in node.args[:3] for c in ast.walk(arg) if isinstance(c, ast.Constant)]
            codes |= {c.value for c in constants if isinstance(c.value, str) and _CODE.fullmatch(c.value)}
    return codes


_CODE = re.compile(r"[a-z]+(?:-[a-z0-9]+)+|conflict")


def test_every_problem_code_is_documented_in_the_readme():
    repository = Path(__file__).resolve().parent.parent
    readme = (repository / "README.md").read_text(encoding="utf-8")
    codes = set()
    for path in (repository / "generator").rglob("*.py"):
        codes |= _problem_codes(ast.parse(path.read_text(encoding="utf-8")))
    assert len(codes) > 30
    assert sorted(code for code in codes if f"`{code}`" not in readme) == []


def test_file_that_vanishes_before_it_is_read_is_a_problem_not_a_crash(tmp_path: Path):
    from generator.read.textfile import TextProblem, read_text

    with pytest.raises(TextProblem) as caught:
        read_text(tmp_path / "gone.md", "content/articles/gone.md")
    assert caught.value.problem.code == "unreadable-file"
    assert str(caught.value.problem).startswith("content/articles/gone.md: error: unreadable-file: cannot")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_missing_content_folder_is_a_usage_error(tmp_path: Path, runner, monkeypatch, command: str):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, [command, "--content", "missing"])
    assert result.exit_code == 2
    assert "'missing' does not exist" in result.output
    assert not (tmp_path / "_site").exists()


def test_a_site_without_articles_builds(site: Path, runner, monkeypatch):
    import shutil

    shutil.rmtree(site / "content" / "articles")
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (site / "_site" / "companies" / "acme" / "index.html").is_file()
    assert "0 articles" in result.output


def test_an_unexpected_exception_is_one_line_and_exit_status_3(site: Path, monkeypatch, capsys):
    import generator.build
    from generator.cli import main

    def broken(options):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(generator.build, "build", broken)
    monkeypatch.chdir(site)
    monkeypatch.setattr("sys.argv", ["factsheets", "build"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "unexpected RuntimeError: something inside broke" in err and "-v" in err
    monkeypatch.setattr("sys.argv", ["factsheets", "-v", "build"])
    with pytest.raises(RuntimeError):  # under -v the traceback is shown, for the bug report
        main()


@pytest.mark.parametrize(
    ("files", "other"),
    [
        ({"content/entities/ACME.yml": "name: Acme again\nkind: company\n"}, "also in entities/"),
        ({"content/articles/Acme-Globex.md": article("Body.\n")}, "also used by articles/"),
    ],
    ids=["duplicate-id", "duplicate-slug"],
)
def test_the_other_file_of_a_pair_is_named_from_where_the_user_stands(
    files, other, site, runner, monkeypatch
):
    _write(site, files)
    monkeypatch.chdir(site / "content")
    result = runner.invoke(cli, ["check", "--content", "."])
    assert result.exit_code == 1, result.output
    assert other in result.output and "content/" not in result.output, result.output


def test_a_range_backwards_once_scaled_is_a_bad_range(site: Path, runner, monkeypatch):
    body = (
        "[Acme will invest between $9 and $5 billion in Globex]{fact=investment subject=acme object=globex}\n"
    )
    _write(site, {ARTICLE: article(body)})
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    assert "bad-range" in result.output and "9000000000 is above 5000000000" in result.output, result.output
