"""Where a build's CPU time goes: one in-process MkDocs build of the synthetic corpus,
timed by phase and by plugin event.

    .venv/bin/python -m bench.profile -n 200            # the repository's site
    .venv/bin/python -m bench.profile -n 200 --cprofile # and the top functions

CPU time (not wall time), so the table holds on a shared machine. The phases are
measured by wrapping MkDocs' and Python-Markdown's functions in this process only;
the product is not changed. Pagefind runs as a child process: its CPU is reported
apart, from the children's rusage.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .sites import prepare

Timings = Counter[str]


def _wrap(owner: Any, name: str, key: str, timings: Timings) -> None:
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            timings[key] += time.process_time() - started

    setattr(owner, name, timed)


def _instrument(timings: Timings) -> None:
    import markdown
    import mkdocs.commands.build as build_module
    import mkdocs.plugins as plugins
    from mkdocs.structure.files import Files

    _wrap(markdown.Markdown, "convert", "Markdown: convert", timings)
    _wrap(markdown.Markdown, "__init__", "Markdown: a new instance per page", timings)
    _wrap(build_module, "_build_page", "templates: pages (on_page_context included)", timings)
    _wrap(build_module, "_build_theme_template", "templates: 404, sitemap", timings)
    _wrap(Files, "add_files_from_theme", "MkDocs: list the theme's files", timings)
    _wrap(Files, "copy_static_files", "MkDocs: copy static files", timings)
    original: Callable[..., Any] = plugins.PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        for method in self.events[name]:
            owner = getattr(method, "__self__", None)
            self._current_plugin = (
                getattr(owner, "_rebound_profile_name", None) or type(owner).__name__
            )
            started = time.process_time()
            result = method(item, **kwargs) if item is not None else method(**kwargs)
            timings[f"event {name}: {type(owner).__name__}"] += time.process_time() - started
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    plugins.PluginCollection.run_event = run_event  # type: ignore[method-assign]
    assert original is not None


def profile(root: Path, site_dir: Path, use_cprofile: bool) -> tuple[str, float]:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.basicConfig(level=logging.WARNING)
    timings: Timings = Counter()
    _instrument(timings)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(root)
    started = time.process_time()
    config = load_config(config_file="mkdocs.yml", site_dir=str(site_dir))
    timings["MkDocs: load mkdocs.yml and the plugins"] += time.process_time() - started
    config.plugins.on_startup(command="build", dirty=False)
    profiler = cProfile.Profile() if use_cprofile else None
    if profiler:
        profiler.enable()
    build(config)
    if profiler:
        profiler.disable()
    total = time.process_time() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = children.ru_utime + children.ru_stime
    lines = [
        "| phase | CPU | share |",
        "|---|---:|---:|",
    ]
    for key, seconds in timings.most_common():
        if seconds >= 0.01:
            lines.append(f"| {key} | {seconds:.2f} s | {100 * seconds / total:.0f}% |")
    lines.append(f"| **whole build, this process** | **{total:.2f} s** | 100% |")
    lines.append(f"| child processes (Pagefind) | {child_cpu:.2f} s | |")
    text = "\n".join(lines) + "\n"
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        text += "\n```\n" + out.getvalue() + "```\n"
    return text, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--articles", "-n", type=int, default=200)
    parser.add_argument("--cprofile", action="store_true", help="add cProfile's top functions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rebound-profile-") as folder:
        workdir = Path(folder)
        project = prepare(workdir, args.articles, sys.executable)[0]
        # A warm PDF cache, as for every build after an author's first.
        warm_up, _ = profile_in_child(project.root, workdir / "warm", args.cprofile)
        del warm_up
        text, _ = profile_in_child(project.root, workdir / "site", args.cprofile)
    print(f"# Build profile: {args.articles} articles (CPU time, warm PDF cache)\n")
    print(text)
    return 0


def profile_in_child(root: Path, site_dir: Path, use_cprofile: bool) -> tuple[str, float]:
    """Profile in a fresh process, so imports and caches start as a real build's do."""
    import json
    import subprocess

    code = (
        "import json, sys; from pathlib import Path; from bench.profile import profile; "
        f"text, total = profile(Path({str(root)!r}), Path({str(site_dir)!r}), {use_cprofile}); "
        "print(json.dumps([text, total]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    text, total = json.loads(result.stdout.strip().splitlines()[-1])
    return text, total


if __name__ == "__main__":
    sys.exit(main())
