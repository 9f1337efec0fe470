"""Links, images, anchors and nav entries: found with their lines, checked as the build
checks them, and every tree that passes `rebound check` builds strictly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.links import HeadingAnchors, find_links, nav_entries

from .conftest import ARTICLE_MD, SiteMaker, build
from .test_bad_content import CORPUS, case_files, expected_lines


def targets(body: str) -> list[tuple[int, str, str, bool]]:
    return [(link.line, link.kind, link.target, link.html) for link in find_links(body)]


def test_inline_reference_image_and_html_links_are_found_with_their_lines() -> None:
    body = (
        "Read [this](a.md) and [that](<b c.md> 'title').\n"
        "![A photo](../../assets/p.png)\n"
        "[Nested [brackets]](d.md#part) and [ref link][r] and [shortcut].\n"
        "\n"
        '<a href="e.md">e</a> <img alt="" src="f.png">\n'
        "\n"
        "[r]: g.md\n"
        "[shortcut]: <h.md>\n"
        "[unused]: nowhere.md\n"
    )

    assert targets(body) == [
        (1, "link", "a.md", False),
        (1, "link", "b c.md", False),
        (2, "image", "../../assets/p.png", False),
        (3, "link", "d.md#part", False),
        (5, "link", "e.md", True),
        (5, "image", "f.png", True),
        (7, "link", "g.md", False),
        (8, "link", "h.md", False),
    ]


def test_links_in_code_and_comments_are_examples_not_links() -> None:
    body = (
        "```markdown\n[fenced](nope.md)\n```\n"
        "Use `[code](nope.md)` like this.\n"
        "<!-- [commented](nope.md)\n[still](nope.md) -->\n"
        "\n"
        "    [indented code](nope.md)\n"
        "\n"
        "- a list item\n"
        "\n"
        "    [continued](yes.md)\n"
        "\n"
        '!!! note "A note"\n'
        "\n"
        "    [in the note](also.md)\n"
    )

    assert [target for _, _, target, _ in targets(body)] == ["yes.md", "also.md"]


def test_body_lines_are_file_lines() -> None:
    assert find_links("\n\n[x](y.md)\n", body_line=9)[0].line == 11


@pytest.mark.parametrize(
    ("body", "config", "expected"),
    [
        ("## Why it helps\n\n## Why it helps\n", {}, {"why-it-helps", "why-it-helps_1"}),
        ("## Custom {#mine}\n", {}, {"mine"}),
        ("## Café & *co*: `code` [link](x.md)\n", {}, {"cafe-co-code-link"}),
        ("Setext title\n============\n\nSecond\n------\n", {}, {"setext-title", "second"}),
        (
            '<div id="box"></div>\n\n<a name="old"></a>\n\nA para.\n{: #para }\n',
            {},
            {"box", "old", "para"},
        ),
        ("## Two words\n", {"separator": "_"}, {"two_words"}),
        ("```\n## not a heading\n```\n", {}, set()),
    ],
)
def test_heading_anchors_are_the_ids_the_toc_extension_gives(
    body: str, config: dict[str, str], expected: set[str]
) -> None:
    assert HeadingAnchors(config)(body) == expected


def test_nav_entries_keep_their_lines_and_ignore_mkdocs_tags() -> None:
    text = (
        "site_name: X\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n"
        "  key: !ENV [HOME, x]\n"
        "nav:\n"
        "  - Home: index.md\n"
        "  - Section:\n"
        "      - section/index.md\n"
        "      - Deep: section/deep.md\n"
    )

    assert [(entry.line, entry.target) for entry in nav_entries(text)] == [
        (8, "index.md"),
        (10, "section/index.md"),
        (11, "section/deep.md"),
    ]


def article(title: str, body: str, extra: str = "") -> str:
    front = ARTICLE_MD.split("---\n\n", 1)[0]
    front = front.replace("title: Ask for feedback you can use", f"title: {title}")
    return f"{front}{extra}---\n\n{body}"


# Every way the README tells an author to link, in one article.
GOOD_LINKS = """\
Intro with a [reference link][door].

## Links that work

- another article: [keep the door open](keep-the-door-open.md), and a heading in it:
  [say thank you](keep-the-door-open.md#say-thank-you)
- a heading on this page: [below](#images-too)
- a checklist: [ask for feedback](../../checklists/ask-for-feedback.md)
- the worksheet, its PDF, all worksheets, the workbook:
  [worksheet](../../worksheets/ask-for-feedback.md),
  [PDF](../../worksheets/ask-for-feedback.pdf),
  [worksheets](../../worksheets/index.md),
  [workbook](../../worksheets/rebound-workbook.pdf)
- the listings: [articles](../index.md), [2026](../archive/2026.md),
  [feedback](../category/feedback.md), [topics](../../tags.md), [home](../../index.md)
- in HTML, by web address: <a href="../keep-the-door-open/">keep the door open</a>
- another site: [GOV.UK](https://www.gov.uk/) and [email](mailto:team@rebound.invalid)

## Images too {#images-too}

![A calm desk](../../assets/calm-desk.svg)

<img src="../../assets/calm-desk.svg" alt="A calm desk">

[door]: keep-the-door-open.md
"""

DOOR = "Say thanks.\n\n## Say thank you\n\nKindly.\n"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n'


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config-file", str(root / "mkdocs.yml"), "check"])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_every_way_to_link_passes_check_and_the_strict_build(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(
        {
            "content/articles/posts/good-links.md": article(
                "Good links", GOOD_LINKS, "categories: [Feedback]\n"
            ),
            "content/articles/posts/keep-the-door-open.md": article("Keep the door open", DOOR),
            "content/assets/calm-desk.svg": SVG,
        }
    )

    code, output = check(root, capsys)
    assert code == 0, output

    site = build(root)
    html = (site / "articles/good-links/index.html").read_text("utf-8")
    for href in (
        "../keep-the-door-open/#say-thank-you",
        "../../checklists/ask-for-feedback/",
        "../../worksheets/ask-for-feedback/",
        "../../worksheets/ask-for-feedback.pdf",
        "../../worksheets/rebound-workbook.pdf",
        "../archive/2026/",
        "../category/feedback/",
        "../../tags/",
    ):
        assert f'href="{href}"' in html
    assert (site / "worksheets/ask-for-feedback.pdf").read_bytes().startswith(b"%PDF")


def test_a_broken_link_stops_the_build_with_the_check_message(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    root = make_site(
        {
            "content/about.md": "# About\n\nSee [the list](checklist/index.md).\n",
            "content/checklists/index.md": "# Checklists\n",
        }
    )

    with pytest.raises(Abort):
        build(root)

    assert (
        "content/about.md:3: link: 'checklist/index.md' leads nowhere: there is no page or "
        "file content/checklist/index.md; did you mean (checklists/index.md)?"
    ) in caplog.text


SUGGESTION = re.compile(r"(?:write it as|did you mean) \((?P<fix>[^)]+)\)")


def fixable_cases() -> list[Path]:
    return [
        case
        for case in sorted(CORPUS.iterdir())
        if case.is_dir()
        and case.name.startswith(("link-", "image-"))
        and all(SUGGESTION.search(line) for line in expected_lines(case))
    ]


def test_doing_what_each_link_message_says_passes_check_and_builds(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    """The form a message shows is the exact form that works."""
    cases = fixable_cases()
    assert len(cases) >= 8
    files: dict[str, bytes] = {}
    for case in cases:
        fixed = case_files(case)
        for line in expected_lines(case):
            path, number, _ = line.split(":", 2)
            wrong = re.search(r"'([^']+)'", line.split(": ", 2)[2]).group(1)  # type: ignore[union-attr]
            right = SUGGESTION.search(line).group("fix")  # type: ignore[union-attr]
            text = fixed[path].decode().splitlines(keepends=True)
            index = int(number) - 1
            assert wrong in text[index], (case.name, text[index])
            text[index] = text[index].replace(f"({wrong})", f"({right})")
            text[index] = text[index].replace(f"]: {wrong}", f"]: {right}")
            fixed[path] = "".join(text).encode()
        files.update(fixed)
    files.pop("mkdocs.yml", None)
    root = make_site(files, article=False)

    code, output = check(root, capsys)
    assert code == 0, output
    build(root)


def test_links_to_drafts_work_in_the_preview_only(make_site: SiteMaker) -> None:
    from mkdocs.config import load_config

    from generator.content import load_content
    from generator.site_links import check_site_links

    root = make_site(
        {
            "content/articles/posts/next.md": article("Next", "Soon.\n", "draft: true\n"),
            "content/about.md": "# About\n\nRead [the next part](articles/posts/next.md).\n",
        }
    )
    config = load_config(config_file=str(root / "mkdocs.yml"))
    result = load_content(root / "content", display_root=root)

    built = check_site_links(config, result)
    served = check_site_links(config, result, serving=True)

    assert [problem.line for problem in built] == [3]
    assert "is a draft" in built[0].message
    assert served == []


def test_the_real_site_has_no_broken_links(capsys: pytest.CaptureFixture[str]) -> None:
    repo = Path(__file__).resolve().parent.parent
    assert main(["--config-file", str(repo / "mkdocs.yml"), "check"]) == 0, capsys.readouterr()


def test_without_the_blog_plugin_articles_and_listings_follow_the_content_contract(
    make_site: SiteMaker,
) -> None:
    """The listings that replace the blog keep its paths: the checker needs no blog."""
    from mkdocs.config import load_config

    from generator.content import load_content
    from generator.site_links import check_site_links

    from .conftest import MKDOCS_YML

    blogless = re.sub(r"  - blog:\n(?:      .*\n)+", "", MKDOCS_YML)
    assert "blog" not in blogless
    body = (
        "[2026](../archive/2026.md) [feedback](../category/feedback.md) "
        "[door](/articles/keep-the-door-open/)\n"
    )
    root = make_site(
        {
            "mkdocs.yml": blogless,
            "content/articles/posts/listing-links.md": article(
                "Listing links", body, "categories: [Feedback]\n"
            ),
            "content/articles/posts/keep-the-door-open.md": article("Keep the door open", DOOR),
        }
    )
    config = load_config(config_file=str(root / "mkdocs.yml"))
    result = load_content(root / "content", display_root=root)

    problems = check_site_links(config, result)

    assert [problem.message.split(";")[-1].strip() for problem in problems] == [
        "link to the file instead: write it as (keep-the-door-open.md)"
    ]
