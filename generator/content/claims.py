"""Figures and research claims in an article's body, which need a source.

Readers come to Rebound on a bad day and take what it says on trust, so an
article that states a percentage ("41%", "forty per cent") or leans on a study,
survey or research ("research shows", "one survey found") must list where that
comes from under `sources:`. These checks find such lines, precisely enough that
ordinary advice ("research the company", "your research shows in your answers")
passes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .caseless import fold_case
from .fences import step_fence
from .problems import Problem

_INLINE_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->")

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_PER_CENT = r"(?:per[\s-]?cent|percent)\b"
_PERCENTAGE = re.compile(
    r"(?<![\w.,])(?P<digits>\d+(?:[.,]\d+)?)\s?(?:%|" + _PER_CENT + r")"
    rf"|\b(?P<words>(?:{_TENS})(?:[\s-](?:{_UNITS}))?|{_TEENS}|{_UNITS}|a\s+hundred|"
    rf"one\s+hundred)\s+{_PER_CENT}",
    re.IGNORECASE,
)
# "100%" and "a hundred per cent" are ways of saying "completely", not statistics.
_WHOLE = {"100", "a hundred", "one hundred"}

# What a claim leans on, and the verbs that report what it found.
_EVIDENCE = r"stud(?:y|ies)|surveys?|polls?|research|researchers|statistics|meta-analys[ie]s"
_REPORTS = (
    r"shows?|showed|shown|finds?|found|suggests?|suggested|says|said|reports?|reported|"
    r"reveals?|revealed|indicates?|indicated|concludes?|concluded|estimates?|estimated|"
    r"proves?|proved|proven|confirms?|confirmed|demonstrates?|demonstrated|tells\s+us"
)
_NEW_SUBJECT = r"and|but|or|so|then|you|i|we|they|he|she"
# Whose work it is: "your research shows" is the reader's own, not a citation.
_OWN = re.compile(r"(?:my|your|our|their|his|her|its)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CITATION = re.compile(
    rf"\b(?P<evidence>{_EVIDENCE})\b"
    # Up to eight words in between ("a 2019 study of 500 managers in the UK found"),
    # never across the end of a sentence or clause, nor past "and" or "you" (a new
    # subject: "research, and what you found").
    rf"(?P<between>(?:[^\w.!?;:]+(?!(?:{_NEW_SUBJECT})\b)[\w'\u2019-]+){{0,8}}?)[^\w.!?;:]+"
    rf"(?P<verb>{_REPORTS})\b"
    # "shows up", "shows in your answers": showing, not reporting.
    r"(?!\s+(?:up|in|through|on|off|itself)\b)",
    re.IGNORECASE,
)
# "In one study, ..." cites without a reporting verb; "in a study group" does not.
_IN_A_STUDY = re.compile(
    r"\b(?:in|from)\s+(?:(?:a|an|one|another|this|that|recent|new|large|small|\d{4})\s+)+"
    r"(?P<evidence>study|survey|poll)\b"
    r"(?!\s+(?:group|plan|session|room|hall|guide|break|buddy|area|space|period|day|leave)\b)",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(
    rf"\baccording\s+to\s+(?:(?:a|an|one|the|some|this|that|recent|new|\d{{4}})\s+)*"
    rf"(?:\w+\s+){{0,2}}?(?P<evidence>{_EVIDENCE})\b",
    re.IGNORECASE,
)

# Every claim above holds one of these words or a per cent: lines without one are
# passed over before the slower patterns run.
_MAY_CLAIM = re.compile(
    rf"%|per[\s-]?cent|percent|{_EVIDENCE}|stud(?:y|ies)|survey|poll", re.IGNORECASE
)
# ... searched case-sensitively in folded text (see `caseless`): the same matches, faster.
_MAY_CLAIM_FOLDED = re.compile(_MAY_CLAIM.pattern)
# Every match of `_MAY_CLAIM` holds one of these: a body holding none (once folded)
# has no claim, found with `in` at a fiftieth of the pattern's time.
_CLAIM_WORDS = ("%", "cent", "stud", "survey", "poll", "research", "statistics", "meta-analys")

FIGURE_MESSAGE = (
    "this line states a figure ('{found}') but the article lists no sources; "
    "add the primary source under sources: or remove the figure"
)
CITATION_MESSAGE = (
    "this line cites research ('{found}') but the article lists no sources; "
    "add the primary source under sources: or remove the claim"
)


def unsourced_claims(body: str, body_line: int, display_path: str) -> list[Problem]:
    """A problem for each body line that states a figure or cites research.

    Called for articles without `sources:`.

    Arguments:
        body_line: the file line where the body starts, so lines point into the file.
    """
    problems: list[Problem] = []
    if not may_claim(body):
        return problems
    for number, text in _prose_lines(body, body_line):
        if not _MAY_CLAIM_FOLDED.search(fold_case(text)):
            continue
        message = _claim_in(text)
        if message:
            problems.append(Problem(display_path, number, "sources", message))
    return problems


def may_claim(text: str) -> bool:
    """Whether `text` might state a figure or cite research: a quick, exact superset."""
    folded = fold_case(text)
    return any(word in folded for word in _CLAIM_WORDS)


def _claim_in(text: str) -> str | None:
    """The message for the first claim on a line, or None."""
    for match in _PERCENTAGE.finditer(text):
        amount = " ".join((match.group("digits") or match.group("words")).lower().split())
        if amount not in _WHOLE:
            return FIGURE_MESSAGE.format(found=" ".join(match.group(0).split()))
    for match in _CITATION.finditer(text):
        if _OWN.search(text[: match.start()]):
            continue
        return CITATION_MESSAGE.format(found=_quote(match))
    for pattern in (_ACCORDING_TO, _IN_A_STUDY):
        if match := pattern.search(text):
            return CITATION_MESSAGE.format(found=" ".join(match.group(0).split()))
    return None


def _quote(match: re.Match[str]) -> str:
    found = " ".join(match.group(0).split())
    if len(found) <= 40:
        return found
    return f"{match.group('evidence')} ... {match.group('verb')}"


def _prose_lines(body: str, body_line: int) -> Iterator[tuple[int, str]]:
    """Each line a reader reads, with its file line: no code, link targets or comments."""
    fence: str | None = None
    for index, line in enumerate(body.splitlines()):
        fence, fence_line = step_fence(line, fence)
        if fence_line or fence is not None:
            continue
        text = _HTML_COMMENT.sub(" ", _LINK_TARGET.sub("]", _INLINE_CODE.sub(" ", line)))
        if text.strip():
            yield body_line + index, text
