"""A "Skip to content" link for pages whose content has no heading of its own.

mkdocs-material links its skip link to the first entry of `page.toc`, so a page
without Markdown headings (a checklist page, a worksheet page) has none, and a
keyboard reader tabs through the whole header and menu to reach the first box.
"""

from __future__ import annotations

from mkdocs.structure.toc import AnchorLink, TableOfContents


def with_skip_target(toc: TableOfContents, title: str, anchor: str) -> TableOfContents:
    """`toc`, or, when it is empty, one level-1 entry leading to `anchor`.

    The theme's table of contents shows the children of a level-1 first entry, and
    this one has none, so the page's sidebar stays as it was; only the skip link
    appears.

    Arguments:
        title: the entry's text (the page title).
        anchor: the id of the element the skip link leads to.
    """
    if len(toc):
        return toc
    return TableOfContents([AnchorLink(title, anchor, 1)])
