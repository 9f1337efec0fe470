"""The content core on its own: reading files, models, catalog. No MkDocs involved."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.content import (
    Article,
    ContentError,
    ContentRules,
    ItemKind,
    field_name,
    load_catalog,
    load_content,
)
from generator.content.source import SourceError, split_source

from .conftest import ARTICLE_MD, BASE_FILES, CHECKLIST_MD, write_files

RULES = ContentRules(
    allowed_tags=frozenset({"feedback", "interviews", "reflection"}),
    allowed_categories=frozenset({"Feedback"}),
)


def content_tree(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    base = {path: text for path, text in BASE_FILES.items() if path.startswith("content/")}
    write_files(tmp_path, {**base, **files})
    return tmp_path / "content"


def test_valid_content_becomes_models(tmp_path: Path) -> None:
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": ARTICLE_MD})

    catalog = load_catalog(content, RULES)

    checklist = catalog.checklists["ask-for-feedback"]
    assert [item.id for item in checklist.items] == ["thank-them", "what-went-well", "rate-call"]
    assert [item.kind for item in checklist.items] == [
        ItemKind.CHECK,
        ItemKind.QUESTION,
        ItemKind.SCALE,
    ]
    assert checklist.items[1].lines == 3
    assert checklist.items[2].labels == ("Poorly", "Very well")
    article = catalog.articles[0]
    assert article.slug == "ask"
    assert article.created == datetime(2026, 11, 1, tzinfo=UTC)
    assert article.checklists == ("ask-for-feedback",)
    assert catalog.authors == {"rebound": "The Rebound team"}


def test_a_question_without_lines_gets_four_write_in_lines(tmp_path: Path) -> None:
    checklist = CHECKLIST_MD.replace("    lines: 3\n", "")
    content = content_tree(tmp_path, {"content/checklists/ask-for-feedback.md": checklist})

    item = load_catalog(content, RULES).checklists["ask-for-feedback"].items[1]

    assert item.lines == 4


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    with_bom = b"\xef\xbb\xbf" + ARTICLE_MD.encode("utf-8")
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": with_bom})

    assert load_catalog(content, RULES).articles[0].title == "Ask for feedback you can use"


def test_windows_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    broken = ARTICLE_MD.replace("tags: [feedback]", "tags: [feedbak]").replace("\n", "\r\n")
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": broken.encode()})

    problems = load_content(content, RULES).problems

    assert [p.format() for p in problems] == [
        "content/articles/posts/ask.md:6: tags: 'feedbak' is not an allowed tag "
        "(did you mean 'feedback'?)"
    ]


def test_blank_lines_at_the_top_of_front_matter_do_not_shift_line_numbers() -> None:
    text = "---\n\n\ntitle: bad: colon\n---\nBody\n"

    with pytest.raises(SourceError) as raised:
        split_source(text, "x.md", required=True)

    assert raised.value.problem.line == 4


def test_yaml_errors_point_at_the_file_line_not_the_block_line() -> None:
    text = "---\ntitle: Fine\ndescription: Fine\ntags: [a, b\n---\n"

    with pytest.raises(SourceError) as raised:
        split_source(text, "x.md", required=True)

    # PyYAML notices the unclosed list where the block ends: file line 5, not block line 4.
    assert raised.value.problem.line == 5


def test_every_problem_in_one_file_is_reported(tmp_path: Path) -> None:
    many = ARTICLE_MD.replace("title: Ask for feedback you can use", "title: no").replace(
        "step: 1", "step: 9\ncolour: blue"
    )
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": many})

    problems = load_content(content, RULES).problems

    assert [(p.line, p.field) for p in problems] == [(2, "title"), (7, "step"), (8, "colour")]


def test_load_catalog_raises_with_all_problems(tmp_path: Path) -> None:
    broken = ARTICLE_MD.replace("tags: [feedback]", "tags: [nope]")
    content = content_tree(
        tmp_path,
        {"content/articles/posts/a.md": broken, "content/articles/posts/b.md": broken},
    )

    with pytest.raises(ContentError) as raised:
        load_catalog(content, RULES)

    assert len(raised.value.problems) == 2
    assert str(raised.value).endswith("2 problems found in the content.")


def test_passthrough_keys_of_mkdocs_and_material_are_accepted(tmp_path: Path) -> None:
    article = ARTICLE_MD.replace("step: 1", "step: 1\nhide: [toc]\nsubtitle: A note\npin: true")
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": article})

    assert load_content(content, RULES).problems == []


def test_a_checklist_listed_and_placed_inline_renders_only_inline(tmp_path: Path) -> None:
    article = ARTICLE_MD + "\n/// checklist | ask-for-feedback\n///\n"
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": article})

    loaded = load_catalog(content, RULES).articles[0]

    assert [block.slug for block in loaded.inline_checklists] == ["ask-for-feedback"]
    assert loaded.inline_checklists[0].line == 17
    assert loaded.checklists_at_end == ()


def test_checklist_blocks_inside_code_examples_are_not_references(tmp_path: Path) -> None:
    article = ARTICLE_MD + "\n```markdown\n/// checklist | no-such-checklist\n///\n```\n"
    content = content_tree(tmp_path, {"content/articles/posts/ask.md": article})

    assert load_content(content, RULES).problems == []


def test_catalog_orders_and_groups_articles(tmp_path: Path) -> None:
    older = ARTICLE_MD.replace("2026-11-01", "2026-10-01").replace("step: 1", "step: 2")
    newer = ARTICLE_MD.replace("tags: [feedback]", "tags: [feedback, interviews]")
    draft = ARTICLE_MD.replace("step: 1", "step: 1\ndraft: true")
    content = content_tree(
        tmp_path,
        {
            "content/articles/posts/older.md": older,
            "content/articles/posts/newer.md": newer,
            "content/articles/posts/draft.md": draft,
        },
    )

    catalog = load_catalog(content, RULES)

    assert [a.slug for a in catalog.articles] == ["draft", "newer", "older"]
    assert [a.slug for a in catalog.newest_articles(5)] == ["newer", "older"]
    assert {tag: [a.slug for a in arts] for tag, arts in catalog.articles_by_tag().items()} == {
        "feedback": ["newer", "older"],
        "interviews": ["newer"],
    }
    assert [a.slug for a in catalog.articles_for_step(2)] == ["older"]
    assert catalog.checklist_for_step(1).slug == "ask-for-feedback"
    assert isinstance(catalog.entry("articles/posts/older.md"), Article)


def test_field_names_are_unambiguous_and_free_of_dots() -> None:
    assert field_name("a-b", "c") != field_name("a", "b-c")
    assert "." not in field_name("reflect", "rate-phone-screen")


def test_related_articles_share_tags_or_step_and_never_include_the_article(
    tmp_path: Path,
) -> None:
    def article(slug: str, tags: str, step: int, day: int) -> tuple[str, str]:
        text = (
            ARTICLE_MD.replace("tags: [feedback]", f"tags: [{tags}]")
            .replace("step: 1", f"step: {step}")
            .replace("2026-11-01", f"2026-11-{day:02d}")
        )
        return f"content/articles/posts/{slug}.md", text

    content = content_tree(
        tmp_path,
        dict(
            [
                article("subject", "feedback, interviews", 1, 1),
                article("two-tags", "feedback, interviews", 3, 2),
                article("one-tag-old", "feedback", 4, 3),
                article("one-tag-new", "interviews", 4, 9),
                article("same-step", "reflection", 1, 5),
                article("unrelated", "reflection", 2, 6),
            ]
        ),
    )
    catalog = load_catalog(content, RULES)
    subject = next(a for a in catalog.articles if a.slug == "subject")

    related = [a.slug for a in catalog.related(subject)]

    assert related == ["two-tags", "one-tag-new", "one-tag-old"]
    assert [a.slug for a in catalog.related(subject, limit=5)] == [
        "two-tags",
        "one-tag-new",
        "one-tag-old",
        "same-step",
    ]
    assert catalog.related(subject) == catalog.related(subject)


def test_next_step_follows_the_path(tmp_path: Path) -> None:
    plan = CHECKLIST_MD.replace("title: Ask for feedback", "title: Plan").replace(
        "step: 1", "step: 3"
    )
    content = content_tree(tmp_path, {"content/checklists/plan.md": plan})
    catalog = load_catalog(content, RULES)

    assert catalog.next_step(1).slug == "plan"
    assert catalog.next_step(2).slug == "plan"
    assert catalog.next_step(3) is None
    assert catalog.next_step(None) is None


def start_here(tmp_path: Path, articles: dict[str, tuple[int | None, str, bool]]) -> str | None:
    """The slug of the "Start here" article among `articles`: slug -> (step, day, pinned)."""
    files = {}
    for slug, (step, day, pinned) in articles.items():
        text = ARTICLE_MD.replace("2026-11-01", f"2026-11-{day}")
        text = text.replace("step: 1\n", f"step: {step}\n" if step else "")
        if pinned:
            text = text.replace("tags: [feedback]\n", "tags: [feedback]\npin: true\n")
        files[f"content/articles/posts/{slug}.md"] = text
    start = load_catalog(content_tree(tmp_path, files), RULES).start_article()
    return start.slug if start else None


def test_start_here_is_the_pinned_article_earliest_on_the_path(tmp_path: Path) -> None:
    assert start_here(tmp_path / "a", {"newest": (1, "20", False), "pinned": (2, "01", True)}) == (
        "pinned"
    )
    pinned = {"late": (4, "10", True), "early": (1, "02", True), "none": (None, "20", True)}
    assert start_here(tmp_path / "b", pinned) == "early"
    # No pinned article: the newest of the earliest step that has one.
    unpinned = {"step-two": (2, "01", False), "old": (1, "02", False), "new": (1, "09", False)}
    assert start_here(tmp_path / "c", unpinned) == "new"
    assert start_here(tmp_path / "d", {"off-path": (None, "01", False)}) is None


BROKEN_CHECKLISTS = {
    # fails validation
    "html-in-title": CHECKLIST_MD.replace("title: Ask for feedback", "title: <b>Ask</b>"),
    # a retired id still in use
    "retired-in-use": CHECKLIST_MD.replace("\n---\n", "\nretired: [thank-them]\n---\n", 1),
    # cannot be read as YAML at all
    "unreadable": CHECKLIST_MD.replace("description: Ask", "description: a: b"),
}


@pytest.mark.parametrize("name", BROKEN_CHECKLISTS)
def test_a_broken_checklist_reports_only_its_own_problem(tmp_path: Path, name: str) -> None:
    """Never "no checklist 'x' exists" in the articles that use it, nor "published
    checklist gone" in the ids record: the file exists, it has a mistake."""
    inline = ARTICLE_MD.replace("checklists: [ask-for-feedback]\n", "")
    content = content_tree(
        tmp_path,
        {
            "content/checklists/ask-for-feedback.md": BROKEN_CHECKLISTS[name],
            "content/articles/posts/inline.md": inline
            + "\n/// checklist | ask-for-feedback\n///\n",
            "content/articles/posts/listed.md": ARTICLE_MD,
            "content/checklists/.ids.json": '{"ask-for-feedback": ["thank-them"]}\n',
        },
    )

    problems = load_content(content, RULES).problems

    assert len(problems) == 1
    assert problems[0].path == "content/checklists/ask-for-feedback.md"
