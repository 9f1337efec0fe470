"""JSON Schema (draft 2020-12) for article and checklist front matter, for editors.

Generated from the contract the checker enforces (`schema.py`, `fields.py`) and
the site's own lists (allowed tags and categories, authors, checklist slugs), so
an editor that reads the schema completes and underlines the same fields
`rebound check` reports. The checker stays the authority: some rules need more
than a schema can say (an item id used twice, a retired id still in use, what
YAML 1.1 reads `no` as), and those only `rebound check` reports.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .fields import ID_PATTERN
from .models import ItemKind
from .schema import (
    DESCRIPTION_MAX,
    EARLIEST_SOURCE_YEAR,
    HINT_MAX,
    ITEM_TEXT_MAX,
    ITEMS_MAX,
    LABEL_MAX,
    SOURCE_PUBLISHER_MAX,
    SOURCE_TITLE_MAX,
    SOURCE_URL_MAX,
    SOURCES_MAX,
    TAGS_MAX,
    TITLE_MAX,
    ContentRules,
)
from .theme_keys import (
    _ICON_NAME,
    _TEMPLATE_NAME,
    HIDE_VALUES,
    READTIME_MAX,
    REFUSED_THEME_KEYS,
    SUBTITLE_MAX,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# What `fields.plain_text` rejects as HTML: `<` then a letter, `/`, `!` or `?`.
HTML_TAG = r"<\s*/?\s*[A-Za-z!?]"
DATE = r"^\d{4}-\d{2}-\d{2}([Tt ].*)?$"


def _plain_text(max_length: int, description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "description": description,
        "minLength": 1,
        "maxLength": max_length,
        "pattern": r"\S",
        "not": {"pattern": HTML_TAG},
    }


def _choices(values: Collection[str], fallback: dict[str, Any]) -> dict[str, Any]:
    return {"enum": sorted(values)} if values else fallback


def _list(items: dict[str, Any], low: int, high: int, description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "description": description,
        "items": items,
        "minItems": low,
        "maxItems": high,
        "uniqueItems": True,
    }


def _theme_keys(rules: ContentRules, kind: str) -> dict[str, Any]:
    """The theme's own keys, as `theme_keys.py` checks them; refused ones say why."""
    keys: dict[str, Any] = {
        "template": {"type": "string", "pattern": _TEMPLATE_NAME.pattern}
        | ({"enum": sorted(rules.templates)} if rules.templates else {}),
        "hide": {
            "type": "array",
            "items": {"enum": list(HIDE_VALUES)},
            "minItems": 1,
            "uniqueItems": True,
            "description": "Parts of the page the theme hides.",
        },
        "icon": {"type": "string", "pattern": _ICON_NAME.pattern},
        "status": {"type": "string"}
        | ({"enum": sorted(rules.page_statuses)} if rules.page_statuses else {}),
        "subtitle": _plain_text(SUBTITLE_MAX, "A subtitle the theme shows."),
    }
    if kind == "article":
        keys["pin"] = {"type": "boolean"}
        keys["readtime"] = {"type": "integer", "minimum": 1, "maximum": READTIME_MAX}
    for name, why in REFUSED_THEME_KEYS.items():
        keys[name] = {"not": {}, "description": f"{name} {why.replace('{value}', 'the-new-name')}"}
    return keys


def _sources() -> dict[str, Any]:
    """`sources:` as `schema._sources` checks it (the year's upper bound moves, so it is open)."""
    source = {
        "type": "object",
        "required": ["title", "url", "publisher", "year"],
        "properties": {
            "title": _plain_text(SOURCE_TITLE_MAX, "The title of the study, report or page."),
            "url": {
                "type": "string",
                "pattern": r"^https?://[^\s\"'<>\\^`{|}]+$",
                "maxLength": SOURCE_URL_MAX,
                "description": "Its address: http or https.",
            },
            "publisher": _plain_text(SOURCE_PUBLISHER_MAX, "Who published it."),
            "year": {"type": "integer", "minimum": EARLIEST_SOURCE_YEAR},
        },
        "additionalProperties": False,
    }
    return {
        "type": "array",
        "items": source,
        "minItems": 1,
        "maxItems": SOURCES_MAX,
        "description": "The primary sources of every figure or study the article cites.",
    }


STEP = {
    "type": "integer",
    "minimum": 1,
    "maximum": 5,
    "description": "The step of the five-step path (1-5).",
}
DATE_VALUE = {
    "type": "string",
    "pattern": DATE,
    "description": "YYYY-MM-DD, without quotes.",
}


def article_schema(rules: ContentRules, checklist_slugs: Collection[str]) -> dict[str, Any]:
    """The front matter of `articles/posts/<slug>.md`."""
    slug = {"type": "string", "pattern": ID_PATTERN.pattern}
    return {
        "$schema": DRAFT,
        "$id": "https://rebound.invalid/schemas/article.schema.json",
        "title": "Rebound article front matter",
        "type": "object",
        "required": ["title", "description", "date", "authors", "tags"],
        "properties": {
            "title": _plain_text(TITLE_MAX, "The article's title: plain text, no HTML."),
            "description": _plain_text(
                DESCRIPTION_MAX, "One or two plain sentences, for listings, search and sharing."
            ),
            "date": {
                "description": "Publication date, or {created, updated}.",
                "oneOf": [
                    DATE_VALUE,
                    {
                        "type": "object",
                        "required": ["created"],
                        "properties": {"created": DATE_VALUE, "updated": DATE_VALUE},
                        "additionalProperties": False,
                    },
                ],
            },
            "authors": _list(
                _choices(rules.authors, {"type": "string"}), 1, 5, f"Keys of {rules.authors_file}."
            ),
            "tags": _list(
                _choices(rules.allowed_tags, {"type": "string", "maxLength": 40}),
                1,
                TAGS_MAX,
                "Topics, from tags_allowed in mkdocs.yml.",
            ),
            "categories": _list(
                _choices(rules.allowed_categories, {"type": "string", "maxLength": 60}),
                1,
                3,
                "From categories_allowed in mkdocs.yml.",
            ),
            "step": STEP,
            "checklists": _list(
                _choices(checklist_slugs, slug),
                1,
                10,
                "Checklists shown at the end of the article.",
            ),
            "draft": {"type": "boolean", "description": "true keeps it out of the built site."},
            "reviewed": DATE_VALUE | {"description": "When the advice was last reviewed."},
            "sources": _sources(),
            **_theme_keys(rules, "article"),
        },
        "additionalProperties": False,
    }


def checklist_schema(rules: ContentRules) -> dict[str, Any]:
    """The front matter of `checklists/<slug>.md`."""
    item_id = {
        "type": "string",
        "pattern": ID_PATTERN.pattern,
        "description": "The key of every reader's saved answer: never change or reuse it.",
    }
    kind_is = {
        kind: {"properties": {"kind": {"const": kind}}, "required": ["kind"]}
        for kind in ("question", "scale")
    }
    item = {
        "type": "object",
        "required": ["id", "text"],
        "properties": {
            "id": item_id,
            "kind": {
                "enum": [kind.value for kind in ItemKind],
                "description": "check (the default), question or scale.",
            },
            "text": _plain_text(ITEM_TEXT_MAX, "What the reader ticks, answers or rates."),
            "hint": _plain_text(HINT_MAX, "One optional line of help."),
            "lines": {
                "type": "integer",
                "minimum": 1,
                "maximum": 12,
                "description": "Question only: write-in lines on paper.",
            },
            "labels": {
                "type": "array",
                "items": _plain_text(LABEL_MAX, "A word for one end of the 1-5 scale."),
                "minItems": 2,
                "maxItems": 2,
                "description": "Scale only: the words for 1 and 5.",
            },
        },
        "additionalProperties": False,
        "allOf": [
            {"if": {"not": kind_is["question"]}, "then": {"not": {"required": ["lines"]}}},
            {"if": {"not": kind_is["scale"]}, "then": {"not": {"required": ["labels"]}}},
        ],
    }
    return {
        "$schema": DRAFT,
        "$id": "https://rebound.invalid/schemas/checklist.schema.json",
        "title": "Rebound checklist front matter",
        "type": "object",
        "required": ["title", "description", "items"],
        "properties": {
            "title": _plain_text(TITLE_MAX, "The checklist's title: plain text, no HTML."),
            "description": _plain_text(DESCRIPTION_MAX, "One or two plain sentences."),
            "step": STEP,
            "items": {
                "type": "array",
                "items": {"$ref": "#/$defs/item"},
                "minItems": 1,
                "maxItems": ITEMS_MAX,
            },
            "retired": {
                "type": "array",
                "items": item_id,
                "uniqueItems": True,
                "description": "Ids of removed items, so readers' answers are still shown.",
            },
            **_theme_keys(rules, "checklist"),
        },
        "additionalProperties": False,
        "$defs": {"item": item},
    }
