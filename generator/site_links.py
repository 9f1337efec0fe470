"""What a link can reach in this site, from mkdocs.yml and the content: the adapter
between MkDocs' configuration and the content core's link checker (`content/links.py`).

Pages are reached the way MkDocs resolves Markdown links: by their path in the
content folder (`../../checklists/plan.md`). Pages that exist only in the build are
reached the same way, under the path they pretend to have:

- worksheets: `worksheets/index.md`, `worksheets/<slug>.md`, and the PDFs
  `worksheets/<slug>.pdf` and `worksheets/rebound-workbook.pdf`;
- the articles' listings (see `listings.py`): `articles/index.md` (a real file),
  further index pages `articles/page/<n>.md`, the archive `articles/archive/<year>.md`,
  categories `articles/category/<slug>.md`, and their further pages;
- the topics page is the real `tags.md`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig

from . import listings
from .content import LoadResult, Problem
from .content.links import (
    HeadingAnchors,
    LinkedPage,
    SiteMap,
    check_links,
    check_nav,
    nav_entries,
)
from .site_config import REBOUND_PLUGIN, content_layout, project_root
from .worksheets import INDEX_SRC_URI, WORKBOOK_PDF, worksheet_pdf, worksheet_src_uri
from .worksheets.sources import without_checklist_blocks


def check_site_links(
    config: MkDocsConfig, result: LoadResult, *, serving: bool = False
) -> list[Problem]:
    """Every link, image, anchor and nav entry that leads nowhere.

    Arguments:
        serving: for `rebound serve`, where drafts are shown, so links to them work.
    """
    site = site_map(config, result, serving=serving)
    problems: list[Problem] = []
    check_links(result.bodies, site, problems)
    config_file = Path(config.config_file_path or "mkdocs.yml")
    try:
        entries = nav_entries(config_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        entries = []  # MkDocs has already loaded it; nothing more to say here
    check_nav(entries, site, _shown(config_file, project_root(config)), problems)
    return sorted(problems)


def site_map(config: MkDocsConfig, result: LoadResult, *, serving: bool = False) -> SiteMap:
    """The pages, files and anchors of the site `config` builds from `result`."""
    docs_dir = Path(config.docs_dir)
    url_of = page_url(config)
    pages: dict[str, str] = {}
    sources: dict[str, str] = {}
    for body in result.bodies:
        pages[body.src_uri] = url_of(body.src_uri)
        if body.readable:
            sources[body.src_uri] = body.body
    files = set(result.files)
    for src_uri, markdown in _generated_pages(config, result, serving).items():
        pages.setdefault(src_uri, url_of(src_uri))
        if markdown is not None:
            sources.setdefault(src_uri, markdown)
    files.update(_generated_files(config, result))
    left_out = set() if serving else {body.src_uri for body in result.bodies if body.draft}
    return SiteMap(
        pages=pages,
        files=files,
        sources=sources,
        anchors_of=_anchors(config),
        left_out=left_out,
        content_dir=_shown(docs_dir, project_root(config)),
    )


def _anchors(config: MkDocsConfig) -> HeadingAnchors:
    names = {name for name in config.markdown_extensions if isinstance(name, str)}
    toc_config = dict((config.mdx_configs or {}).get("toc", {}))
    return HeadingAnchors(toc_config, attr_list="attr_list" in names)


def page_url(config: MkDocsConfig) -> Callable[[str], str]:
    """A page's URL from the site root, as MkDocs (and our plugin, for articles) gives it."""
    directory_urls = config.use_directory_urls
    posts_dir = content_layout(config).posts_dir + "/"
    articles_dir = posixpath.dirname(posts_dir.rstrip("/"))

    def url(src_uri: str) -> str:
        if src_uri.startswith(posts_dir) and "/" not in src_uri[len(posts_dir) :]:
            src_uri = posixpath.join(articles_dir, posixpath.basename(src_uri))
        stem, _ = posixpath.splitext(src_uri)
        folder, name = posixpath.split(stem)
        if name in ("index", "README"):
            return f"{folder}/" if folder else ""
        if not directory_urls:
            return f"{stem}.html"
        return f"{stem}/"

    return url


def _checklist_bodies(config: MkDocsConfig, result: LoadResult) -> list[LinkedPage]:
    # Every checklist file, valid or not: a broken checklist still has its worksheet
    # once it is fixed, so links to it are not reported as well.
    folder = content_layout(config).checklists_dir.strip("/") + "/"
    return [
        body
        for body in result.bodies
        if body.src_uri.startswith(folder)
        and "/" not in body.src_uri[len(folder) :]
        and body.src_uri != f"{folder}index.md"
    ]


def _generated_pages(
    config: MkDocsConfig, result: LoadResult, serving: bool
) -> dict[str, str | None]:
    """Pages that exist only in the build, with the Markdown their anchors come from
    (None: unknown, for the worksheet of a checklist that cannot be read)."""
    pages: dict[str, str | None] = {INDEX_SRC_URI: ""}
    for body in _checklist_bodies(config, result):
        slug = posixpath.splitext(posixpath.basename(body.src_uri))[0]
        pages[worksheet_src_uri(slug)] = (
            without_checklist_blocks(body.body) if body.readable else None
        )
    pages.update(dict.fromkeys(_listing_pages(config, result, serving), ""))
    return pages


def _generated_files(config: MkDocsConfig, result: LoadResult) -> set[str]:
    files = {WORKBOOK_PDF}
    for body in _checklist_bodies(config, result):
        files.add(worksheet_pdf(posixpath.splitext(posixpath.basename(body.src_uri))[0]))
    return files


def _listing_pages(config: MkDocsConfig, result: LoadResult, serving: bool) -> list[str]:
    """The listing pages the plugin generates (all but `articles/index.md`)."""
    plugin = config.plugins.get(REBOUND_PLUGIN)
    per_page = plugin.config.get("articles_per_page") if plugin else None
    catalog = result.catalog
    articles = catalog.articles if serving else catalog.published_articles()
    planned = listings.plan_listings(
        articles,
        root=posixpath.dirname(content_layout(config).posts_dir.rstrip("/")),
        per_page=per_page or listings.DEFAULT_PER_PAGE,
    )
    return [page.src_uri for page in planned.generated()]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
