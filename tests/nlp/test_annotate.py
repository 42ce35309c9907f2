"""`factsheets annotate`: draft annotations inserted without losing a character of the original."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from generator.annotate import annotate
from generator.cli.annotate import annotate_command
from generator.errors import ConfigError
from generator.read.annotations import parse_annotations

FRONT = """---
title: "Intel"
language: en
source:
  publisher: Example
  url: https://example.com/intel
  published: 2025-09-18
summary: A test article.
---
"""
PLAIN_BODY = """Nvidia said on Monday it will invest $5 billion in Intel, taking a stake of about 4%.

Shares of Intel rose 23% after the announcement.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "intel.md"
    path.write_text(FRONT + PLAIN_BODY, encoding="utf-8")
    return path


def _strip(text: str) -> str:
    """Remove annotation markup (the test texts have no other brackets)."""
    return re.sub(r"\]\{[^}]*\}", "", text).replace("[", "")


def test_candidates_are_written_as_draft_facts_into_a_copy(article, registry):
    report = annotate(article, registry)
    assert report.written == article.with_name("intel.annotated.md")
    out = report.written.read_text(encoding="utf-8")
    assert "{fact=investment subject=nvidia object=intel status=planned review=draft}" in out
    assert "{fact=stock subject=intel review=draft}" in out
    assert report.facts == 3


def test_a_sentence_stating_two_facts_is_cut_into_two_drafts_after_the_comma(article, registry):
    out = annotate(article, registry).written.read_text(encoding="utf-8")
    assert "in [Intel]{@intel}]{fact=investment" in out
    assert ", [taking a stake of about 4%.]{fact=acquisition subject=nvidia object=intel" in out


def test_a_date_outside_the_cut_piece_is_written_as_an_attribute(article, registry):
    out = annotate(article, registry).written.read_text(encoding="utf-8")
    assert "taking a stake of about 4%.]{fact=acquisition subject=nvidia object=intel date=2025-09-15" in out


def test_the_first_mention_of_each_entity_is_linked(article, registry):
    out = annotate(article, registry).written.read_text(encoding="utf-8")
    assert out.count("{@nvidia}") == 1
    assert out.count("{@intel}") == 1


def test_the_original_is_left_untouched(article, registry):
    annotate(article, registry)
    assert article.read_text(encoding="utf-8") == FRONT + PLAIN_BODY


def test_removing_the_inserted_markup_gives_back_the_original_exactly(article, registry):
    out = annotate(article, registry).written.read_text(encoding="utf-8")
    assert out != FRONT + PLAIN_BODY
    assert _strip(out) == FRONT + PLAIN_BODY


def test_the_draft_annotations_parse_cleanly(article, registry):
    out = annotate(article, registry).written.read_text(encoding="utf-8")
    parsed = parse_annotations(out[len(FRONT) :], "intel.annotated.md")
    assert parsed.problems == []
    assert parsed.plain == PLAIN_BODY
    assert {a.attrs.get("review") for a in parsed.annotations if a.kind == "fact"} == {"draft"}


def test_text_inside_existing_annotations_is_skipped(tmp_path, registry):
    body = (
        "[Nvidia said on Monday it will invest $5 billion in Intel]{fact=investment subject=nvidia "
        "object=intel}.\n\nShares of Intel rose 23%.\n"
    )
    path = tmp_path / "annotated.md"
    path.write_text(FRONT + body, encoding="utf-8")
    out = annotate(path, registry).written.read_text(encoding="utf-8")
    assert out.count("fact=investment") == 1
    assert "[Nvidia said on Monday it will invest $5 billion in Intel]{fact=investment" in out
    old, new = parse_annotations(body, "a"), parse_annotations(out[len(FRONT) :], "a")
    assert new.plain == old.plain
    assert new.problems == []


def test_code_is_never_annotated(tmp_path, registry):
    body = "Use `Nvidia invested $5 billion in Intel` as an example.\n"
    path = tmp_path / "code.md"
    path.write_text(FRONT + body, encoding="utf-8")
    out = annotate(path, registry).written.read_text(encoding="utf-8")
    assert out == FRONT + body


def test_line_endings_and_byte_order_mark_are_kept(tmp_path, registry):
    original = ("\ufeff" + FRONT + PLAIN_BODY).replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "crlf.md"
    path.write_bytes(original)
    out = annotate(path, registry).written.read_bytes()
    assert out.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert _strip(out.decode("utf-8")).encode("utf-8") == original


def test_in_place_keeps_a_backup(article, registry):
    report = annotate(article, registry, in_place=True)
    assert report.written == article
    assert report.backup == article.with_name("intel.md.bak")
    assert report.backup.read_text(encoding="utf-8") == FRONT + PLAIN_BODY
    assert "review=draft" in article.read_text(encoding="utf-8")


def test_in_place_refuses_to_overwrite_a_backup(article, registry):
    article.with_name("intel.md.bak").write_text("older backup", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        annotate(article, registry, in_place=True)
    assert article.read_text(encoding="utf-8") == FRONT + PLAIN_BODY
    assert article.with_name("intel.md.bak").read_text(encoding="utf-8") == "older backup"


def test_the_command_writes_the_copy(article, runner, tmp_path):
    @click.group()
    def cli() -> None:
        pass

    cli.add_command(annotate_command)
    result = runner.invoke(cli, ["annotate", str(article), "--content", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert article.with_name("intel.annotated.md").exists()


def test_a_proposal_without_a_subject_gets_no_draft(tmp_path, registry):
    path = tmp_path / "intel.md"
    path.write_text(FRONT + "Intel has raised $65 million without naming its investors.\n", encoding="utf-8")
    report = annotate(path, registry)
    assert report.facts == 0
    assert "fact=" not in report.written.read_text(encoding="utf-8")


def test_money_raised_from_no_investor_named_is_no_draft_a_fact_needs_a_subject(tmp_path, registry):
    path = tmp_path / "intel.md"
    path.write_text(FRONT + "Intel received $40 million in new funding.\n", encoding="utf-8")
    report = annotate(path, registry)
    assert report.facts == 0
    assert "fact=" not in report.written.read_text(encoding="utf-8")
