"""Compiled Jinja templates, kept between builds: no build compiles an unchanged template.

Compiling the theme's and our templates costs a build about 0.2 s of CPU (70
templates); loading their compiled code costs a few milliseconds. Like Python's
`__pycache__`, the cache holds code made from the templates, never a page: each
entry is found by the template's name and file and used only while the template's
source is unchanged (Jinja compares a checksum of it), so an edited template is
compiled afresh. Entries live in memory for the life of the process (a preview's
rebuilds) and on disk in `folder`, one subfolder per Jinja and Python version,
safe to delete at any time; a folder that cannot be written only costs speed.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from generator.cache_files import write_atomically


class TemplateCodeCache(BytecodeCache):
    """Compiled templates of one kind of Jinja environment.

    Arguments:
        role: names the environment's settings (the theme's, autoescape off; our
            fragments', autoescape on, trimmed blocks): the same template file
            compiles to different code under each, so each role has its own entries.
    """

    def __init__(self, role: str) -> None:
        self.role = role
        self._code: dict[str, bytes] = {}
        self.folder: Path | None = None
        """Where entries are kept between builds; None keeps them in memory only."""

    def keep_in(self, folder: Path | None) -> None:
        """Keep entries in `folder` (under a subfolder of this Jinja and Python's versions)."""
        python = f"py{sys.version_info[0]}.{sys.version_info[1]}"
        self.folder = folder / f"jinja-{jinja2.__version__}-{python}" if folder else None

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self._code.get(key)
        if code is None and self.folder is not None:
            with contextlib.suppress(OSError):
                code = (self.folder / key).read_bytes()
        if code is not None:
            # Jinja checks the code's format and the source's checksum, and resets
            # the bucket (so the template is compiled again) when either differs.
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = bucket.bytecode_to_string()
        self._code[key] = code
        if self.folder is not None:
            with contextlib.suppress(OSError):
                write_atomically(self.folder / key, code)

    def _key(self, bucket: Bucket) -> str:
        return f"{self.role}-{bucket.key}"
