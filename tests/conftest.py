"""Tiny sites in temporary folders, built the way the real site is."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "overrides"

# The real site's theme set-up (custom_dir: overrides), so tiny sites render as the real one.
MKDOCS_YML = f"""\
site_name: Tiny Rebound
site_url: http://127.0.0.1:8000/
docs_dir: content
strict: true
validation:
  links:
    not_found: warn
    anchors: warn
theme:
  name: material
  custom_dir: {OVERRIDES}
  font: false
  features:
    - navigation.instant
extra_css:
  - assets/stylesheets/rebound.css
extra_javascript:
  - assets/javascripts/checklist.js
  - assets/javascripts/message.js
plugins:
  - search
  - tags:
      tags_allowed: [feedback, interviews, reflection]
  - rebound:
      categories_allowed: [Feedback, Reflection]
markdown_extensions:
  - toc
  - attr_list
  - md_in_html
  - pymdownx.superfences
"""

AUTHORS_YML = """\
authors:
  rebound:
    name: The Rebound team
    description: Practical advice for the days after a job rejection
    avatar: avatar.svg
"""

CHECKLIST_MD = """\
---
title: Ask for feedback
description: Ask for feedback you can use.
step: 1
items:
  - id: thank-them
    text: Thank them for their time.
    hint: Before you ask anything.
  - id: what-went-well
    kind: question
    text: What went well?
    lines: 3
  - id: rate-call
    kind: scale
    text: How did the call go?
    labels: [Poorly, Very well]
---

Use this after you hear the news.
"""

ARTICLE_MD = """\
---
title: Ask for feedback you can use
description: How to ask for feedback.
date: 2026-11-01
authors: [rebound]
tags: [feedback]
step: 1
checklists: [ask-for-feedback]
---

Ask within a few days.

## Why it helps

It fills in what you could not see.
"""

BASE_FILES: Mapping[str, str] = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": "# Home\n\nWelcome.\n",
    "content/tags.md": "# Topics\n\n<!-- material/tags -->\n",
    "content/articles/index.md": "# Articles\n",
    "content/articles/.authors.yml": AUTHORS_YML,
    "content/avatar.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n',
    "content/checklists/ask-for-feedback.md": CHECKLIST_MD,
}

SiteMaker = Callable[..., Path]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, "utf-8")


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """Write the base tiny site plus `files` (path -> text; None deletes a base file)."""

    def make(
        files: Mapping[str, str | bytes | None] | None = None, *, article: bool = True
    ) -> Path:
        root = tmp_path / "site-project"
        merged: dict[str, str | bytes | None] = dict(BASE_FILES)
        if article:
            merged["content/articles/posts/ask-for-feedback-you-can-use.md"] = ARTICLE_MD
        merged.update(files or {})
        write_files(root, {path: text for path, text in merged.items() if text is not None})
        return root

    return make


def build(root: Path, site_dir: Path | None = None) -> Path:
    """Build a tiny site in-process with MkDocs, strict, and return the output folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    out = site_dir or root / "site"
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out))
    # As `mkdocs build` does: plugins (mkdocs-rss-plugin, rebound) set up in on_startup.
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    return out


# A public address for builds that need one (SITE_URL sets it for one build).
PUBLIC_URL = "https://rebound.example/"


@contextmanager
def public_address(url: str = PUBLIC_URL) -> Iterator[None]:
    """Builds inside get `url` as their address, as `SITE_URL=url rebound build` does."""
    previous = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = url
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SITE_URL", None)
        else:
            os.environ["SITE_URL"] = previous


@pytest.fixture(autouse=True)
def _quiet_mkdocs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    # Tiny sites have a loopback address unless a test gives them a public one.
    monkeypatch.delenv("SITE_URL", raising=False)


def copy_real_project(folder: Path) -> Path:
    """A copy of the real site's project (content/, overrides/, mkdocs.yml) in `folder`,
    so tests never write into the working tree."""
    copy = folder / "rebound"
    shutil.copytree(REPO / "content", copy / "content")
    shutil.copytree(REPO / "overrides", copy / "overrides")
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built once, from a copy; published as it would be, at PUBLIC_URL."""
    copy = copy_real_project(tmp_path_factory.mktemp("real"))
    with public_address():
        return build(copy)


@pytest.fixture(scope="session")
def unpublished_real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built once, from a copy, as a local build is: with mkdocs.yml's
    loopback address, so with no public address (no feed, no sitemap)."""
    copy = copy_real_project(tmp_path_factory.mktemp("real-unpublished"))
    previous = os.environ.pop("SITE_URL", None)
    try:
        return build(copy)
    finally:
        if previous is not None:
            os.environ["SITE_URL"] = previous


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's) for every browser test."""
    from .browser import chromium

    with chromium() as browser:
        yield browser
