"""Rendering a page body the way the site will, so checks see what readers get.

Scanning Markdown text line by line guesses where Markdown finds things: an
indented "```" is not a fence, a block inside a list item is still a block. So
the checks that matter (where checklist blocks are, what HTML a body makes)
render the body with the site's own Markdown extensions instead. Rendering is
slow next to a regex, so callers render only the bodies a quick scan flags.

Python-Markdown and pymdown-extensions only: no MkDocs imports.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

# What Rebound's mkdocs.yml enables; used when the caller knows no better.
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "toc",
    "admonition",
    "attr_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.superfences",
)
# Every line that might open a checklist block, wherever it sits.
CHECKLIST_OPENING = re.compile(r"^[ \t>]*/{3,}[ \t]*checklist\b(?P<rest>.*)$", re.MULTILINE)
_LINE_TAG = re.compile(r"^(?P<argument>.*?)\s*@@rebound-line-(?P<line>\d+)$", re.DOTALL)


@dataclass(frozen=True)
class RenderedBlock:
    """A checklist block as Markdown found it.

    Attributes:
        argument: what follows `|` on the opening line ("" when nothing does).
        line: the 0-based line of the opening line in the body.
    """

    argument: str
    line: int


@dataclass
class RenderedBody:
    html: str
    checklist_blocks: list[RenderedBlock] = field(default_factory=list)


class _RecordingChecklistBlock(Block):
    """Stands in for the real `checklist` block: records where it is, renders nothing."""

    NAME = "checklist"
    ARGUMENT = None  # optional, so a block without a slug is found (and reported)
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {}

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        match = _LINE_TAG.match(self.argument or "")
        if match:
            found: list[RenderedBlock] = self.config["found"]
            found.append(RenderedBlock(match["argument"].strip(), int(match["line"])))
        return etree.SubElement(parent, "div")


class _MessageBlock(Block):
    """Stands in for the `message` block: its text is shown as text, never as HTML."""

    NAME = "message"
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {}

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div")


class _RecordingExtension(BlocksExtension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"found": [[], "Where the blocks were found"]}
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: BlocksProcessor) -> None:
        block_mgr.register(_RecordingChecklistBlock, self.getConfigs())
        block_mgr.register(_MessageBlock, {})


class BodyRenderer:
    """Renders bodies with one Markdown instance, reset between bodies.

    Arguments:
        extensions: the site's `markdown_extensions` (names or instances).
        extension_configs: their options (`mdx_configs`).
    """

    def __init__(
        self,
        extensions: Sequence[str | markdown.Extension] = DEFAULT_EXTENSIONS,
        extension_configs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self._found: list[RenderedBlock] = []
        self._last: tuple[str, RenderedBody] | None = None
        self.signature: tuple[object, ...] = (tuple(extensions), _copied(extension_configs))
        """What shapes the HTML (compared with `==`): two renderers with equal
        signatures render every body alike."""
        self._md = markdown.Markdown(
            extensions=[*extensions, _RecordingExtension(found=self._found)],
            extension_configs=dict(extension_configs or {}),
        )

    def render(self, body: str) -> RenderedBody:
        """The body's HTML, and every checklist block Markdown found in it."""
        # The block finder and the safety check both ask for the same body in turn.
        if self._last is not None and self._last[0] == body:
            return self._last[1]
        rendered = self._render(body)
        self._last = (body, rendered)
        return rendered

    def _render(self, body: str) -> RenderedBody:
        self._found.clear()
        self._md.reset()
        html = self._md.convert(_tag_checklist_openings(body))
        return RenderedBody(html, list(self._found))


def _copied(configs: Mapping[str, Mapping[str, Any]] | None) -> object:
    """The options as they are now, or, when they cannot be copied, a token equal to
    nothing (so no other renderer is taken for this one)."""
    try:
        return copy.deepcopy(dict(configs or {}))
    except Exception:
        return object()


def _tag_checklist_openings(body: str) -> str:
    """Append each opening line's own line number to its argument.

    The argument is the only thing a block learns from its opening line, so this
    is how a found block tells which line it came from. Lines inside code stay
    code: the tag changes no line's structure.
    """
    lines = body.split("\n")
    for index, line in enumerate(lines):
        match = CHECKLIST_OPENING.match(line)
        if match is None:
            continue
        tag = f"@@rebound-line-{index}"
        lines[index] = line + (f" {tag}" if "|" in match["rest"] else f" | {tag}")
    return "\n".join(lines)


_DEFAULT_RENDERER: BodyRenderer | None = None


def default_renderer() -> BodyRenderer:
    """A renderer with Rebound's usual extensions, made once."""
    global _DEFAULT_RENDERER
    if _DEFAULT_RENDERER is None:
        _DEFAULT_RENDERER = BodyRenderer()
    return _DEFAULT_RENDERER
