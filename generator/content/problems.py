"""Content problems: what an author got wrong, where, and what to do about it.

Every check in the content core reports a `Problem` instead of raising, so one
run can list every mistake in the tree. The adapters (CLI, MkDocs plugin) turn
a list of problems into compiler-form lines: `path:line: field: message`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# C0 and C1 control characters (and DEL): a terminal would obey them (colours,
# cursor moves, a bell), so content quoted in a message shows them escaped; so
# do the bidirectional overrides that make a line read differently than it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown_safely(text: str) -> str:
    """Text with every control character written as an escape (`\\x1b`), never raw."""
    text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One content mistake.

    Attributes:
        path: the file, as the author sees it (e.g. `content/articles/posts/ask.md`).
        line: 1-based line in that file.
        field: the front-matter field (`tags`, `items[3].id`), or "" for the file itself.
        message: what is wrong and what to do, in plain words.
    """

    path: str
    line: int
    field: str
    message: str

    def format(self) -> str:
        """Render the problem as one compiler-form line, control characters escaped."""
        where = f"{shown_safely(self.path)}:{self.line}:"
        message = shown_safely(self.message)
        return (
            f"{where} {shown_safely(self.field)}: {message}" if self.field else f"{where} {message}"
        )

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "field": self.field, "message": self.message}


class ContentError(Exception):
    """Raised by `load_catalog` when the content has one or more problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem]) -> str:
    """All problems, one compiler-form line each, plus a count."""
    problems = sorted(problems)
    lines = [problem.format() for problem in problems]
    count = len(lines)
    lines.append(f"{count} problem{'s' if count != 1 else ''} found in the content.")
    return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint, or "" when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
