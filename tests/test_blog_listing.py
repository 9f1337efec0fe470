"""Blog listings show each article by title and description, without rendering its body."""

from __future__ import annotations

from pathlib import Path

import pytest
from material.plugins.blog.structure import Excerpt

from .conftest import MKDOCS_YML, SiteMaker, build


@pytest.fixture
def excerpt_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts whose excerpt the blog plugin rendered in full."""
    rendered: list[str] = []
    original = Excerpt.render

    def counting(self: Excerpt, page: object, separator: str) -> None:
        rendered.append(self.post.file.src_uri)
        original(self, page, separator)

    monkeypatch.setattr(Excerpt, "render", counting)
    return rendered


def test_listing_shows_title_and_description_without_rendering_excerpts(
    make_site: SiteMaker, excerpt_renders: list[str]
) -> None:
    site = build(make_site())
    listing = (site / "articles" / "index.html").read_text("utf-8")
    assert ">Ask for feedback you can use</a></h2>" in listing
    assert "<p>How to ask for feedback.</p>" in listing
    # The article's body and embedded checklist appear only on its own page.
    assert "Ask within a few days." not in listing
    assert "rebound-checklist" not in listing
    assert excerpt_renders == []


def test_excerpts_are_rendered_when_the_site_asks_for_them(
    make_site: SiteMaker, excerpt_renders: list[str]
) -> None:
    config = MKDOCS_YML.replace("  - rebound\n", "  - rebound:\n      listing_excerpts: true\n")
    site = build(make_site({"mkdocs.yml": config}))
    assert (site / "articles" / "index.html").is_file()
    assert "articles/posts/ask-for-feedback-you-can-use.md" in excerpt_renders


def test_the_article_page_itself_is_unchanged(make_site: SiteMaker) -> None:
    page = build(make_site()) / "articles" / "ask-for-feedback-you-can-use" / "index.html"
    html = Path(page).read_text("utf-8")
    assert "Ask within a few days." in html
    assert "rebound-checklist" in html
