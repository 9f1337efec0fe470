"""The MkDocs plugin `rebound`: a thin adapter from MkDocs events to the content core.

Each event method only dispatches; the work lives in `content/`, `markdown/`,
`fragments.py` and `worksheets/`, which can be used (and tested) without MkDocs.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import (
    blog_listing,
    discovery,
    output_folder,
    output_scan,
    search_index,
    security_headers,
    site_address,
    skip_link,
)
from .content import (
    STEPS,
    Article,
    Catalog,
    Checklist,
    Problem,
    format_problems,
    load_content,
)
from .fragments import SUPPORT_PAGE, ArticleLink, FormPlace, FragmentRenderer, StepLink
from .markdown import ChecklistExtension, MessageExtension, checklist_blocks
from .metadata import article_json_ld
from .site_config import (
    body_renderer,
    content_layout,
    content_rules,
    project_root,
    theme_override_dirs,
)
from .site_links import check_site_links
from .worksheets import (
    WORKBOOK_PDF,
    Links,
    PdfCache,
    PdfPublishError,
    PublishReport,
    SiteInfo,
    WorksheetBuild,
    WorksheetPathError,
    WorksheetRenderer,
    worksheet_pdf,
    worksheet_src_uri,
)

log = get_plugin_logger("rebound")

# Front-matter strings that mkdocs-material prints without escaping.
ESCAPED_META_KEYS = ("title", "description", "subtitle")


class ReboundConfig(Config):
    """Options of the `rebound` plugin in mkdocs.yml."""

    enabled = config_options.Type(bool, default=True)
    newest_articles = config_options.Type(int, default=5)
    """How many articles the home page lists as newest."""
    paper_size = config_options.Choice(("A4", "letter"), default="A4")
    """The page size of the worksheet PDFs."""
    cache_dir = config_options.Type(str, default=".cache/rebound")
    """Where rendered PDFs are kept between builds, relative to mkdocs.yml; safe to delete."""
    listing_excerpts = config_options.Type(bool, default=False)
    """Let the blog render post excerpts for its listings. Off: `partials/post.html`
    lists posts by title and description, so those renders would be thrown away."""


class ReboundPlugin(BasePlugin[ReboundConfig]):
    """Validates content, renders checklists, and feeds the home page."""

    placing: Page | None = None
    """The page whose Markdown is being rendered, where checklist blocks are placed."""
    catalog: Catalog
    renderer: FragmentRenderer
    files: Files
    worksheets: WorksheetBuild
    validated_catalog: Catalog | None = None
    """Content `rebound build` has already loaded and validated for this config, so
    that `on_config` does not read and check the whole tree a second time."""
    address: site_address.SiteAddress
    serving: bool = False
    problems: list[Problem]
    """Every problem the last `on_config` found: content, links and nav."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is a preview: drafts are shown, links to them work, and the
        preview keeps its loopback address."""
        self.serving = command == "serve"
        self.problems = []

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate all content before anything else reads it.

        Runs first (priority 100) so that the blog plugin never meets a broken
        post, and every mistake in the tree, links included, is reported at once.
        In a preview, link mistakes are kept in `problems` for the preview to show,
        and the rest of the site is built.
        """
        if not self.config.enabled:
            return config
        catalog, self.validated_catalog = self.validated_catalog, None
        try:
            self.address = site_address.resolve(config.site_url, os.environ)
        except site_address.SiteAddressError as error:
            raise PluginError(str(error)) from None
        site_address.apply(config, self.address, preview=self.serving)
        if catalog is not None:  # `rebound build` has checked content and links already
            self.problems = []
            self.catalog = catalog
        else:
            self.catalog = self._checked_catalog(config)
        self.renderer = FragmentRenderer(config.theme.dirs)
        self.worksheets = WorksheetBuild(
            self.catalog,
            WorksheetRenderer(config.theme.dirs, site_name=config.site_name),
            worksheet_site_info(config, self.address.public),
            paper=self.config.paper_size,
            cache=PdfCache(project_root(config) / self.config.cache_dir / "pdf"),
        )
        config.markdown_extensions.append(
            ChecklistExtension(checklists=self.catalog.checklists, render=self._checklist_form)
        )
        config.markdown_extensions.append(MessageExtension(render=self.renderer.message))
        return config

    def _checked_catalog(self, config: MkDocsConfig) -> Catalog:
        """Load and check the content and its links; stop the build on any mistake.

        In a preview, link mistakes only warn (and are kept for the error page).
        """
        result = load_content(
            Path(config.docs_dir),
            content_rules(config),
            content_layout(config),
            display_root=project_root(config),
            theme_dirs=theme_override_dirs(config),
            renderer=body_renderer(config),
        )
        link_problems = check_site_links(config, result, serving=self.serving)
        self.problems = sorted(result.problems + link_problems)
        if result.problems or (link_problems and not self.serving):
            raise PluginError(format_problems(self.problems))
        if link_problems:
            log.warning(format_problems(link_problems))
        return result.catalog

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add a worksheet page per checklist, and the worksheets index, as generated pages.

        Runs once the real files are known, so an author's file in their place is
        reported instead of silently replaced. Worksheet pages are reached from the
        index and their checklist, not the nav.
        """
        if not self.config.enabled:
            return files
        try:
            pages = self.worksheets.pages_to_add(
                lambda src_uri: files.get_file_from_path(src_uri) is not None,
                shown_content_dir(config),
            )
        except WorksheetPathError as error:
            raise PluginError(str(error)) from None
        for page in pages:
            inclusion = InclusionLevel.NOT_IN_NAV if page.checklist else InclusionLevel.UNDEFINED
            files.append(
                File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
            )
        # The PDFs are made after every page (on_post_build); known now, an author's
        # link to one resolves like any other file's. Each empty stand-in is
        # overwritten by its PDF before the build counts as done.
        for name in (*map(worksheet_pdf, self.catalog.checklists), WORKBOOK_PDF):
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, content=b""))
        self.files = files
        return files

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        """Note the page about to be read and rendered: checklist forms rendered until its
        `on_page_content` are placed on it (their links are relative to it).

        MkDocs reads, renders and finishes one page before it starts the next.
        """
        if self.config.enabled:
            self.placing = page
        return page

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Place a checklist page's own form, and an article's listed checklists, at the end.

        Also hands the feed plugin each article's dates, read before it renders content.
        """
        if not self.config.enabled:
            return markdown
        entry = self.catalog.entry(page.file.src_uri)
        if isinstance(entry, Article):
            page.meta.update(feed_dates(entry))
        return markdown + checklist_blocks(self._checklists_at_end(page.file.src_uri))

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Lay out worksheet pages, add print actions, related reading and the next step,
        and mark searchable pages for the index.

        Runs after Markdown, so a worksheet's introduction arrives as HTML (and is kept
        for the PDFs), and before any template renders.
        """
        if not self.config.enabled:
            return html
        self.placing = None
        src_uri = page.file.src_uri
        html = self.worksheets.page_content(src_uri, html, self._links(page))
        html += discovery.page_extras(self.catalog, self.renderer, src_uri, self._url_from(page))
        record = discovery.search_record(self.catalog, src_uri, self._page_url)
        return self.renderer.search_record(record, html) if record else html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Escape titles and descriptions once every page is read, before any template renders.

        mkdocs-material prints them raw (MkDocs has no autoescape), including in
        other pages' navigation, so it has to happen for all pages at once. Also
        the moment, between the blog creating post excerpts and rendering them, to
        spare it rendering excerpts no listing shows (see `blog_listing`).
        """
        if self.config.enabled:
            self.files = files
            pages = [file.page for file in files.documentation_pages() if file.page is not None]
            for page in pages:
                escape_meta(page.meta)
            if not self.config.listing_excerpts:
                blog_listing.list_posts_without_excerpts(pages)
        return env

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        """Give the home page its five-step path, and articles their JSON-LD and the
        date their advice was last reviewed (shown beside the date)."""
        if not self.config.enabled:
            return context
        # Checklist and worksheet pages have no heading for the theme's skip link to use.
        if (target := self._skip_target(page.file.src_uri)) is not None:
            page.toc = skip_link.with_skip_target(page.toc, page.title or "", target)
        if page.is_homepage:
            context["rebound_home"] = Markup(self._home_path(page))
        entry = self.catalog.entry(page.file.src_uri)
        if isinstance(entry, Article):
            json_ld = article_json_ld(entry, page.canonical_url, config.site_name)
            context["rebound_json_ld"] = Markup(json_ld)
            context["rebound_reviewed"] = entry.reviewed
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give each PDF link its file's size and page count ("PDF, 56 KB, 2 pages").

        The PDFs are made when the first page that links one is written: by then
        every page's content is known and the stylesheets WeasyPrint reads are in
        the site folder.
        """
        if not self.config.enabled or not self.worksheets.needs_pdf_facts(output):
            return output
        self._publish_pdfs(config)
        return self.worksheets.fill_pdf_facts(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Check what the pages load, put the worksheet PDFs into the site if no page did
        (rendering only those not in the cache), index it for search, and write what the
        host needs.

        Runs last because WeasyPrint reads the stylesheets from the finished site
        folder, and from nowhere else; Pagefind and the headers need every page written.
        """
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        started = time.perf_counter()
        try:
            pages = output_scan.scan_site(site_dir, config.site_url, self._sources(config))
        except output_scan.ForeignResourceError as error:
            raise PluginError(str(error)) from None
        log.info(
            f"Checked {pages.pages} pages: nothing loads from another site "
            f"({time.perf_counter() - started:.1f} s)"
        )
        self._publish_pdfs(config)
        self._index_for_search(site_dir)
        try:
            security_headers.write_headers_file(site_dir, pages, self.address.path)
        except security_headers.HeadersError as error:
            raise PluginError(str(error)) from None
        site_address.write_address_files(site_dir, self.address, preview=self.serving)
        # Plain `mkdocs build` marks its site too, so `rebound build` may replace it later.
        output_folder.write_marker(site_dir)
        if not self.address.public and not self.serving:
            log.info(site_address.no_address_note(self.address))

    def _publish_pdfs(self, config: MkDocsConfig) -> None:
        """Render the PDFs once per build: for the first page that links one, or at the end."""
        if self.worksheets.report is not None:
            return
        try:
            report = self.worksheets.publish_pdfs(
                Path(config.site_dir), self._page_url, progress=log.info
            )
        except PdfPublishError as error:
            raise PluginError(str(error)) from None
        log_pdf_report(report)

    def _index_for_search(self, site_dir: Path) -> None:
        # After every page and PDF is written: Pagefind reads the finished HTML.
        try:
            log.info(f"Search index: {search_index.index_site(site_dir)} pages (Pagefind)")
        except search_index.SearchIndexError as error:
            raise PluginError(str(error)) from None

    def _sources(self, config: MkDocsConfig) -> dict[str, str]:
        # Built page (`articles/x/index.html`) -> the content file it comes from, for messages.
        content_dir = shown_content_dir(config)
        return {
            file.dest_uri: f"{content_dir}/{file.src_uri}"
            for file in self.files.documentation_pages()
            if file.generated_by is None
        }

    def _links(self, page: Page) -> Links:
        return Links(self._page_url, lambda url: get_relative_url(url, page.url))

    def _url_from(self, page: Page) -> discovery.UrlOf:
        return lambda src_path: get_relative_url(self._page_url(src_path), page.url)

    def _page_url(self, src_path: str) -> str:
        file = self.files.get_file_from_path(src_path)
        return file.url if file else src_path

    def _checklist_form(self, checklist: Checklist) -> str:
        """A checklist's form, with links from the page being rendered (if any)."""
        page = self.placing
        if page is None:
            return self.renderer.checklist_form(checklist)

        def relative(src_path: str) -> str:
            return get_relative_url(self._page_url(src_path), page.url)

        has_support = self.files.get_file_from_path(SUPPORT_PAGE) is not None
        place = FormPlace(
            own_page=page.file.src_uri == checklist.src_path,
            worksheet_url=relative(worksheet_src_uri(checklist.slug)),
            support_url=relative(SUPPORT_PAGE) if has_support else None,
        )
        return self.renderer.checklist_form(checklist, place)

    def _skip_target(self, src_uri: str) -> str | None:
        """The id "Skip to content" leads to on a checklist page (its first form) or a
        worksheet page (its actions, then the sheet); None elsewhere."""
        entry = self.catalog.entry(src_uri)
        if isinstance(entry, Checklist):
            first = entry.inline_checklists[0].slug if entry.inline_checklists else entry.slug
            return f"checklist-{first}"
        for slug in self.catalog.checklists:
            if worksheet_src_uri(slug) == src_uri:
                return f"worksheet-page-{slug}"
        return None

    def _checklists_at_end(self, src_uri: str) -> tuple[str, ...]:
        entry = self.catalog.entry(src_uri)
        if isinstance(entry, Checklist):
            return () if entry.inline_checklists else (entry.slug,)
        if isinstance(entry, Article):
            return entry.checklists_at_end
        return ()

    def _home_path(self, page: Page) -> str:
        url_of = self._url_from(page)

        steps = [
            StepLink(
                step,
                checklist,
                url_of(checklist.src_path),
                len(self.catalog.articles_for_step(step)),
            )
            for step in STEPS
            if (checklist := self.catalog.checklist_for_step(step)) is not None
        ]
        newest = [
            ArticleLink(article, url_of(article.src_path))
            for article in self.catalog.newest_articles(self.config.newest_articles)
        ]
        return self.renderer.home_path(steps, newest)


def shown_content_dir(config: MkDocsConfig) -> str:
    """The content folder as messages show it: relative to mkdocs.yml when inside it."""
    docs_dir = Path(config.docs_dir)
    root = project_root(config)
    return (docs_dir.relative_to(root) if docs_dir.is_relative_to(root) else docs_dir).as_posix()


def worksheet_site_info(config: MkDocsConfig, public_url: str | None) -> SiteInfo:
    """What the worksheets print about the site, from mkdocs.yml and its public address."""
    return SiteInfo(
        name=config.site_name,
        url=public_url,
        description=config.site_description or "",
        language=config.theme.get("language") or "en",
    )


def log_pdf_report(report: PublishReport) -> None:
    """WeasyPrint's complaints as warnings (a strict build stops on them), then a summary."""
    for warning in report.warnings:
        log.warning(warning)
    for line in (*report.cache_problems, report.summary()):
        log.info(line)


def escape_meta(meta: dict[str, Any]) -> None:
    """HTML-escape the front-matter strings themes print raw (once: Markup is left alone)."""
    for key in ESCAPED_META_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)


def feed_dates(article: Article) -> dict[str, datetime]:
    """Dates for mkdocs-rss-plugin (`date_from_meta` in mkdocs.yml), from the catalog.

    The blog allows `date:` as a date or as `{created, updated}`; the feed plugin
    reads one meta key per date, so we give it these two.
    """
    return {
        "rebound_created": article.created,
        "rebound_updated": article.updated or article.created,
    }
