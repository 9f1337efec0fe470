"""The content models: what an article, a checklist and a checklist item are.

Plain frozen dataclasses, built only by `schema.py` from validated front matter,
so every instance obeys the content contract (DESIGN.md section 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ItemKind(StrEnum):
    """How a reader answers a checklist item."""

    CHECK = "check"
    QUESTION = "question"
    SCALE = "scale"


DEFAULT_QUESTION_LINES = 4
SCALE_POINTS = (1, 2, 3, 4, 5)
WORDS_PER_MINUTE = 265
"""Reading speed behind an article's reading time (mkdocs-material's blog used the same)."""


def count_words(markdown: str) -> int:
    """Words in an article's Markdown body, for its reading time.

    Whitespace-separated, so a list marker counts as a word: a few percent more
    than a reader sees, and ten times faster than matching words.
    """
    return len(markdown.split())


def field_name(checklist_slug: str, item_id: str) -> str:
    """The form field name (and element id) of an item on any page or PDF.

    Slugs and ids are `[a-z0-9-]`, so `__` cannot occur in either and the pair
    stays unambiguous; `.` is avoided because PDF forms read it as a hierarchy.
    """
    return f"{checklist_slug}__{item_id}"


@dataclass(frozen=True)
class ChecklistRef:
    """A checklist named by a page: in `checklists:` or as a `/// checklist | slug` block."""

    slug: str
    line: int


@dataclass(frozen=True)
class Item:
    """One checklist item, identified by an id that is never reused.

    Attributes:
        id: stable key of the reader's saved answer; `[a-z0-9-]{1,40}`.
        text: the item as the reader sees it (plain text).
        kind: tick box, written answer, or a 1-5 rating.
        hint: optional one line of help shown under the item.
        lines: write-in lines on paper (questions only).
        labels: words for the two ends of the 1-5 scale (scales only).
    """

    id: str
    text: str
    kind: ItemKind = ItemKind.CHECK
    hint: str | None = None
    lines: int | None = None
    labels: tuple[str, str] | None = None


@dataclass(frozen=True)
class Checklist:
    """A checklist page, which is also a worksheet.

    Attributes:
        slug: the file name; URL `/checklists/<slug>/` and storage key `rebound:<slug>`.
        retired: ids of removed items, kept so old saved answers can still be shown.
        body: the Markdown introduction.
    """

    slug: str
    src_path: str
    title: str
    description: str
    items: tuple[Item, ...]
    step: int | None = None
    retired: tuple[str, ...] = ()
    body: str = ""
    inline_checklists: tuple[ChecklistRef, ...] = ()
    items_line: int = 1
    """The file line of `items:`, where problems about the item list point."""

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def field_name(self, item: Item) -> str:
        return field_name(self.slug, item.id)


@dataclass(frozen=True)
class Source:
    """A publication an article relies on, listed under "Sources" at its end.

    Attributes:
        title: the publication's title (plain text).
        url: where to read it; an absolute http(s) address without credentials.
        publisher: who published it (plain text).
        year: the year it was published.
    """

    title: str
    url: str
    publisher: str
    year: int


@dataclass(frozen=True)
class Article:
    """A blog post under `articles/posts/`, served at `/articles/<slug>/`.

    Attributes:
        checklists: slugs offered at the end of the article.
        inline_checklists: checklist blocks placed in the body.
        sources: the publications behind the article's figures and claims.
        reviewed: when the advice was last checked, shown beside the date.
    """

    slug: str
    src_path: str
    title: str
    description: str
    created: datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    updated: datetime | None = None
    categories: tuple[str, ...] = ()
    step: int | None = None
    checklist_refs: tuple[ChecklistRef, ...] = ()
    draft: bool = False
    inline_checklists: tuple[ChecklistRef, ...] = ()
    sources: tuple[Source, ...] = ()
    reviewed: datetime | None = None
    pin: bool = False
    """Listed before every unpinned article (`pin: true`)."""
    words: int = 0
    """Words in the Markdown body."""
    readtime: int | None = None
    """The author's own reading time in minutes (`readtime:`), if given."""

    @property
    def reading_minutes(self) -> int:
        """The author's `readtime`, else the words at `WORDS_PER_MINUTE`, at least one."""
        if self.readtime is not None:
            return self.readtime
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def checklists(self) -> tuple[str, ...]:
        """Slugs listed in `checklists:`."""
        return tuple(ref.slug for ref in self.checklist_refs)

    @property
    def checklists_at_end(self) -> tuple[str, ...]:
        """Listed checklists not already placed inline: each appears once per page."""
        placed = {block.slug for block in self.inline_checklists}
        return tuple(slug for slug in self.checklists if slug not in placed)


@dataclass(frozen=True)
class Page:
    """Any other Markdown page (home, about, indexes)."""

    src_path: str
    title: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    inline_checklists: tuple[ChecklistRef, ...] = field(default=())


@dataclass(frozen=True)
class Author:
    """A blog author from `articles/.authors.yml`."""

    key: str
    name: str
