"""Which files MkDocs will read from the content folder, and which it must not.

MkDocs walks the content folder following symlinks (`os.walk(followlinks=True)`)
and publishes every file it finds: a symlink to `/etc/os-release` would become a
page, a symlinked folder would be published unchecked, a FIFO would hang the
build, a symlink loop would never end. This module walks the folder the same
way and reports each of those as a problem before MkDocs starts, and lists the
Markdown pages (every extension MkDocs reads as Markdown) for validation.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

# mkdocs.utils.markdown_extensions: every one of these is built as a page.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

Display = Callable[[Path], str]


@dataclass
class ContentFiles:
    """The pages to validate, and every problem with the folder's files."""

    pages: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)
    """Every other file MkDocs will publish (images, downloads), for link checks."""


def is_markdown(path: Path) -> bool:
    return path.name.endswith(MARKDOWN_SUFFIXES)


def scan_content_folder(content_dir: Path, project_root: Path, display: Display) -> ContentFiles:
    """Walk `content_dir` as MkDocs will: report unsafe files, list the pages.

    Dot-files and dot-folders are skipped, as MkDocs excludes them from the site.
    """
    found = ContentFiles()
    for path in _walk(content_dir, project_root, display, found.problems, skip_hidden=True):
        if is_markdown(path):
            found.pages.append(path)
        else:
            found.others.append(path)
    found.pages.sort()
    found.others.sort()
    return found


def check_theme_folder(folder: Path, project_root: Path, display: Display) -> list[Problem]:
    """The theme overrides folder: MkDocs copies its files into the site too."""
    problems: list[Problem] = []
    if folder.is_dir():
        for _ in _walk(folder, project_root, display, problems, skip_hidden=False):
            pass
    return problems


def inside_project(path: Path, project_root: Path) -> bool:
    """Whether `path`, symlinks resolved, is inside the project."""
    try:
        return path.resolve(strict=True).is_relative_to(project_root.resolve())
    except (OSError, RuntimeError):
        return False


def _walk(
    top: Path, project_root: Path, display: Display, problems: list[Problem], *, skip_hidden: bool
) -> list[Path]:
    """Every regular file under `top` that MkDocs may read, following safe symlinks."""
    root = project_root.resolve()
    files: list[Path] = []

    def walk(folder: Path, ancestors: frozenset[Path]) -> None:
        real = folder.resolve()
        if real in ancestors:
            problems.append(
                Problem(
                    display(folder),
                    1,
                    "",
                    "this folder is a symlink back to a folder it is inside (a loop); "
                    "remove the link",
                )
            )
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(
                Problem(display(folder), 1, "", f"cannot read this folder ({error.strerror})")
            )
            return
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            path = Path(entry.path)
            kind = _check_entry(path, root, display, problems)
            if kind == "folder":
                walk(path, ancestors | {real})
            elif kind == "file":
                files.append(path)

    walk(top, frozenset())
    return files


def _check_entry(path: Path, root: Path, display: Display, problems: list[Problem]) -> str | None:
    """'folder', 'file', or None (after reporting) for something MkDocs must not read."""
    shown = display(path)
    try:
        is_link = path.is_symlink()
        target = path.resolve(strict=True) if is_link else path
        mode = path.stat().st_mode
    except FileNotFoundError:
        problems.append(
            Problem(
                shown,
                1,
                "",
                f"this is a symlink to '{os.readlink(path)}', which does not exist; "
                "remove the link or restore the file",
            )
        )
        return None
    except (OSError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or "a symlink loop"
        problems.append(Problem(shown, 1, "", f"cannot read this ({reason}); remove it"))
        return None
    if is_link and not target.is_relative_to(root):
        problems.append(
            Problem(
                shown,
                1,
                "",
                f"this is a symlink to '{target}', outside the project; Rebound never "
                "reads or publishes anything from outside the project, so copy the "
                "file into the project instead of linking to it",
            )
        )
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    problems.append(
        Problem(
            shown,
            1,
            "",
            f"this is not a regular file (it is {_kind_name(mode)}); MkDocs would try to "
            "publish it, so remove it from the folder",
        )
    )
    return None


def _kind_name(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
