"""The Makefile installs system packages without failing on a busy dpkg lock."""

from __future__ import annotations

import re
from pathlib import Path

MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text("utf-8")


def test_every_apt_get_call_waits_for_the_dpkg_lock() -> None:
    assert re.search(r"^APT_WAIT := -o DPkg::Lock::Timeout=\d{3,}$", MAKEFILE, re.MULTILINE)
    recipes = [line for line in MAKEFILE.splitlines() if line.startswith("\t")]
    calls = [call for line in recipes for call in re.findall(r"apt-get\s+\S+", line)]
    assert len(calls) >= 4
    assert all(call == "apt-get $(APT_WAIT)" for call in calls), calls
