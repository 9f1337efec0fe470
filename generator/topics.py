"""Topics: the tags as readers see them.

Authors write tags as slugs (`development-plan`, from `tags_allowed` in mkdocs.yml);
readers see words ("Development plan") everywhere a tag is shown: the search
filter, the tags above an article, and the Topics page's headings and table of
contents (mkdocs-material's tags plugin, whose templates call the `tag_label`
filter; see `overrides/fragments/tags/` and `overrides/partials/tags.html`).

A page with the tags plugin's listing also gets an index of its topics above the
listing, so a reader on a phone, where the table of contents is out of sight,
can jump to one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

# A tag reads as its slug with spaces and a capital ("Development plan"), unless it
# is listed here because a hyphen belongs in the words or a word is an acronym.
TAG_LABELS = {"cv": "CV", "follow-up": "Follow-up", "self-assessment": "Self-assessment"}

TAG_ANCHOR_PREFIX = "tag:"
"""How the tags plugin begins the id of a tag's heading (`tags_slugify_format`); the
rest is the tag itself, since an allowed tag is already a slug."""

LISTING_DIRECTIVE = re.compile(r"^<!--\s*material/tags\b", re.MULTILINE)
"""Where the tags plugin's listing goes in a page's Markdown."""


@dataclass(frozen=True)
class Topic:
    """A tag with its articles, as the topic index shows it."""

    slug: str
    label: str
    count: int

    @property
    def anchor(self) -> str:
        """The id of the tag's heading on the Topics page."""
        return TAG_ANCHOR_PREFIX + self.slug


class Tagged(Protocol):
    """An article, as far as topics care."""

    tags: tuple[str, ...]


def tag_label(tag: str) -> str:
    """A tag as readers see it: `development-plan` -> "Development plan", `cv` -> "CV"."""
    if tag in TAG_LABELS:
        return TAG_LABELS[tag]
    text = tag.replace("-", " ")
    return text[:1].upper() + text[1:]


class Anchor(Protocol):
    """An entry of a page's table of contents (MkDocs' `AnchorLink`)."""

    id: str
    title: str
    children: list[Anchor]


def label_tag_anchors(toc: Iterable[Anchor]) -> None:
    """Give the tags' entries in a table of contents their labels.

    The tags plugin names each tag's entry after the tag itself (its slug), as it
    finds it in front matter; the heading it links to shows the label.
    """
    for anchor in toc:
        if anchor.id.startswith(TAG_ANCHOR_PREFIX):
            anchor.title = tag_label(anchor.title)
        label_tag_anchors(anchor.children)


def topics_of(articles: Iterable[Tagged]) -> list[Topic]:
    """The tags of `articles`, in the tags plugin's order (by tag), with how many use each."""
    counts: dict[str, int] = {}
    for article in articles:
        for tag in dict.fromkeys(article.tags):
            counts[tag] = counts.get(tag, 0) + 1
    return [Topic(tag, tag_label(tag), counts[tag]) for tag in sorted(counts)]


def with_topic_index(markdown: str, index_html: str) -> str:
    """`markdown` with `index_html` (a block of HTML with no blank line in it) just
    before the tags plugin's listing; unchanged when the page has no listing."""
    found = LISTING_DIRECTIVE.search(markdown)
    if found is None or not index_html:
        return markdown
    at = found.start()
    return f"{markdown[:at]}\n{index_html}\n\n{markdown[at:]}"
