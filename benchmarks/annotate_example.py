"""The README's `annotate` example, before and after, made by running `annotate` on the current code.

    python benchmarks/annotate_example.py           # print the example
    python benchmarks/annotate_example.py --write   # put it into README.md, between its markers
    python benchmarks/annotate_example.py --check   # exit 1 when README.md shows another result

The raw article is `benchmarks/annotate_example/raw.md`; the registry is the demo's, `content/entities/`.
The example then accepts every draft entity file as it is (its `review: draft` line removed, the files added
to a copy of the registry) and runs `annotate` again: the facts it proposes then are the second "after".
`tests/test_readme_example.py` fails when the README's example is not what the code writes today: after a
change to the fact or entity proposals, run this with `--write` and read the difference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "benchmarks" / "annotate_example" / "raw.md"
README = ROOT / "README.md"
START = "<!-- annotate-example: made by `python benchmarks/annotate_example.py --write`; do not edit -->"
END = "<!-- /annotate-example -->"
SHOWN_ENTITY = "marta-ferri.yml"  # the draft entity file the example shows in full
sys.path.insert(0, str(ROOT))


def example() -> str:
    """The Markdown of the example: the article before, the command, its list, the article after, a file."""
    from generator.annotate import annotate
    from generator.cli.annotate import new_entity_list
    from generator.extract import load_registry

    registry = load_registry(ROOT / "content")
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # relative names: the output names no temporary folder
        try:
            shutil.copyfile(RAW, "raw.md")
            report = annotate(Path("raw.md"), registry, new_entities=Path("drafts"))
            listing = new_entity_list(report, Path("drafts"))
            after = report.written.read_text(encoding="utf-8")
            entity = (Path("drafts") / SHOWN_ENTITY).read_text(encoding="utf-8")
            report.written.unlink()
            accepted = annotate(Path("raw.md"), registry + _accepted(Path("drafts")))
            second = accepted.written.read_text(encoding="utf-8")
        finally:
            os.chdir(cwd)
    before = RAW.read_text(encoding="utf-8")
    return "\n".join(
        [
            "Before: a raw article (`benchmarks/annotate_example/raw.md`, front matter left out here):",
            "",
            "```markdown",
            _body(before),
            "```",
            "",
            "`factsheets annotate raw.md --new-entities drafts` prints the names the registry lacks:",
            "",
            "```text",
            listing,
            "```",
            "",
            "and writes `raw.annotated.md`, with its draft annotations:",
            "",
            "```markdown",
            _body(after),
            "```",
            "",
            f"and a draft entity file for each proposal, such as `drafts/{SHOWN_ENTITY}`:",
            "",
            "```yaml",
            entity.rstrip(),
            "```",
            "",
            "Accept the drafts (delete their `review: draft` line, fix a wrong kind) and run `annotate` "
            "again: the names are now the registry's, and it proposes the facts between them:",
            "",
            "```markdown",
            _body(second),
            "```",
        ]
    )


def _accepted(folder: Path) -> list:
    """The draft entity files in `folder` read as accepted entities (without their `review: draft`)."""
    from generator.read.entities import load_entities

    with tempfile.TemporaryDirectory() as accepted:
        for path in sorted(folder.glob("*.yml")):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            text = "".join(line for line in lines if line.strip() != "review: draft")
            (Path(accepted) / path.name).write_text(text, encoding="utf-8")
        entities, problems = load_entities(Path(accepted), Path(accepted))
    if problems:
        raise ValueError("; ".join(map(str, problems)))
    return entities


def _body(text: str) -> str:
    """An article's text after its front matter."""
    from generator.read.articles import split_front_matter

    return text[split_front_matter(text)[1] :].rstrip()


def readme_block(text: str) -> str | None:
    """The example as README.md shows it now, or None when its markers are missing."""
    if START not in text or END not in text:
        return None
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the example into README.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md shows another result")
    options = parser.parse_args()
    made = example()
    readme = README.read_text(encoding="utf-8")
    if options.write:
        if readme_block(readme) is None:
            print(f"README.md has no markers {START} … {END}", file=sys.stderr)
            return 1
        head, rest = readme.split(START, 1)
        README.write_text(f"{head}{START}\n{made}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
        return 0
    if options.check:
        current = readme_block(readme) == made
        print("README.md's example is current" if current else "README.md's example is out of date")
        return 0 if current else 1
    print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
