"""The preview's cache of per-file checks: only changed files are checked again, and a
load with the cache finds exactly what a load without it finds.

What depends on other files (duplicate slugs, checklist references, published ids,
links and anchors, authors) is recomputed on every load, so an edit to one file is
still reported in every file it breaks.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.content import CheckCache, ContentRules, LoadResult, load_content
from generator.content.rendering import BodyRenderer

from .conftest import ARTICLE_MD, AUTHORS_YML, CHECKLIST_MD, SiteMaker
from .test_preview_builds import Preview, article_md

RULES = ContentRules(
    allowed_tags=frozenset({"feedback", "interviews"}),
    allowed_categories=frozenset({"Feedback"}),
)

LINKING = ARTICLE_MD.replace(
    "Ask within a few days.",
    "Ask within a few days; read [the second](second.md#why-it-helps) first.",
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    stamp = time.time_ns()  # a new modification time, whatever the file system's clock
    os.utime(path, ns=(stamp, stamp))


def load(root: Path, cache: CheckCache | None, **options: object) -> LoadResult:
    return load_content(
        root / "content", options.pop("rules", RULES), display_root=root, cache=cache, **options
    )


def same(cached: LoadResult, fresh: LoadResult) -> None:
    """Everything a load returns, compared field by field."""
    assert cached.problems == fresh.problems
    assert cached.catalog == fresh.catalog
    assert cached.rules == fresh.rules
    assert cached.unrecorded_ids == fresh.unrecorded_ids
    assert cached.bodies == fresh.bodies
    assert [body.links for body in cached.bodies if body.readable] == [
        body.links for body in fresh.bodies if body.readable
    ]
    assert cached.files == fresh.files


@pytest.fixture
def site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/articles/posts/first.md": LINKING,
            "content/articles/posts/second.md": article_md("Second", "2026-02-01"),
        },
        article=False,
    )


def test_an_unchanged_tree_is_taken_whole_from_the_cache(site: Path) -> None:
    cache = CheckCache()
    first = load(site, cache)
    assert first.problems == []

    again = load(site, cache)

    assert cache.hits == len(first.bodies) == 6
    same(again, load(site, None))


def test_only_the_edited_file_is_checked_again(site: Path) -> None:
    cache = CheckCache()
    load(site, cache)
    post = site / "content/articles/posts/second.md"
    write(post, post.read_text("utf-8").replace("Ask within", "New words. Ask within"))

    result = load(site, cache)

    assert cache.hits == 5
    assert "New words." in next(b.body for b in result.bodies if b.src_uri.endswith("second.md"))
    same(result, load(site, None))


# Each edit, made in turn to one tree, with a load after each: the cached load must
# find what a fresh load finds, including in the files that were not edited.
EDITS: list[tuple[str, str | None]] = [
    # A mistake in one file's front matter, then fixed.
    ("articles/posts/second.md", article_md("Second", "2026-02-01").replace("[feedback]", "[x]")),
    ("articles/posts/second.md", article_md("Second", "2026-02-01")),
    # An unsafe body, and a figure without a source.
    ("articles/posts/second.md", article_md("S", "2026-02-01") + '\n<img src="//x.example/a">\n'),
    ("articles/posts/second.md", article_md("S", "2026-02-01") + "\n41% of people agree.\n"),
    # A second file with the same slug, in a subfolder; then gone again.
    ("articles/posts/more/second.md", article_md("Again", "2026-03-01")),
    ("articles/posts/more/second.md", None),
    # The checklist the articles name is removed, then back.
    ("checklists/ask-for-feedback.md", None),
    ("checklists/ask-for-feedback.md", CHECKLIST_MD),
    # The author is renamed: every article names an author that no longer exists.
    ("articles/.authors.yml", AUTHORS_YML.replace("  rebound:", "  team:")),
    ("articles/.authors.yml", AUTHORS_YML),
    # A draft, and a file that is not UTF-8.
    ("articles/posts/second.md", article_md("S", "2026-02-01").replace("step: 1", "draft: true")),
    ("articles/posts/third.md", b"---\ntitle: \xff\n---\n".decode("latin-1")),
]


def test_after_every_edit_the_cached_load_finds_what_a_fresh_load_finds(site: Path) -> None:
    cache = CheckCache()
    load(site, cache)
    for name, text in EDITS:
        path = site / "content" / name
        if text is None:
            path.unlink()
        else:
            write(path, text)

        same(load(site, cache), load(site, None))


def test_new_rules_or_extensions_check_every_file_again(site: Path) -> None:
    cache = CheckCache()
    load(site, cache)

    narrower = dataclasses.replace(RULES, allowed_tags=frozenset({"interviews"}))
    result = load(site, cache, rules=narrower)
    assert cache.hits == 0
    assert any("'feedback' is not an allowed tag" in p.message for p in result.problems)
    same(result, load(site, None, rules=narrower))

    load(site, cache, rules=narrower, renderer=BodyRenderer(["toc"]))
    assert cache.hits == 0
    load(site, cache, rules=narrower, renderer=BodyRenderer(["toc"]))
    assert cache.hits == 6  # an equal renderer, made anew: nothing changed


def test_an_icon_the_theme_loses_is_reported_though_the_file_did_not_change(
    site: Path,
) -> None:
    icons = {"material/star"}
    rules = dataclasses.replace(RULES, icons=lambda name: name in icons)
    post = site / "content/articles/posts/second.md"
    write(post, article_md("S", "2026-02-01").replace("step: 1", "icon: material/star"))
    cache = CheckCache()
    assert load(site, cache, rules=rules).problems == []

    icons.clear()
    result = load(site, cache, rules=rules)

    assert cache.hits == 5
    assert [p.field for p in result.problems] == ["icon"]
    same(result, load(site, None, rules=rules))


# --- In the preview -------------------------------------------------------------------


class LenientPreview(Preview):
    """As `rebound serve` builds: link mistakes are shown, not fatal (no strict mode)."""

    def build(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        config.strict = False
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    preview = LenientPreview(site)
    preview.build()
    assert preview.plugin.problems == []
    yield preview
    preview.plugin.on_shutdown()


def problems_of(preview: Preview) -> list[str]:
    return [problem.format() for problem in preview.plugin.problems]


def test_the_preview_checks_only_the_edited_file_again(preview: Preview) -> None:
    post = preview.root / "content/articles/posts/second.md"
    write(post, post.read_text("utf-8").replace("Ask within", "New words. Ask within"))

    preview.build()

    assert preview.plugin.check_cache is not None
    assert preview.plugin.check_cache.hits == 5
    page = preview.site / "articles/second/index.html"
    assert "New words." in page.read_text("utf-8")


def test_an_edit_that_breaks_a_link_in_another_file_is_reported(preview: Preview) -> None:
    post = preview.root / "content/articles/posts/second.md"
    write(post, post.read_text("utf-8").replace("## Why it helps", "## Why asking helps"))

    preview.build()

    assert preview.plugin.check_cache.hits == 5  # first.md itself did not change
    assert problems_of(preview) == [
        "content/articles/posts/first.md:11: link: 'second.md#why-it-helps': "
        "content/articles/posts/second.md has no heading with the anchor '#why-it-helps'; "
        "did you mean (second.md#why-asking-helps)?"
    ]


def test_a_renamed_link_target_is_reported(preview: Preview) -> None:
    posts = preview.root / "content/articles/posts"
    (posts / "second.md").rename(posts / "the-second.md")

    preview.build()

    assert problems_of(preview) == [
        "content/articles/posts/first.md:11: link: 'second.md#why-it-helps' leads nowhere: "
        "there is no page or file content/articles/posts/second.md; did you mean "
        "(the-second.md)?"
    ]


def test_a_changed_authors_file_is_reported_in_every_article(preview: Preview) -> None:
    write(preview.root / "content/articles/.authors.yml", AUTHORS_YML.replace("rebound:", "team:"))

    with pytest.raises(Abort):  # as the preview's build stops, and shows the problems
        preview.build()

    assert [p for p in problems_of(preview) if "authors" in p] == [
        f"content/articles/posts/{name}.md:5: authors: 'rebound' is not a known author; "
        "content/articles/.authors.yml defines: team"
        for name in ("first", "second")
    ]
