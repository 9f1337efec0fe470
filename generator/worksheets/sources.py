"""Where worksheets live in the site, and the Markdown sources of their virtual pages.

Every checklist becomes a worksheet page (`worksheets/<slug>.md`, served at
`/worksheets/<slug>/`) and a PDF (`/worksheets/<slug>.pdf`); the index
(`worksheets/index.md`) lists them and the workbook. These pages exist only in
the build: the plugin adds them as generated files, never into `content/`.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..content import Catalog, Checklist
from ..content.references import find_inline_checklists

WORKSHEETS_DIR = "worksheets"
INDEX_SRC_URI = f"{WORKSHEETS_DIR}/index.md"
WORKBOOK_PDF = f"{WORKSHEETS_DIR}/rebound-workbook.pdf"
INDEX_TITLE = "Worksheets"
INDEX_DESCRIPTION = (
    "Every checklist as a worksheet to print, or as a PDF to fill in on your computer, "
    "and all five together as one workbook."
)


def worksheet_src_uri(slug: str) -> str:
    """The virtual page of a checklist's worksheet, as if it were in the content folder."""
    return f"{WORKSHEETS_DIR}/{slug}.md"


def worksheet_pdf(slug: str) -> str:
    """The worksheet's PDF, relative to the site root."""
    return f"{WORKSHEETS_DIR}/{slug}.pdf"


@dataclass(frozen=True)
class VirtualPage:
    """A page generated at build time: where it pretends to be, and its Markdown."""

    src_uri: str
    markdown: str
    checklist: Checklist | None = None
    """The checklist a worksheet page lays out; None for the index."""


def virtual_pages(catalog: Catalog) -> list[VirtualPage]:
    """The worksheets index and one worksheet page per checklist, in path order."""
    index_meta = {"title": INDEX_TITLE, "description": INDEX_DESCRIPTION}
    pages = [VirtualPage(INDEX_SRC_URI, _source(index_meta, ""))]
    for checklist in catalog.checklists_in_path_order():
        meta = {
            "title": f"Worksheet: {checklist.title}",
            "description": checklist.description,
            # The interactive checklist is what search should find; this is its paper twin.
            "search": {"exclude": True},
            "hide": ["toc"],
        }
        body = without_checklist_blocks(checklist.body)
        pages.append(VirtualPage(worksheet_src_uri(checklist.slug), _source(meta, body), checklist))
    return pages


def without_checklist_blocks(body: str) -> str:
    """The introduction without `/// checklist | slug` blocks: paper gets no interactive form.

    Uses the content core's own block finder, so fenced examples are left alone.
    """
    blocks = find_inline_checklists(body, 0, "", [])
    if not blocks:
        return body
    lines = body.splitlines()
    dropped: set[int] = set()
    for block in blocks:
        dropped.add(block.line)
        closing = next(
            i for i in range(block.line + 1, len(lines)) if lines[i].strip().startswith("///")
        )
        dropped.add(closing)
    return "\n".join(line for index, line in enumerate(lines) if index not in dropped) + "\n"


def _source(meta: dict[str, object], body: str) -> str:
    front_matter = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{front_matter}---\n\n{body}"
