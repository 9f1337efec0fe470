"""`rebound build` replaces only what it built, takes turns, and fails without a traceback.

Beside the atomic-build tests in test_cli.py: the output folder's marker, the
site's permissions, the lock between concurrent builds, and file-system errors.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import atomic_build
from generator.cli import main
from generator.output_folder import MARKER

from .conftest import ARTICLE_MD, SiteMaker, build


def run(root: Path, *args: str) -> int:
    return main(["--config-file", str(root / "mkdocs.yml"), *args])


def tree_state(folder: Path) -> dict[str, str]:
    """Everything about a folder a build could change: names, types, modes, bytes, links."""
    state: dict[str, str] = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        info = path.lstat()
        name = path.relative_to(folder).as_posix()
        if stat.S_ISLNK(info.st_mode):
            state[name] = f"link {os.readlink(path)}"
        elif stat.S_ISDIR(info.st_mode):
            state[name] = f"dir {info.st_mode:o}"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[name] = f"file {info.st_mode:o} {digest}"
    return state


def beside(folder: Path) -> set[str]:
    """What sits next to `folder`: a build leaves no lock or staging folder there."""
    return {path.name for path in folder.parent.iterdir()}


def leftovers(site: Path) -> list[str]:
    """A lock file or staging folder a build left beside `site`."""
    return [
        path.name
        for path in site.parent.iterdir()
        if path.name.startswith(f".{site.name}-") or path.name == f".{site.name}.lock"
    ]


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("rebound:")]


# --- Only a folder that is new, empty, or that Rebound built is replaced -------------


def user_files(folder: Path) -> None:
    """A folder of someone's own files, with a subfolder, a symlink and a hidden file."""
    (folder / "notes").mkdir(parents=True)
    (folder / "notes/plan.txt").write_text("my plan\n")
    (folder / ".hidden").write_text("secret\n")
    (folder / "link").symlink_to("notes/plan.txt")
    (folder / "index.html").write_text("<p>mine</p>\n")


@pytest.mark.parametrize("name", [".git", "overrides", "home"])
def test_build_refuses_a_folder_it_did_not_build(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # Content with a mistake too: the refusal comes first, before any work.
    root = make_site({"content/articles/posts/ask.md": ARTICLE_MD.replace("step: 1", "step: 9")})
    folder = tmp_path / "home" if name == "home" else root / name
    user_files(folder)
    before, around = tree_state(folder), beside(folder)

    assert run(root, "build", "--out", str(folder)) == 2

    err = capsys.readouterr().err
    assert error_lines(err) == [err.strip()]
    shown = f"{folder}/" if name == "home" else f"{name}/"  # inside the project: relative
    assert err.startswith(f"rebound: error: refusing to build into {shown}: ")
    assert f"no {MARKER} file in it" in err
    assert "choose a new or empty folder with --out" in err
    assert "step" not in err  # the content was not even read
    assert tree_state(folder) == before
    assert beside(folder) == around


def test_the_default_output_folder_is_refused_when_it_holds_an_authors_files(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    user_files(root / "site")
    before = tree_state(root / "site")

    assert run(root, "build") == 2

    assert "refusing to build into site/: it holds files Rebound did not build" in (
        capsys.readouterr().err
    )
    assert tree_state(root / "site") == before


@pytest.mark.parametrize("marker", ["symlink", "folder"])
def test_a_marker_that_is_not_a_plain_file_is_refused(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], marker: str
) -> None:
    root = make_site()
    out = tmp_path / "public"
    user_files(out)
    if marker == "symlink":
        (tmp_path / "elsewhere").write_text("Rebound\n")
        (out / MARKER).symlink_to(tmp_path / "elsewhere")
    else:
        (out / MARKER).mkdir()
    before = tree_state(out)

    assert run(root, "build", "--out", str(out)) == 2

    assert f"its {MARKER} is not a plain file" in capsys.readouterr().err
    assert tree_state(out) == before


def test_a_file_and_a_symlink_to_someone_elses_folder_are_refused(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    theirs = tmp_path / "theirs"
    user_files(theirs)
    link = tmp_path / "public"
    link.symlink_to(theirs)
    before = tree_state(tmp_path)

    assert run(root, "build", "--out", str(a_file)) == 2
    assert "it is a file, not a folder" in capsys.readouterr().err
    assert run(root, "build", "--out", str(a_file / "site")) == 2
    assert f"{a_file} is a file, not a folder" in capsys.readouterr().err
    assert run(root, "build", "--out", str(link)) == 2
    assert f"refusing to build into {theirs}/: it holds files" in capsys.readouterr().err
    assert tree_state(tmp_path) == before


@pytest.mark.parametrize(
    ("out", "why"),
    [
        (".", "it holds the project's own files"),
        ("..", "it holds the project's own files"),
        ("/", "it holds the project's own files"),
        ("content", "it holds the project's own files"),
        ("content/public", "it is inside content/, a folder the build reads"),
    ],
)
def test_the_project_its_parents_and_its_content_are_refused(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str], out: str, why: str
) -> None:
    root = make_site()
    before = tree_state(root)

    assert run(root, "build", "--out", str(root / out) if out != "/" else "/") == 2

    assert why in capsys.readouterr().err
    assert tree_state(root) == before


def test_a_site_rebound_built_is_replaced_and_carries_the_marker(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    empty = tmp_path / "empty"
    empty.mkdir()

    assert run(root, "build", "--out", str(empty)) == 0
    assert (empty / MARKER).is_file()
    assert (empty / "index.html").is_file()
    (empty / "stale.html").write_text("from an old build\n")

    # Through a symlink, the folder it points to is replaced; the symlink stays.
    link = tmp_path / "public"
    link.symlink_to(empty)
    assert run(root, "build", "--out", str(link)) == 0
    assert link.is_symlink()
    assert not (empty / "stale.html").exists()
    assert f"Site built into {empty}/" in capsys.readouterr().out


def test_plain_mkdocs_build_marks_its_site_too(make_site: SiteMaker) -> None:
    root = make_site()
    site = build(root)
    assert (site / MARKER).is_file()

    assert run(root, "build") == 0
    assert (site / MARKER).is_file()


# --- Permissions: as MkDocs makes them, not a temporary folder's 0700 ----------------


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(
    ("mask", "folders", "files"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_the_site_is_readable_as_the_umask_allows(
    make_site: SiteMaker, mask: int, folders: int, files: int
) -> None:
    root = make_site()
    with umask(mask):
        assert run(root, "build") == 0
        assert run(root, "build") == 0  # the swapped-in folder too, PDFs from the cache

    site = root / "site"
    modes = {
        path.relative_to(root).as_posix(): stat.S_IMODE(path.lstat().st_mode)
        for path in [site, *site.rglob("*")]
    }
    assert (site / "worksheets/ask-for-feedback.pdf").is_file()
    assert (site / "pagefind").is_dir()
    wrong = {
        name: f"{mode:o}"
        for name, mode in modes.items()
        if mode != (folders if (root / name).is_dir() else files)
    }
    assert wrong == {}


# --- Builds of one folder take turns --------------------------------------------------


def rebound_build(root: Path, log: Path) -> subprocess.Popen[bytes]:
    """`rebound build` in its own process, its output in `log`."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "-f", str(root / "mkdocs.yml"), "build"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )


@contextlib.contextmanager
def held_lock(out: Path, pid: int) -> Iterator[None]:
    """Hold `out`'s build lock as another build would, claiming to be `pid`."""
    fd = os.open(atomic_build.lock_path(out), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{pid}\n".encode())
        yield
    finally:
        os.close(fd)


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_two_builds_at_once_take_turns_and_the_site_is_never_missing(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    root = make_site()
    site = root / "site"
    assert run(root, "build") == 0
    logs = [tmp_path / "first.log", tmp_path / "second.log"]

    # Both start while a third build holds the lock, so both must wait, then take turns.
    with held_lock(site, os.getpid()):
        builds = [rebound_build(root, log) for log in logs]
        wait_until(lambda: all(b"waiting for another build" in log.read_bytes() for log in logs))
    checks = 0
    while any(process.poll() is None for process in builds):
        assert (site / "index.html").is_file()
        building = [path for path in root.iterdir() if path.name.startswith(".site-building-")]
        assert len(building) <= 1  # one after the other, never both at once
        checks += 1

    outputs = [log.read_text() for log in logs]
    assert [process.returncode for process in builds] == [0, 0], outputs
    for output in outputs:
        assert "Traceback" not in output
        assert output.count(f"waiting for another build of site/ (pid {os.getpid()})") == 1
        assert "Site built into site/" in output
    assert checks > 100
    assert (site / "articles/ask-for-feedback-you-can-use/index.html").is_file()
    assert leftovers(site) == []


def test_a_build_that_waits_too_long_gives_up_with_a_clear_line(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    site = root / "site"
    assert run(root, "build") == 0
    before = tree_state(site)
    capsys.readouterr()

    with held_lock(site, 4242):
        assert run(root, "build", "--wait", "0.5") == 2

    assert error_lines(capsys.readouterr().err) == [
        "rebound: waiting for another build of site/ (pid 4242) to finish...",
        "rebound: error: another build of site/ (pid 4242) is still running after 0.5 s; "
        "let it finish (or stop it) and build again, or give it longer with --wait SECONDS",
    ]
    assert tree_state(site) == before


def test_a_killed_build_leaves_nothing_that_stops_the_next(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    site = root / "site"
    assert run(root, "build") == 0
    good = tree_state(site)

    killed = rebound_build(root, tmp_path / "killed.log")
    wait_until(lambda: any(p.name.startswith(".site-building-") for p in root.iterdir()))
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert atomic_build.lock_path(site).is_file()  # its lock file, with its pid
    assert tree_state(site) == good
    capsys.readouterr()

    assert run(root, "build") == 0

    assert "waiting" not in capsys.readouterr().err
    assert leftovers(site) == []


def test_only_leftovers_of_this_output_are_cleaned_up(tmp_path: Path) -> None:
    out = tmp_path / "site"
    leftovers = [".site-building-0a1b2c3d", ".site-previous-k_3mz9x1"]
    kept = [
        ".site-building-notours",  # not a name a build makes
        ".public-building-0a1b2c3d",  # another output's
        ".site-building-0a1b2c3d-building-12345678",  # of an output named site-building-0a1b2c3d
    ]
    for name in leftovers + kept:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("x")
    (tmp_path / "target").mkdir()
    (tmp_path / ".site-building-99999999").symlink_to(tmp_path / "target")

    atomic_build.remove_stale_folders(out)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*kept, "target", ".site-building-99999999"]
    )


def test_the_lock_is_taken_over_from_a_build_that_is_gone(tmp_path: Path) -> None:
    out = tmp_path / "site"
    atomic_build.lock_path(out).write_text("999999999\n")  # a killed build's, not held
    announced: list[int | None] = []

    with atomic_build.build_lock(out, timeout=0, waiting=announced.append):
        assert atomic_build.lock_path(out).read_text() == f"{os.getpid()}\n"

    assert announced == []
    assert not atomic_build.lock_path(out).exists()


def test_a_symlink_in_the_locks_place_is_not_followed(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    out = tmp_path / "site"
    atomic_build.lock_path(out).symlink_to(precious)

    with pytest.raises(OSError), atomic_build.build_lock(out, timeout=0, waiting=print):
        pass

    assert precious.read_text() == "keep me\n"


# --- File-system errors: one line, no traceback, the previous site as it was ---------


def test_a_full_disk_fails_the_build_with_one_line(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import mkdocs.utils

    root = make_site()
    site = root / "site"
    assert run(root, "build") == 0
    good = tree_state(site)
    capsys.readouterr()
    write_file = mkdocs.utils.write_file

    def disk_full_on_articles(content: bytes, output_path: str) -> None:
        if "ask-for-feedback-you-can-use" in output_path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
        write_file(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", disk_full_on_articles)

    assert run(root, "build") == 1

    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = error_lines(err)
    assert line.startswith("rebound: build failed: No space left on device: ")
    assert line.endswith(
        "/articles/ask-for-feedback-you-can-use/index.html; the previous site is unchanged."
    )
    assert tree_state(site) == good
    assert leftovers(site) == []


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` refuse writes for real: by its mode, or for root (whom modes do not
    stop) by the immutable attribute, where the file system has one."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a folder read-only as root here: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_parent_folder_is_refused_with_one_line(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    parent = tmp_path / "www"
    parent.mkdir()
    before = tree_state(parent)

    with read_only(parent):
        assert run(root, "build", "--out", str(parent / "site")) == 2

    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert error_lines(err) == [err.strip()]
    assert err.startswith(f"rebound: error: cannot build into {parent}/site/: ")
    assert str(parent / ".site.lock") in err
    assert tree_state(parent) == before


def test_a_read_only_output_folder_fails_with_one_line(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() != 0:
        # Renaming a folder in place needs no write access to it: only the immutable
        # attribute (root only) stops the swap.
        pytest.skip("needs root for chattr +i")
    root = make_site()
    site = root / "site"
    assert run(root, "build") == 0
    good = tree_state(site)
    capsys.readouterr()

    with read_only(site):
        assert run(root, "build") == 1

    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = error_lines(err)
    assert line.startswith("rebound: build failed: Operation not permitted: ")
    assert line.endswith("; the previous site is unchanged.")
    assert tree_state(site) == good
    assert leftovers(site) == []


# --- One process: the config loaded once, the content read once, warnings still fatal --


def test_the_build_reads_the_content_once(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.cli
    import generator.plugin

    root = make_site()
    reads: list[str] = []
    for module, reader in [(generator.cli, "command"), (generator.plugin, "plugin")]:
        original = module.load_content

        def counted(
            *args: object, _original: Any = original, _name: str = reader, **kw: Any
        ) -> Any:
            reads.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(module, "load_content", counted)

    assert run(root, "build") == 0

    assert reads == ["command"]
    assert (root / "site/checklists/ask-for-feedback/index.html").is_file()


def test_a_warning_is_shown_and_fails_the_build(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    assert run(root, "build") == 0
    good = tree_state(root / "site")
    # A mistake only MkDocs itself reports (as a warning): a README beside an index.
    (root / "content/articles/README.md").write_text("# Read me\n\nA note.\n", "utf-8")
    capsys.readouterr()

    assert run(root, "build") == 1
    assert run(root, "build") == 1  # as often as it runs in one process

    err = capsys.readouterr().err
    warning = "Excluding 'articles/README.md' from the site because it conflicts with"
    assert err.count(warning) == 2  # logged as `mkdocs build` logs it, once per build
    assert err.count("Aborted with 1 warnings in strict mode!") == 2
    assert err.count("rebound: build failed; the previous site is unchanged.") == 2
    assert "Traceback" not in err
    assert tree_state(root / "site") == good


def test_a_file_name_in_an_error_is_shown_escaped() -> None:
    from generator.cli import _os_error

    error = OSError(errno.ENOSPC, "No space left on device", "site/\x1b[2Jpage\x00.html")

    assert _os_error(error) == r"No space left on device: site/\x1b[2Jpage\x00.html"
