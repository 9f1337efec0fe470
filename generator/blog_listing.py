"""Blog listings by title and description: the blog's excerpt renders are skipped.

mkdocs-material's blog plugin renders the full Markdown of every post again for
every index, archive and category page that lists it (three full renders per post,
3,000 at a thousand articles: 40% of a build). Rebound's `partials/post.html`
lists a post by its title, description, date, categories and reading time, all
read from front matter, and never prints the rendered excerpt, so that work is
thrown away. Each excerpt's `render` is replaced by one that leaves it empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


def list_posts_without_excerpts(pages: Iterable[Page]) -> int:
    """Make the excerpt of each post among `pages` render to nothing; return how many.

    Must run after the blog plugin's `on_page_markdown` (which creates excerpts)
    and before its `on_page_context` (which renders them): `on_env` is between.
    """
    count = 0
    for page in pages:
        excerpt = getattr(page, "excerpt", None)
        if excerpt is not None and hasattr(excerpt, "render"):
            # An instance attribute, so only these excerpts change, not the class.
            excerpt.render = partial(_leave_empty, excerpt)
            count += 1
    return count


def _leave_empty(excerpt: Any, view: Page, separator: str) -> None:
    """What the blog reads after rendering an excerpt, empty: no content, no headings.

    The post's Markdown is kept (a reference, not a copy): MkDocs gives a page with
    no Markdown no title, and the listing links each post by its title.
    """
    excerpt.markdown = excerpt.post.markdown
    excerpt.content = ""
    excerpt.more = None
    excerpt.toc = get_toc([])
