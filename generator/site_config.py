"""What the content core needs to know from `mkdocs.yml`, read from a loaded MkDocs config.

The only module besides `plugin.py` and `cli.py` that knows MkDocs' config layout.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .content import ContentLayout, ContentRules

REBOUND_PLUGIN = "rebound"
TAGS_PLUGIN = "material/tags"


def project_root(config: MkDocsConfig) -> Path:
    """The folder holding mkdocs.yml: messages show paths relative to it."""
    return Path(config.config_file_path or ".").resolve().parent


def content_rules(config: MkDocsConfig) -> ContentRules:
    """Allowed tags (the tags plugin's `tags_allowed`) and categories (our plugin's
    `categories_allowed`)."""
    tags = config.plugins.get(TAGS_PLUGIN)
    rebound = config.plugins.get(REBOUND_PLUGIN)
    allowed_tags = frozenset(tag.name for tag in tags.config.tags_allowed) if tags else frozenset()
    categories = (
        frozenset(rebound.config.get("categories_allowed") or ()) if rebound else frozenset()
    )
    return ContentRules(allowed_tags=allowed_tags, allowed_categories=categories)


def content_layout(config: MkDocsConfig) -> ContentLayout:
    """Where articles, checklists and authors live: fixed by the content contract."""
    return ContentLayout()
