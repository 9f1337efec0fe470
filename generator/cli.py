"""The `rebound` command: scaffold, check, build and preview the site.

    rebound new article "Title" --tag feedback [--tag ...] [--step N]
    rebound new checklist "Title" [--step N]
    rebound check [--format text|json]
    rebound build [--out DIR] [--wait SECONDS]
    rebound schema [--out DIR]
    rebound serve [--dev-addr 127.0.0.1:8000]

Content mistakes are printed in compiler form (`file:line: field: message`),
all at once, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import atomic_build, mkdocs_build, output_folder, scaffold, site_address
from .content import Catalog, LoadResult, Problem, format_problems, load_content, published_ids

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DEFAULT_CONFIG = "mkdocs.yml"
DEFAULT_ADDRESS = "127.0.0.1:8000"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_LOCK_WAIT = 600.0
"""Seconds a build waits for another build of the same output folder: longer than a
cold build of a large site, short enough that a stuck one is noticed."""


class CommandError(Exception):
    """A mistake in how the command was called, or in mkdocs.yml."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # The MkDocs 2.0 notice is for theme maintainers, not for our authors.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return args.run(args)
    except CommandError as error:
        print(f"rebound: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("rebound: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rebound", description="Write, check, build and preview the Rebound site."
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default=DEFAULT_CONFIG,
        type=Path,
        help="the site's MkDocs configuration (default: mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="create a new article or checklist")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    article = kinds.add_parser("article", help="a new draft article")
    article.add_argument("title")
    article.add_argument(
        "--tag", action="append", default=[], dest="tags", help="a tag (repeat for more)"
    )
    article.add_argument("--step", type=int, choices=range(1, 6), help="path step 1-5")
    article.set_defaults(run=_run_new_article)
    checklist = kinds.add_parser("checklist", help="a new checklist")
    checklist.add_argument("title")
    checklist.add_argument("--step", type=int, choices=range(1, 6), help="path step 1-5")
    checklist.set_defaults(run=_run_new_checklist)

    check = commands.add_parser("check", help="validate all content without building")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--update-ids",
        action="store_true",
        help="record new checklist item ids as published (in checklists/.ids.json)",
    )
    check.set_defaults(run=_run_check)

    schema = commands.add_parser(
        "schema", help="write JSON Schemas of the front matter, for editors"
    )
    schema.add_argument(
        "--out", type=Path, help="folder for the schema files (default: schemas/ by mkdocs.yml)"
    )
    schema.set_defaults(run=_run_schema)

    build = commands.add_parser("build", help="strict build, swapped into place when it succeeds")
    build.add_argument("--out", type=Path, help="output folder (default: site_dir, i.e. site/)")
    build.add_argument(
        "--wait",
        type=_seconds,
        default=DEFAULT_LOCK_WAIT,
        metavar="SECONDS",
        help="how long to wait for another build of the same folder to end (default: 600)",
    )
    build.set_defaults(run=_run_build)

    serve = commands.add_parser("serve", help="live preview with drafts shown")
    serve.add_argument("--dev-addr", default=DEFAULT_ADDRESS, help="default: 127.0.0.1:8000")
    serve.set_defaults(run=_run_serve)
    return parser


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return seconds


class Site:
    """The site as the commands see it: its MkDocs config and what follows from it."""

    def __init__(self, config_file: Path, *, strict: bool = False, **overrides: str) -> None:
        """
        Arguments:
            strict: stop on a config warning, as `mkdocs build --strict` does.
            overrides: config values to set, as `mkdocs` options do (`dev_addr`, `site_dir`).
        """
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, ConfigurationError

        from .site_config import (
            body_renderer,
            content_layout,
            content_rules,
            project_root,
            theme_override_dirs,
        )

        if not config_file.is_file():
            raise CommandError(
                f"{config_file} not found: run rebound in the folder that holds mkdocs.yml, "
                "or pass --config-file"
            )
        # MkDocs logs what is wrong with the config, then raises Abort: keep the words.
        said: list[str] = []
        listener = _Collect(said)
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(listener)
        try:
            # strict as `mkdocs build --strict`: a config warning stops the build too.
            self.config = load_config(
                config_file=str(config_file), strict=strict or None, **overrides
            )
        except ConfigurationError as error:
            raise CommandError(f"{config_file}: {error}") from None
        except Abort as abort:
            what = "; ".join(said) or abort.format_message()
            raise CommandError(f"{config_file}: {what}") from None
        finally:
            mkdocs_log.removeHandler(listener)
        try:
            site_address.resolve(self.config.site_url, os.environ)
        except site_address.SiteAddressError as error:
            raise CommandError(str(error)) from None
        self.config_file = config_file
        self.root = project_root(self.config)
        self.content_dir = Path(self.config.docs_dir)
        self.rules = content_rules(self.config)
        self.layout = content_layout(self.config)
        self.theme_dirs = theme_override_dirs(self.config)
        self.renderer = body_renderer(self.config)

    def load(self) -> LoadResult:
        return load_content(
            self.content_dir,
            self.rules,
            self.layout,
            display_root=self.root,
            theme_dirs=self.theme_dirs,
            renderer=self.renderer,
        )

    def check(self) -> LoadResult:
        """Load the content and check every link, image, anchor and nav entry too."""
        from .site_links import check_site_links

        result = self.load()
        result.problems = sorted(result.problems + check_site_links(self.config, result))
        return result


class _Collect(logging.Handler):
    """Keeps the errors MkDocs logs while it loads mkdocs.yml."""

    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def _print_problems(problems: Sequence[Problem]) -> None:
    print(format_problems(problems), file=sys.stderr)


def _run_check(args: argparse.Namespace) -> int:
    try:
        site = Site(args.config_file)
    except CommandError as error:
        if args.format != "json":
            raise
        # An editor or CI reading JSON gets JSON, even when there is no site to check.
        report = {"error": str(error), "problems": [], "unrecorded_ids": {}}
        print(json.dumps(report, indent=2))
        return EXIT_USAGE
    result = site.check()
    if args.format == "json":
        report = {
            "error": None,
            "problems": [p.as_dict() for p in result.problems],
            "unrecorded_ids": result.unrecorded_ids,
        }
        print(json.dumps(report, indent=2))
    elif result.problems:
        _print_problems(result.problems)
    else:
        print(_summary(result.catalog))
    if result.problems:
        return EXIT_PROBLEMS
    ids_path = site.content_dir / site.layout.ids_file
    if args.update_ids:
        record = published_ids.read_record(ids_path, _shown(ids_path, site.root), [])
        published_ids.write_record(
            ids_path, published_ids.updated_record(record, result.catalog.checklists)
        )
        count = sum(len(ids) for ids in result.unrecorded_ids.values()) if record else None
        what = f"{count} new item ids" if count is not None else "every item id"
        print(f"Recorded {what} as published in {_shown(ids_path, site.root)}; commit it.")
    elif args.format == "text" and (result.unrecorded_ids or not ids_path.is_file()):
        print(_unrecorded_note(result.unrecorded_ids, _shown(ids_path, site.root)))
    return EXIT_OK


def _unrecorded_note(unrecorded: dict[str, list[str]], ids_file: str) -> str:
    listed = "; ".join(f"{slug}: {', '.join(ids)}" for slug, ids in unrecorded.items())
    what = f"new checklist item ids ({listed})" if listed else "no record of published item ids"
    return (
        f"Note: {what}. Once they are published, run `rebound check --update-ids` and commit "
        f"{ids_file}, so renaming or removing an item later is caught before readers' "
        "saved answers are orphaned."
    )


def _summary(catalog: Catalog) -> str:
    drafts = sum(article.draft for article in catalog.articles)
    draft_note = f" ({drafts} draft{'s' if drafts != 1 else ''})" if drafts else ""
    return (
        f"All content is valid: {len(catalog.articles)} articles{draft_note}, "
        f"{len(catalog.checklists)} checklists, {len(catalog.pages)} other pages."
    )


def _run_schema(args: argparse.Namespace) -> int:
    from .content.json_schema import article_schema, checklist_schema

    site = Site(args.config_file)
    result = site.load()
    out = args.out or site.root / "schemas"
    out.mkdir(parents=True, exist_ok=True)
    schemas = {
        "article.schema.json": article_schema(result.rules, sorted(result.catalog.checklists)),
        "checklist.schema.json": checklist_schema(result.rules),
    }
    for name, schema in schemas.items():
        (out / name).write_text(json.dumps(schema, indent=2) + "\n", "utf-8")
        print(f"Wrote {_shown(out / name, site.root)}")
    if result.problems:
        print(
            f"Note: the content has {len(result.problems)} problems (see rebound check); "
            "a checklist that is broken now is missing from the article schema.",
            file=sys.stderr,
        )
    return EXIT_OK


def _run_new_article(args: argparse.Namespace) -> int:
    site = Site(args.config_file)
    loaded = site.load()
    try:
        created = scaffold.new_article(
            site.content_dir,
            site.root,
            site.layout,
            loaded.rules,
            sorted(loaded.catalog.authors),
            args.title,
            args.tags,
            args.step,
            date.today(),
        )
    except scaffold.ScaffoldError as error:
        return _scaffold_failed(error)
    print(f"Created {_shown(created.path, site.root)}")
    print("It is a draft: it shows in `rebound serve`; remove `draft: true` to publish it.")
    return EXIT_OK


def _run_new_checklist(args: argparse.Namespace) -> int:
    site = Site(args.config_file)
    try:
        created = scaffold.new_checklist(
            site.content_dir, site.root, site.layout, args.title, args.step
        )
    except scaffold.ScaffoldError as error:
        return _scaffold_failed(error)
    shown = _shown(created.path, site.root)
    print(f"Created {shown}")
    print(f"Add it to the Checklists section of nav: in {site.config_file} to list it there.")
    return EXIT_OK


def _scaffold_failed(error: scaffold.ScaffoldError) -> int:
    if error.problems:
        _print_problems(error.problems)
    print(f"rebound: {error}", file=sys.stderr)
    return EXIT_PROBLEMS


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _run_build(args: argparse.Namespace) -> int:
    with mkdocs_build.command_line_logging():
        site = Site(args.config_file, strict=True)
        out = (args.out or Path(site.config.site_dir)).expanduser().resolve()
        shown = _shown_folder(out, site.root)
        # Before any work, and again once this build has the output to itself.
        _refuse_dangerous_output(out, shown, site)
        result = site.check()
        if result.problems:
            _print_problems(result.problems)
            print("rebound: build stopped; the previous site is unchanged.", file=sys.stderr)
            return EXIT_PROBLEMS
        try:
            with atomic_build.build_lock(
                out, timeout=args.wait, waiting=lambda pid: _say_waiting(shown, pid)
            ):
                _refuse_dangerous_output(out, shown, site)
                return _build_and_swap(site, result.catalog, out, shown)
        except atomic_build.LockTimeout as timeout:
            raise CommandError(
                f"another build of {shown}{_pid(timeout.holder)} is still running after "
                f"{args.wait:g} s; let it finish (or stop it) and build again, "
                "or give it longer with --wait SECONDS"
            ) from None
        except OSError as error:
            # Before the build started: the lock beside the output could not be made.
            raise CommandError(f"cannot build into {shown}: {_os_error(error)}") from None


def _build_and_swap(site: Site, catalog: Catalog, out: Path, shown: str) -> int:
    """Build into a staging folder beside `out` and swap it in; hold `out`'s lock."""
    try:
        with atomic_build.staging_folder(out) as staging:
            mkdocs_build.build_site(site.config, staging, catalog)
            output_folder.write_marker(staging)
            atomic_build.swap_into_place(staging, out)
    except mkdocs_build.BuildFailed as failure:
        print(str(failure), file=sys.stderr)
        print("rebound: build failed; the previous site is unchanged.", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as error:
        print(
            f"rebound: build failed: {_os_error(error)}; the previous site is unchanged.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"Site built into {shown}")
    return EXIT_OK


def _say_waiting(shown: str, pid: int | None) -> None:
    print(f"rebound: waiting for another build of {shown}{_pid(pid)} to finish...", file=sys.stderr)


def _pid(pid: int | None) -> str:
    return f" (pid {pid})" if pid is not None else ""


def _os_error(error: OSError) -> str:
    """An OSError as one line: what went wrong, and with which file.

    The file name may come from content (a page's path): anything unprintable in
    it is shown escaped, never sent to the terminal as it is.
    """
    what = error.strerror or str(error)
    if error.filename is None:
        return what
    name = os.fsdecode(error.filename)
    return what + ": " + "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _shown_folder(folder: Path, root: Path) -> str:
    shown = _shown(folder, root)
    return shown if shown.endswith("/") else f"{shown}/"


def _refuse_dangerous_output(out: Path, shown: str, site: Site) -> None:
    """The output folder is replaced whole: only ever one that is new, empty or a site
    Rebound built, and never the project, its content or its theme, nor a folder in them."""
    protected = [site.root, site.content_dir.resolve(), site.config_file.resolve().parent]
    for folder in protected:
        if out == folder or folder.is_relative_to(out):
            raise CommandError(
                f"refusing to build into {shown}: it holds the project's own files, "
                "and the output folder is replaced on every build"
            )
    inputs = [site.content_dir.resolve()]
    if site.config.theme.custom_dir:
        inputs.append(Path(site.config.theme.custom_dir).resolve())
    for folder in inputs:
        if out.is_relative_to(folder):
            where = "" if out == folder else f"inside {_shown_folder(folder, site.root)}, "
            raise CommandError(
                f"refusing to build into {shown}: it is {where}a folder the build reads; "
                "choose a folder outside it with --out"
            )
    try:
        output_folder.check_replaceable(out, shown)
    except output_folder.OutputRefused as refusal:
        raise CommandError(str(refusal)) from None


def _run_serve(args: argparse.Namespace) -> int:
    from . import preview

    try:
        host, port = preview.parse_address(args.dev_addr)
        preview.check_address_free(host, port)
    except preview.AddressError as error:
        raise CommandError(str(error)) from None
    preview.configure_logging()
    address = f"{host}:{port}"
    site = Site(args.config_file, dev_addr=address)

    def load(site_dir: str) -> MkDocsConfig:
        return Site(args.config_file, dev_addr=address, site_dir=site_dir).config

    try:
        preview.Preview(site.config, load).run()
    except preview.AddressError as error:
        raise CommandError(str(error)) from None
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
