"""Tiny sites built with MkDocs and the rebound plugin: what readers get."""

from __future__ import annotations

import logging
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup
from mkdocs.exceptions import Abort

from generator.page_meta import escape_meta

from .conftest import ARTICLE_MD, SiteMaker, build

ARTICLE_PAGE = "articles/ask-for-feedback-you-can-use/index.html"
FORM = '<form class="rebound-checklist"'


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.metas: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"]] += 1
        if tag == "meta" and values.get("name"):
            self.metas[values["name"]] = values.get("content") or ""


def parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def read(site: Path, page: str) -> str:
    return (site / page).read_text("utf-8")


def test_article_page_ends_with_its_listed_checklist(make_site: SiteMaker) -> None:
    site = build(make_site())

    html = read(site, ARTICLE_PAGE)

    assert html.count('data-checklist="ask-for-feedback"') == 1
    assert html.index("It fills in what you could not see.") < html.index(FORM)
    assert 'data-item="thank-them"' in html


def test_checklist_page_shows_its_form_under_the_introduction(make_site: SiteMaker) -> None:
    site = build(make_site())

    html = read(site, "checklists/ask-for-feedback/index.html")

    assert html.index("Use this after you hear the news.") < html.index(FORM)
    assert html.count(FORM) == 1
    for kind in ("checkbox", "radio"):
        assert f'type="{kind}"' in html
    assert "<textarea" in html


def test_a_checklist_listed_and_placed_inline_appears_once_where_placed(
    make_site: SiteMaker,
) -> None:
    article = ARTICLE_MD.replace(
        "## Why it helps", "/// checklist | ask-for-feedback\n///\n\n## Why it helps"
    )
    site = build(make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": article}))

    html = read(site, ARTICLE_PAGE)

    assert html.count(FORM) == 1
    assert html.index(FORM) < html.index("It fills in what you could not see.")


def test_every_id_on_a_page_is_unique(make_site: SiteMaker) -> None:
    site = build(make_site())

    for page in (ARTICLE_PAGE, "checklists/ask-for-feedback/index.html", "articles/index.html"):
        duplicates = {i: n for i, n in parse(read(site, page)).ids.items() if n > 1}
        assert duplicates == {}, page


def test_articles_get_clean_urls_and_the_blog_index_lists_them_without_forms(
    make_site: SiteMaker,
) -> None:
    site = build(make_site())

    index = read(site, "articles/index.html")

    assert (site / ARTICLE_PAGE).is_file()
    assert "ask-for-feedback-you-can-use/" in index
    assert "How to ask for feedback." in index
    assert FORM not in index


def test_tag_pages_list_the_tagged_articles(make_site: SiteMaker) -> None:
    site = build(make_site())

    tags = read(site, "tags/index.html")

    assert re.search(r'id="tag:feedback"', tags)
    assert "Ask for feedback you can use" in tags


def test_quotes_and_ampersands_in_front_matter_reach_the_html_escaped(
    make_site: SiteMaker,
) -> None:
    article = ARTICLE_MD.replace(
        "title: Ask for feedback you can use", "title: 'Say \"thanks\" & ask'"
    ).replace("description: How to ask for feedback.", "description: 'A \"quoted\" & bold claim'")
    site = build(make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": article}))

    html = read(site, ARTICLE_PAGE)

    assert parse(html).metas["description"] == 'A "quoted" & bold claim'
    assert 'content="A &#34;quoted&#34; &amp; bold claim"' in html
    assert "<title>Say &#34;thanks&#34; &amp; ask - Tiny Rebound</title>" in html
    assert '"quoted" &' not in html


def test_a_script_in_front_matter_stops_the_build_before_any_page_is_written(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    article = ARTICLE_MD.replace(
        "description: How to ask for feedback.",
        "description: '\"><script>alert(1)</script>'",
    )
    root = make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": article})

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)

    assert (
        "content/articles/posts/ask-for-feedback-you-can-use.md:3: description: contains HTML "
        "('<script>')" in caplog.text
    )
    assert not (root / "site").exists()


def test_escape_meta_escapes_once() -> None:
    meta = {"title": '"><script>', "description": Markup("&amp; safe"), "tags": ["x"]}

    escape_meta(meta)
    escape_meta(meta)

    assert meta["title"] == "&#34;&gt;&lt;script&gt;"
    assert meta["description"] == "&amp; safe"
    assert meta["tags"] == ["x"]


def test_every_content_mistake_fails_the_build_with_compiler_form_lines(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    article = ARTICLE_MD.replace("tags: [feedback]", "tags: [intervews]").replace(
        "checklists: [ask-for-feedback]", "checklists: [reflect]"
    )
    root = make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": article})

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)

    assert "ask-for-feedback-you-can-use.md:6: tags: 'intervews' is not an allowed tag" in (
        caplog.text
    )
    assert "ask-for-feedback-you-can-use.md:8: checklists: no checklist 'reflect' exists" in (
        caplog.text
    )
    assert "Traceback" not in caplog.text
