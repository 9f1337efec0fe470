"""The three sites built from one synthetic corpus.

(a) Rebound: the repository's own mkdocs.yml and overrides, built with `rebound build`.
(b) The anchor: plain mkdocs-material with its blog, tags and search plugins, the
    same blog and tag options and the same nav, no Rebound plugin, no overrides.
(c) The floor: plain mkdocs-material with search only; articles are built but left
    out of the nav (and there is no blog plugin to list them).
"""

from __future__ import annotations

import compileall
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .corpus import REPO, allowed, plain_material_copy, write_corpus

# The Markdown extensions of the real site, so every system renders the same HTML body.
MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
"""

THEME = """\
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.instant
    - navigation.indexes
    - navigation.top
    - navigation.footer
    - search.highlight
    - content.tooltips
"""

NAV = """\
nav:
  - Home: index.md
  - Articles:
      - articles/index.md
  - Checklists:
      - checklists/index.md
      - checklists/ask-for-feedback.md
      - checklists/reflect.md
      - checklists/plan.md
      - checklists/refine.md
      - checklists/be-resilient.md
  - Topics: tags.md
  - About: about.md
"""


def anchor_config(tags: list[str], categories: list[str]) -> str:
    """(b): what an author would write for mkdocs-material's blog, tags and search."""
    return (
        "site_name: Rebound\nsite_url: http://127.0.0.1:8000/\n"
        "docs_dir: content\n"
        + THEME
        + NAV
        + "plugins:\n  - search\n  - blog:\n      blog_dir: articles\n"
        + '      post_url_format: "{file}"\n      post_date_format: long\n'
        + "      post_readtime: true\n      archive_date_format: yyyy\n"
        + f"      categories_allowed: {json.dumps(categories)}\n"
        + f"  - tags:\n      tags_allowed: {json.dumps(tags)}\n"
        + MARKDOWN_EXTENSIONS
    )


def floor_config() -> str:
    """(c): mkdocs-material and its search, nothing else; articles outside the nav."""
    return (
        "site_name: Rebound\nsite_url: http://127.0.0.1:8000/\n"
        "docs_dir: ../b/content\n"
        "validation:\n  omitted_files: ignore\n"
        + THEME
        + NAV
        + "plugins:\n  - search\n"
        + MARKDOWN_EXTENSIONS
    )


@dataclass(frozen=True)
class Project:
    """One system's project folder and the command that builds it into `out`."""

    key: str
    label: str
    root: Path
    out: Path
    command: tuple[str, ...]
    caches: tuple[Path, ...] = ()


def prepare(workdir: Path, articles: int, python: str) -> list[Project]:
    """Write the corpus and the three projects under `workdir`."""
    # pip compiled MkDocs and mkdocs-material to bytecode when it installed them; an
    # editable install leaves Rebound's own modules as source, which Python compiles
    # on first import and caches, unless PYTHONDONTWRITEBYTECODE is set (as on some
    # CI machines): then (a) alone would compile ~50 modules in every timed build.
    compileall.compile_dir(REPO / "generator", quiet=1)
    a, b, c = workdir / "a", workdir / "b", workdir / "c"
    for folder in (a, b, c):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    write_corpus(a / "content", articles)
    shutil.copy(REPO / "mkdocs.yml", a / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", a / "overrides")
    plain_material_copy(a / "content", b / "content")
    tags, categories = allowed(REPO / "mkdocs.yml")
    (b / "mkdocs.yml").write_text(anchor_config(tags, categories), "utf-8")
    (c / "mkdocs.yml").write_text(floor_config(), "utf-8")
    mkdocs = (python, "-m", "mkdocs", "build", "--config-file", "mkdocs.yml", "--site-dir")
    out_b, out_c = workdir / "out-b", workdir / "out-c"
    return [
        Project(
            "a",
            "Rebound (rebound build)",
            a,
            workdir / "out-a",
            (python, "-m", "generator.cli", "build", "--out", str(workdir / "out-a")),
            caches=(a / ".cache",),
        ),
        Project("b", "mkdocs-material blog+tags+search", b, out_b, (*mkdocs, str(out_b))),
        Project("c", "mkdocs-material floor (search)", c, out_c, (*mkdocs, str(out_c))),
    ]
