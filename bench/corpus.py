"""A deterministic synthetic corpus: N articles of about 900 words, plus the real site.

The same seed and N always give byte-identical files, so runs on different days
compare like with like. Front matter is valid under Rebound's schema: tags from
`tags_allowed`, categories from `categories_allowed`, a step, and `checklists:`
naming the five real checklists. The real checklists, their published-id record,
the authors file and the real non-article pages are copied from `content/`.
"""

from __future__ import annotations

import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEED = 20261105
TARGET_WORDS = 900

CHECKLISTS = ("ask-for-feedback", "reflect", "plan", "refine", "be-resilient")

_WORD_TEXT = (
    "feedback interview recruiter employer role application skills plan week notes "
    "question answer example reason progress habit energy rest friend mentor search "
    "job market offer stage process panel screen call email letter portfolio project "
    "team manager hiring decision outcome lesson pattern theme strength gap evidence "
    "story result impact measure goal target routine calendar list draft version "
    "sector company culture value pay location commute contract skill course practice "
    "mock review summary profile network contact coffee message follow-up thanks kind "
    "calm steady clear short honest useful specific small simple careful patient "
    "write ask reflect rate note keep change try learn share read prepare choose"
)
WORDS = tuple(_WORD_TEXT.split())

HEADINGS = (
    "Why it matters",
    "What to do first",
    "A simple routine",
    "Questions to ask yourself",
    "Common mistakes",
    "An example from practice",
    "When progress stalls",
    "What to keep doing",
    "Next steps",
)


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def article_body(rng: random.Random, words: int = TARGET_WORDS) -> str:
    """An introduction, then `##` sections of paragraphs, a bullet or numbered list each."""
    parts = [_paragraph(rng, 4)]
    count = len(parts[0].split())
    for heading in rng.sample(HEADINGS, len(HEADINGS)):
        if count >= words:
            break
        section = [f"## {heading}", _paragraph(rng, rng.randint(3, 5))]
        marker = rng.choice(("-", "1."))
        section.append("\n".join(f"{marker} {_sentence(rng)}" for _ in range(rng.randint(3, 5))))
        section.append(_paragraph(rng, rng.randint(2, 4)))
        count += sum(len(block.split()) for block in section)
        parts.extend(section)
    return "\n\n".join(parts) + "\n"


def allowed(config_file: Path) -> tuple[list[str], list[str]]:
    """The allowed tags and categories, as the site's mkdocs.yml lists them."""
    # mkdocs.yml may hold !!python tags in general; ours does not, so BaseLoader suffices.
    config = yaml.load(config_file.read_text("utf-8"), Loader=yaml.BaseLoader)
    tags: list[str] = []
    categories: list[str] = []
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict):
            options = next(iter(plugin.values())) or {}
            tags = options.get("tags_allowed", tags)
            categories = options.get("categories_allowed", categories)
    return tags, categories


def article(rng: random.Random, index: int, tags: list[str], categories: list[str]) -> str:
    """One article file: front matter valid under Rebound's schema, then the body."""
    step = rng.randint(1, 5)
    created = date(2024, 1, 1) + timedelta(days=index % 900)
    front = {
        "title": f"Synthetic article {index:04d}: {rng.choice(HEADINGS).lower()}",
        "description": _sentence(rng)[:190],
        "date": created,
        "authors": ["rebound"],
        "tags": sorted(rng.sample(tags, rng.randint(1, 3))),
        "categories": [rng.choice(categories)],
        "step": step,
        "checklists": [CHECKLISTS[step - 1]],
    }
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n\n{article_body(rng)}"


def write_corpus(content: Path, articles: int, *, seed: int = SEED) -> None:
    """Write a content folder: the real site minus its articles, plus `articles` synthetic ones."""
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("posts"))
    _unlink_real_articles(content)
    posts = content / "articles" / "posts"
    posts.mkdir(parents=True)
    tags, categories = allowed(REPO / "mkdocs.yml")
    rng = random.Random(seed)
    for index in range(1, articles + 1):
        (posts / f"synthetic-{index:04d}.md").write_text(
            article(rng, index, tags, categories), "utf-8"
        )


# A link from a page we keep (a checklist's introduction) to a real article, which
# the corpus leaves out: kept as its text, so the strict build has no broken link.
ARTICLE_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)*articles/posts/[^)]*\)")


def _unlink_real_articles(content: Path) -> None:
    for path in content.rglob("*.md"):
        text = path.read_text("utf-8")
        unlinked = ARTICLE_LINK.sub(r"\1", text)
        if unlinked != text:
            path.write_text(unlinked, "utf-8")


CHECKLIST_BLOCK = re.compile(r"^/// checklist[^\n]*\n(?:[^\n]*\n)*?///\n", re.MULTILINE)
TEMPLATE_KEY = re.compile(r"^template: [^\n]*\n", re.MULTILINE)


def plain_material_copy(content: Path, target: Path) -> None:
    """The same Markdown for plain mkdocs-material, with the two Rebound-only bits removed.

    `/// checklist | slug` blocks (an inline checklist; the synthetic articles have
    none, only `checklists:` front matter) and `template: home.html`, which exists
    only in Rebound's overrides. Everything else is byte-identical.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(content, target)
    for path in target.rglob("*.md"):
        text = path.read_text("utf-8")
        stripped = TEMPLATE_KEY.sub("", CHECKLIST_BLOCK.sub("", text))
        if stripped != text:
            path.write_text(stripped, "utf-8")
