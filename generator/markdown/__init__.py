"""Python-Markdown extensions of Rebound."""

from .checklist_block import ChecklistBlock, ChecklistExtension, checklist_blocks
from .message_block import MessageBlock, MessageExtension

__all__ = [
    "ChecklistBlock",
    "ChecklistExtension",
    "MessageBlock",
    "MessageExtension",
    "checklist_blocks",
]
