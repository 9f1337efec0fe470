"""What an edit touches, so a preview rebuilds only those pages.

A preview (`serve` with MkDocs' dirty builds) rebuilds a page only when MkDocs
sees it modified: its source is newer than its output. That covers the edited
file itself; this module knows the rest:

- which other pages show something of an article (listings, related articles, the
  home page's "Start here" and newest articles), as one
  signature per page: a page whose signature changed is marked stale (its output's
  time set to the epoch), so MkDocs rebuilds it;
- generated pages (listings, worksheets) are backed by files in a folder of the
  preview's own, rewritten only when their content or signature changes, so
  MkDocs' dirty build leaves the others alone;
- what makes a whole rebuild necessary: mkdocs.yml, a template, a checklist, the
  authors file, the title of a page in the navigation, an article added or removed
  or its title or tags changed (mkdocs-material's topics page lists every article,
  and its tags plugin only knows the pages a build reads), or a failed build.

The topics page itself is read by every quick rebuild, so the tags plugin knows
where each tag is listed and links the rebuilt pages' tags to it, but it is not
written again: what it lists cannot have changed (see `read_only`).

No MkDocs imports: the plugin hands in paths and the catalog.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import Article, Catalog, Checklist
from .content.catalog import Entry
from .listings import Listings

TEMPLATE_SUFFIXES = (".html", ".xml", ".j2", ".css")
"""Theme files whose change means every page may look different (stylesheets too:
every page carries its first screen's CSS inline, and links the joined stylesheet
by a name that changes with it)."""


@dataclass(frozen=True)
class Snapshot:
    """The files a preview watches, with their modification time and size."""

    files: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def take(
        cls, content_dir: Path, config_file: Path | None, theme_dirs: Iterable[Path]
    ) -> Snapshot:
        files: dict[str, tuple[int, int]] = {}
        for path in _walk(content_dir):
            files[f"content:{path.relative_to(content_dir).as_posix()}"] = _stamp(path)
        if config_file is not None and config_file.is_file():
            files["config:"] = _stamp(config_file)
        for folder in theme_dirs:
            for path in _walk(folder):
                if path.suffix in TEMPLATE_SUFFIXES:
                    files[f"theme:{path}"] = _stamp(path)
        return cls(files)

    def changed(self, newer: Snapshot) -> set[str]:
        """Keys added, removed or modified between this snapshot and `newer`."""
        keys = self.files.keys() | newer.files.keys()
        return {key for key in keys if self.files.get(key) != newer.files.get(key)}


def _walk(folder: Path) -> Iterable[Path]:
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in names:
            yield Path(root, name)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


def needs_full_rebuild(
    changed: set[str],
    before: Catalog,
    after: Catalog,
    posts_dir: str,
    tag_listings: Collection[str] = (),
) -> str | None:
    """Why every page must be rebuilt after `changed` (None: only what the change touches).

    Arguments:
        changed: snapshot keys (`content:articles/posts/x.md`, `config:`, `theme:...`).
        posts_dir: the articles' folder in the content folder (`articles/posts`).
        tag_listings: pages with a tag listing (`tags.md`): a quick rebuild never
            writes them, so a change to one rebuilds everything.
    """
    for key in sorted(changed):
        kind, _, path = key.partition(":")
        if kind == "config":
            return "mkdocs.yml changed"
        if kind == "theme":
            return f"the template {Path(path).name} changed"
        if path in tag_listings:
            return f"{path} changed (it lists the articles by tag)"
        if not path.endswith(".md"):
            if path.startswith(posts_dir + "/") or not _is_data(path):
                continue  # an image or a stylesheet: MkDocs copies it when it changes
            return f"{path} changed"
        old, new = before.entry(path), after.entry(path)
        if isinstance(old, Article) or isinstance(new, Article):
            if not isinstance(old, Article) or not isinstance(new, Article):
                return f"{path} was added or removed (the topics page lists every article)"
            if (old.title, old.tags) != (new.title, new.tags):
                return f"the title or tags of {path} changed (the topics page lists them)"
            continue
        if isinstance(old, Checklist) or isinstance(new, Checklist):
            return f"the checklist {path} changed"
        if (old is None) != (new is None) or _heading(old) != _heading(new):
            return f"the title of {path} changed (it may be in the navigation)"
    return None


def _is_data(path: str) -> bool:
    """Files the content core reads (authors, the published-ids record)."""
    return path.endswith((".yml", ".yaml", ".json"))


def _heading(entry: Entry | None) -> tuple[str | None, str | None]:
    return (entry.title, entry.description) if entry is not None else (None, None)


def page_signatures(
    catalog: Catalog, listings: Listings, shown: Iterable[Article], newest: int
) -> dict[str, str]:
    """For each page that shows other pages' articles, a digest of what it shows of them.

    Arguments:
        shown: the articles the site lists, newest first (drafts too in a preview).
        newest: how many articles the home page lists.
    """
    signatures: dict[str, str] = {}
    for article in shown:
        parts: list[object] = [
            [_teaser(other) for other in catalog.related(article)],
            [(name, listings.category_uri(name)) for name in article.categories],
        ]
        signatures[article.src_path] = _digest(parts)
    start = catalog.start_article()
    signatures["index.md"] = _digest(
        [[_teaser(a) for a in catalog.newest_articles(newest)], start and _teaser(start)]
    )
    ways = (listings.years, listings.categories)
    for page in listings.pages.values():
        signatures[page.src_uri] = _digest(
            [[_listed(a) for a in page.articles], page.pages, page.title, ways]
        )
    return signatures


def _teaser(article: Article) -> tuple[object, ...]:
    return (article.slug, article.title, article.description, article.created.isoformat())


def _listed(article: Article) -> tuple[object, ...]:
    return (
        *_teaser(article),
        article.categories,
        article.pin,
        article.draft,
        article.reading_minutes,
    )


def _digest(parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


class GeneratedSources:
    """Files backing the preview's generated pages, rewritten only when they change.

    MkDocs rebuilds a generated page with in-memory content on every build; backed
    by a file, it is rebuilt only when the file is newer than the page's output.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rebound-preview-pages-"))

    def write(self, src_uri: str, content: str) -> str:
        """The backing file of `src_uri` holding `content`; its time changes only with it."""
        path = self.folder / src_uri
        data = content.encode("utf-8")
        try:
            if path.read_bytes() == data:
                return str(path)
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return str(path)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def hosts_tag_listing(markdown: str, directive: str = "material/tags") -> bool:
    """Whether a page's Markdown has mkdocs-material's tag listing (`<!-- material/tags -->`)."""
    return f"<!-- {directive}" in markdown


def read_only(output: Path, stamp: int) -> None:
    """After the pages are read, before they are written: leave this page's output as is.

    Marked stale so that MkDocs reads it (and the tags plugin sees its listing),
    then given back its time (`stamp`, from `mark_stale`) so MkDocs does not write it.
    """
    with contextlib.suppress(OSError):
        os.utime(output, ns=(stamp, stamp))


def mark_stale(output: Path) -> int | None:
    """Make a page's output older than any source, so a dirty build rebuilds it.

    Returns the output's time before (ns), or None when there is no output yet.
    """
    try:
        stamp = output.stat().st_mtime_ns
        os.utime(output, (0, 0))
    except OSError:
        return None
    return stamp


class PreviewState:
    """What one preview keeps between its rebuilds: the last build's files, catalog,
    page signatures and page titles, and the files behind its generated pages."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.catalog: Catalog | None = None
        self.signatures: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.sources = GeneratedSources()
        self.pdf_report: Any = None
        """The last whole build's PDF report (sizes and pages for the PDF links)."""
        self.whole: str | None = "the first build"
        """Why the build under way rebuilds every page; None: only what changed."""
        self._pending: tuple[Snapshot, Catalog] | None = None
        self._failed = False

    def start(
        self,
        snapshot: Snapshot,
        catalog: Catalog,
        posts_dir: str,
        tag_listings: Collection[str] = (),
    ) -> str | None:
        """Begin a build: returns why it must rebuild every page, or None."""
        if self.snapshot is None or self.catalog is None:
            self.whole = "the first build"
        elif self._failed:
            self.whole = "the last build failed"
        else:
            changed = self.snapshot.changed(snapshot)
            self.whole = needs_full_rebuild(changed, self.catalog, catalog, posts_dir, tag_listings)
        self._pending = (snapshot, catalog)
        self._failed = True  # until finish() says otherwise
        return self.whole

    def stale(self, signatures: Mapping[str, str]) -> list[str]:
        """Pages whose signature changed since the last build (none in a whole rebuild)."""
        if self.whole is not None:
            return []
        return [uri for uri, digest in signatures.items() if self.signatures.get(uri) != digest]

    def finish(self, signatures: Mapping[str, str], titles: Mapping[str, str]) -> None:
        """The build succeeded: remember what it was built from."""
        assert self._pending is not None
        self.snapshot, self.catalog = self._pending
        self.signatures = dict(signatures)
        self.titles.update(titles)
        self._failed = False

    def failed(self) -> None:
        self._failed = True

    def close(self) -> None:
        self.sources.remove()
