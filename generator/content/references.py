"""Finding `/// checklist | <slug>` blocks in a Markdown body, with their lines.

Blocks are found where Markdown finds them: a body that mentions a checklist
block at all is rendered with the site's extensions (see `rendering`), so a
block inside a list counts and an example inside code does not, exactly as on
the page. Bodies that never mention one are not rendered.
"""

from __future__ import annotations

import re

from .fields import ID_PATTERN
from .models import ChecklistRef
from .problems import Problem
from .rendering import CHECKLIST_OPENING, BodyRenderer, default_renderer

_BLOCK_END = re.compile(r"^[ \t>]*/{3,}\s*$")


def find_inline_checklists(
    body: str,
    body_line: int,
    display_path: str,
    problems: list[Problem],
    renderer: BodyRenderer | None = None,
) -> tuple[ChecklistRef, ...]:
    """Every checklist block in `body`, reporting malformed and repeated ones.

    Arguments:
        body_line: the file line where the body starts, so lines point into the file.
        renderer: renders bodies as the site does (default: Rebound's usual extensions).
    """
    # Every opening line holds "///": `in` finds that at a tenth of the pattern's time.
    if "///" not in body or not CHECKLIST_OPENING.search(body):
        return ()
    blocks = (renderer or default_renderer()).render(body).checklist_blocks
    found: list[ChecklistRef] = []
    lines = body.split("\n")
    for block in blocks:
        index = block.line
        line_number = body_line + index
        slug = block.argument.strip()
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
        earlier = next((placed for placed in found if placed.slug == slug), None)
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
