"""Topics: readers see a tag's label ("Development plan", "CV"), never its slug, on the
Topics page (headings and table of contents) and above each article."""

from __future__ import annotations

import re
from pathlib import Path

from generator.topics import label_tag_anchors, tag_label

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

    tags = re.search(r'<nav class="md-tags"\s*>(.*?)</nav>', html, re.S)
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
