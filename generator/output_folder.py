"""Which folder a build may replace: one that is new, empty, or that Rebound built.

A build replaces its output folder whole, so pointing `--out` at the wrong
folder (`.git`, `overrides`, a home folder) would delete it. Every build leaves
a marker file in the site it writes; a folder that holds files but no marker is
someone else's, and is never touched.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MARKER = ".rebound-site"
MARKER_TEXT = (
    "This folder is a site built by Rebound (rebound build).\n"
    "The next build replaces the whole folder: keep no other files in it.\n"
)


class OutputRefused(Exception):
    """The folder must not be replaced; the message says why and what to do."""


def write_marker(site_dir: Path) -> None:
    """Mark `site_dir` as a site Rebound built, so the next build may replace it."""
    (site_dir / MARKER).write_text(MARKER_TEXT, "utf-8")


def check_replaceable(out: Path, shown: str) -> None:
    """Refuse unless `out` (already resolved) is new, an empty folder, or a marked site.

    Arguments:
        shown: `out` as messages name it.

    Raises:
        OutputRefused: with a message naming `shown`, why, and what to do.
    """
    try:
        info = out.lstat()
    except (FileNotFoundError, NotADirectoryError):
        _check_creatable(out, shown)
        return
    except OSError as error:
        raise OutputRefused(f"cannot build into {shown}: {error.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputRefused(
            f"refusing to build into {shown}: it is a file, not a folder; "
            "choose a new or empty folder with --out"
        )
    try:
        with os.scandir(out) as entries:
            empty = next(entries, None) is None
        marker = None if empty else os.lstat(out / MARKER)
    except FileNotFoundError:
        raise OutputRefused(
            f"refusing to build into {shown}: it holds files Rebound did not build "
            f"(there is no {MARKER} file in it), and a build replaces the whole folder; "
            "move those files away, or choose a new or empty folder with --out"
        ) from None
    except OSError as error:
        raise OutputRefused(f"cannot build into {shown}: {error.strerror}") from None
    if marker is not None and not stat.S_ISREG(marker.st_mode):
        raise OutputRefused(
            f"refusing to build into {shown}: its {MARKER} is not a plain file, so it "
            "is not a marker Rebound wrote; choose a new or empty folder with --out"
        )


def _check_creatable(out: Path, shown: str) -> None:
    """A new folder is made with its parents: refuse where one of those is a file."""
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputRefused(
                    f"cannot build into {shown}: {parent} is a file, not a folder; "
                    "choose another folder with --out"
                )
            return
