"""One locale: the site is written in UK English, so US spellings fail the suite.

The list is of spellings, not words: "license" is fine as a verb in the UK
("licensed to practise") but the noun is "licence"; "practice" is the UK noun and
"practise" the verb; "program" is fine for a computer program. Where UK English
accepts a word, it is not on the list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REPO

CONTENT = REPO / "content"
CONTENT_FILES = sorted(CONTENT.rglob("*.md"))

# (pattern, the UK spelling to use). Patterns are matched case-insensitively.
US_SPELLINGS: list[tuple[str, str]] = [
    (r"counselors?|counselor's|counseling|counseled", "counsellor, counselling"),
    (r"colors?|colored|colorful|coloring", "colour"),
    (r"behaviors?|behavioral", "behaviour"),
    (r"favorites?|favorable|favorably|favors?|favored", "favourite, favour"),
    (r"honors?|honored|honorable|labors?|labored|neighbors?|neighborhoods?", "-our"),
    (r"humors?|rumors?|endeavors?|harbors?|flavors?|vigor|rigor|savior", "-our"),
    (r"centers?|centered|theaters?|fibers?|liters?|somber|meager|caliber", "-re"),
    (r"defense|offense|pretense", "-ence"),
    (r"(?:a|an|the|your|my|their|driving|driver's|practicing)\s+license", "licence (noun)"),
    (r"licenses\s+(?:and|or)\s+qualifications", "licences (noun)"),
    (r"practicing|practiced", "practising, practised (verb)"),
    (
        r"(?:to|you|I|we|they|then|and\s+then|can|could|will|would|should|must|did\s+you)"
        r"\s+practice\b(?!\s+(?:interviews?|questions?|runs?|sessions?|tests?)\b)",
        "practise (verb)",
    ),
    (
        r"practice\s+(?:your|my|it|them|this|that|these|those|out\s+loud|saying|answering)\b",
        "practise (verb)",
    ),
    (r"(?<!computer\s)(?<!software\s)(?<!TV\s)programs?\b", "programme"),
    (r"catalogs?|dialogs?|analog\b", "catalogue, dialogue"),
    (r"traveled|traveling|traveler|canceled|canceling|labeled|labeling|modeled|modeling", "-ll-"),
    (r"fueled|signaled|leveled|totaled|counseled|enrollment|fulfillment|installment", "-l-"),
    (r"fulfill|fulfills|enroll|enrolls|skillful|willful", "fulfil, enrol, skilful, wilful"),
    (r"gray|mom|moms|math|aluminum|pajamas|cozy|jewelry|plow|mold|tire\s+pressure", "UK word"),
    (r"\w+yz(?:e|es|ed|ing|er|ers)", "-yse (analyse)"),
    (r"(?!\w*(?:size|prize|seize|capsize|baize))\w+iz(?:e|es|ed|ing|ation|ations|er|ers)", "-ise"),
]

_PATTERNS = [
    (re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE | re.MULTILINE), uk)
    for pattern, uk in US_SPELLINGS
]


def us_spellings(text: str) -> list[tuple[int, str, str]]:
    """(line, the US spelling, what to write instead) for every US spelling in `text`."""
    found: list[tuple[int, str, str]] = []
    for pattern, uk in _PATTERNS:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((line, " ".join(match.group(0).split()), uk))
    return sorted(found)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: str(path.relative_to(CONTENT)))
def test_content_is_in_uk_english(path: Path) -> None:
    text = path.read_text("utf-8")
    shown = path.relative_to(REPO)
    problems = [
        f"{shown}:{line}: '{us}' is US spelling; write {uk}" for line, us, uk in us_spellings(text)
    ]
    assert problems == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Talk to a doctor or a counselor.",
        "A recruiter who specializes in your area.",
        "Don't criticize the employer.",
        "They name a license, a qualification or a number of years.",
        "Check that the license is current.",
        "Pick a color you like.",
        "Their behavior changed.",
        "Organize your notes.",
        "Analyze the job ad.",
        "A job center near you.",
        "A graduate program at a big firm.",
        "Your favorite part of the job.",
        "Don't apologize for asking.",
        "You may realize it later.",
        "Recognize the pattern.",
        "Prioritize two items.",
        "Practicing an answer until it flows.",
        "Did you practice your answers out loud?",
        "Practice my answer out loud twice.",
        "- Practice it with a friend.",
        "You need to practice more.",
        'Write it down, and practice it out loud. "Practice my answer twice."',
        "It was a traveling job.",
        "Fulfill the brief.",
        "A gray area.",
        "Summarize it in one line.",
        "The organization was small.",
    ],
)
def test_us_spellings_are_caught(sentence: str) -> None:
    assert us_spellings(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Talk to a doctor or a counsellor.",
        "A recruiter who specialises in your area.",
        "They name a licence, a qualification or a number of years.",
        "Are you licensed to practise here?",
        "They license the software to schools.",
        "A practice interview with a friend.",
        "Book a practice run, then practise out loud.",
        "In practice, most people mix both.",
        "Keep up the practice.",
        "It is good practice to reply.",
        "A computer program crashed.",
        "A graduate programme at a big firm.",
        "What size is the team? The prize was small. Seize the day.",
        "The citizen's advice office.",
        "Realise, recognise, prioritise, organise, analyse, centre, colour, behaviour.",
        "Your favourite part of the job.",
        "Show the programme of the day.",
        "Résumé is the word in the US and Canada; in the UK it is a CV.",
    ],
)
def test_uk_spellings_and_words_fine_in_the_uk_pass(sentence: str) -> None:
    assert us_spellings(sentence) == []
