"""What a link can reach in this site, from mkdocs.yml and the content: the adapter
between MkDocs' configuration and the content core's link checker (`content/links.py`).

Pages are reached the way MkDocs resolves Markdown links: by their path in the
content folder (`../../checklists/plan.md`). Pages that exist only in the build are
reached the same way, under the path they pretend to have:

- worksheets: `worksheets/index.md`, `worksheets/<slug>.md`, and the PDFs
  `worksheets/<slug>.pdf` and `worksheets/rebound-workbook.pdf`;
- the articles' listings: `articles/index.md` (a real file), the archive
  `articles/archive/<year>.md`, categories `articles/category/<slug>.md`, and
  further listing pages `articles/page/<n>.md`;
- the topics page is the real `tags.md`.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig

from .content import LoadResult, Problem
from .content.links import (
    HeadingAnchors,
    LinkedPage,
    SiteMap,
    check_links,
    check_nav,
    nav_entries,
)
from .site_config import content_layout, project_root
from .worksheets import INDEX_SRC_URI, WORKBOOK_PDF, worksheet_pdf, worksheet_src_uri
from .worksheets.sources import without_checklist_blocks

# mkdocs-material's blog, while the site uses it; without it, articles follow the
# content contract: `articles/posts/<file>.md` is served at `articles/<file>/`, and
# the listings keep the blog's paths (`articles/archive/2026.md`, `category/<slug>.md`).
BLOG_PLUGIN = "material/blog"


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
    for src_uri, markdown in _generated_pages(config, result).items():
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
    """A page's URL from the site root, as MkDocs (and the blog, for posts) gives it."""
    directory_urls = config.use_directory_urls
    blog = config.plugins.get(BLOG_PLUGIN)
    posts_dir = content_layout(config).posts_dir + "/"
    blog_dir = blog.config.blog_dir.strip("/") if blog else posixpath.dirname(posts_dir[:-1])
    file_urls = blog is None or blog.config.post_url_format == "{file}"

    def url(src_uri: str) -> str:
        if file_urls and src_uri.startswith(posts_dir) and "/" not in src_uri[len(posts_dir) :]:
            src_uri = posixpath.join(blog_dir, posixpath.basename(src_uri))
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


def _generated_pages(config: MkDocsConfig, result: LoadResult) -> dict[str, str | None]:
    """Pages that exist only in the build, with the Markdown their anchors come from
    (None: unknown, for the worksheet of a checklist that cannot be read)."""
    pages: dict[str, str | None] = {INDEX_SRC_URI: ""}
    for body in _checklist_bodies(config, result):
        slug = posixpath.splitext(posixpath.basename(body.src_uri))[0]
        pages[worksheet_src_uri(slug)] = (
            without_checklist_blocks(body.body) if body.readable else None
        )
    pages.update(dict.fromkeys(_listing_pages(config, result), ""))
    return pages


def _generated_files(config: MkDocsConfig, result: LoadResult) -> set[str]:
    files = {WORKBOOK_PDF}
    for body in _checklist_bodies(config, result):
        files.add(worksheet_pdf(posixpath.splitext(posixpath.basename(body.src_uri))[0]))
    return files


def _listing_pages(config: MkDocsConfig, result: LoadResult) -> list[str]:
    """The blog's archive, category and further listing pages."""
    blog = config.plugins.get(BLOG_PLUGIN)
    if blog is None:
        return _contract_listing_pages(config, result)
    settings = blog.config
    blog_dir = settings.blog_dir.strip("/")
    articles = result.catalog.published_articles()
    found: list[str] = []
    if settings.archive:
        for year in sorted({article.created.year for article in articles}):
            path = settings.archive_url_format.format(date=str(year)).strip("/")
            found.append(posixpath.join(blog_dir, f"{path}.md"))
    if settings.categories:
        for name in sorted({c for article in articles for c in article.categories}):
            slug = settings.categories_slugify(name, settings.categories_slugify_separator)
            path = settings.categories_url_format.format(slug=slug).strip("/")
            found.append(posixpath.join(blog_dir, f"{path}.md"))
    if settings.pagination:
        count = math.ceil(len(articles) / max(settings.pagination_per_page, 1))
        for number in range(2, count + 1):
            path = settings.pagination_url_format.format(page=number).strip("/")
            found.append(posixpath.join(blog_dir, path, "index.md"))
    return found


def _contract_listing_pages(config: MkDocsConfig, result: LoadResult) -> list[str]:
    """Listing pages by the content contract's paths, when the blog plugin is not used."""
    root = posixpath.dirname(content_layout(config).posts_dir.strip("/"))
    articles = result.catalog.published_articles()
    years = {article.created.year for article in articles}
    names = {name for article in articles for name in article.categories}
    return [
        *(posixpath.join(root, f"archive/{year}.md") for year in sorted(years)),
        *(posixpath.join(root, f"category/{_category_slug(name)}.md") for name in sorted(names)),
    ]


def _category_slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "category"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
