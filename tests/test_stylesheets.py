"""Our stylesheets are whole: a lost brace silently swallows every rule after it
(a merge once dropped one, and the message panel's print rules stopped applying)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2

from .conftest import OVERRIDES

STYLESHEETS = sorted((OVERRIDES / "assets" / "stylesheets").glob("*.css"))


def problems(css: str) -> list[str]:
    """Parse errors, and rules whose block holds another selector's block (a brace
    that never closed), as tinycss2 reads the file."""
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            found.append(f"{rule.source_line}: {rule.message}")
        elif rule.type == "qualified-rule":
            inner = tinycss2.parse_blocks_contents(rule.content)
            for item in inner:
                if item.type in ("qualified-rule", "error"):
                    found.append(f"{item.source_line}: a rule inside another (a missing '}}'?)")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            found.extend(problems(tinycss2.serialize(rule.content or [])))
    return found


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_rule_closes(path: Path) -> None:
    css = path.read_text("utf-8")
    assert problems(css) == []
    assert css.count("{") == css.count("}")


def test_a_missing_brace_is_found() -> None:
    assert problems(".a {\n  color: red;\n\n.b {\n  color: blue;\n}\n") != []
