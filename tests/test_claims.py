"""Figures and research claims need sources; ordinary advice does not trip the check."""

from __future__ import annotations

import pytest

from generator.content import load_content
from generator.content.claims import unsourced_claims

from .conftest import ARTICLE_MD, REPO, SiteMaker

CLAIMS = [
    ("Employers fill more than 41% of vacancies from inside.", "41%"),
    ("About 41 per cent of roles go to insiders.", "41 per cent"),
    ("It was 4.5 percent last year.", "4.5 percent"),
    ("Forty per cent of people never hear back.", "Forty per cent"),
    ("Forty-one per-cent said so.", "Forty-one per-cent"),
    ("Research shows that rest helps you recover.", "Research shows"),
    ("Surveys found that managers decide fast.", "Surveys found"),
    ("Studies suggest a routine helps.", "Studies suggest"),
    ("A 2019 study of 500 managers in the UK found that", "study of 500 managers in the UK found"),
    ("One survey of employers found half regret a hire.", "survey of employers found"),
    ("Researchers at a university found the same.", "Researchers at a university found"),
    ("According to a recent survey, hiring is slow.", "According to a recent survey"),
    ("In one study, people who wrote kindly to themselves felt calmer.", "In one study"),
    ("Statistics show most roles are never advertised.", "Statistics show"),
]

ORDINARY = [
    "Research two companies you would like to work for.",
    "Did you research the company and the role?",
    "## Stage 2: Research",
    "Good research lets you link your experience to their needs.",
    "Weak research often shows up in your answers.",
    "Good research shows in your answers.",
    "Your research shows you what they care about.",
    "Make a one-page research template and use it for every application.",
    "Stage 4 research, and what you found there.",
    "Join a study group in the evening.",
    "Give it 100% on the day.",
    "I was a hundred per cent sure.",
    "Answered around 40 customer emails a day and cut the reply time by a day.",
    "Score each round from 1 to 5.",
    "See [the report](https://example.org/41%25) for more.",
    "Run `grep 50%` in a terminal.",
    "Spend 30 to 45 minutes, then stop.",
]


@pytest.mark.parametrize(("line", "quoted"), CLAIMS)
def test_a_figure_or_a_cited_study_needs_a_source(line: str, quoted: str) -> None:
    problems = unsourced_claims(f"Intro.\n\n{line}\n", 12, "content/a.md")
    assert len(problems) == 1
    assert problems[0].line == 14
    assert problems[0].field == "sources"
    assert f"('{quoted}')" in problems[0].message


@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_advice_needs_no_source(line: str) -> None:
    assert unsourced_claims(line, 1, "content/a.md") == []


def test_code_blocks_are_not_prose() -> None:
    assert unsourced_claims("```\n41% of people\n```\n~~~\nresearch shows\n~~~", 1, "x") == []


def test_an_article_with_sources_may_state_figures(make_site: SiteMaker) -> None:
    body = ARTICLE_MD.replace("It fills in what you could not see.", "41% of people agree.")
    sourced = body.replace(
        "step: 1\n",
        "step: 1\nsources:\n  - title: A survey\n    url: https://example.org/s\n"
        "    publisher: Example\n    year: 2020\n",
    )
    post = "content/articles/posts/ask-for-feedback-you-can-use.md"

    unsourced = load_content(make_site({post: body}) / "content")
    assert [p.format() for p in unsourced.problems] == [
        f"{post}:15: sources: this line states a figure ('41%') but the article lists no "
        "sources; add the primary source under sources: or remove the figure"
    ]
    assert load_content(make_site({post: sourced}) / "content").problems == []


def test_pages_other_than_articles_are_not_checked(make_site: SiteMaker) -> None:
    root = make_site({"content/about.md": "# About\n\nResearch shows 41% of things.\n"})
    assert load_content(root / "content").problems == []


def test_the_real_content_states_no_figure_without_a_source() -> None:
    assert [p.format() for p in load_content(REPO / "content").problems] == []
