"""Content problems: what an author got wrong, where, and what to do about it.

Every check in the content core reports a `Problem` instead of raising, so one
run can list every mistake in the tree. The adapters (CLI, MkDocs plugin) turn
a list of problems into compiler-form lines: `path:line: field: message`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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
        """Render the problem as one compiler-form line."""
        where = f"{self.path}:{self.line}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"

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
