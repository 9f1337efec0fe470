"""The record of published checklist item ids, and the gate that protects it.

A reader's saved answers are keyed by item id. Once an id is published, it must
stay in its checklist or be listed in `retired:`, or those answers would be
orphaned without the reader being told. `checklists/.ids.json` records every id
ever published; `rebound check --update-ids` adds new ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .models import Checklist
from .problems import Problem

IDS_FILE = ".ids.json"


@dataclass(frozen=True)
class IdsCheck:
    """What comparing the content with the record found.

    Attributes:
        problems: ids (or whole checklists) that disappeared without being retired.
        unrecorded: new ids per checklist, not in the record yet.
    """

    problems: list[Problem]
    unrecorded: dict[str, list[str]]


def read_record(path: Path, shown: str, problems: list[Problem]) -> dict[str, list[str]] | None:
    """The record, or None when there is none; a malformed record is a problem."""
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        problems.append(Problem(shown, line, "", f"is not valid JSON ({error})"))
        return None
    valid = isinstance(record, dict) and all(
        isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in record.values()
    )
    if not valid:
        problems.append(
            Problem(shown, 1, "", "must map each checklist slug to its list of item ids")
        )
        return None
    return record


def check_published_ids(
    record: Mapping[str, list[str]],
    checklists: Mapping[str, Checklist],
    display: Mapping[str, str],
    record_shown: str,
) -> IdsCheck:
    """Compare the content with the record.

    Arguments:
        checklists: the valid checklists by slug.
        display: slug -> file as shown in messages, for every checklist file present
            (valid or not: a broken checklist has its own problems, not "gone").
    """
    problems: list[Problem] = []
    for slug, published in sorted(record.items()):
        checklist = checklists.get(slug)
        if checklist is None and slug in display:
            continue
        if checklist is None:
            problems.append(
                Problem(
                    record_shown,
                    1,
                    slug,
                    f"the published checklist '{slug}' is gone; readers' saved answers "
                    "for it would be lost without a word. Restore the file, or, if it "
                    "really is withdrawn, remove its entry from this record",
                )
            )
            continue
        kept = set(checklist.item_ids) | set(checklist.retired)
        for item_id in published:
            if item_id not in kept:
                problems.append(
                    Problem(
                        display[slug],
                        checklist.items_line,
                        "items",
                        f"'{item_id}' was published and readers may have answers saved "
                        f"under it; restore the item, or add it to retired: [{item_id}] "
                        "so their answers are shown as from an earlier version",
                    )
                )
    unrecorded = {
        slug: [i for i in checklist.item_ids if i not in set(record.get(slug, []))]
        for slug, checklist in sorted(checklists.items())
    }
    return IdsCheck(problems, {slug: ids for slug, ids in unrecorded.items() if ids})


def updated_record(
    record: Mapping[str, list[str]] | None, checklists: Mapping[str, Checklist]
) -> dict[str, list[str]]:
    """The record with every current id added (ids are never removed from it)."""
    merged: dict[str, list[str]] = {slug: list(ids) for slug, ids in (record or {}).items()}
    for slug, checklist in checklists.items():
        known = merged.setdefault(slug, [])
        known.extend(item_id for item_id in checklist.item_ids if item_id not in known)
    return {slug: merged[slug] for slug in sorted(merged)}


def write_record(path: Path, record: Mapping[str, list[str]]) -> None:
    path.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
