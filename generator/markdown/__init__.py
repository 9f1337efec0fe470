"""Python-Markdown extensions of Rebound."""

from .checklist_block import ChecklistBlock, ChecklistExtension, checklist_blocks, makeExtension

__all__ = ["ChecklistBlock", "ChecklistExtension", "checklist_blocks", "makeExtension"]
