"""Article listings from the catalog: the articles index, the archive by year and the
category pages, each paginated.

Plain functions and dataclasses, no MkDocs: the plugin turns each `ListingPage` into
a generated page and asks `page_view` what to show on it. The paths are the ones
mkdocs-material's blog plugin gave these pages, so no URL of the site changes:

    articles/index.md                      /articles/               (the author's page)
    articles/page/2.md                     /articles/page/2/
    articles/archive/2026.md               /articles/archive/2026/
    articles/archive/2026/page/2.md        /articles/archive/2026/page/2/
    articles/category/job-search.md        /articles/category/job-search/
    articles/category/job-search/page/2.md /articles/category/job-search/page/2/
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .content import Article

DEFAULT_PER_PAGE = 10
PAGINATION_RADIUS = 2
"""Page numbers shown either side of the current one (the first and last always are)."""


class ListingKind(StrEnum):
    INDEX = "index"
    ARCHIVE = "archive"
    CATEGORY = "category"


@dataclass(frozen=True)
class ListingPage:
    """One page of one listing.

    Attributes:
        src_uri: the page's path in the content folder (a generated file, except
            page 1 of the index, which is the author's `articles/index.md`).
        title: "Articles", "Articles from 2026", or the category's name.
        articles: the articles on this page, in listing order.
        number: the page's number, from 1.
        pages: `src_uri` of every page of this listing, in order.
    """

    src_uri: str
    kind: ListingKind
    title: str
    articles: tuple[Article, ...]
    number: int
    pages: tuple[str, ...]

    @property
    def first(self) -> str:
        """The listing's first page, where "the archive for 2026" lives."""
        return self.pages[0]


@dataclass(frozen=True)
class Listings:
    """Every listing page, and the ways into them.

    Attributes:
        index_uri: page 1 of the articles index.
        years: (year, first page) newest first.
        categories: (name, first page) by name.
    """

    pages: Mapping[str, ListingPage]
    index_uri: str
    years: tuple[tuple[str, str], ...] = ()
    categories: tuple[tuple[str, str], ...] = ()
    _category_uris: Mapping[str, str] = field(default_factory=dict)

    def page(self, src_uri: str) -> ListingPage | None:
        return self.pages.get(src_uri)

    def category_uri(self, name: str) -> str | None:
        """The first page of a category's listing."""
        return self._category_uris.get(name)

    def generated(self) -> list[ListingPage]:
        """The pages that exist only in the build (all but the author's index page)."""
        return [page for page in self.pages.values() if page.src_uri != self.index_uri]


def category_slug(name: str) -> str:
    """A category's URL segment: "Job search" -> "job-search" (as the blog made it)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "category"


def listing_order(articles: Iterable[Article]) -> list[Article]:
    """Pinned articles first, then newest first (the catalog's order, which is stable)."""
    return sorted(articles, key=lambda article: not article.pin)


def plan_listings(
    articles: Sequence[Article],
    *,
    root: str = "articles",
    index_title: str = "Articles",
    per_page: int = DEFAULT_PER_PAGE,
) -> Listings:
    """Every listing page for `articles`.

    Arguments:
        articles: the articles to list (drafts only when previewing), newest first.
        root: the folder of the articles index in the content folder.
        index_title: the heading of the index's later pages.
        per_page: articles on each page of a listing.
    """
    ordered = listing_order(articles)
    pages: dict[str, ListingPage] = {}
    index = _paginate(ListingKind.INDEX, index_title, ordered, f"{root}/index.md", per_page)
    pages.update((page.src_uri, page) for page in index)

    years: list[tuple[str, str]] = []
    by_year: dict[int, list[Article]] = {}
    for article in ordered:
        by_year.setdefault(article.created.year, []).append(article)
    for year in sorted(by_year, reverse=True):
        listed = _paginate(
            ListingKind.ARCHIVE,
            f"Articles from {year}",
            by_year[year],
            f"{root}/archive/{year}.md",
            per_page,
        )
        pages.update((page.src_uri, page) for page in listed)
        years.append((str(year), listed[0].src_uri))

    categories: list[tuple[str, str]] = []
    category_uris: dict[str, str] = {}
    by_slug: dict[str, tuple[str, list[Article]]] = {}
    for article in ordered:
        for name in article.categories:
            by_slug.setdefault(category_slug(name), (name, []))[1].append(article)
    for slug, (name, listed_articles) in sorted(by_slug.items(), key=lambda item: item[1][0]):
        listed = _paginate(
            ListingKind.CATEGORY, name, listed_articles, f"{root}/category/{slug}.md", per_page
        )
        pages.update((page.src_uri, page) for page in listed)
        categories.append((name, listed[0].src_uri))
        category_uris.update(
            (other, listed[0].src_uri)
            for article in listed_articles
            for other in article.categories
            if category_slug(other) == slug
        )
    return Listings(pages, f"{root}/index.md", tuple(years), tuple(categories), category_uris)


def _paginate(
    kind: ListingKind, title: str, articles: Sequence[Article], first: str, per_page: int
) -> list[ListingPage]:
    per_page = max(1, per_page)
    count = max(1, -(-len(articles) // per_page))
    # Page n of "articles/archive/2026.md" is "articles/archive/2026/page/n.md".
    base = first.removesuffix(".md").removesuffix("/index")
    uris = tuple(first if n == 1 else f"{base}/page/{n}.md" for n in range(1, count + 1))
    return [
        ListingPage(
            uris[n - 1],
            kind,
            title,
            tuple(articles[(n - 1) * per_page : n * per_page]),
            n,
            uris,
        )
        for n in range(1, count + 1)
    ]


# What a listing page shows, with URLs relative to it: the fragment template's input.

UrlOf = Callable[[str], str]
"""Turns a content path (`articles/posts/x.md`) into a URL relative to the current page."""


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class ListedArticle:
    """An article as a listing shows it: title, description, date, categories, reading time."""

    article: Article
    url: str
    date: str
    categories: tuple[Link, ...]


@dataclass(frozen=True)
class PageView:
    """One listing page as its template renders it.

    Attributes:
        pagination: one link per page number shown; `None` marks a gap ("…").
        years, categories: ways to the other listings.
    """

    page: ListingPage
    entries: tuple[ListedArticle, ...]
    pagination: tuple[Link | None, ...]
    years: tuple[Link, ...]
    categories: tuple[Link, ...]


# Not `%B`, which follows the builder's locale: the site is in English wherever it is built.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(moment: datetime) -> str:
    """The date as every page prints it, in UK English: "5 November 2026".

    The day is the one the author wrote: a time with an offset is never moved into
    another zone first, so `2026-11-05T23:30:00-05:00` stays 5 November.
    """
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def category_links(listings: Listings, article: Article, url_of: UrlOf) -> tuple[Link, ...]:
    """Links to the category pages of an article's categories."""
    links = []
    for name in article.categories:
        uri = listings.category_uri(name)
        if uri is not None:
            links.append(Link(name, url_of(uri)))
    return tuple(links)


def page_view(listings: Listings, page: ListingPage, url_of: UrlOf) -> PageView:
    """What `page` shows, with every URL relative to it."""
    entries = tuple(
        ListedArticle(
            article,
            url_of(article.src_path),
            long_date(article.created),
            category_links(listings, article, url_of),
        )
        for article in page.articles
    )
    return PageView(
        page,
        entries,
        _pagination(page, url_of),
        tuple(Link(year, url_of(uri), uri == page.first) for year, uri in listings.years),
        tuple(Link(name, url_of(uri), uri == page.first) for name, uri in listings.categories),
    )


def _pagination(page: ListingPage, url_of: UrlOf) -> tuple[Link | None, ...]:
    """Page numbers: the first, the last, and those near the current one, gaps as None."""
    count = len(page.pages)
    if count == 1:
        return ()
    shown = sorted(
        {1, count}
        | set(
            range(
                max(1, page.number - PAGINATION_RADIUS),
                min(count, page.number + PAGINATION_RADIUS) + 1,
            )
        )
    )
    links: list[Link | None] = []
    previous = 0
    for number in shown:
        if number > previous + 1:
            links.append(None)
        links.append(Link(str(number), url_of(page.pages[number - 1]), number == page.number))
        previous = number
    return tuple(links)
