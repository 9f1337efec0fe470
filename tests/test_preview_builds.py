"""A preview's quick rebuilds: only the pages an edit touches are written again, and
what they write is what a whole build would."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content import Article, Catalog, Checklist, Item
from generator.incremental import Snapshot, needs_full_rebuild

from .conftest import ARTICLE_MD, SiteMaker

# Pages whose HTML a quick rebuild never writes, or writes differently on purpose:
# the topics page keeps the last whole build's list; the feed and search index follow.
NOT_COMPARED = ("tags/", "pagefind/", "search/")


def article_md(title: str, day: str, description: str = "How to ask for feedback.") -> str:
    text = ARTICLE_MD.replace("title: Ask for feedback you can use", f"title: {title}")
    text = text.replace("date: 2026-11-01", f"date: {day}")
    return text.replace("description: How to ask for feedback.", f"description: {description}")


FILES = {
    "content/articles/posts/first.md": article_md("First", "2026-01-01"),
    "content/articles/posts/second.md": article_md("Second", "2026-02-01"),
    "content/articles/posts/third.md": article_md("Third", "2026-03-01"),
    "content/about.md": "# About\n\nWho we are.\n",
}


class Preview:
    """Builds a tiny site as a preview does: dirty builds into one folder, one plugin."""

    def __init__(self, root: Path) -> None:
        from mkdocs.config import load_config

        self.root = root
        self.site = root / "preview"
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(self.site))
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["rebound"]

    def build(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.site))
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    def stamps(self) -> dict[str, int]:
        return {
            path.relative_to(self.site).as_posix(): path.stat().st_mtime_ns
            for path in self.site.rglob("*.html")
        }

    def written_since(self, before: dict[str, int]) -> set[str]:
        after = self.stamps()
        return {page for page, stamp in after.items() if before.get(page) != stamp}


@pytest.fixture
def preview(make_site: SiteMaker) -> Iterator[Preview]:
    root = make_site(FILES, article=False)
    preview = Preview(root)
    preview.build()
    yield preview
    preview.plugin.on_shutdown()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    # A new modification time even on file systems with coarse timestamps.
    time.sleep(0.01)
    path.write_text(text.replace(old, new, 1), "utf-8")
    stamp = time.time_ns()
    os.utime(path, ns=(stamp, stamp))


def whole_build(root: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


def same_as_whole_build(preview: Preview, tmp_path: Path) -> list[str]:
    """Pages whose HTML differs from a whole build of the same content."""
    whole = tmp_path / "whole"
    whole_build(preview.root, whole)
    differ = []
    for path in sorted(whole.rglob("*.html")):
        page = path.relative_to(whole).as_posix()
        if page.startswith(NOT_COMPARED):
            continue
        quick = preview.site / page
        if not quick.is_file() or quick.read_bytes() != path.read_bytes():
            differ.append(page)
    return differ


def test_a_body_edit_rewrites_only_that_article(preview: Preview, tmp_path: Path) -> None:
    before = preview.stamps()
    edit(preview.root / "content/articles/posts/second.md", "Ask within", "New words. Ask within")

    preview.build()

    assert preview.written_since(before) == {"articles/second/index.html", "404.html"}
    assert "New words." in (preview.site / "articles/second/index.html").read_text("utf-8")
    assert same_as_whole_build(preview, tmp_path) == []


def test_a_description_edit_rewrites_the_listings_and_related_links_that_show_it(
    preview: Preview, tmp_path: Path
) -> None:
    before = preview.stamps()
    edit(
        preview.root / "content/articles/posts/second.md",
        "description: How to ask for feedback.",
        "description: A fresh description.",
    )

    preview.build()

    written = preview.written_since(before)
    assert {
        "articles/second/index.html",
        "articles/index.html",
        "articles/archive/2026/index.html",
        "articles/first/index.html",  # related articles: all three share a tag
        "articles/third/index.html",
        "index.html",  # newest articles
    } <= written
    assert "checklists/ask-for-feedback/index.html" not in written
    assert "about/index.html" not in written
    assert "A fresh description." in (preview.site / "articles/index.html").read_text("utf-8")
    assert same_as_whole_build(preview, tmp_path) == []


def test_a_new_date_reorders_the_listings_and_the_footer_links(
    preview: Preview, tmp_path: Path
) -> None:
    edit(preview.root / "content/articles/posts/first.md", "date: 2026-01-01", "date: 2026-04-01")

    preview.build()

    assert same_as_whole_build(preview, tmp_path) == []


def test_pinning_an_article_makes_it_the_home_pages_start_here(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    home_md = "---\ntemplate: home.html\n---\n\n# Home\n\nWelcome.\n"
    preview = Preview(make_site({**FILES, "content/index.md": home_md}, article=False))
    try:
        preview.build()
        start = 'class="rebound-start__link" href="articles/{}/"'
        assert start.format("third") in (preview.site / "index.html").read_text("utf-8")
        before = preview.stamps()
        edit(preview.root / "content/articles/posts/first.md", "step: 1\n", "step: 1\npin: true\n")

        preview.build()

        assert "index.html" in preview.written_since(before)
        assert start.format("first") in (preview.site / "index.html").read_text("utf-8")
        assert same_as_whole_build(preview, tmp_path) == []
    finally:
        preview.plugin.on_shutdown()


def test_a_checklist_edit_rebuilds_every_page(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    before = preview.stamps()
    edit(
        preview.root / "content/checklists/ask-for-feedback.md",
        "Use this after you hear the news.",
        "Use this soon.",
    )

    with caplog.at_level(logging.INFO):
        preview.build()

    assert "Rebuilding every page: the checklist checklists/ask-for-feedback.md changed" in (
        caplog.text
    )
    assert preview.written_since(before) == set(preview.stamps())


def test_after_a_failed_build_the_next_rebuilds_every_page(
    preview: Preview, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    post = preview.root / "content/articles/posts/third.md"
    edit(post, "tags: [feedback]", "tags: [feedbak]")
    with pytest.raises(Abort):
        preview.build()
    edit(post, "tags: [feedbak]", "tags: [feedback]")

    with caplog.at_level(logging.INFO):
        preview.build()

    assert "Rebuilding every page: the last build failed" in caplog.text


def test_the_dirty_build_warning_does_not_stop_a_strict_preview(preview: Preview) -> None:
    edit(preview.root / "content/about.md", "Who we are.", "Who we are, again.")

    preview.build()  # strict: true in the tiny site's mkdocs.yml

    assert "again" in (preview.site / "about/index.html").read_text("utf-8")


def _article(slug: str, title: str = "T", tags: tuple[str, ...] = ("feedback",)) -> Article:
    from datetime import UTC, datetime

    return Article(
        slug=slug,
        src_path=f"articles/posts/{slug}.md",
        title=title,
        description="d",
        created=datetime(2026, 1, 1, tzinfo=UTC),
        authors=("rebound",),
        tags=tags,
    )


def test_what_rebuilds_every_page() -> None:
    checklist = Checklist("c", "checklists/c.md", "C", "d", (Item("a", "A"),))
    before = Catalog(articles=(_article("a"),), checklists={"c": checklist})
    retitled = Catalog(articles=(_article("a", title="New"),), checklists={"c": checklist})
    posts = "articles/posts"

    def why(changed: set[str], after: Catalog = before) -> str | None:
        return needs_full_rebuild(changed, before, after, posts, ("tags.md",))

    assert why({"content:articles/posts/a.md"}) is None
    assert why({"content:articles/posts/img.png"}) is None
    assert why({"content:articles/posts/a.md"}, retitled) is not None
    assert why({"config:"}) == "mkdocs.yml changed"
    assert why({"theme:/x/overrides/main.html"}) == "the template main.html changed"
    assert why({"content:checklists/c.md"}) == "the checklist checklists/c.md changed"
    assert why({"content:articles/.authors.yml"}) == "articles/.authors.yml changed"
    assert why({"content:tags.md"}) == "tags.md changed (it lists the articles by tag)"


def test_a_snapshot_sees_added_changed_and_removed_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("a")
    (content / "b.md").write_text("b")
    first = Snapshot.take(content, None, [])

    (content / "a.md").write_text("a, longer")
    (content / "b.md").unlink()
    (content / "c.md").write_text("c")

    assert first.changed(Snapshot.take(content, None, [])) == {
        "content:a.md",
        "content:b.md",
        "content:c.md",
    }


def test_a_changed_stylesheet_rebuilds_every_page(tmp_path: Path) -> None:
    """Every page carries its first screen's CSS inline and links the joined stylesheet
    by a name that changes with it: a quick rebuild would leave pages with the old."""
    content, theme = tmp_path / "content", tmp_path / "overrides"
    content.mkdir()
    (theme / "assets/stylesheets").mkdir(parents=True)
    stylesheet = theme / "assets/stylesheets/rebound.css"
    stylesheet.write_text(".md-header { color: red }")
    first = Snapshot.take(content, None, [theme])

    stylesheet.write_text(".md-header { color: blue; margin: 0 }")
    changed = first.changed(Snapshot.take(content, None, [theme]))

    assert changed == {f"theme:{stylesheet}"}
    assert needs_full_rebuild(changed, Catalog(), Catalog(), "articles/posts", ()) is not None
