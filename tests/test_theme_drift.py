"""No silent drift from mkdocs-material: every template of ours that copies or stands
in for one of the theme's is recorded in theme-copies.toml and checked against the
installed theme, so an upgrade that changes an original fails here, by name."""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import material
import pytest

from .conftest import OVERRIDES, REPO

MANIFEST = REPO / "theme-copies.toml"
THEME_TEMPLATES = Path(material.__file__).parent / "templates"
_BLOCK_TAG = re.compile(r"{%-?\s*(block\s+(\w+)|endblock\b[^%]*)\s*-?%}")


@dataclass(frozen=True)
class Record:
    file: str
    original: str
    kind: str
    sha256: str
    changed: tuple[tuple[int, int], ...] = ()
    block: str | None = None

    @classmethod
    def read(cls, entry: dict[str, Any]) -> Record:
        return cls(
            entry["file"],
            entry["original"],
            entry["kind"],
            entry["sha256"],
            tuple((low, high) for low, high in entry.get("changed", ())),
            entry.get("block"),
        )

    def hashed_text(self) -> str:
        """What the record's sha256 is of: the original, or the overridden block of it."""
        text = (THEME_TEMPLATES / self.original).read_text("utf-8")
        return block_text(text, self.block) if self.block else text


def block_text(template: str, name: str) -> str:
    """The text of `{% block name %}...{% endblock %}` in a template, nested blocks included."""
    depth = 0
    start = None
    for match in _BLOCK_TAG.finditer(template):
        if match[2] is not None:
            if match[2] == name and start is None:
                start = match.start()
            if start is not None:
                depth += 1
        elif start is not None:
            depth -= 1
            if depth == 0:
                return template[start : match.end()]
    raise AssertionError(f"no block {name!r} in the template")


def manifest() -> dict[str, Any]:
    return tomllib.loads(MANIFEST.read_text("utf-8"))


RECORDS = [Record.read(entry) for entry in manifest()["template"]]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("record", RECORDS, ids=[r.file for r in RECORDS])
def test_the_themes_original_is_the_one_we_copied(record: Record) -> None:
    installed = version("mkdocs-material")
    recorded = manifest()["theme_version"]
    original = THEME_TEMPLATES / record.original

    assert original.is_file(), (
        f"mkdocs-material {installed} has no {record.original} any more: "
        f"re-check {record.file}, then update theme-copies.toml"
    )
    assert sha256(record.hashed_text()) == record.sha256, (
        f"mkdocs-material {installed} changed {record.original}"
        + (f" (block {record.block!r})" if record.block else "")
        + f" since {recorded}, which {record.file} {record.kind.replace('copy', 'copies')}: "
        "compare the two, carry the theme's change over, then record the new sha256 and "
        "theme_version in theme-copies.toml"
    )


@pytest.mark.parametrize(
    "record", [r for r in RECORDS if r.kind == "copy"], ids=lambda record: record.file
)
def test_a_copy_differs_from_its_original_only_in_the_recorded_lines(record: Record) -> None:
    original = (THEME_TEMPLATES / record.original).read_text("utf-8").splitlines()
    copy = (REPO / record.file).read_text("utf-8").splitlines()

    def recorded(low: int, high: int) -> bool:
        return any(start <= low and high <= end for start, end in record.changed)

    unrecorded = []
    matcher = difflib.SequenceMatcher(a=original, b=copy, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        # Lines i1+1..i2 of the original (1-based); an insertion sits after line i1.
        low, high = (i1 + 1, i2) if i2 > i1 else (i1, i1 + 1)
        if tag != "equal" and not recorded(low, high):
            unrecorded.append(f"original lines {low}-{high}, copy lines {j1 + 1}-{j2}")

    assert unrecorded == [], (
        f"{record.file} changes {record.original} outside the lines theme-copies.toml "
        f"records: {unrecorded}"
    )


def test_every_override_of_a_theme_template_is_recorded() -> None:
    recorded = {record.file for record in RECORDS}
    shadowing = {
        path.relative_to(REPO).as_posix()
        for path in OVERRIDES.rglob("*.html")
        if (THEME_TEMPLATES / path.relative_to(OVERRIDES)).is_file()
    }

    assert shadowing - recorded == set()


def test_block_text_finds_nested_blocks() -> None:
    template = "a {% block outer %}b {% block inner %}c{% endblock %} d{% endblock %} e"

    assert block_text(template, "outer") == (
        "{% block outer %}b {% block inner %}c{% endblock %} d{% endblock %}"
    )
