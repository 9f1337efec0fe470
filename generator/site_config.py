"""What the content core needs to know from `mkdocs.yml`, read from a loaded MkDocs config.

The only module besides `plugin.py` and `cli.py` that knows MkDocs' config layout.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .content import ContentLayout, ContentRules

BLOG_PLUGIN = "material/blog"
TAGS_PLUGIN = "material/tags"


def project_root(config: MkDocsConfig) -> Path:
    """The folder holding mkdocs.yml: messages show paths relative to it."""
    return Path(config.config_file_path or ".").resolve().parent


def content_rules(config: MkDocsConfig) -> ContentRules:
    """Allowed tags and categories, as the tags and blog plugins are configured."""
    tags = config.plugins.get(TAGS_PLUGIN)
    blog = config.plugins.get(BLOG_PLUGIN)
    allowed_tags = frozenset(tag.name for tag in tags.config.tags_allowed) if tags else frozenset()
    categories = frozenset(blog.config.categories_allowed) if blog else frozenset()
    return ContentRules(allowed_tags=allowed_tags, allowed_categories=categories)


def content_layout(config: MkDocsConfig) -> ContentLayout:
    """Where the blog keeps posts and authors, following the blog plugin's settings."""
    blog = config.plugins.get(BLOG_PLUGIN)
    if blog is None:
        return ContentLayout()
    blog_dir = blog.config.blog_dir.strip("/")
    return ContentLayout(
        posts_dir=blog.config.post_dir.format(blog=blog_dir).strip("/"),
        authors_file=blog.config.authors_file.format(blog=blog_dir).strip("/"),
    )
