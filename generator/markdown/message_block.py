"""The `message` block: words a reader can copy and send.

```
/// message | Ask for feedback
Hi [Name], thank you for letting me know...
///
```

Built on pymdownx.blocks. The text inside is taken as it was written (raw, never
parsed as Markdown), turned into a `MessageTemplate` by the content core, and
rendered by `FragmentRenderer` (autoescaped): a panel with the subject, the text
with its `[placeholders]` marked, the list of placeholders, and a Copy button
that message.js reveals. Mistakes in a block are reported with file and line by
the content loader before any page renders.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any, ClassVar

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from ..content.messages import MessageTemplate, parse_message
from ..fragments import FragmentRenderer

RenderMessage = Callable[[MessageTemplate, int], str]


class MessageBlock(Block):
    """`/// message | <subject>`: a message panel with a Copy button."""

    NAME = "message"
    ARGUMENT = True
    OPTIONS: ClassVar[dict[str, tuple[Any, Callable[[Any], Any]]]] = {}

    def on_markdown(self) -> str:
        # The message is plain text, line for line: Markdown must not touch it.
        return "raw"

    def on_validate(self, parent: etree.Element) -> bool:
        # No options (not even `attrs`): the panel's markup is the template's alone.
        return not self.options.get("attrs")

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "rebound-message-embed"})

    def on_end(self, block: etree.Element) -> None:
        # Numbered per page (the tracker lives for one page) so every id is unique.
        number = self.tracker["count"] = self.tracker.get("count", 0) + 1
        message = parse_message(self.argument, block.text or "")
        render: RenderMessage = self.config["render"]
        block.text = self.md.htmlStash.store(render(message, number))


def render_with_package_templates(message: MessageTemplate, number: int) -> str:
    """The default renderer: this package's own message template."""
    return FragmentRenderer().message(message, number)


class MessageExtension(BlocksExtension):
    """Registers the `message` block.

    Config:
        render: turns a message and its number on the page into HTML
            (default: package templates).
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "render": [render_with_package_templates, "Callable rendering a message to HTML"],
        }
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        block_mgr.register(MessageBlock, self.getConfigs())


def makeExtension(**kwargs: Any) -> MessageExtension:
    return MessageExtension(**kwargs)
