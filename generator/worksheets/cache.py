"""The PDF cache: an unchanged worksheet is never rendered twice.

An entry is keyed by a hash of everything the renderer is given (the HTML
document, which holds the checklist and everything the templates made of it;
its URL; the paper size; the field labels; the PDF options; the versions of
WeasyPrint and pydyf). The files WeasyPrint read from the build (stylesheets)
are only known after a render, so each entry also records them with their
hashes, and is used only while every one of them is unchanged.

The cache lives outside the site (by default `.cache/rebound/pdf/` beside
mkdocs.yml), keeps one entry per PDF of the latest build, and is safe to delete
at any time.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any

from generator.cache_files import write_atomically

# Bump when the entry layout or what goes into the key changes.
# 2: the record keeps the PDF's page count (read back with pypdf, once per render).
CACHE_FORMAT = 2
RENDERER_PACKAGES = ("weasyprint", "pydyf")


def render_key(
    html: str, url: str, paper: str, field_labels: Mapping[str, str], options: Mapping[str, Any]
) -> str:
    """The hash of everything about a PDF that is known before rendering it."""
    described = {
        "format": CACHE_FORMAT,
        "renderer": _renderer_versions(),
        "options": dict(options),
        "url": url,
        "paper": paper,
        "field_labels": dict(sorted(field_labels.items())),
        "html": html,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()


@functools.cache
def _renderer_versions() -> dict[str, str]:
    # Looked up once per process: each lookup scans the installed packages' metadata.
    return {package: version(package) for package in RENDERER_PACKAGES}


@dataclass(frozen=True)
class CachedPdf:
    data: bytes
    warnings: tuple[str, ...]
    """WeasyPrint's warnings when it was rendered, to report again on every build."""
    pages: int | None = None
    """Its page count, as read back when it was rendered (None if it could not be)."""


class PdfCache:
    """PDFs by output name and render key, in `folder`.

    Arguments:
        folder: where entries live; created on first store.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def lookup(self, name: str, key: str, build_root: Path) -> CachedPdf | None:
        """The PDF stored for `name` under `key`, if the build files it read are unchanged.

        Anything unexpected in the entry (a damaged or hand-edited record, a PDF that
        does not match it) is a miss: the PDF is rendered again and the entry replaced.
        """
        stem = self._stem(name)
        try:
            record = json.loads((self.folder / f"{stem}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not _is_valid_record(record) or record["key"] != key:
            return None
        if not all(
            _file_hash(build_root / path) == digest for path, digest in record["fetched"].items()
        ):
            return None
        try:
            data = (self.folder / f"{stem}.pdf").read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != record["sha256"]:
            return None
        return CachedPdf(data, tuple(record["warnings"]), record["pages"])

    def store(
        self,
        name: str,
        key: str,
        data: bytes,
        fetched: Mapping[str, str],
        warnings: tuple[str, ...] = (),
        pages: int | None = None,
    ) -> None:
        """Keep `data` (of `pages` pages) as the PDF for `name`, replacing the previous entry.

        Raises:
            OSError: when the cache folder cannot be written.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self._stem(name)
        record = {
            "format": CACHE_FORMAT,
            "name": name,
            "key": key,
            "sha256": hashlib.sha256(data).hexdigest(),
            "fetched": dict(sorted(fetched.items())),
            "warnings": list(warnings),
            "pages": pages,
        }
        # The PDF first, then the record that vouches for it: a reader that sees the
        # new record always finds the new PDF (and a mismatch is caught by its hash).
        write_atomically(self.folder / f"{stem}.pdf", data)
        write_atomically(self.folder / f"{stem}.json", json.dumps(record, indent=1).encode())

    def prune(self, keep: Collection[str]) -> None:
        """Forget PDFs the build no longer makes (a checklist was removed or renamed)."""
        kept = {self._stem(name) for name in keep}
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".pdf", ".json") and path.stem not in kept:
                path.unlink(missing_ok=True)

    @staticmethod
    def _stem(name: str) -> str:
        # `worksheets/reflect.pdf` -> `worksheets--reflect`: one flat folder, readable names.
        return name.removesuffix(".pdf").replace("/", "--")


def _is_valid_record(record: Any) -> bool:
    """Whether `record` has the layout `store` writes, every field of its type."""
    return (
        isinstance(record, dict)
        and record.get("format") == CACHE_FORMAT
        and isinstance(record.get("key"), str)
        and isinstance(record.get("sha256"), str)
        and _is_fetched_files(record.get("fetched"))
        and isinstance(record.get("warnings"), list)
        and all(isinstance(warning, str) for warning in record["warnings"])
        and _is_page_count(record.get("pages", ""))
    )


def _is_page_count(value: Any) -> bool:
    return value is None or (type(value) is int and value >= 0)


def _is_fetched_files(value: Any) -> bool:
    """Build files by relative path -> hash; a path that could leave the build is not one."""
    return isinstance(value, dict) and all(
        isinstance(path, str)
        and isinstance(digest, str)
        and not PurePosixPath(path).is_absolute()
        and ".." not in PurePosixPath(path).parts
        for path, digest in value.items()
    )


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
