"""Where the site's files go: articles at `/articles/<slug>/`, and the folders and
pages the plugin needs to know about (MkDocs' side of the content layout)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import quote as urlquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from . import incremental
from .content import Article, Catalog
from .site_config import project_root


def listings_root(posts_dir: str) -> str:
    """The folder of the articles index: the posts folder's parent (`articles`)."""
    return posts_dir.rstrip("/").rpartition("/")[0] or posts_dir.rstrip("/")


def place_articles(
    files: Files, catalog: Catalog, posts_dir: str, root: str, site_dir: str
) -> None:
    """Serve each article at `<root>/<slug>/` and files beside it at `<root>/...`.

    The file name makes the URL, as the blog plugin's `post_url_format: "{file}"`
    did. Drafts are `DRAFT` files: MkDocs builds them in a preview only.
    """
    prefix = posts_dir.rstrip("/") + "/"
    for file in files:
        if not file.src_uri.startswith(prefix):
            continue
        if file.is_documentation_page():
            entry = catalog.entry(file.src_uri)
            if not isinstance(entry, Article):
                continue
            move_file(file, f"{root}/{entry.slug}/index.html", site_dir)
            file.inclusion = InclusionLevel.DRAFT if entry.draft else InclusionLevel.NOT_IN_NAV
        else:
            move_file(file, root + "/" + file.src_uri.removeprefix(prefix), site_dir)


def move_file(file: File, dest_uri: str, site_dir: str) -> None:
    """Give `file` a new place in the built site (and so a new URL)."""
    file.dest_uri = dest_uri
    file.abs_dest_path = os.path.normpath(os.path.join(site_dir, dest_uri))
    folder, name = posixpath.split(dest_uri)
    url = (folder or ".") + "/" if file.use_directory_urls and name == "index.html" else dest_uri
    file.url = urlquote(url)


def shown_content_dir(config: MkDocsConfig) -> str:
    """The content folder as messages show it: relative to mkdocs.yml when inside it."""
    docs_dir = Path(config.docs_dir)
    root = project_root(config)
    return (docs_dir.relative_to(root) if docs_dir.is_relative_to(root) else docs_dir).as_posix()


def tag_listing_pages(content_dir: Path, catalog: Catalog) -> list[str]:
    """The pages (not articles) whose Markdown holds the tags plugin's listing."""
    found = []
    for entry in catalog.pages:
        try:
            text = (content_dir / entry.src_path).read_text("utf-8-sig")
        except OSError:
            continue
        if incremental.hosts_tag_listing(text):
            found.append(entry.src_path)
    return found


def installed(path: Path) -> bool:
    """A theme folder of an installed package (the theme's own): not watched for edits."""
    return "site-packages" in path.resolve().parts
