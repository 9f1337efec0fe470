"""The real content hangs together: articles link to each other, each checklist sits on
its own step, and a reader in distress finds the support page from every place they
might be."""

from __future__ import annotations

import re

import pytest

from generator.content import Article, load_catalog
from generator.content.source import read_text, split_source

from .conftest import REPO

CONTENT = REPO / "content"
CATALOG = load_catalog(CONTENT)
ARTICLES = CATALOG.published_articles()
SLUGS = {article.slug for article in ARTICLES}
_LINK = re.compile(r"\]\((?:\.\./)*(?:articles/posts/)?(?P<slug>[a-z0-9-]+)\.md(?:#[^)]*)?\)")
_BLOCK = re.compile(r"^/{3}.*?^/{3}\s*$", re.MULTILINE | re.DOTALL)


def body(src_path: str) -> str:
    path = CONTENT / src_path
    return split_source(read_text(path, src_path), src_path, required=False).body


def articles_linked_from(article: Article) -> set[str]:
    """Other articles this one links to in its running text (not inside blocks)."""
    text = _BLOCK.sub("", body(article.src_path))
    return {m.group("slug") for m in _LINK.finditer(text)} & SLUGS - {article.slug}


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.slug)
def test_every_article_links_to_at_least_two_others(article: Article) -> None:
    assert len(articles_linked_from(article)) >= 2


def test_every_article_is_linked_from_another() -> None:
    linked = set().union(*(articles_linked_from(article) for article in ARTICLES))
    assert sorted(SLUGS - linked) == []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.slug)
def test_an_article_offers_the_checklist_of_its_own_step(article: Article) -> None:
    slugs = {*article.checklists, *(ref.slug for ref in article.inline_checklists)}
    for slug in slugs:
        checklist = CATALOG.checklists[slug]
        if article.step is not None and checklist.step is not None:
            assert checklist.step == article.step, f"{article.slug} offers {slug}"


def links_to_support(src_path: str) -> bool:
    return re.search(r"\]\((?:\.\./)*support\.md\)", body(src_path)) is not None


@pytest.mark.parametrize(
    "src_path",
    [
        "index.md",
        "about.md",
        "checklists/be-resilient.md",
        *(article.src_path for article in ARTICLES if article.step == 5),
    ],
)
def test_the_support_page_is_one_click_away(src_path: str) -> None:
    assert links_to_support(src_path)


def test_the_support_page_names_a_service_for_each_country_with_its_own_page() -> None:
    text = body("support.md")
    for service, number, site in [
        ("Samaritans", "116 123", "https://www.samaritans.org/"),
        ("988 Suicide & Crisis Lifeline", "988", "https://988lifeline.org/"),
        ("9-8-8: Suicide Crisis Helpline", "9-8-8", "https://988.ca/"),
        ("Lifeline", "13 11 14", "https://www.lifeline.org.au/"),
        ("1737, Need to talk?", "1737", "https://1737.org.nz/"),
    ]:
        assert f"[{service}]({site}" in text
        assert f"**{number}**" in text
