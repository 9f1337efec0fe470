"""Page metadata the theme and the feed plugin read, set from the catalog."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from .content import Article

# Front-matter strings that mkdocs-material prints without escaping.
ESCAPED_META_KEYS = ("title", "description", "subtitle")


def hide_navigation(meta: dict[str, Any]) -> None:
    """Hide the site navigation beside an article, whose sidebar holds its metadata."""
    hidden = meta.get("hide")
    hidden = list(hidden) if isinstance(hidden, list) else []
    if "navigation" not in hidden:
        hidden.append("navigation")
    meta["hide"] = hidden


def escape_meta(meta: dict[str, Any]) -> None:
    """HTML-escape the front-matter strings themes print raw (once: Markup is left alone)."""
    for key in ESCAPED_META_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)


def feed_dates(article: Article) -> dict[str, datetime]:
    """Dates for mkdocs-rss-plugin (`date_from_meta` in mkdocs.yml), from the catalog.

    Front matter allows `date:` as a date or as `{created, updated}`; the feed plugin
    reads one meta key per date, so we give it these two.
    """
    return {
        "rebound_created": article.created,
        "rebound_updated": article.updated or article.created,
    }
