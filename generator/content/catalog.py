"""The catalog: all content of a site, indexed the ways pages need it."""

from __future__ import annotations

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

    def entry(self, src_path: str) -> Entry | None:
        """The entry for a file path relative to the content folder (`checklists/plan.md`)."""
        return self._by_src_path.get(src_path)  # type: ignore[attr-defined]

    def published_articles(self) -> tuple[Article, ...]:
        return tuple(article for article in self.articles if not article.draft)

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
        return [article for article in self.published_articles() if article.step == step]

    def checklists_in_path_order(self) -> list[Checklist]:
        """Checklists along the five-step path; those without a step come last, by title."""
        return sorted(
            self.checklists.values(),
            key=lambda c: (c.step if c.step is not None else len(STEPS) + 1, c.title),
        )

    def checklist_for_step(self, step: int) -> Checklist | None:
        return next((c for c in self.checklists_in_path_order() if c.step == step), None)

    def related(self, article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
        """Published articles that share tags or the step with `article`, best first.

        Each shared tag counts 2 and the same step counts 1; ties go to the newer
        article, then the slug, so the choice never changes between builds.
        """

        def score(other: Article) -> int:
            shared = len(set(article.tags) & set(other.tags))
            same_step = article.step is not None and other.step == article.step
            return 2 * shared + int(same_step)

        scored = [
            (score(other), other)
            for other in self.published_articles()
            if other.slug != article.slug and score(other) > 0
        ]
        scored.sort(key=lambda pair: (-pair[0], -pair[1].created.timestamp(), pair[1].slug))
        return [other for _, other in scored[:limit]]

    def next_step(self, step: int | None) -> Checklist | None:
        """The checklist of the step after `step` on the path, if there is one."""
        if step is None:
            return None
        return next(
            (c for c in self.checklists_in_path_order() if c.step is not None and c.step > step),
            None,
        )
