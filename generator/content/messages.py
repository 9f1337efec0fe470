"""Message templates: words a reader can copy and send, written as a block.

```
/// message | Ask for feedback
Hi [Name], thank you for letting me know...

Best wishes,
[Your name]
///
```

The subject is plain text (at most 90 characters); the message is plain text
too, kept line for line, with `[placeholders]` for what the reader fills in.
`find_messages` checks every block in a page body the way `rebound check` needs
(file and line for each problem); `parse_message` turns a block's subject and
text into the model both the check and the Markdown block use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .fences import step_fence
from .fields import HTML_TAG
from .problems import Problem

SUBJECT_MAX = 90
TEXT_MAX = 3000

_BLOCK_START = re.compile(r"^\s*/{3,}\s*message\b\s*(?:\|\s*(?P<subject>.*?))?\s*$")
_ANY_BLOCK_START = re.compile(r"^\s*/{3,}\s*[A-Za-z]")
_BLOCK_END = re.compile(r"^\s*/{3,}\s*$")
_PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,60})\]")
# pymdownx.blocks reads indented lines right after the opening line as options.
_OPTION_LINE = re.compile(r"^(?: {4}|\t)")

FIELD = "message block"

Report = Callable[[int, str], None]
"""Records a problem at a file line."""


@dataclass(frozen=True)
class Segment:
    """A run of message text; a placeholder is text the reader replaces, brackets included."""

    text: str
    placeholder: bool = False


Line = tuple[Segment, ...]
Paragraph = tuple[Line, ...]


@dataclass(frozen=True)
class MessageTemplate:
    """A message a reader can copy.

    Attributes:
        subject: what the message is for ("Ask for feedback"), plain text.
        paragraphs: the text as paragraphs of lines of segments, for the page.
        text: the plain text the Copy button copies: lines kept, paragraphs
            separated by a blank line.
        placeholders: each distinct `[placeholder]`, in order of first use.
        line: the file line of the opening `/// message` (0 when not from a file).
    """

    subject: str
    paragraphs: tuple[Paragraph, ...]
    text: str
    placeholders: tuple[str, ...]
    line: int = 0


def parse_message(subject: str, text: str, line: int = 0) -> MessageTemplate:
    """Build a message from its subject and its text (paragraphs split by blank lines)."""
    paragraphs: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = tuple(_segments(raw.strip()) for raw in block.splitlines() if raw.strip())
        if lines:
            paragraphs.append(lines)
    plain = "\n\n".join(
        "\n".join("".join(segment.text for segment in line) for line in paragraph)
        for paragraph in paragraphs
    )
    placeholders = tuple(dict.fromkeys(f"[{found}]" for found in _PLACEHOLDER.findall(plain)))
    return MessageTemplate(" ".join(subject.split()), tuple(paragraphs), plain, placeholders, line)


def _segments(line: str) -> Line:
    segments: list[Segment] = []
    position = 0
    for match in _PLACEHOLDER.finditer(line):
        if match.start() > position:
            segments.append(Segment(line[position : match.start()]))
        segments.append(Segment(match.group(0), placeholder=True))
        position = match.end()
    if position < len(line):
        segments.append(Segment(line[position:]))
    return tuple(segments)


def find_messages(
    body: str, body_line: int, display_path: str, problems: list[Problem]
) -> tuple[MessageTemplate, ...]:
    """Every message block in `body`, reporting each mistake with its file line.

    Arguments:
        body_line: the file line where the body starts, so lines point into the file.
    """
    found: list[MessageTemplate] = []
    if "///" not in body:
        return ()  # every block opens with "///"; most bodies hold no block at all
    lines = body.splitlines()
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fence, fence_line = step_fence(line, fence)
        start = None if fence is not None or fence_line else _BLOCK_START.match(line)
        if start is None:
            index += 1
            continue
        opening = body_line + index
        end = next((i for i in range(index + 1, len(lines)) if _BLOCK_END.match(lines[i])), None)
        report = _reporter(display_path, problems)
        if end is None:
            report(
                opening,
                "is never closed: add a '///' line after the last line of the message",
            )
            return tuple(found)
        message = _check_block(
            (start.group("subject") or "").strip(),
            lines[index + 1 : end],
            opening,
            report,
        )
        if message is not None:
            found.append(message)
        index = end + 1
    return tuple(found)


def _reporter(display_path: str, problems: list[Problem]) -> Report:
    def report(line: int, message: str) -> None:
        problems.append(Problem(display_path, line, FIELD, message))

    return report


def _check_block(
    subject: str, text_lines: list[str], opening: int, report: Report
) -> MessageTemplate | None:
    failed = False
    if not subject:
        report(
            opening,
            "needs a subject: write '/// message | Ask for feedback', then the message, then '///'",
        )
        failed = True
    elif match := HTML_TAG.search(subject):
        report(
            opening,
            f"the subject contains HTML ('{match.group(0)}'); it is plain text, so remove the tag",
        )
        failed = True
    elif len(" ".join(subject.split())) > SUBJECT_MAX:
        report(
            opening,
            f"the subject is {len(' '.join(subject.split()))} characters long; "
            f"shorten it to {SUBJECT_MAX} or fewer",
        )
        failed = True
    first_text = next((i for i, text in enumerate(text_lines) if text.strip()), None)
    if first_text is None:
        report(opening, "has no message: write the words to send between the opening and '///'")
        return None
    if first_text == 0 and _OPTION_LINE.match(text_lines[0]):
        report(
            opening + 1,
            "the message starts with an indented line, which would be read as block "
            "options; remove the indentation",
        )
        failed = True
    for offset, text in enumerate(text_lines, start=1):
        if _ANY_BLOCK_START.match(text):
            report(
                opening + offset,
                "a message cannot hold another block; close the message with '///' first",
            )
            failed = True
        elif match := HTML_TAG.search(text):
            report(
                opening + offset,
                f"the message contains HTML ('{match.group(0)}'); write plain text, "
                "the page adds the formatting",
            )
            failed = True
    message = parse_message(subject, "\n".join(text_lines), opening)
    if len(message.text) > TEXT_MAX:
        report(
            opening,
            f"the message is {len(message.text)} characters long; keep it to {TEXT_MAX} or "
            "fewer, so it is quick to read and send",
        )
        failed = True
    return None if failed else message
