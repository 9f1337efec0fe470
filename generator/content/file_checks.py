"""Checking one content file on its own, and a cache of those checks for the preview.

`load_content` checks each file by itself first (front matter, body safety,
blocks, figures without sources, the file name) and then what needs every file
(duplicate slugs, checklist references, published ids; the links come after).
The first part depends only on the file's bytes and a few site-wide settings, so
`rebound serve` keeps its results in a `CheckCache` and re-checks only the files
that changed: at 200 articles a quick rebuild no longer reads every file's YAML
and body again. The second part is recomputed from those results on every load.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .body_safety import check_body_safety
from .claims import unsourced_claims
from .fields import SLUG_PATTERN
from .links import LinkedPage
from .messages import find_messages
from .models import Article, Checklist, ChecklistRef, Page
from .problems import Problem
from .references import find_inline_checklists
from .rendering import BodyRenderer
from .schema import ContentRules, read_article, read_checklist, read_page
from .source import SourceError, SourceFile, decode_text, read_bytes, split_source

_H1 = re.compile(r"^ {0,3}#(?:[ \t]+|$)")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_SLUG_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class FileCheck:
    """What one content file holds, and every problem it has on its own.

    Attributes:
        problems: reading, body and file-name problems: reported whatever other files hold.
        body: the page body, for the link check.
        inline: the checklist blocks placed in the body.
        slug: an article's or checklist's slug, when its file name is a valid one.
        entry: the model, when the front matter is valid.
        entry_problems: front-matter problems (and figures without sources), reported
            unless another file already owns the slug: such a file is not read further.
        listed: the checklists named in an article's `checklists:`, valid or not.
        draft_body: `body` marked as a draft's, for an article with `draft: true`.
    """

    problems: tuple[Problem, ...]
    body: LinkedPage
    inline: tuple[ChecklistRef, ...] = ()
    slug: str | None = None
    entry: Article | Checklist | Page | None = None
    entry_problems: tuple[Problem, ...] = ()
    listed: tuple[ChecklistRef, ...] = ()
    draft_body: LinkedPage | None = None


def check_file(
    data: bytes,
    src_path: str,
    shown: str,
    kind: str,
    rules: ContentRules,
    renderer: BodyRenderer | None,
) -> FileCheck:
    """Check one file's bytes on their own.

    Arguments:
        src_path: its path in the content folder (`articles/posts/ask.md`).
        shown: its path as messages show it (`content/articles/posts/ask.md`).
        kind: "article", "checklist" or "page".
    """
    problems: list[Problem] = []
    source = _source(data, shown, problems, front_matter_required=kind != "page")
    if source is None:
        return FileCheck(tuple(problems), LinkedPage(src_path, shown, "", readable=False))
    body = LinkedPage(src_path, shown, source.body, source.body_line)
    inline = find_inline_checklists(source.body, source.body_line, shown, problems, renderer)
    check_body_safety(source.body, source.body_line, shown, problems, renderer)
    find_messages(source.body, source.body_line, shown, problems)
    entry_problems: list[Problem] = []
    if kind == "page":
        page = read_page(source, src_path, rules, inline, entry_problems)
        return FileCheck(tuple(problems), body, inline, None, page, tuple(entry_problems))
    check_no_title_heading(source, problems)
    slug = _stem(src_path)
    if (name_problem := slug_name_problem(slug, shown)) is not None:
        problems.append(name_problem)
        return FileCheck(tuple(problems), body, inline)
    if kind == "checklist":
        checklist = read_checklist(source, slug, src_path, inline, entry_problems, rules)
        return FileCheck(tuple(problems), body, inline, slug, checklist, tuple(entry_problems))
    listed: list[ChecklistRef] = []
    article = read_article(source, slug, src_path, rules, inline, entry_problems, listed)
    if not _lists_sources(source):
        entry_problems.extend(unsourced_claims(source.body, source.body_line, shown))
    draft_body = dataclasses.replace(body, draft=True) if article and article.draft else None
    return FileCheck(
        tuple(problems),
        body,
        inline,
        slug,
        article,
        tuple(entry_problems),
        tuple(listed),
        draft_body,
    )


def slug_name_problem(slug: str, shown: str) -> Problem | None:
    """The file name makes the URL: lowercase words joined by hyphens, at most 80 long."""
    if SLUG_PATTERN.match(slug) and len(slug) <= 80:
        return None
    words = "-".join(part for part in _slug_words(slug) if part) or "my-article"
    return Problem(
        shown,
        1,
        "",
        f"the file name '{slug}.md' makes the page's URL, so it must be lowercase "
        f"words joined by hyphens: rename it to '{words}.md'",
    )


def _slug_words(name: str) -> list[str]:
    return _SLUG_WORD.findall(name.lower())


def _stem(src_path: str) -> str:
    """The file name without its Markdown extension: the page's slug."""
    return src_path.rpartition("/")[2].rsplit(".", 1)[0]


def _source(
    data: bytes, shown: str, problems: list[Problem], *, front_matter_required: bool
) -> SourceFile | None:
    try:
        return split_source(decode_text(data, shown), shown, required=front_matter_required)
    except SourceError as error:
        problems.append(error.problem)
        return None


def _lists_sources(source: SourceFile) -> bool:
    """Whether the front matter has a `sources:` field (checked on its own, in the schema)."""
    mapping = source.front_matter
    return mapping is not None and any(key.value == "sources" for key, _ in mapping.value)


def check_no_title_heading(source: SourceFile, problems: list[Problem]) -> None:
    """An article or checklist body that starts with a `# ` heading repeats its title."""
    lines = source.body.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return
    setext = first + 1 < len(lines) and _SETEXT_H1.match(lines[first + 1])
    if not (_H1.match(lines[first]) or setext):
        return
    problems.append(
        Problem(
            source.display_path,
            source.body_line + first,
            "body",
            "starts with a '# ' heading, but title: is already the page's heading; remove "
            "this heading (or make it a '## ' section) and start with the introduction",
        )
    )


# --- The preview's cache --------------------------------------------------------------


@dataclass
class _Entry:
    data: bytes
    shown: str
    kind: str
    result: FileCheck
    icons: dict[str, bool]
    """Each icon the file's front matter named, and whether the theme had it."""


class _RecordedLookup:
    """Answers as `lookup` does, and remembers each question and answer."""

    def __init__(self, lookup: Callable[[str], bool]) -> None:
        self.lookup = lookup
        self.answers: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        answer = self.lookup(name)
        self.answers[name] = answer
        return answer


class CheckCache:
    """The result of `check_file` for each file, kept between the loads of one process.

    For `rebound serve`, whose every rebuild loads the content again. An entry is
    reused only when everything `check_file` read is unchanged: the file's bytes,
    its path and kind, and the context (`begin`): the rules from mkdocs.yml and
    `.authors.yml` (allowed tags, categories, author ids, templates, statuses),
    the Markdown extensions bodies are rendered with, and the current year
    (sources may be dated up to next year). The one rule that is a function, the
    theme's icons, is asked again for each icon the file named. A change of
    context empties the cache.
    """

    def __init__(self) -> None:
        self._context: tuple[Any, ...] | None = None
        self._entries: dict[str, _Entry] = {}
        self.hits = 0
        """How many files the last load took from the cache (for tests and benchmarks)."""

    def begin(self, rules: ContentRules, renderer: BodyRenderer | None, *where: object) -> None:
        """Start a load with these rules and renderer; `where` is anything else that
        shapes a file's result (the layout, the folders paths are shown from)."""
        context = (
            dataclasses.replace(rules, icons=None, asset_exists=None),
            rules.icons is None,
            renderer.signature if renderer is not None else None,
            datetime.now(UTC).year,
            *where,
        )
        if context != self._context:
            self._entries.clear()
            self._context = context
        self.hits = 0

    def check(
        self,
        path: Path,
        src_path: str,
        shown: str,
        kind: str,
        rules: ContentRules,
        renderer: BodyRenderer | None,
    ) -> FileCheck:
        """`check_file` of the file at `path`, from the cache when nothing it read changed."""
        data = read_bytes(path)
        entry = self._entries.get(src_path)
        if (
            entry is not None
            and entry.data == data
            and entry.shown == shown
            and entry.kind == kind
            and _same_answers(entry.icons, rules.icons)
        ):
            self.hits += 1
            return entry.result
        icons = _RecordedLookup(rules.icons) if rules.icons is not None else None
        recording = dataclasses.replace(rules, icons=icons) if icons is not None else rules
        result = check_file(data, src_path, shown, kind, recording, renderer)
        answers = icons.answers if icons is not None else {}
        self._entries[src_path] = _Entry(data, shown, kind, result, answers)
        return result

    def keep_only(self, src_paths: Iterable[str]) -> None:
        """Forget the files not in `src_paths` (deleted or renamed since)."""
        kept = set(src_paths)
        for gone in [src for src in self._entries if src not in kept]:
            del self._entries[gone]


def _same_answers(answers: dict[str, bool], lookup: Callable[[str], bool] | None) -> bool:
    return all(lookup is not None and lookup(name) == said for name, said in answers.items())
