"""Where a build's time goes: `rebound build` (a) and the floor (c) on one synthetic
corpus, each in a fresh process, timed by phase, CPU and wall side by side.

    .venv/bin/python -m bench.profile -n 200            # phases of (a) and (c)
    .venv/bin/python -m bench.profile -n 200 --cprofile # and (a)'s top functions

Each phase's time is its own: time spent inside another timed phase (a plugin event
that renders Markdown, an import a template triggers) is counted there, not twice,
so the rows add up to the whole process. The phases are measured by wrapping
MkDocs', Jinja's, Python-Markdown's and our functions in the profiled process only;
the product is not changed. Child processes (Pagefind) are reported from the
children's rusage (Pagefind and the output scan's worker); their wall time is the
row of the step that waits for them.
"""

from __future__ import annotations

import argparse
import builtins
import cProfile
import importlib
import io
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .sites import prepare

REPO = Path(__file__).resolve().parent.parent


class Phases:
    """CPU and wall time per phase, each phase's own (nested phases subtracted)."""

    def __init__(self) -> None:
        self.cpu: Counter[str] = Counter()
        self.wall: Counter[str] = Counter()
        self._nested: list[list[float]] = []

    def timed(self, key: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            self._nested.append([0.0, 0.0])
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                inner_cpu, inner_wall = self._nested.pop()
                self.cpu[key] += cpu - inner_cpu
                self.wall[key] += wall - inner_wall
                if self._nested:
                    self._nested[-1][0] += cpu
                    self._nested[-1][1] += wall

        return run

    def wrap(self, owner: Any, name: str, key: str) -> None:
        setattr(owner, name, self.timed(key, getattr(owner, name)))


def _instrument(phases: Phases, rebound: bool) -> None:
    """Wrap what both builds do, and (for Rebound) our own steps."""
    builtins.__import__ = phases.timed("Python: imports", builtins.__import__)
    importlib.import_module = phases.timed("Python: imports", importlib.import_module)
    import jinja2
    import markdown
    import mkdocs.commands.build as build_module
    import mkdocs.config as mkdocs_config
    import mkdocs.plugins as plugins
    import mkdocs.utils as mkdocs_utils
    from mkdocs.structure.files import Files

    phases.wrap(markdown.Markdown, "convert", "Markdown: convert")
    phases.wrap(markdown.Markdown, "__init__", "Markdown: a new instance per page")
    phases.wrap(build_module, "_build_page", "templates: pages")
    phases.wrap(build_module, "_build_theme_template", "templates: 404, sitemap")
    phases.wrap(jinja2.Environment, "compile", "templates: compile (Jinja)")
    phases.wrap(Files, "add_files_from_theme", "MkDocs: list the theme's files")
    phases.wrap(Files, "copy_static_files", "MkDocs: copy static files")
    phases.wrap(build_module, "get_files", "MkDocs: list the content files")
    phases.wrap(mkdocs_utils, "write_file", "MkDocs: write pages")
    phases.wrap(mkdocs_utils, "clean_directory", "MkDocs: clean the output folder")
    phases.wrap(mkdocs_config, "load_config", "MkDocs: load mkdocs.yml and the plugins")

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        for method in self.events[name]:
            owner = getattr(method, "__self__", None)
            self._current_plugin = type(owner).__name__
            key = f"event {name}: {type(owner).__name__}"
            call = phases.timed(key, method)
            result = call(item, **kwargs) if item is not None else call(**kwargs)
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    plugins.PluginCollection.run_event = run_event  # type: ignore[method-assign]
    if not rebound:
        return
    import generator.atomic_build as atomic_build
    import generator.cli as cli
    import generator.output_scan as output_scan
    import generator.scan_stream as scan_stream
    import generator.search_index as search_index
    import generator.security_headers as security_headers
    import generator.site_links as site_links
    import generator.worksheets.build as worksheet_build

    phases.wrap(cli.Site, "load", "rebound: content checks (load_content)")
    phases.wrap(site_links, "check_site_links", "rebound: link checks")
    phases.wrap(output_scan, "scan_site", "rebound: output scan")
    phases.wrap(scan_stream.ScanStream, "finish", "rebound: output scan (wall: waiting for it)")
    phases.wrap(scan_stream.ScanStream, "__init__", "rebound: output scan (start, send pages)")
    phases.wrap(scan_stream.ScanStream, "add_page", "rebound: output scan (start, send pages)")
    phases.wrap(search_index, "index_site", "rebound: Pagefind (wall: waiting for it)")
    stream = search_index.PageStream
    phases.wrap(stream, "wait", "rebound: Pagefind (wall: waiting for it)")
    phases.wrap(stream, "__init__", "rebound: Pagefind (start, send pages)")
    phases.wrap(stream, "add_page", "rebound: Pagefind (start, send pages)")
    phases.wrap(stream, "finish", "rebound: Pagefind (start, send pages)")
    phases.wrap(worksheet_build.WorksheetBuild, "publish_pdfs", "rebound: PDFs (warm cache)")
    phases.wrap(security_headers, "write_headers_file", "rebound: _headers")
    phases.wrap(atomic_build, "swap_into_place", "rebound: swap into place")
    phases.wrap(atomic_build, "remove_stale_folders", "rebound: remove stale folders")


def profile(root: Path, site_dir: Path, rebound: bool, use_cprofile: bool) -> dict[str, Any]:
    """Build the project at `root` in this (fresh) process and time its phases."""
    startup_cpu, startup_wall = time.process_time(), time.perf_counter() - _started_wall()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    phases = Phases()
    phases.cpu["Python: start-up"] = startup_cpu
    phases.wall["Python: start-up"] = startup_wall
    os.chdir(root)
    cpu, wall = time.process_time(), time.perf_counter()
    _instrument(phases, rebound)
    profiler = cProfile.Profile() if use_cprofile else None
    if profiler:
        profiler.enable()
    if rebound:
        from generator.cli import main as command

        status = command(["build", "--out", str(site_dir)])
    else:
        from mkdocs.__main__ import cli

        status = cli.main(["build", "-q", "--site-dir", str(site_dir)], standalone_mode=False)
    if profiler:
        profiler.disable()
    if status:
        raise SystemExit(f"build failed ({status})")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    phases.cpu["other (MkDocs' own loop, logging, small steps)"] += cpu - sum(
        v for k, v in phases.cpu.items() if k != "Python: start-up"
    )
    phases.wall["other (MkDocs' own loop, logging, small steps)"] += wall - sum(
        v for k, v in phases.wall.items() if k != "Python: start-up"
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report: dict[str, Any] = {
        "cpu": dict(phases.cpu),
        "wall": dict(phases.wall),
        "children_cpu": children.ru_utime + children.ru_stime,
        "total_cpu": startup_cpu + cpu,
        "total_wall": startup_wall + wall,
    }
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(50)
        report["cprofile"] = out.getvalue()
    return report


def _started_wall() -> float:
    """When this process started, on the perf_counter clock (from /proc, Linux)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return time.perf_counter()
    age = uptime - ticks / os.sysconf("SC_CLK_TCK")
    return time.perf_counter() - age


def profile_in_child(
    root: Path, site_dir: Path, rebound: bool, use_cprofile: bool
) -> dict[str, Any]:
    """Profile in a fresh process, so imports and caches start as a real build's do."""
    code = (
        "import json, sys; from pathlib import Path; from bench.profile import profile; "
        f"report = profile(Path({str(root)!r}), Path({str(site_dir)!r}), {rebound}, "
        f"{use_cprofile}); print('\\n' + json.dumps(report))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)},
    )
    if result.returncode != 0:
        raise SystemExit(f"profiling {root} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(a: dict[str, Any], c: dict[str, Any]) -> str:
    """(a)'s and (c)'s phases side by side, (a)'s largest first."""
    keys = sorted(set(a["cpu"]) | set(c["cpu"]), key=lambda k: -a["cpu"].get(k, 0.0))
    lines = [
        "| phase | (a) CPU | (a) wall | (c) CPU | (c) wall |",
        "|---|---:|---:|---:|---:|",
    ]

    def cell(report: dict[str, Any], kind: str, key: str) -> str:
        value = report[kind].get(key)
        return "-" if value is None or abs(value) < 0.005 else f"{value:.2f}"

    for key in keys:
        row = [cell(a, "cpu", key), cell(a, "wall", key), cell(c, "cpu", key), cell(c, "wall", key)]
        if set(row) != {"-"}:
            lines.append(f"| {key} | {' | '.join(row)} |")
    lines.append(
        f"| child processes (Pagefind, output scan), CPU | {a['children_cpu']:.2f} | | "
        f"{c['children_cpu']:.2f} | |"
    )
    lines.append(
        f"| **whole build** | **{a['total_cpu'] + a['children_cpu']:.2f}** | "
        f"**{a['total_wall']:.2f}** | **{c['total_cpu'] + c['children_cpu']:.2f}** | "
        f"**{c['total_wall']:.2f}** |"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--articles", "-n", type=int, default=200)
    parser.add_argument("--cprofile", action="store_true", help="add cProfile's top functions")
    parser.add_argument("--workdir", type=Path, help="keep the projects here (default: temp)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rebound-profile-") as folder:
        workdir = args.workdir or Path(folder)
        a, _, c = prepare(workdir, args.articles, sys.executable)
        # A warm PDF cache, as for every build after an author's first; and one
        # build of each first, so both read a warm file-system cache.
        profile_in_child(a.root, workdir / "warm-a", True, False)
        profile_in_child(c.root, workdir / "warm-c", False, False)
        report_a = profile_in_child(a.root, workdir / "site-a", True, args.cprofile)
        report_c = profile_in_child(c.root, workdir / "site-c", False, False)
    print(f"# Build profile: {args.articles} articles, warm PDF cache\n")
    print(
        "(a) `rebound build`, (c) the floor (`mkdocs build`, material + search), each in a "
        f"fresh process; seconds; load average {os.getloadavg()[0]:.1f}.\n"
    )
    print(table(report_a, report_c))
    if "cprofile" in report_a:
        print("```\n" + report_a["cprofile"] + "```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
