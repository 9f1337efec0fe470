"""Tiny sites: an article's sources, its review date and its message templates."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ARTICLE_MD, SiteMaker, build
from .test_site_build import parse

ARTICLE_PAGE = "articles/ask-for-feedback-you-can-use/index.html"

SOURCED = ARTICLE_MD.replace(
    "step: 1\n",
    """step: 1
reviewed: 2026-12-01
sources:
  - title: Testing a self-compassion intervention among job seekers & "others"
    url: https://www.frontiersin.org/articles/10.3389/fpsyg.2020.01371/full?a=1&b=2
    publisher: Frontiers in Psychology
    year: 2020
  - title: Second source
    url: http://example.org/report
    publisher: Smith & Jones > Others
    year: 2019
""",
).replace("It fills in what you could not see.", "In one study, kind notes helped 41% of people.")

WITH_MESSAGES = ARTICLE_MD.replace(
    "It fills in what you could not see.",
    """Send something like this.

/// message | Ask for feedback
Hi [Name],

Thank you for letting me know & for your time.
Could you tell me one thing to work on?

Best wishes,
[Your name]
///

And a second one.

/// message | Keep the door open
Dear [Name], I'd be glad to hear about future roles.
///
""",
)


def read(site: Path, page: str = ARTICLE_PAGE) -> str:
    return (site / page).read_text("utf-8")


def test_sources_close_the_article_as_escaped_links_that_share_nothing(
    make_site: SiteMaker,
) -> None:
    html = read(
        build(make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": SOURCED}))
    )

    sources = html[html.index('<section class="rebound-sources"') :]
    assert '<h2 id="rebound-sources-title">Sources</h2>' in sources
    assert (
        '<a href="https://www.frontiersin.org/articles/10.3389/fpsyg.2020.01371/full?a=1&amp;b=2"'
        ' rel="noopener noreferrer">Testing a self-compassion intervention among job seekers'
        " &amp; &#34;others&#34;</a>"
    ) in sources
    assert "Smith &amp; Jones &gt; Others</span>, 2019." in sources
    assert sources.index("frontiersin") < sources.index("example.org")
    # After the text and the listed checklist, before related reading.
    assert html.index("helped 41% of people") < html.index('<form class="rebound-checklist"')
    assert html.index('<form class="rebound-checklist"') < html.index("rebound-sources")


def test_an_article_without_sources_has_no_sources_section(make_site: SiteMaker) -> None:
    assert "rebound-sources" not in read(build(make_site()))


def test_the_review_date_sits_beside_the_publication_date(make_site: SiteMaker) -> None:
    html = read(
        build(make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": SOURCED}))
    )

    published = html.index('<time datetime="2026-11-01')
    reviewed = html.index("Reviewed")
    assert published < reviewed
    # The same human format as the publication date (the blog's own date filter).
    assert '<time datetime="2026-12-01">1 December 2026</time>' in html[reviewed:]
    assert "Reviewed" not in read(build(make_site()))


def byline(html: str) -> list[str]:
    found = re.search(r'<ul class="rebound-byline".*?</ul>', html, re.S)
    assert found, "no byline"
    items = re.findall(r"<li>(.*?)</li>", found[0], re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_the_byline_under_the_title_gives_author_dates_and_reading_time(
    make_site: SiteMaker,
) -> None:
    dated = ARTICLE_MD.replace(
        "date: 2026-11-01",
        "date:\n  created: 2026-11-01\n  updated: 2026-11-20\nreviewed: 2026-11-20",
    )
    later = dated.replace("reviewed: 2026-11-20", "reviewed: 2026-11-25")
    post = "content/articles/posts/ask-for-feedback-you-can-use.md"

    plain = read(build(make_site()))
    same_day = read(build(make_site({post: dated})))
    apart = read(build(make_site({post: later})))

    # Under the title and the step marker, before the article's first words.
    # (by the elements: the <head>'s first-screen CSS names the classes too)
    marker, line = (
        plain.index('<p class="rebound-step-marker'),
        plain.index('<ul class="rebound-byline'),
    )
    assert plain.index("</h1>") < marker < line < plain.index("Ask within a few days.")
    assert byline(plain) == ["By The Rebound team", "1 November 2026", "1 min read"]
    assert byline(same_day)[2] == "Updated and reviewed 20 November 2026"
    assert byline(apart)[2:4] == ["Updated 20 November 2026", "Reviewed 25 November 2026"]


def test_message_templates_render_as_panels_with_unique_ids(make_site: SiteMaker) -> None:
    html = read(
        build(make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": WITH_MESSAGES}))
    )

    assert html.count('class="rebound-message"') == 2
    assert (
        "<p>Thank you for letting me know &amp; for your time.<br>Could you tell me one thing"
        " to work on?</p>"
    ) in html
    assert '<mark class="rebound-message__placeholder">[Your name]</mark>' in html
    assert "Fill in: [Name], [Your name]" in html
    assert "rebound-message-2-text" in html
    assert html.index("Send something like this.") < html.index("rebound-message-1-subject")
    assert [name for name, count in parse(html).ids.items() if count > 1] == []
    assert "assets/javascripts/message.js" in html
