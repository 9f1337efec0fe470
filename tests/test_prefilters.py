"""The quick scans before the content checks' slow work skip nothing they must catch.

Each check runs a cheap scan first and does its real work (rendering a body,
walking YAML events, reading lines) only where the scan finds something. These
tests hold each fast scan to the slow pattern it replaced, over every character
that case-insensitive matching treats specially and over random hostile text,
and check that the hostile spellings the scans exist for are still reported.
"""

from __future__ import annotations

import random
import re
import sys

import pytest

from generator.content import load_content
from generator.content.body_safety import QUICK_SCAN, check_body_safety, might_be_unsafe
from generator.content.caseless import fold_case
from generator.content.claims import _MAY_CLAIM, may_claim, unsourced_claims
from generator.content.messages import find_messages
from generator.content.problems import Problem
from generator.content.references import find_inline_checklists

from .conftest import SiteMaker

SLOW_QUICK_SCAN = re.compile(QUICK_SCAN, re.IGNORECASE)
ASCII_LETTER = re.compile("[a-z]", re.IGNORECASE)

# Characters a hostile body is made of: the scans' own punctuation, letters of their
# words in both cases, whitespace, and the letters re.IGNORECASE matches to ASCII.
ALPHABET = (
    list("<>/=:&#;![](){}@\"' \t\n-%.")
    + list("onscriptdaturlimpesecfvbjgy")
    + list("ONSCRIPTDATURLIMPESEC\u0130\u0131\u017f\u212a\u00e9\u00df\u2019")
)
WORDS = [
    "on",
    "onclick",
    "script",
    "javascript",
    "data",
    "url",
    "@import",
    "srcset",
    "&#",
    "&amp;",
    "![",
    "per cent",
    "percent",
    "study",
    "studies",
    "survey",
    "poll",
    "research",
    "statistics",
    "meta-analyses",
]


def hostile_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(ALPHABET)
            for _ in range(rng.randint(1, 30))
        ]
        text = "".join(parts)
        if rng.random() < 0.5:  # mixed case, as an author dodging a filter would write
            text = "".join(c.upper() if rng.random() < 0.5 else c for c in text)
        texts.append(text)
    return texts


# --- Folding -----------------------------------------------------------------------


def test_folding_matches_ignorecase_for_every_character() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    folded = fold_case(every)
    assert len(folded) == len(every)  # one for one, so positions hold

    def where(pattern: str, text: str, flags: int = 0) -> list[int]:
        return [match.start() for match in re.finditer(pattern, text, flags)]

    letters = where("[a-z]", every, re.IGNORECASE)
    assert where("[a-z]", folded) == letters
    assert len(letters) == 52 + 4  # ASCII, and the four twins `caseless` names
    for index in letters:
        assert re.fullmatch(folded[index], every[index], re.IGNORECASE), hex(index)
    assert where(r"\w", folded) == where(r"\w", every)
    assert where(r"\s", folded) == where(r"\s", every)
    for index in range(128):  # ASCII punctuation and digits are left alone
        assert every[index].isalpha() or folded[index] == every[index]


def test_folding_keeps_positions() -> None:
    text = "Stra\u00dfe \u0130stanbul \u017fcript: \u212aelvin"
    folded = fold_case(text)
    assert len(folded) == len(text)
    assert folded == "stra\u00dfe istanbul script: kelvin"


# --- The body-safety quick scan -------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_scan_flags_exactly_what_the_slow_pattern_did(seed: int) -> None:
    for text in hostile_texts(3000, seed):
        assert might_be_unsafe(text) == (SLOW_QUICK_SCAN.search(text) is not None), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "<SCRIPT>alert(1)</SCRIPT>",
        "< /a>",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\u017fcript:alert(1))",  # long s: re.IGNORECASE reads it as "s"
        "[x](DATA :text/html,hi)",
        "{: ONCLICK = 'x' }",
        "Some text {: on\u212aeyup=x }",  # Kelvin sign for "k"
        "&#106;avascript",
        "&NBSP;",
        "![a](b.png)",
        "background: URL (x)",
        "@IMPORT 'x'",
        "SRCSET",
        "{ title=x }",
        "[ref] : https://cdn.example/a.png",
        "a \u0130 on\u0130nput=x",  # dotted capital I
    ],
)
def test_every_part_of_the_quick_scan_flags_its_case(text: str) -> None:
    assert SLOW_QUICK_SCAN.search(text)
    assert might_be_unsafe(text)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("A line.\n\n<ScRiPt>alert(1)</ScRiPt>\n", "<script>"),
        ('<a href="JAVA\u017fCRIPT:alert(1)">x</a>\n', "links are not allowed"),
        ('A paragraph.\n{: ONMOUSEOVER="alert(1)" }\n', "'onmouseover'"),
        ("![chart](HTTPS://cdn.example/c.png)\n", "would be loaded from another site"),
        ("[x][r]\n\n[r]: JavaScript:alert(1)\n", "'javascript:' links are not allowed"),
    ],
)
def test_hostile_bodies_in_any_case_are_still_reported(body: str, needle: str) -> None:
    problems: list[Problem] = []
    check_body_safety(body, 5, "content/x.md", problems)
    assert any(needle in problem.message for problem in problems), problems


def test_a_safe_body_is_not_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.content import body_safety

    def refuse(*args: object) -> None:
        raise AssertionError("rendered a body the quick scan passes")

    monkeypatch.setattr(body_safety, "default_renderer", refuse)
    check_body_safety("Plain words.\n\n## A heading\n\n- a list\n", 5, "x.md", [])


# --- The unsourced-figures quick scan -------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_the_claim_scan_passes_every_text_the_slow_pattern_finds(seed: int) -> None:
    for text in hostile_texts(3000, seed):
        if _MAY_CLAIM.search(text):
            assert may_claim(text), repr(text)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("RESEARCH SHOWS that rest helps.", "RESEARCH SHOWS"),
        ("Re\u017fearch shows that rest helps.", "Re\u017fearch shows"),  # long s
        ("About 41 PER CENT of roles go to insiders.", "41 PER CENT"),
        ("Statistics \u017fhow most roles are never advertised.", "Statistics \u017fhow"),
    ],
)
def test_figures_in_any_case_are_still_reported(line: str, found: str) -> None:
    problems = unsourced_claims(f"Intro.\n\n{line}\n", 8, "content/a.md")
    assert [problem.line for problem in problems] == [10]
    assert f"('{found}')" in problems[0].message


# --- Blocks: only bodies that hold "///" are read for them ----------------------------


def test_blocks_are_found_wherever_markdown_finds_them() -> None:
    problems: list[Problem] = []
    body = "- a list item\n\n    /// checklist | plan\n    ///\n\n> /// message\n> Hi\n> ///\n"
    refs = find_inline_checklists(body, 4, "x.md", problems)
    assert [ref.slug for ref in refs] == ["plan"]
    assert find_messages("/// message\nHi\n", 4, "x.md", problems) == ()
    assert [problem.message for problem in problems] == [
        "is never closed: add a '///' line after the last line of the message"
    ]


# --- YAML features: only front matter with '&', '*' or '!' is walked -------------------


@pytest.mark.parametrize(
    ("front", "needle"),
    [
        ("title: &t A title\ndescription: *t\n", "YAML anchor ('&t')"),
        ("title: !!str A title\n", "YAML tags ('!!str')"),
        ("title: !custom A title\n", "YAML tags ('!custom')"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_yaml_features_and_mistakes_are_still_refused(
    make_site: SiteMaker, front: str, needle: str
) -> None:
    root = make_site(files={"content/articles/posts/x.md": f"---\n{front}---\n\nBody.\n"})
    result = load_content(root / "content", display_root=root)
    messages = [p.message for p in result.problems if p.path.endswith("/x.md")]
    assert any(needle in message for message in messages), messages
