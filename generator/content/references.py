"""Finding `/// checklist | <slug>` blocks in a Markdown body, with their lines.

`rebound check` validates references without rendering Markdown, so this scans
lines the way pymdownx.blocks reads them, skipping fenced code examples.
"""

from __future__ import annotations

import re

from .fields import ID_PATTERN
from .models import ChecklistRef
from .problems import Problem

_BLOCK_START = re.compile(r"^\s*/{3,}\s*checklist\b\s*(?:\|\s*(?P<slug>.*?))?\s*$")
_BLOCK_END = re.compile(r"^\s*/{3,}\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def find_inline_checklists(
    body: str, body_line: int, display_path: str, problems: list[Problem]
) -> tuple[ChecklistRef, ...]:
    """Every checklist block in `body`, reporting malformed and repeated ones.

    Arguments:
        body_line: the file line where the body starts, so lines point into the file.
    """
    found: list[ChecklistRef] = []
    lines = body.splitlines()
    fence: str | None = None
    for index, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = _BLOCK_START.match(line)
        if not match:
            continue
        line_number = body_line + index
        slug = (match.group("slug") or "").strip()
        if not slug:
            problems.append(
                Problem(
                    display_path,
                    line_number,
                    "checklist block",
                    "names no checklist; write '/// checklist | <slug>', e.g. "
                    "'/// checklist | ask-for-feedback'",
                )
            )
            continue
        if not ID_PATTERN.match(slug):
            problems.append(
                Problem(
                    display_path,
                    line_number,
                    "checklist block",
                    f"'{slug}' is not a checklist slug (lowercase letters, digits and hyphens)",
                )
            )
            continue
        following = next((text for text in lines[index + 1 :] if text.strip()), None)
        if following is None or not _BLOCK_END.match(following):
            problems.append(
                Problem(
                    display_path,
                    line_number,
                    "checklist block",
                    "a checklist block has no content: close it with a '///' line "
                    "right after the opening line",
                )
            )
            continue
        earlier = next((block for block in found if block.slug == slug), None)
        if earlier is not None:
            problems.append(
                Problem(
                    display_path,
                    line_number,
                    "checklist block",
                    f"'{slug}' is already placed on line {earlier.line}; a checklist "
                    "appears at most once per page",
                )
            )
            continue
        found.append(ChecklistRef(slug, line_number))
    return tuple(found)
