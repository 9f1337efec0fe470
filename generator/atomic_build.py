"""Build into a staging folder, then swap it into place, so a failed build changes nothing.

The staging folder sits beside the output folder (same file system), so the
swap is a rename. On Linux the two folders are exchanged in one atomic step
(renameat2 with RENAME_EXCHANGE); elsewhere two renames leave a window of
microseconds, never a half-written site.

Builds of one output folder take turns: each holds a lock file beside it
(`.site.lock` for `site/`) for the whole build. The lock is an `flock`, which
the kernel releases when its process ends however it ends, so a build that was
killed never blocks the next one; and while holding it, a build knows that
any staging folder left beside the output belongs to a build that is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_STAGING = "building"
_RETIRED = "previous"
_POLL_SECONDS = 0.2


class LockTimeout(Exception):
    """Another build of the same output folder still held the lock when time ran out."""

    def __init__(self, holder: int | None) -> None:
        super().__init__(holder)
        self.holder = holder
        """The pid of the build holding the lock, when it could be read."""


def lock_path(out: Path) -> Path:
    """The lock file of `out`: beside it, never inside it (the folder is replaced)."""
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def build_lock(
    out: Path, *, timeout: float, waiting: Callable[[int | None], None]
) -> Iterator[None]:
    """Hold the lock of `out` for the duration; wait up to `timeout` seconds for it.

    Arguments:
        waiting: called once, with the holder's pid when known, if the lock is taken.

    Raises:
        LockTimeout: when another build still holds it after `timeout` seconds.
        OSError: when the lock file cannot be created (a read-only folder, say).
    """
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    announced = False
    while True:
        # O_NOFOLLOW: a symlink planted at the lock's name must not make us write elsewhere.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockTimeout(holder) from None
            if not announced:
                waiting(holder)
                announced = True
            time.sleep(_POLL_SECONDS)
            continue
        except BaseException:
            os.close(fd)
            raise
        if _is_still_at(fd, path):
            break
        # The previous holder removed the file as we opened it: lock the one now there.
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        # Removed while still held, so a waiting build never locks a file nobody can see.
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _is_still_at(fd: int, path: Path) -> bool:
    try:
        here = path.lstat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh empty folder beside `out`, removed on exit unless it was swapped in.

    Call it holding `build_lock(out)`: it removes what builds that were killed left behind.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(out)
    staging = _new_folder(out, _STAGING)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale_folders(out: Path) -> None:
    """Leftovers of builds of `out` that were killed mid-way (a kill -9 skips all clean-up).

    Only safe under `build_lock(out)`: then no other build of `out` is running.
    """
    pattern = re.compile(
        rf"\.{re.escape(out.name)}-(?:{_STAGING}|{_RETIRED})-[a-z0-9_]{{8}}", re.ASCII
    )
    with os.scandir(out.parent) as entries:
        stale = [
            Path(entry.path)
            for entry in entries
            if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
        ]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)


def _new_folder(out: Path, role: str) -> Path:
    """An empty folder `.<out>-<role>-<random>` beside `out`.

    Made with `mkdir` (0777 less the umask, as MkDocs makes its folders), not
    `mkdtemp` (always 0700): the staging folder becomes the site, and a web
    server running as another user must be able to read it.
    """
    while True:
        folder = out.parent / f".{out.name}-{role}-{secrets.token_hex(4)}"
        try:
            folder.mkdir(0o777)
        except FileExistsError:
            continue
        return folder


def swap_into_place(staging: Path, out: Path) -> None:
    """Make `staging` the new `out`; the previous `out` is deleted afterwards."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return  # staging now holds the previous site; the caller removes it
    retired = _new_folder(out, _RETIRED)
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)  # put the previous site back
        raise
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
