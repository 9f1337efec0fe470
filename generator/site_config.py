"""What the content core needs to know from `mkdocs.yml`, read from a loaded MkDocs config.

The only module besides `plugin.py` and `cli.py` that knows MkDocs' config layout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .content import ContentLayout, ContentRules
from .content.rendering import BodyRenderer

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
    theme_dirs = tuple(Path(folder) for folder in config.theme.dirs)
    statuses = frozenset({"new", "deprecated", *(config.extra.get("status") or {})})
    return ContentRules(
        allowed_tags=allowed_tags,
        allowed_categories=categories,
        templates=page_templates(theme_dirs),
        icons=lambda name: icon_exists(theme_dirs, name),
        page_statuses=statuses,
    )


def theme_override_dirs(config: MkDocsConfig) -> tuple[Path, ...]:
    """The site's own theme folder (`custom_dir`): its files are published with the site."""
    custom_dir = config.theme.custom_dir
    return (Path(custom_dir),) if custom_dir else ()


def body_renderer(config: MkDocsConfig) -> BodyRenderer:
    """Renders page bodies with the site's Markdown extensions, for the content checks."""
    extensions = [name for name in config.markdown_extensions if isinstance(name, str)]
    return BodyRenderer(extensions, config.mdx_configs)


def page_templates(theme_dirs: tuple[Path, ...]) -> frozenset[str]:
    """Template files at the top of the theme folders: what `template:` may name."""
    return frozenset(
        path.name for folder in theme_dirs if folder.is_dir() for path in folder.glob("*.html")
    )


def icon_exists(theme_dirs: tuple[Path, ...], name: str) -> bool:
    """Whether `name` (`material/arrow-left`) is an SVG in a theme's `.icons` folder."""
    return _icon_exists(theme_dirs, name)


@cache
def _icon_exists(theme_dirs: tuple[Path, ...], name: str) -> bool:
    for folder in theme_dirs:
        icons = (folder / ".icons").resolve()
        candidate = (icons / f"{name}.svg").resolve()
        if candidate.is_relative_to(icons) and candidate.is_file():
            return True
    return False


def content_layout(config: MkDocsConfig) -> ContentLayout:
    """Where articles, checklists and authors live: fixed by the content contract."""
    return ContentLayout()
