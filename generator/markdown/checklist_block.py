"""The `checklist` block: place an interactive checklist in any page.

```
/// checklist | ask-for-feedback
///
```

Built on pymdownx.blocks. The block renders the checklist's form (from
`FragmentRenderer`, autoescaped) and stashes it as raw HTML, so Markdown never
touches it. Unknown slugs are reported with file and line by the content
loader before rendering; meeting one here is a programming error.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from ..content import Checklist
from ..fragments import FragmentRenderer

RenderChecklist = Callable[[Checklist], str]


class UnknownChecklistError(LookupError):
    """A block names a checklist the catalog does not have."""


class ChecklistBlock(Block):
    """`/// checklist | <slug>`: the checklist's form, in place."""

    NAME = "checklist"
    ARGUMENT = True
    OPTIONS: ClassVar[dict[str, tuple[Any, Callable[[Any], Any]]]] = {}

    def on_markdown(self) -> str:
        # Anything written inside the block is ignored, never parsed as Markdown.
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        slug = self.argument.strip()
        checklists: Mapping[str, Checklist] = self.config["checklists"]
        if slug not in checklists:
            raise UnknownChecklistError(f"no checklist '{slug}' exists")
        self.checklist = checklists[slug]
        return etree.SubElement(parent, "div", {"class": "rebound-checklist-embed"})

    def on_end(self, block: etree.Element) -> None:
        render: RenderChecklist = self.config["render"]
        block.text = self.md.htmlStash.store(render(self.checklist))


def render_with_package_templates(checklist: Checklist) -> str:
    """The default renderer: this package's own form template."""
    return FragmentRenderer().checklist_form(checklist)


class ChecklistExtension(BlocksExtension):
    """Registers the `checklist` block.

    Config:
        checklists: the checklists by slug.
        render: turns a checklist into its form HTML (default: package templates).
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "checklists": [{}, "Checklists by slug"],
            # Not None: Python-Markdown would coerce a None-default option to a bool.
            "render": [render_with_package_templates, "Callable rendering a Checklist to HTML"],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        block_mgr.register(ChecklistBlock, self.getConfigs())


def checklist_blocks(slugs: Iterable[str]) -> str:
    """Markdown that places each checklist, for appending to a page."""
    return "".join(f"\n\n/// checklist | {slug}\n///\n" for slug in slugs)


def makeExtension(**kwargs: Any) -> ChecklistExtension:
    return ChecklistExtension(**kwargs)
