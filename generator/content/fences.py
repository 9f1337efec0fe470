"""Fenced code in Markdown text read line by line, for checks that skip code examples.

The checks that must see exactly what the page renders (checklist blocks, body
safety) render the body instead (see `rendering`); these are for line-based
checks where a code example read as prose only costs a spurious message.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def step_fence(line: str, fence: str | None) -> tuple[str | None, bool]:
    """The fence open after `line`, and whether `line` is itself a fence line.

    Arguments:
        fence: the fence open before `line` (its marker, e.g. "```"), or None.
    """
    match = _FENCE.match(line)
    if match is None:
        return fence, False
    marker = match.group(1)
    if fence is None:
        return marker[0] * len(marker), True
    return (None if marker.startswith(fence) else fence), True
