"""The catalog: all content of a site, indexed the ways pages need it."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from .models import Article, Checklist, Page

STEPS = (1, 2, 3, 4, 5)
RELATED_LIMIT = 3

Entry = Article | Checklist | Page


@dataclass(frozen=True)
class Catalog:
    """Every article, checklist and page, validated.

    Attributes:
        articles: newest first (ties broken by slug, so the order is stable).
        checklists: by slug.
        authors: author key -> display name.
    """

    articles: tuple[Article, ...] = ()
    checklists: Mapping[str, Checklist] = field(default_factory=dict)
    pages: tuple[Page, ...] = ()
    authors: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.articles, key=lambda a: (-a.created.timestamp(), a.slug)))
        object.__setattr__(self, "articles", ordered)
        entries: dict[str, Entry] = {entry.src_path: entry for entry in self.pages}
        entries.update({a.src_path: a for a in self.articles})
        entries.update({c.src_path: c for c in self.checklists.values()})
        object.__setattr__(self, "_by_src_path", entries)
        # Computed once: every article page asks for these, so recomputing them per
        # page made a build quadratic in the number of articles.
        published = tuple(article for article in ordered if not article.draft)
        object.__setattr__(self, "_published", published)
        by_step: dict[int | None, tuple[Article, ...]] = {
            step: tuple(a for a in published if a.step == step) for step in (*STEPS, None)
        }
        object.__setattr__(self, "_by_step", by_step)
        # Each article's tags as bits, so `related` counts shared tags with one `&`.
        bits = {tag: 1 << i for i, tag in enumerate(sorted({t for a in ordered for t in a.tags}))}
        object.__setattr__(self, "_tag_bits", bits)
        masks = [(sum(bits[tag] for tag in set(a.tags)), a) for a in published]
        object.__setattr__(self, "_published_masks", masks)

    def entry(self, src_path: str) -> Entry | None:
        """The entry for a file path relative to the content folder (`checklists/plan.md`)."""
        return self._by_src_path.get(src_path)  # type: ignore[attr-defined]

    def published_articles(self) -> tuple[Article, ...]:
        return self._published  # type: ignore[attr-defined]

    def newest_articles(self, count: int) -> tuple[Article, ...]:
        return self.published_articles()[:count]

    def articles_by_tag(self) -> dict[str, list[Article]]:
        """Published articles under each tag, newest first; tags sorted by name."""
        grouped: dict[str, list[Article]] = defaultdict(list)
        for article in self.published_articles():
            for tag in article.tags:
                grouped[tag].append(article)
        return dict(sorted(grouped.items()))

    def articles_for_step(self, step: int) -> list[Article]:
        return list(self._by_step.get(step, ()))  # type: ignore[attr-defined]

    def checklists_in_path_order(self) -> list[Checklist]:
        """Checklists along the five-step path; those without a step come last, by title."""
        return sorted(
            self.checklists.values(),
            key=lambda c: (c.step if c.step is not None else len(STEPS) + 1, c.title),
        )

    def checklist_for_step(self, step: int) -> Checklist | None:
        return next((c for c in self.checklists_in_path_order() if c.step == step), None)

    def start_article(self) -> Article | None:
        """The first article for a reader who has just had the news: the home page's
        "Start here".

        A pinned article is the one the authors chose to lead with; among several,
        the one earliest on the path (an article without a step after those with
        one), then the newest. Without a pinned article, the newest article of the
        earliest step that has one; None when no published article has a step.
        """
        published = self.published_articles()
        pinned = [a for a in published if a.pin]
        if pinned:
            return min(pinned, key=lambda a: a.step if a.step is not None else len(STEPS) + 1)
        for step in STEPS:
            articles = self.articles_for_step(step)
            if articles:
                return articles[0]
        return None

    def related(self, article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
        """Published articles that share tags or the step with `article`, best first.

        Each shared tag counts 2 and the same step counts 1; ties go to the newer
        article, then the slug, so the choice never changes between builds.
        """

        # Called for every article page, so one cheap pass: published articles are
        # already newest first (then by slug), and nsmallest is a stable sort, so
        # ranking by score alone keeps that tie-break.
        bits: dict[str, int] = self._tag_bits  # type: ignore[attr-defined]
        mask = sum(bits.get(tag, 0) for tag in set(article.tags))
        step = article.step
        scored = []
        for other_mask, other in self._published_masks:  # type: ignore[attr-defined]
            score = 2 * (mask & other_mask).bit_count() + (step is not None and other.step == step)
            if score and other.slug != article.slug:
                scored.append((score, other))
        best = heapq.nsmallest(limit, scored, key=lambda pair: -pair[0])
        return [other for _, other in best]

    def next_step(self, step: int | None) -> Checklist | None:
        """The checklist of the step after `step` on the path, if there is one."""
        if step is None:
            return None
        return next(
            (c for c in self.checklists_in_path_order() if c.step is not None and c.step > step),
            None,
        )
