"""Build into a staging folder, then swap it into place, so a failed build changes nothing.

The staging folder sits beside the output folder (same file system), so the
swap is a rename. On Linux the two folders are exchanged in one atomic step
(renameat2 with RENAME_EXCHANGE); elsewhere two renames leave a window of
microseconds, never a half-written site.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_STAGING = ".{name}-building-"
_RETIRED = ".{name}-previous-"


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh empty folder beside `out`, removed on exit unless it was swapped in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(out)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING.format(name=out.name), dir=out.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale_folders(out: Path) -> None:
    """Leftovers of builds that were killed mid-way (a kill -9 skips all clean-up)."""
    for pattern in (_STAGING, _RETIRED):
        for stale in out.parent.glob(pattern.format(name=out.name) + "*"):
            shutil.rmtree(stale, ignore_errors=True)


def swap_into_place(staging: Path, out: Path) -> None:
    """Make `staging` the new `out`; the previous `out` is deleted afterwards."""
    if not out.exists():
        staging.rename(out)
        staging.mkdir()  # so the caller's clean-up has something to remove
        return
    if _exchange(staging, out):
        return  # staging now holds the previous site; the caller removes it
    retired = Path(tempfile.mkdtemp(prefix=_RETIRED.format(name=out.name), dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    staging.rename(out)
    staging.mkdir()
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths; False where the platform cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0
