"""`rebound new`: starter files for an article or a checklist that pass `rebound check`."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from .content import ContentLayout, ContentRules, Problem
from .content.references import find_inline_checklists
from .content.schema import read_article, read_checklist
from .content.source import SourceError, split_source

SLUG_MAX = 60


class ScaffoldError(Exception):
    """The file cannot be created; the message says why and what to do."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message)


@dataclass(frozen=True)
class NewFile:
    path: Path
    slug: str
    draft: bool


def slugify(title: str) -> str:
    """A URL-safe file name from a title: `Ask for Feedback!` -> `ask-for-feedback`."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug or "-".join(words)[:SLUG_MAX].strip("-")


def _templates() -> Environment:
    # These render YAML and Markdown, not HTML: values are quoted with `yaml_text`
    # (a JSON string is a valid YAML scalar) rather than HTML-escaped.
    env = Environment(
        loader=PackageLoader("generator", "templates/new"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    env.filters["yaml_text"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def new_article(
    content_dir: Path,
    display_root: Path,
    layout: ContentLayout,
    rules: ContentRules,
    authors: Sequence[str],
    title: str,
    tags: Sequence[str],
    step: int | None,
    today: date,
) -> NewFile:
    """Write a draft article with valid front matter; never overwrite.

    Raises:
        ScaffoldError: no tags, a bad title or tag, or the file exists.
    """
    if not tags:
        allowed = ", ".join(sorted(rules.allowed_tags)) or "any short word"
        raise ScaffoldError(f"an article needs 1 to 6 tags: add --tag TAG (allowed: {allowed})")
    if not authors:
        raise ScaffoldError(f"no authors are defined: add one to {rules.authors_file}")
    slug = _slug_or_fail(title)
    text = (
        _templates()
        .get_template("article.md")
        .render(title=title, tags=list(tags), step=step, author=authors[0], today=today)
    )
    path = content_dir / layout.posts_dir / f"{slug}.md"
    shown = _display(path, display_root)

    def validate(problems: list[Problem]) -> None:
        source = split_source(text, shown, required=True)
        read_article(source, slug, shown, rules, (), problems)

    _validate_then_write(path, shown, text, validate)
    return NewFile(path, slug, draft=True)


def new_checklist(
    content_dir: Path,
    display_root: Path,
    layout: ContentLayout,
    title: str,
    step: int | None,
) -> NewFile:
    """Write a checklist with one example item of each kind; never overwrite."""
    slug = _slug_or_fail(title)
    text = _templates().get_template("checklist.md").render(title=title, step=step)
    path = content_dir / layout.checklists_dir / f"{slug}.md"
    shown = _display(path, display_root)

    def validate(problems: list[Problem]) -> None:
        source = split_source(text, shown, required=True)
        inline = find_inline_checklists(source.body, source.body_line, shown, problems)
        read_checklist(source, slug, shown, inline, problems)

    _validate_then_write(path, shown, text, validate)
    return NewFile(path, slug, draft=False)


def _slug_or_fail(title: str) -> str:
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(
            f"the title {title!r} has no letters or digits to make a file name from"
        )
    return slug


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _validate_then_write(path: Path, shown: str, text: str, validate) -> None:
    """Check the new file as `rebound check` would, then create it (never overwriting)."""
    if path.exists():
        raise ScaffoldError(f"{shown} already exists; choose another title or edit that file")
    problems: list[Problem] = []
    try:
        validate(problems)
    except SourceError as error:
        problems.append(error.problem)
    if problems:
        raise ScaffoldError("the new file would not be valid; nothing was written", problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"{shown} already exists; choose another title or edit that file"
        ) from None
