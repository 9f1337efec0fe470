"""Topics: the tags as readers see them.

Authors write tags as slugs (`development-plan`, from `tags_allowed` in mkdocs.yml);
readers see words ("Development plan") everywhere a tag is shown: the search
filter, the tags above an article, and the Topics page's headings and table of
contents (mkdocs-material's tags plugin, whose templates call the `tag_label`
filter; see `overrides/fragments/tags/` and `overrides/partials/tags.html`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

# A tag reads as its slug with spaces and a capital ("Development plan"), unless it
# is listed here because a hyphen belongs in the words or a word is an acronym.
TAG_LABELS = {"cv": "CV", "follow-up": "Follow-up", "self-assessment": "Self-assessment"}

TAG_ANCHOR_PREFIX = "tag:"
"""How the tags plugin begins the id of a tag's heading (`tags_slugify_format`)."""


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
