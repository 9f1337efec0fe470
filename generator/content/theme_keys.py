"""Front-matter keys that MkDocs and mkdocs-material read themselves, each with a type.

The theme prints these values into every page (a page's `subtitle` also shows
in other pages' navigation), so each one is checked like our own fields:
plain text rejects HTML, names must name something that exists. A key whose
value we cannot check is refused, with a message saying what to do instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import yaml

from . import fields
from .fields import Invalid
from .problems import did_you_mean

if TYPE_CHECKING:
    from .schema import ContentRules

SUBTITLE_MAX = 90
READTIME_MAX = 120
# mkdocs-material's `hide:` values.
HIDE_VALUES = ("navigation", "toc", "footer", "feedback", "tags", "path")
_TEMPLATE_NAME = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*\.html$")
_ICON_NAME = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9_-]+)+$")
_STATUS_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")

# Keys the theme or the old blog plugin would read, and why Rebound does not
# (`{value}` is what the author wrote).
REFUSED_THEME_KEYS: Mapping[str, str] = {
    "slug": (
        "is not used: the file name makes the URL, so remove this line and rename "
        "the file to '{value}.md' instead"
    ),
    "links": "is not available: link to related pages in the text instead",
    "comments": (
        "is not available: comments would load another site's code into readers' browsers"
    ),
    "search": (
        "is not used: search indexes every article and checklist; leave it out "
        "(drafts are never indexed)"
    ),
}


def theme_keys(rules: ContentRules, kind: str) -> dict[str, Callable[[yaml.Node], object]]:
    """The theme's keys a file of `kind` (article, checklist, page) may set, with converters."""
    keys: dict[str, Callable[[yaml.Node], object]] = {
        "template": _template(rules),
        "hide": fields.sequence(
            fields.one_of(HIDE_VALUES, "something the theme can hide", "choose from"),
            low=1,
            high=len(HIDE_VALUES),
            noun="parts to hide",
        ),
        "icon": _icon(rules),
        "status": _status(rules),
        "subtitle": fields.plain_text(SUBTITLE_MAX),
    }
    if kind == "article":
        keys["pin"] = fields.boolean
        keys["readtime"] = fields.whole_number(1, READTIME_MAX)
    return keys


def _template(rules: ContentRules) -> Callable[[yaml.Node], str]:
    def convert(node: yaml.Node) -> str:
        value = fields.text(node)
        if not _TEMPLATE_NAME.match(value):
            raise Invalid.at(
                node, f"'{value}' is not a template name; write a file name such as 'home.html'"
            )
        if rules.templates and value not in rules.templates:
            ours = sorted(name for name in rules.templates if "/" not in name)
            hint = did_you_mean(value, rules.templates) or (
                f"; the theme's page templates are: {', '.join(ours)}"
            )
            raise Invalid.at(node, f"'{value}' is not a template of the theme{hint}")
        return value

    return convert


def _icon(rules: ContentRules) -> Callable[[yaml.Node], str]:
    def convert(node: yaml.Node) -> str:
        value = fields.text(node)
        if not _ICON_NAME.match(value):
            raise Invalid.at(
                node,
                f"'{value}' is not an icon name; write it as set/name, e.g. 'material/arrow-left'",
            )
        if rules.icons is not None and not rules.icons(value):
            raise Invalid.at(
                node,
                f"the theme has no icon '{value}'; pick one from "
                "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/",
            )
        return value

    return convert


def _status(rules: ContentRules) -> Callable[[yaml.Node], str]:
    def convert(node: yaml.Node) -> str:
        value = fields.text(node)
        if not _STATUS_NAME.match(value) or value not in rules.page_statuses:
            hint = did_you_mean(value, rules.page_statuses) or (
                f"; the statuses are: {', '.join(sorted(rules.page_statuses))} "
                "(add more under extra.status in mkdocs.yml)"
            )
            raise Invalid.at(node, f"'{value}' is not a page status{hint}")
        return value

    return convert
