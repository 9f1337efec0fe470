"""What helps a reader find their way from one page to the next.

For each page: its search record (what the index learns beyond the text), and,
for articles and checklists, related articles and the next step on the path
(after an article's own sources). Plain functions over the catalog; the plugin supplies URLs.
"""

from __future__ import annotations

from collections.abc import Callable

from .content import Article, Catalog, Checklist
from .fragments import ArticleLink, FragmentRenderer, SearchLink, SearchRecord, StepLink
from .worksheets.sources import worksheet_pdf, worksheet_src_uri

UrlOf = Callable[[str], str]
"""Turns a content path (`checklists/plan.md`) into a URL relative to the current page."""


# Tags are written as slugs (`development-plan`); readers see them as words: the
# slug with spaces and a capital ("Development plan"), unless it is listed here
# because a hyphen belongs in the words or a word is an acronym.
TAG_LABELS = {"cv": "CV", "follow-up": "Follow-up", "self-assessment": "Self-assessment"}


def tag_label(tag: str) -> str:
    """A tag as readers see it: `development-plan` -> "Development plan", `cv` -> "CV"."""
    if tag in TAG_LABELS:
        return TAG_LABELS[tag]
    text = tag.replace("-", " ")
    return text[:1].upper() + text[1:]


def step_label(catalog: Catalog, step: int) -> str:
    """A step as readers see it: "Step 1 · Ask for feedback", named after its checklist
    as on the home page's path; "Step 1" when the step has no checklist."""
    checklist = catalog.checklist_for_step(step)
    return f"Step {step} · {checklist.title}" if checklist else f"Step {step}"


def search_record(catalog: Catalog, src_uri: str, page_url: UrlOf) -> SearchRecord | None:
    """The search record of a page, or None for pages the index leaves out.

    Articles (but not drafts) and checklists are searchable; listings (tags,
    archive, indexes) are not, so results lead to advice, not to lists. A
    worksheet is its checklist on paper, with the same words: indexing both gave
    every search two results for one thing. The checklist is indexed, since it
    is the page that keeps answers and leads to the worksheet and the PDF, and
    its result carries links to both.

    Arguments:
        page_url: a content path -> its URL from the site's root (for the links).
    """
    entry = catalog.entry(src_uri)
    if not isinstance(entry, Article | Checklist) or (isinstance(entry, Article) and entry.draft):
        return None
    step = step_label(catalog, entry.step) if entry.step is not None else None
    if isinstance(entry, Article):
        tags = tuple(tag_label(tag) for tag in entry.tags)
        return SearchRecord("Article", entry.title, entry.description, tags, step)
    links = (
        SearchLink("Printable worksheet", page_url(worksheet_src_uri(entry.slug))),
        SearchLink("Fillable PDF", worksheet_pdf(entry.slug)),
    )
    return SearchRecord("Checklist", entry.title, entry.description, (), step, links)


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
