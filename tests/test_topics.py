"""Topics: readers see a tag's label ("Development plan", "CV"), never its slug, on the
Topics page (headings and table of contents) and above each article."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.topics import label_tag_anchors, tag_label, topics_of, with_topic_index

from .browser import headers_file_handler, serve_folder
from .conftest import ARTICLE_MD, MKDOCS_YML, REPO, SiteMaker, build

TAGGED = ARTICLE_MD.replace("tags: [feedback]", "tags: [development-plan, cv, feedback]")
TAGS_YML = MKDOCS_YML.replace(
    "tags_allowed: [feedback, interviews, reflection]",
    "tags_allowed: [cv, development-plan, feedback]",
)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def build_tagged(make_site: SiteMaker) -> Path:
    return build(
        make_site(
            {
                "mkdocs.yml": TAGS_YML,
                "content/articles/posts/ask-for-feedback-you-can-use.md": TAGGED,
            }
        )
    )


def test_the_topics_page_heads_each_tag_with_its_label(make_site: SiteMaker) -> None:
    site = build_tagged(make_site)

    html = (site / "tags/index.html").read_text("utf-8")

    headings = re.findall(r'<h2 id="tag:([^"]+)">(.*?)</h2>', html, re.S)
    assert [(slug, text_of(inner).rstrip(" ¶")) for slug, inner in headings] == [
        ("cv", "CV"),
        ("development-plan", "Development plan"),
        ("feedback", "Feedback"),
    ]
    contents = re.findall(r'<a href="#tag:[^"]+" class="md-nav__link">(.*?)</a>', html, re.S)
    # The table of contents is printed twice: beside the page, and in the phone menu.
    assert [text_of(entry) for entry in contents] == ["CV", "Development plan", "Feedback"] * 2
    assert "development-plan<" not in html.replace('id="tag:development-plan"', "")


def test_an_articles_tags_show_their_labels_and_lead_to_the_topic(make_site: SiteMaker) -> None:
    site = build_tagged(make_site)

    html = (site / "articles/ask-for-feedback-you-can-use/index.html").read_text("utf-8")

    tags = re.search(r'<nav class="md-tags" aria-label="Topics"\s*>(.*?)</nav>', html, re.S)
    assert tags
    links = re.findall(r'<a href="([^"]+)" class="md-tag">([^<]*)</a>', tags[1])
    assert links == [
        ("../../tags/#tag:cv", "CV"),
        ("../../tags/#tag:development-plan", "Development plan"),
        ("../../tags/#tag:feedback", "Feedback"),
    ]


def test_every_allowed_tag_of_the_real_site_reads_as_words() -> None:
    allowed = re.search(r"tags_allowed:\n((?:\s+- .+\n)+)", (REPO / "mkdocs.yml").read_text())
    assert allowed
    for slug in re.findall(r"- (\S+)", allowed[1]):
        label = tag_label(slug)
        assert label[0].isupper(), slug
        assert label.lower().replace(" ", "-") == slug


class Anchor:
    def __init__(self, id: str, title: str, children: list[Anchor] | None = None) -> None:
        self.id, self.title, self.children = id, title, children or []


def test_only_the_tags_entries_in_a_table_of_contents_are_relabelled() -> None:
    nested = Anchor("tag:self-assessment", "self-assessment")
    toc = [Anchor("intro", "intro"), Anchor("topics", "Topics", [nested])]

    label_tag_anchors(toc)

    assert [toc[0].title, toc[1].title, nested.title] == ["intro", "Topics", "Self-assessment"]


def test_the_topics_page_has_an_index_of_its_topics_above_the_lists(make_site: SiteMaker) -> None:
    site = build_tagged(make_site)

    html = (site / "tags/index.html").read_text("utf-8")

    index = re.search(r'<nav class="rebound-topics".*?</nav>', html, re.S)
    assert index
    links = re.findall(r'href="#([^"]+)">(.*?)</a>', index[0], re.S)
    assert [(anchor, text_of(text)) for anchor, text in links] == [
        ("tag:cv", "CV (1)"),
        ("tag:development-plan", "Development plan (1)"),
        ("tag:feedback", "Feedback (1)"),
    ]
    for anchor, _ in links:
        assert html.index(f'id="{anchor}"') > index.end(), anchor
    assert html.index("<h1") < index.start()


def test_an_index_goes_only_where_a_listing_is() -> None:
    page = "# Topics\n\nPick one.\n\n<!-- material/tags -->\n"

    placed = with_topic_index(page, "<nav>index</nav>")

    assert placed == "# Topics\n\nPick one.\n\n\n<nav>index</nav>\n\n<!-- material/tags -->\n"
    assert with_topic_index("# About\n\nNo listing.\n", "<nav>index</nav>") == (
        "# About\n\nNo listing.\n"
    )
    # Tags sorted as the tags plugin sorts them; an article counts once per tag.
    found = topics_of([Tagged(("cv", "feedback", "cv")), Tagged(("applications", "cv"))])
    assert [(t.slug, t.label, t.count) for t in found] == [
        ("applications", "Applications", 1),
        ("cv", "CV", 2),
        ("feedback", "Feedback", 1),
    ]


class Tagged:
    def __init__(self, tags: tuple[str, ...]) -> None:
        self.tags = tags


def test_on_a_phone_a_topic_in_the_index_jumps_to_its_articles(
    browser: Any, real_site: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        with serve_folder(real_site, headers_file_handler(real_site)) as url:
            page.goto(url + "/tags/")
            page.locator(".rebound-topics__link", has_text="Interviews").click()

            heading = page.locator("#tag\\:interviews")
            page.wait_for_function("location.hash === '#tag:interviews'")
            box = heading.bounding_box()
            header = page.locator(".md-header").bounding_box()
            assert box["y"] >= header["y"] + header["height"], "not under the header"
            assert box["y"] < 844 / 2
            assert heading.text_content().strip().startswith("Interviews")
    finally:
        context.close()
