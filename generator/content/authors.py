"""Author profiles for article pages: name, description and avatar from `.authors.yml`.

The loader has already validated the file (`schema.read_authors`) and the catalog
keeps each author's name; an article page also shows the description and avatar,
read here. Anything that is not plain text is left out rather than shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class AuthorProfile:
    """An author as an article page shows them.

    Attributes:
        avatar: a path in the content folder (`assets/rebound-team.svg`), or "".
    """

    key: str
    name: str
    description: str = ""
    avatar: str = ""


def read_author_profiles(path: Path, names: Mapping[str, str]) -> dict[str, AuthorProfile]:
    """The profile of each author in `names` (key -> name, from the catalog)."""
    try:
        data = yaml.safe_load(path.read_text("utf-8-sig")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    entries = data.get("authors") if isinstance(data, dict) else None
    profiles = {}
    for key, name in names.items():
        entry = entries.get(key) if isinstance(entries, dict) else None
        entry = entry if isinstance(entry, dict) else {}
        profiles[key] = AuthorProfile(
            key, name, _text(entry.get("description")), _text(entry.get("avatar")).lstrip("/")
        )
    return profiles


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
