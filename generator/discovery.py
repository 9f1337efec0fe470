"""What helps a reader find their way from one page to the next.

For each page: its search record (what the index learns beyond the text), and,
for articles and checklists, related articles and the next step on the path
(after an article's own sources). Plain functions over the catalog; the plugin supplies URLs.
"""

from __future__ import annotations

from collections.abc import Callable

from .content import STEPS, Article, Catalog, Checklist
from .fragments import (
    ArticleLink,
    FragmentRenderer,
    NextStep,
    SearchLink,
    SearchRecord,
    StepLink,
)
from .topics import tag_label
from .worksheets.sources import worksheet_pdf, worksheet_src_uri

UrlOf = Callable[[str], str]
"""Turns a content path (`checklists/plan.md`) into a URL relative to the current page."""


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


HOME = "index.md"
PATH_ANCHOR = "#rebound-path-title"
"""The five steps on the home page (the id of their heading in home-path.html)."""


def page_extras(catalog: Catalog, renderer: FragmentRenderer, src_uri: str, url_of: UrlOf) -> str:
    """An article's sources, related articles and the one "Next" card, for the end of
    an article or checklist page."""
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
    parts.append(renderer.next_step(next_step(catalog, entry, url_of)))
    return "\n".join(parts)


def step_marker(catalog: Catalog, renderer: FragmentRenderer, src_uri: str, url_of: UrlOf) -> str:
    """ "Step 2 of 5 · Reflect on the process" for an article or checklist on the path, else "";
    "Step 2 of 5" alone under the step's own checklist, whose title names the step."""
    entry = catalog.entry(src_uri)
    if not isinstance(entry, Article | Checklist) or entry.step is None:
        return ""
    step = step_link(catalog, catalog.checklist_for_step(entry.step), url_of)
    if step is None:
        return ""
    named = step.checklist is not entry
    return renderer.step_marker(step, len(STEPS), url_of(HOME) + PATH_ANCHOR, named)


def next_step(catalog: Catalog, entry: Article | Checklist, url_of: UrlOf) -> NextStep:
    """Where the reader goes after `entry`: one place, never along the dates.

    An article whose step's checklist is not on its page leads to that checklist
    (putting the step into practice comes before the next step); otherwise the
    checklist of the next step on the path. After the last step, and from a page
    off the path, the five steps on the home page.
    """
    path = url_of(HOME) + PATH_ANCHOR
    if entry.step is None:
        return NextStep("path", None, path)
    here = catalog.checklist_for_step(entry.step)
    if isinstance(entry, Article) and here is not None and here.slug not in shown_checklists(entry):
        practice = step_link(catalog, here, url_of)
        if practice is not None:
            return NextStep("practice", practice, practice.url)
    after = step_link(catalog, catalog.next_step(entry.step), url_of)
    if after is None:
        return NextStep("last", None, path)
    return NextStep("next", after, after.url)


def shown_checklists(article: Article) -> set[str]:
    """The checklists an article's page shows: placed in its body or listed at its end."""
    return {ref.slug for ref in (*article.inline_checklists, *article.checklist_refs)}


def path_steps(catalog: Catalog, url_of: UrlOf, *, off_path: bool = False) -> list[StepLink]:
    """The steps of the path, in order, each with its checklist.

    Arguments:
        off_path: also list, after the steps, every other checklist (those on no
            step, and a second checklist of a step), unnumbered.
    """
    on_path = [c for step in STEPS if (c := catalog.checklist_for_step(step)) is not None]
    links = [StepLink(c.step, c, url_of(c.src_path), step_articles(catalog, c)) for c in on_path]
    if off_path:
        links += [
            StepLink(None, c, url_of(c.src_path), 0)
            for c in catalog.checklists_in_path_order()
            if c not in on_path
        ]
    return links


def step_articles(catalog: Catalog, checklist: Checklist) -> int:
    return len(catalog.articles_for_step(checklist.step)) if checklist.step is not None else 0


def step_link(catalog: Catalog, checklist: Checklist | None, url_of: UrlOf) -> StepLink | None:
    """A checklist as a step of the path (number None when it is on no step)."""
    if checklist is None:
        return None
    return StepLink(
        checklist.step, checklist, url_of(checklist.src_path), step_articles(catalog, checklist)
    )
