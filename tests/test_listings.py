"""Article listings built from the catalog: the index, its pages, the archive, categories,
each article's sidebar, drafts in the preview only, pinned articles first."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from markupsafe import escape

from generator.content import Article, load_content
from generator.listings import ListingKind, category_slug, page_view, plan_listings

from .conftest import ARTICLE_MD, MKDOCS_YML, REPO, SiteMaker, build

FIXTURES = Path(__file__).parent / "fixtures"


def article_md(title: str, day: str, **extra: str) -> str:
    """An article like the base one, with its own title, date and extra front matter."""
    text = ARTICLE_MD.replace("title: Ask for feedback you can use", f"title: {title}")
    text = text.replace("date: 2026-11-01", f"date: {day}")
    for key, value in extra.items():
        text = text.replace("step: 1\n", f"step: 1\n{key}: {value}\n")
    return text


def posts(**articles: str) -> dict[str, str]:
    return {f"content/articles/posts/{slug}.md": text for slug, text in articles.items()}


def per_page(count: int) -> dict[str, str]:
    yml = MKDOCS_YML.replace("  - rebound:\n", f"  - rebound:\n      articles_per_page: {count}\n")
    return {"mkdocs.yml": yml}


def titles_in(html: str) -> list[str]:
    """Article titles in listing order (each listed article's heading link)."""
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def build_for_preview(root: Path) -> Path:
    """Build as `mkdocs serve` does: a preview, drafts included."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    out = root / "preview"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    return out


def test_the_index_lists_articles_newest_first_over_numbered_pages(make_site: SiteMaker) -> None:
    files = posts(
        a=article_md("Oldest", "2026-01-01"),
        b=article_md("Middle", "2026-02-01"),
        c=article_md("Newest", "2026-03-01"),
    )
    site = build(make_site({**files, **per_page(2)}, article=False))

    first, second = read(site, "articles"), read(site, "articles/page/2")

    assert titles_in(first) == ["Newest", "Middle"]
    assert titles_in(second) == ["Oldest"]
    assert '<span class="md-pagination__current" aria-current="page">1</span>' in first
    assert '<a class="md-pagination__link" href="page/2/" aria-label="Page 2">2</a>' in first
    assert '<a class="md-pagination__link" href="../../" aria-label="Page 1">1</a>' in second
    assert '<a href="../../c/">Newest</a>' not in second
    assert '<a href="../../a/">Oldest</a>' in second
    # The index keeps the author's introduction; later pages are headed by the title.
    assert "<h1>Articles</h1>" in second


def test_each_listed_article_shows_its_date_categories_and_reading_time(
    make_site: SiteMaker,
) -> None:
    body = " ".join(["word"] * 600)
    article = article_md("Long read", "2026-11-05", categories="[Feedback, Reflection]")
    site = build(make_site(posts(long=article + body + "\n"), article=False))

    index = read(site, "articles")

    assert '<time datetime="2026-11-05">5 November 2026</time>' in index
    assert '<a href="category/feedback/" class="md-meta__link">Feedback</a>' in index
    assert '<a href="category/reflection/" class="md-meta__link">Reflection</a>' in index
    assert "3 min read" in index  # 600-odd words at 265 a minute
    # The theme puts a "·" after each item: a space before it would set it apart.
    items = re.findall(r'<li class="md-meta__item">(.*?)</li>', index, re.S)
    assert items and all(item == item.rstrip() for item in items), items
    assert "How to ask for feedback." in index


def test_an_authors_readtime_replaces_the_worked_out_reading_time(make_site: SiteMaker) -> None:
    site = build(make_site(posts(set=article_md("Set", "2026-11-05", readtime="7")), article=False))

    assert "7 min read" in read(site, "articles")
    assert "7 min read" in read(site, "articles/set")


def test_the_archive_has_a_listing_per_year_newest_year_first(make_site: SiteMaker) -> None:
    files = posts(
        old=article_md("Last year", "2025-06-01"),
        new=article_md("This year", "2026-06-01"),
        newer=article_md("Later this year", "2026-07-01"),
    )
    site = build(make_site(files, article=False))

    assert titles_in(read(site, "articles/archive/2026")) == ["Later this year", "This year"]
    assert titles_in(read(site, "articles/archive/2025")) == ["Last year"]
    # A page headed "2025" alone would not say what it lists.
    assert "<h1>Articles from 2025</h1>" in read(site, "articles/archive/2025")
    index = read(site, "articles")
    assert index.index('href="archive/2026/"') < index.index('href="archive/2025/"')


def test_a_category_page_lists_only_that_categorys_articles(make_site: SiteMaker) -> None:
    files = posts(
        one=article_md("About feedback", "2026-01-01", categories="[Feedback]"),
        two=article_md("About reflecting", "2026-01-02", categories="[Reflection]"),
        three=article_md("About both", "2026-01-03", categories="[Reflection, Feedback]"),
    )
    site = build(make_site(files, article=False))

    assert titles_in(read(site, "articles/category/feedback")) == ["About both", "About feedback"]
    assert titles_in(read(site, "articles/category/reflection")) == [
        "About both",
        "About reflecting",
    ]


def test_a_category_outside_the_allowed_list_stops_the_build(make_site: SiteMaker) -> None:
    root = make_site(posts(x=article_md("X", "2026-01-01", categories="[Feedbak]")), article=False)

    result = load_content(root / "content", _rules(root))

    assert [p.message for p in result.problems if p.field == "categories"] == [
        "'Feedbak' is not an allowed category (did you mean 'Feedback'?)"
    ]


def _rules(root: Path):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config

    from generator.site_config import content_rules

    return content_rules(load_config(config_file=str(root / "mkdocs.yml")))


def test_pinned_articles_come_first_in_every_listing(make_site: SiteMaker) -> None:
    files = posts(
        start=article_md("Start here", "2025-01-01", pin="true", categories="[Feedback]"),
        news=article_md("Newest news", "2026-05-01", categories="[Feedback]"),
    )
    site = build(make_site(files, article=False))

    for listing in ("articles", "articles/category/feedback"):
        assert titles_in(read(site, listing)) == ["Start here", "Newest news"], listing
    assert "Pinned" in read(site, "articles")
    # An archive is by year: 2025 still lists the pinned article there.
    assert titles_in(read(site, "articles/archive/2025")) == ["Start here"]


def test_pin_must_be_true_or_false(make_site: SiteMaker) -> None:
    root = make_site(posts(x=article_md("X", "2026-01-01", pin='"yes"')), article=False)

    result = load_content(root / "content", _rules(root))

    assert [(p.line, p.field) for p in result.problems] == [(8, "pin")]


def test_drafts_are_left_out_of_the_build_and_shown_in_the_preview(
    make_site: SiteMaker,
) -> None:
    files = posts(
        done=article_md("Published piece", "2026-01-01"),
        wip=article_md("Work in progress", "2026-02-01", draft="true"),
    )
    root = make_site(files, article=False)

    site = build(root)
    preview = build_for_preview(root)

    assert titles_in(read(site, "articles")) == ["Published piece"]
    assert not (site / "articles/wip").exists()
    assert "Work in progress" not in read(site, "articles/archive/2026")
    assert titles_in(read(preview, "articles")) == ["Work in progress", "Published piece"]
    assert '<span class="md-draft">Draft</span>' in read(preview, "articles")
    assert "Work in progress" in read(preview, "articles/wip")


def test_titles_with_ampersands_and_quotes_are_escaped_in_listings_and_sidebars(
    make_site: SiteMaker,
) -> None:
    article = article_md("'Say \"thanks\" & ask'", "2026-01-01", categories="[Feedback]")
    site = build(make_site(posts(ask=article), article=False))

    for listing in ("articles", "articles/category/feedback", "articles/archive/2026"):
        html = read(site, listing)
        assert "Say &#34;thanks&#34; &amp; ask</a></h2>" in html, listing
        assert 'aria-label="Continue reading: Say &#34;thanks&#34; &amp; ask"' in html, listing
        assert '"thanks" &' not in html, listing


def test_the_article_sidebar_shows_date_update_authors_categories_and_reading_time(
    make_site: SiteMaker,
) -> None:
    article = article_md(
        "Dated", "{created: 2026-03-01, updated: 2026-04-02}", categories="[Reflection]"
    )
    site = build(make_site(posts(dated=article), article=False))

    html = read(site, "articles/dated")
    start = html.index('aria-label="About this article"')
    sidebar = html[start : html.index('class="md-content__inner', start)]

    assert '<a href="../" class="md-nav__link">' in sidebar
    assert '<img src="../../avatar.svg" alt="The Rebound team">' in sidebar
    assert "Practical advice for the days after a job rejection" in sidebar
    assert ">1 March 2026</time>" in sidebar
    assert ">2 April 2026</time>" in sidebar
    assert '<a href="../category/reflection/">Reflection</a>' in sidebar
    assert "1 min read" in sidebar


def test_articles_are_never_chained_by_date_in_the_footer(make_site: SiteMaker) -> None:
    files = posts(
        a=article_md("First one", "2026-01-01"),
        b=article_md("Second one", "2026-02-01"),
        c=article_md("Third one", "2026-03-01"),
    )
    # Even a site that turns the theme's footer links on: the way on from an
    # article is the path's "Next" card, never the article dated after it.
    footer = MKDOCS_YML.replace(
        "    - navigation.instant\n", "    - navigation.instant\n    - navigation.footer\n"
    )
    site = build(make_site({**files, "mkdocs.yml": footer}, article=False))

    for slug in ("a", "b", "c"):
        html = read(site, f"articles/{slug}")
        assert "md-footer__link" not in html
        assert 'aria-label="Previous:' not in html and 'aria-label="Next:' not in html


def test_an_authors_file_where_a_listing_page_goes_stops_the_build(
    make_site: SiteMaker,
) -> None:
    from mkdocs.exceptions import Abort, PluginError

    root = make_site({"content/articles/archive/2026.md": "# Mine\n"})

    with pytest.raises((PluginError, Abort)):
        build(root)


def test_pagination_shows_the_ends_and_the_neighbours_with_gaps() -> None:
    articles = [
        Article(
            slug=f"a{n}",
            src_path=f"articles/posts/a{n}.md",
            title=f"A{n}",
            description="d",
            created=datetime(2026, 1, 1 + n, tzinfo=UTC),
            authors=("rebound",),
            tags=("feedback",),
        )
        for n in range(20)
    ]
    planned = plan_listings(articles, per_page=2)
    page = planned.page("articles/page/5.md")
    assert page is not None and page.kind is ListingKind.INDEX

    view = page_view(planned, page, lambda src_uri: src_uri)

    shown = [None if link is None else (link.text, link.current) for link in view.pagination]
    assert shown == [
        ("1", False),
        None,
        ("3", False),
        ("4", False),
        ("5", True),
        ("6", False),
        ("7", False),
        None,
        ("10", False),
    ]


def test_category_slugs_are_the_ones_the_blog_made() -> None:
    assert category_slug("After a rejection") == "after-a-rejection"
    assert category_slug("Job search") == "job-search"


def test_every_file_of_the_site_before_our_listings_is_still_there(real_site: Path) -> None:
    """The site as mkdocs-material's blog plugin built it (main at 5587e46), less hashed
    theme assets and the search index: every one of these paths must still exist."""
    before = (FIXTURES / "site-files-before-listings.txt").read_text("utf-8").split()

    missing = [path for path in before if not (real_site / path).is_file()]

    assert before and missing == []


def test_the_real_site_lists_every_published_article_once(real_site: Path) -> None:
    from generator.content import load_catalog

    catalog = load_catalog(REPO / "content", _rules(REPO))
    listed: list[str] = []
    page = real_site / "articles"
    number = 1
    while (page / "index.html").is_file():
        listed += titles_in((page / "index.html").read_text("utf-8"))
        number += 1
        page = real_site / "articles" / "page" / str(number)

    assert sorted(listed) == sorted(str(escape(a.title)) for a in catalog.published_articles())


FEED_YML = MKDOCS_YML.replace(
    "  - rebound:\n",
    "  - rss:\n"
    '      match_path: "articles/posts/.*"\n'
    "      use_git: false\n"
    "      date_from_meta:\n"
    "        as_creation: rebound_created\n"
    "        as_update: rebound_updated\n"
    "      cache_dir: .cache/rss\n"
    "  - rebound:\n",
)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_every_page_prints_the_day_the_author_wrote_in_uk_style(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    """Late evening in New York is the next day in UTC and later still where the
    build runs: the pages keep the author's day, the feed keeps RFC 822 dates."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    monkeypatch.setenv("SITE_URL", "https://rebound.example/")
    late = ARTICLE_MD.replace(
        "date: 2026-11-01",
        "date:\n  created: 2026-11-01T23:30:00-05:00\n  updated: 2026-11-02T00:15:00+09:00",
    )
    home = "---\ntemplate: home.html\n---\n\n# Home\n"
    try:
        site = build(
            make_site(
                {
                    "mkdocs.yml": FEED_YML,
                    "content/index.md": home,
                    "content/articles/posts/ask-for-feedback-you-can-use.md": late,
                }
            )
        )
    finally:
        monkeypatch.undo()
        time.tzset()

    created = '<time datetime="2026-11-01"{}>1 November 2026</time>'
    updated = '<time datetime="2026-11-02"{}>2 November 2026</time>'
    article = read(site, "articles/ask-for-feedback-you-can-use")
    assert created.format(' class="md-ellipsis"') in article
    assert updated.format(' class="md-ellipsis" title="Updated"') in article
    assert created.format("") in read(site, "articles")
    assert created.format("") in read(site, "articles/archive/2026")
    assert created.format("") in read(site, "")
    every_page = " ".join(path.read_text("utf-8") for path in site.rglob("*.html"))
    assert not re.search(r"(January|February|March|October|November|December) \d{1,2},", every_page)
    feed = (site / "feed_rss_created.xml").read_text("utf-8")
    published = re.findall(r"<pubDate>([^<]*)</pubDate>", feed)[-1]
    assert re.fullmatch(
        r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}", published
    )
    assert parsedate_to_datetime(published) == datetime.fromisoformat("2026-11-01T23:30:00-05:00")
