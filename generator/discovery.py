"""What helps a reader find their way from one page to the next.

For each page: its search record (what the index learns beyond the text), and,
for articles and checklists, related articles and the next step on the path
(after an article's own sources). Plain functions over the catalog; the plugin supplies URLs.
"""

from __future__ import annotations

from collections.abc import Callable

from .content import Article, Catalog, Checklist
from .fragments import ArticleLink, FragmentRenderer, SearchRecord, StepLink

WORKSHEETS_DIR = "worksheets/"

UrlOf = Callable[[str], str]
"""Turns a content path (`checklists/plan.md`) into a URL relative to the current page."""


def search_record(catalog: Catalog, src_uri: str) -> SearchRecord | None:
    """The search record of a page, or None for pages the index leaves out.

    Articles (but not drafts), checklists and worksheets are searchable; listings
    (tags, archive, indexes) are not, so results lead to advice, not to lists.
    """
    entry = catalog.entry(src_uri)
    if isinstance(entry, Article) and not entry.draft:
        return SearchRecord("Article", entry.title, entry.description, entry.tags, entry.step)
    if isinstance(entry, Checklist):
        return SearchRecord("Checklist", entry.title, entry.description, (), entry.step)
    worksheet = worksheet_checklist(catalog, src_uri)
    if worksheet is not None:
        return SearchRecord(
            "Worksheet", f"Worksheet: {worksheet.title}", worksheet.description, (), worksheet.step
        )
    return None


def worksheet_checklist(catalog: Catalog, src_uri: str) -> Checklist | None:
    """The checklist behind a generated worksheet page (`worksheets/<slug>.md`)."""
    if not src_uri.startswith(WORKSHEETS_DIR):
        return None
    slug = src_uri.removeprefix(WORKSHEETS_DIR).removesuffix(".md")
    return catalog.checklists.get(slug)


def page_extras(catalog: Catalog, renderer: FragmentRenderer, src_uri: str, url_of: UrlOf) -> str:
    """An article's sources, related articles and the next step, for the end of an
    article or checklist page."""
    entry = catalog.entry(src_uri)
    if not isinstance(entry, Article | Checklist):
        return ""
    parts: list[str] = []
    if isinstance(entry, Article) and entry.sources:
        parts.append(renderer.sources(entry.sources))
    if isinstance(entry, Article):
        related = [ArticleLink(a, url_of(a.src_path)) for a in catalog.related(entry)]
        if related:
            parts.append(renderer.related(related))
    if entry.step is not None:
        here = catalog.checklist_for_step(entry.step) if isinstance(entry, Article) else None
        after = catalog.next_step(entry.step)
        parts.append(
            renderer.next_step(
                _step_link(catalog, here, url_of),
                _step_link(catalog, after, url_of),
                url_of("index.md"),
            )
        )
    return "\n".join(parts)


def _step_link(catalog: Catalog, checklist: Checklist | None, url_of: UrlOf) -> StepLink | None:
    if checklist is None or checklist.step is None:
        return None
    count = len(catalog.articles_for_step(checklist.step))
    return StepLink(checklist.step, checklist, url_of(checklist.src_path), count)
