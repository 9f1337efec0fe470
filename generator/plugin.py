"""The MkDocs plugin `rebound`: a thin adapter from MkDocs events to the content core.

Each event method only dispatches; the work lives in `content/`, `markdown/`,
`fragments.py` and `worksheets/`, which can be used (and tested) without MkDocs.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory, get_relative_url, normalize_url

from . import (
    critical_css,
    discovery,
    incremental,
    listings,
    output_folder,
    output_scan,
    scan_stream,
    search_index,
    security_headers,
    site_address,
    skip_link,
    topics,
)
from .content import (
    Article,
    Catalog,
    CheckCache,
    Checklist,
    Problem,
    format_problems,
    load_content,
)
from .content.authors import AuthorProfile, read_author_profiles
from .fragments import (
    PACKAGE_TEMPLATES,
    SUPPORT_PAGE,
    ArticleLink,
    ArticleMeta,
    FormPlace,
    FragmentRenderer,
    ListedAuthor,
)
from .markdown import ChecklistExtension, MessageExtension, checklist_blocks
from .metadata import article_json_ld
from .page_meta import escape_meta, feed_dates, hide_navigation
from .page_readers import PageReaders
from .site_config import (
    body_renderer,
    content_layout,
    content_rules,
    project_root,
    theme_override_dirs,
)
from .site_files import (
    installed,
    listings_root,
    place_articles,
    shown_content_dir,
    tag_listing_pages,
)
from .site_links import check_site_links
from .template_cache import TemplateCodeCache
from .worksheets import (
    INDEX_SRC_URI as WORKSHEETS_INDEX,
)
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

THEME_TEMPLATES = Path(__file__).parent / "templates" / "theme"
"""Page templates for the theme (article and listing pages), below the site's own."""
ARTICLE_TEMPLATE = "rebound-article.html"
LISTING_TEMPLATE = "rebound-listing.html"
NOT_FOUND_TEMPLATE = "404.html"


class ReboundConfig(Config):
    """Options of the `rebound` plugin in mkdocs.yml."""

    enabled = config_options.Type(bool, default=True)
    newest_articles = config_options.Type(int, default=5)
    """How many articles the home page lists as newest."""
    paper_size = config_options.Choice(("A4", "letter"), default="A4")
    """The page size of the worksheet PDFs."""
    cache_dir = config_options.Type(str, default=".cache/rebound")
    """Where rendered PDFs are kept between builds, relative to mkdocs.yml; safe to delete."""
    categories_allowed = config_options.ListOfItems(config_options.Type(str), default=[])
    """The categories an article may name in `categories:`; empty allows any."""
    articles_per_page = config_options.Type(int, default=listings.DEFAULT_PER_PAGE)
    """How many articles each page of the index, the archive and a category lists."""


class ReboundPlugin(BasePlugin[ReboundConfig]):
    """Validates content, renders checklists and listings, and feeds the home page."""

    placing: Page | None = None
    """The page whose Markdown is being rendered, where checklist blocks are placed."""
    catalog: Catalog
    renderer: FragmentRenderer
    files: Files
    worksheets: WorksheetBuild
    validated_catalog: Catalog | None = None
    """Content `rebound build` has already loaded and validated for this config, so
    that `on_config` does not read and check the whole tree a second time."""
    check_cache: CheckCache | None = None
    """In a preview, what each content file was found to hold (see `content.file_checks`)."""
    address: site_address.SiteAddress
    serving: bool = False
    """Previewing (`mkdocs serve`, `rebound serve`): drafts are listed and built, links
    to them work, and the preview keeps its loopback address."""
    problems: list[Problem]
    """Every problem the last `on_config` found: content, links and nav."""
    listings: listings.Listings
    styles: critical_css.SiteStyles
    """The one stylesheet file pages link, and each kind of page's first-screen CSS."""
    extra_css: tuple[str, ...] = ()
    """mkdocs.yml's `extra_css`, which the pages link joined with the theme's."""
    authors: dict[str, AuthorProfile]
    signatures: dict[str, str]
    """What each page shows of other pages' articles (see `incremental.page_signatures`)."""
    tag_listings: list[str]
    """Pages with mkdocs-material's tag listing (`<!-- material/tags -->`)."""
    checklists_index: str
    """The checklists page (`checklists/index.md`), which lists the steps with progress."""
    read_only: list[tuple[Path, int]]
    """Outputs a quick rebuild reads but does not write (the topics page)."""
    content_dir: str
    """The content folder as messages name it (`shown_content_dir`)."""

    def __init__(self) -> None:
        super().__init__()
        self.problems = []
        self.preview: incremental.PreviewState | None = None
        """Kept between the rebuilds of a preview with dirty builds (see `incremental`)."""
        self.later_index: search_index.LaterIndex | None = None
        self.readers: PageReaders | None = None
        """Pagefind and the output scan, reading each page of a whole build as it is written."""
        self.theme_code = TemplateCodeCache("theme")
        self.fragment_code = TemplateCodeCache("fragments")
        self.worksheet_code = TemplateCodeCache("worksheets")
        """Compiled templates, kept between builds (see `template_cache`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is a preview: drafts are shown, links to them work, and the
        preview keeps its loopback address; with dirty builds, prepare to rebuild only
        what each change touches."""
        self.serving = command == "serve"
        self.problems = []
        # A preview loads the content on every rebuild: re-check only files that changed.
        self.check_cache = CheckCache() if self.serving else None
        # MkDocs keeps plugin instances for the life of the process: start afresh.
        if self.preview is not None:
            self.preview.close()
        self.preview = None
        if self.serving and dirty:
            self.preview = incremental.PreviewState()
            self.later_index = search_index.LaterIndex(log.info)
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_warning)

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.close()
        self._stop_readers()

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate all content before anything else reads it.

        Runs first (priority 100) so that no other plugin ever meets a broken page,
        and every mistake in the tree, links included, is reported at once.
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
        self.content_dir = shown_content_dir(config)
        if catalog is not None:  # `rebound build` has checked content and links already
            self.problems = []
            self.catalog = catalog
        else:
            self.catalog = self._checked_catalog(config)
        layout = content_layout(config)
        if self.preview is not None:
            self._start_preview_build(config, layout.posts_dir)
        self.authors = read_author_profiles(
            Path(config.docs_dir) / layout.authors_file, self.catalog.authors
        )
        self.checklists_index = f"{layout.checklists_dir}/index.md"
        if str(THEME_TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(THEME_TEMPLATES))
        code_folder = project_root(config) / self.config.cache_dir / "templates"
        for code in (self.theme_code, self.fragment_code, self.worksheet_code):
            code.keep_in(code_folder)
        self.renderer = FragmentRenderer(config.theme.dirs)
        self.renderer.env.bytecode_cache = self.fragment_code
        worksheet_renderer = WorksheetRenderer(config.theme.dirs, site_name=config.site_name)
        worksheet_renderer.env.bytecode_cache = self.worksheet_code
        self.worksheets = WorksheetBuild(
            self.catalog,
            worksheet_renderer,
            worksheet_site_info(config, self.address.public),
            paper=self.config.paper_size,
            cache=PdfCache(project_root(config) / self.config.cache_dir / "pdf"),
        )
        if self.preview is not None and self.preview.whole is None:
            # A quick rebuild changes no checklist: the PDFs in the site, and what the
            # last whole build learnt of them (sizes, pages), still hold.
            self.worksheets.report = self.preview.pdf_report
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
            cache=self.check_cache,
        )
        link_problems = check_site_links(config, result, serving=self.serving)
        self.problems = sorted(result.problems + link_problems)
        if result.problems or (link_problems and not self.serving):
            raise PluginError(format_problems(self.problems))
        if link_problems:
            log.warning(format_problems(link_problems))
        return result.catalog

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Serve articles at /articles/<slug>/, and add the listing and worksheet pages.

        Runs once the real files are known, so an author's file in the place of a
        generated page is reported instead of silently replaced. Articles, listing
        and worksheet pages are reached from their indexes, not the nav.
        """
        if not self.config.enabled:
            return files
        layout = content_layout(config)
        articles_root = listings_root(layout.posts_dir)
        place_articles(files, self.catalog, layout.posts_dir, articles_root, config.site_dir)
        shown = self.catalog.articles if self.serving else self.catalog.published_articles()
        self.listings = listings.plan_listings(
            shown,
            root=articles_root,
            per_page=self.config.articles_per_page,
        )
        try:
            pages = self.worksheets.pages_to_add(
                lambda src_uri: files.get_file_from_path(src_uri) is not None,
                shown_content_dir(config),
            )
        except WorksheetPathError as error:
            raise PluginError(str(error)) from None
        for page in pages:
            inclusion = InclusionLevel.NOT_IN_NAV if page.checklist else InclusionLevel.UNDEFINED
            files.append(self._generated(config, page.src_uri, page.markdown, inclusion))
        # The PDFs are made after every page (on_post_build); known now, an author's
        # link to one resolves like any other file's. Each empty stand-in is
        # overwritten by its PDF before the build counts as done.
        for name in (*map(worksheet_pdf, self.catalog.checklists), WORKBOOK_PDF):
            if files.get_file_from_path(name) is None:
                files.append(self._generated(config, name, "", InclusionLevel.UNDEFINED))
        # Only a preview compares builds; a build has nothing to compare with.
        self.signatures = (
            incremental.page_signatures(
                self.catalog, self.listings, shown, self.config.newest_articles
            )
            if self.preview is not None
            else {}
        )
        self._add_listing_pages(files, config)
        self._add_site_stylesheet(files, config)
        if self.preview is not None:
            self._mark_stale(files)
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

        Also gives article and listing pages their templates, hands the feed plugin
        each article's dates and authors, read before it renders content, and puts an
        index of the topics above the tags plugin's listing (whose own `on_page_markdown`
        runs later, at priority -50).
        """
        if not self.config.enabled:
            return markdown
        src_uri = page.file.src_uri
        entry = self.catalog.entry(src_uri)
        if isinstance(entry, Article):
            page.meta.update(self._article_meta(entry))
            page.meta.setdefault("template", ARTICLE_TEMPLATE)
            hide_navigation(page.meta)
        listing = self.listings.page(src_uri)
        if listing is not None:
            page.meta.setdefault("template", LISTING_TEMPLATE)
            if listing.src_uri != self.listings.index_uri:
                page.meta["title"] = listing.title
        if incremental.hosts_tag_listing(markdown):
            markdown = topics.with_topic_index(markdown, self._topic_index())
        return markdown + checklist_blocks(self._checklists_at_end(src_uri))

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Lay out worksheet and listing pages, add print actions, the step marker,
        related reading and the next step, and mark searchable pages for the index.

        Runs after Markdown, so a worksheet's introduction arrives as HTML (and is kept
        for the PDFs), and before any template renders.
        """
        if not self.config.enabled:
            return html
        self.placing = None
        src_uri = page.file.src_uri
        listing = self.listings.page(src_uri)
        if listing is not None:
            intro = html if listing.src_uri == self.listings.index_uri else None
            return self._listing(listing, page, intro)
        url_of = self._url_from(page)
        html = self.worksheets.page_content(src_uri, html, self._links(page))
        marker = discovery.step_marker(self.catalog, self.renderer, src_uri, url_of)
        html = marker + self._byline(src_uri, page) + html
        html += discovery.page_extras(self.catalog, self.renderer, src_uri, url_of)
        if src_uri == self.checklists_index:
            html += self.renderer.steps(discovery.path_steps(self.catalog, url_of, off_path=True))
        record = discovery.search_record(self.catalog, src_uri, self._page_url)
        return self.renderer.search_record(record, html) if record else html

    @event_priority(110)
    def _on_env_first(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment:
        """Prepare the theme's environment before mkdocs-material's tags plugin (priority
        100) renders the Topics page's headings in its own `on_env`.

        The compiled templates come from the cache; the `tag_label` filter (tags shown
        by their labels) is given even when this plugin is disabled, since the
        templates in overrides/ call it.
        """
        if self.config.enabled:
            env.bytecode_cache = self.theme_code
        env.filters["tag_label"] = topics.tag_label
        return env

    def _on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Escape titles and descriptions, and put articles and listings under their index.

        Runs once every page is read, before any template renders: mkdocs-material
        prints titles raw (MkDocs has no autoescape), including in other pages'
        navigation, so escaping has to happen for all pages at once; and the
        index's page exists only now.
        """
        if self.config.enabled:
            self.files = files
            for file in files.documentation_pages():
                if file.page is not None:
                    escape_meta(file.page.meta)
            self._first_screen_css(env)
            # The theme's templates indent every tag and leave a line for every
            # `{% if %}`: 3-5 KB of each page's HTML was blank. Only whitespace beside
            # a block tag on a line of its own goes, never a space between words.
            env.trim_blocks = env.lstrip_blocks = True
            if self.preview is not None:
                self._keep_titles(files)
                for output, stamp in self.read_only:
                    incremental.read_only(output, stamp)
            self._place_under_index(files)
            self._number_steps(files)
            if self.preview is None or self.preview.whole is not None:
                self._start_readers(config)
        return env

    on_env = CombinedEvent(_on_env_first, _on_env)

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        """Give the home page its five-step path, and articles their sidebar and JSON-LD."""
        if not self.config.enabled:
            return context
        # Checklist and worksheet pages have no heading for the theme's skip link to use.
        if (target := self._skip_target(page.file.src_uri)) is not None:
            page.toc = skip_link.with_skip_target(page.toc, page.title or "", target)
        # The tags plugin lists a Topics page's tags in its table of contents by slug.
        topics.label_tag_anchors(page.toc)
        if page.is_homepage:
            context["rebound_home"] = Markup(self._home_path(page))
        if (kind := self._page_kind(page)) is not None:
            context["rebound_critical_css"] = Markup(self.styles.first_screen(kind))
        entry = self.catalog.entry(page.file.src_uri)
        if isinstance(entry, Article):
            json_ld = article_json_ld(entry, page.canonical_url, config.site_name)
            context["rebound_json_ld"] = Markup(json_ld)
            context["rebound_article_meta"] = Markup(self._article_sidebar(entry, page))
        return context

    def on_template_context(
        self, context: dict[str, Any], /, *, template_name: str, config: MkDocsConfig
    ) -> dict[str, Any] | None:
        """Give the 404 page the five steps; it is a theme template, not a page, so
        `on_page_context` never sees it."""
        if self.config.enabled and template_name == NOT_FOUND_TEMPLATE:
            self._not_found_context(context)
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give each PDF link its file's size and page count ("PDF, 56 KB, 2 pages"),
        and hand the page, as it will be written, to Pagefind and the output scan.

        The PDFs are made when the first page that links one is written: by then
        every page's content is known and the stylesheets WeasyPrint reads are in
        the site folder. Runs last (priority -100), so both read what is written.
        """
        if not self.config.enabled:
            return output
        if self.worksheets.needs_pdf_facts(output):
            self._publish_pdfs(config)
            output = self.worksheets.fill_pdf_facts(output)
        if self.readers is not None and output.strip():
            source = self._shown(page.file.src_uri) if page.file.generated_by is None else None
            self.readers.add_page(page.file.dest_uri, output, source)
        return output

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
        if self.preview is not None and self.preview.whole is None:
            self._finish_quick_rebuild(site_dir)
            return
        if self.readers is None:  # a build that never reached on_env: read it all now
            self._start_readers(config)
        try:
            pages = self._finish_reading(config)
            self._publish_pdfs(config)
            self._wait_for_search()
        finally:
            self._stop_readers()
        if self.preview is not None:
            self.preview.pdf_report = self.worksheets.report
            self.preview.finish(self.signatures, self._titles())
        try:
            security_headers.write_headers_file(site_dir, pages, self.address.path)
        except security_headers.HeadersError as error:
            raise PluginError(str(error)) from None
        site_address.write_address_files(site_dir, self.address, preview=self.serving)
        # Plain `mkdocs build` marks its site too, so `rebound build` may replace it later.
        output_folder.write_marker(site_dir)
        if not self.address.public and not self.serving:
            log.info(site_address.no_address_note(self.address))

    def _start_preview_build(self, config: MkDocsConfig, posts_dir: str) -> None:
        """Compare the files with the last build's; clear the site for a whole rebuild."""
        assert self.preview is not None
        watched = [Path(d) for d in config.theme.dirs if not installed(Path(d))]
        snapshot = incremental.Snapshot.take(
            Path(config.docs_dir),
            Path(config.config_file_path) if config.config_file_path else None,
            [*watched, PACKAGE_TEMPLATES],
        )
        self.tag_listings = tag_listing_pages(Path(config.docs_dir), self.catalog)
        reason = self.preview.start(snapshot, self.catalog, posts_dir, self.tag_listings)
        if reason is not None:
            log.info(f"Rebuilding every page: {reason}")
            clean_directory(config.site_dir)
            return
        # The feed plugin writes its feed from the pages a build reads: a quick
        # rebuild's would hold only the edited article, so the last feed stays.
        feed = config.plugins.get("rss")
        if feed is not None:
            feed.config.enabled = False

    def _generated(
        self, config: MkDocsConfig, src_uri: str, content: str, inclusion: InclusionLevel
    ) -> File:
        """A generated page; in a preview, backed by a file that changes only with it."""
        if self.preview is None:
            return File.generated(config, src_uri, content=content, inclusion=inclusion)
        path = self.preview.sources.write(src_uri, content)
        return File.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)

    def _add_listing_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Add every generated listing page (not in the nav); an author's file there is an error.

        A listing's Markdown is empty (the plugin writes its HTML); in a preview it
        carries the listing's signature, so the page is rebuilt when that changes.
        """
        for page in self.listings.generated():
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"{shown_content_dir(config)}/{page.src_uri}: this path is the page of an "
                    f"article listing ({page.title}, page {page.number}), made by Rebound; "
                    "move or rename the file"
                )
            stamp = f"<!-- {self.signatures.get(page.src_uri, '')} -->\n" if self.preview else ""
            files.append(self._generated(config, page.src_uri, stamp, InclusionLevel.NOT_IN_NAV))
        if files.get_file_from_path(self.listings.index_uri) is None:
            # Page 1 of the index is the author's page, with its introduction; without one,
            # the listing is all there is.
            files.append(
                self._generated(
                    config, self.listings.index_uri, "# Articles\n", InclusionLevel.UNDEFINED
                )
            )

    def _mark_stale(self, files: Files) -> None:
        """Pages that show something the edit changed are rebuilt with it; the topics
        page is read but not written again (see `incremental.read_only`)."""
        assert self.preview is not None
        self.read_only = []
        if self.preview.whole is not None:
            return
        for src_uri in self.preview.stale(self.signatures):
            file = files.get_file_from_path(src_uri)
            if file is not None and file.abs_src_path and not file.generated_by:
                incremental.mark_stale(Path(file.abs_dest_path))
        for src_uri in self.tag_listings:
            file = files.get_file_from_path(src_uri)
            output = Path(file.abs_dest_path) if file is not None else None
            if output is not None and (stamp := incremental.mark_stale(output)) is not None:
                self.read_only.append((output, stamp))

    def _keep_titles(self, files: Files) -> None:
        """Pages a quick rebuild leaves alone keep the titles the last build read, so
        the navigation and footer links on the rebuilt pages still name them."""
        assert self.preview is not None
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None:
                title = self.preview.titles.get(file.src_uri)
                if title is not None:
                    page.title = title

    def _finish_quick_rebuild(self, site_dir: Path) -> None:
        """A preview's quick rebuild: its pages are written; the rest stays as the last
        whole build left it (PDFs, headers, the output scan), and the search index
        follows in a thread, off the path from saving a file to seeing it."""
        assert self.preview is not None and self.later_index is not None
        self.preview.finish(self.signatures, self._titles())
        self.later_index.request(site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed preview build may have left pages half done: the next one is whole.
        Pagefind stops before the staging folder it writes into is removed."""
        self._stop_readers()
        if self.preview is not None:
            self.preview.failed()

    def _titles(self) -> dict[str, str]:
        return {
            file.src_uri: file.page.title
            for file in self.files.documentation_pages()
            if file.page is not None and file.page.title
        }

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

    def _start_readers(self, config: MkDocsConfig) -> None:
        self._stop_readers()
        try:
            self.readers = PageReaders(Path(config.site_dir), config.site_url)
        except (search_index.SearchIndexError, scan_stream.ScanFailed) as error:
            raise PluginError(str(error)) from None

    def _finish_reading(self, config: MkDocsConfig) -> output_scan.SiteScan:
        """Every page is written: Pagefind writes its index, the output scan reads the
        rest of the site; wait for the scan."""
        assert self.readers is not None
        started = time.perf_counter()
        try:
            pages = self.readers.finish(self._sources(config))
        except (
            output_scan.ForeignResourceError,
            scan_stream.ScanFailed,
            search_index.SearchIndexError,
        ) as error:
            raise PluginError(str(error)) from None
        log.info(
            f"Checked {pages.pages} pages: nothing loads from another site "
            f"(waited {time.perf_counter() - started:.1f} s)"
        )
        return pages

    def _wait_for_search(self) -> None:
        assert self.readers is not None
        try:
            log.info(f"Search index: {self.readers.wait_for_search()} pages (Pagefind)")
        except search_index.SearchIndexError as error:
            raise PluginError(str(error)) from None

    def _stop_readers(self) -> None:
        if self.readers is not None:
            self.readers.stop()
            self.readers = None

    def _sources(self, config: MkDocsConfig) -> dict[str, str]:
        # Built page (`articles/x/index.html`) -> the content file it comes from, for messages.
        return {
            file.dest_uri: self._shown(file.src_uri)
            for file in self.files.documentation_pages()
            if file.generated_by is None
        }

    def _shown(self, src_uri: str) -> str:
        """A content file as messages name it (`content/articles/posts/x.md`)."""
        return f"{self.content_dir}/{src_uri}"

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

    def _add_site_stylesheet(self, files: Files, config: MkDocsConfig) -> None:
        """Join the theme's stylesheets and `extra_css` into one file, and read them for
        the first-screen CSS (`critical_css`) the pages carry inline."""
        # The pages link these themselves, joined with the theme's, where they block
        # nothing (main.html). Kept if MkDocs hands the same config in again.
        self.extra_css, config.extra_css = tuple(config.extra_css) or self.extra_css, []
        palette = config.theme.get("palette")
        paths = critical_css.site_stylesheets(config.theme.dirs, self.extra_css, bool(palette))
        texts = critical_css.read_stylesheets([config.docs_dir, *config.theme.dirs], paths)
        cache = project_root(config) / self.config.cache_dir / "first-screen"
        self.styles = critical_css.site_styles(paths, texts, palette, cache)
        joined = self.styles.joined
        files.append(self._generated(config, joined.path, joined.text, InclusionLevel.UNDEFINED))

    def _first_screen_css(self, env: Environment) -> None:
        """Give templates the stylesheets to link and the CSS of every page's first
        screen; pages of a kind with more at the top get theirs in `on_page_context`."""
        env.globals["rebound_stylesheets"] = self.styles.joined.links
        env.globals["rebound_wide_media"] = f"(min-width: {critical_css.WIDE_SCREEN_EM}em)"
        env.globals["rebound_critical_css"] = Markup(self.styles.first_screen())

    def _page_kind(self, page: Page) -> str | None:
        """The kind of page (`critical_css.PAGE_BLOCKS`) whose first screen shows more than
        a title and text: the home page, a checklist, a worksheet, a listing."""
        if page.is_homepage:
            return "home"
        if isinstance(self.catalog.entry(page.file.src_uri), Checklist):
            return "checklist"
        if any(worksheet_src_uri(slug) == page.file.src_uri for slug in self.catalog.checklists):
            return "worksheet"
        if page.meta.get("template") == LISTING_TEMPLATE:
            return "listing"
        return None

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

    def _article_meta(self, article: Article) -> dict[str, Any]:
        """Meta the feed plugin reads: dates, and authors by name (not by key)."""
        names = [self.authors[key].name for key in article.authors if key in self.authors]
        return {**feed_dates(article), "author": escape(", ".join(names))}

    def _topic_index(self) -> str:
        """The Topics page's index: the tags of the articles the tags plugin lists."""
        shown = self.catalog.articles if self.serving else self.catalog.published_articles()
        return self.renderer.topic_index(topics.topics_of(shown))

    def _listing(self, listing: listings.ListingPage, page: Page, intro: str | None) -> str:
        view = listings.page_view(self.listings, listing, self._url_from(page))
        return self.renderer.listing(view, intro)

    def _article_sidebar(self, article: Article, page: Page) -> str:
        url_of = self._url_from(page)
        authors = tuple(
            ListedAuthor(profile, self._asset_url(profile.avatar, page))
            for key in article.authors
            if (profile := self.authors.get(key)) is not None
        )
        meta = ArticleMeta(
            article,
            url_of(self.listings.index_uri),
            authors,
            listings.category_links(self.listings, article, url_of),
        )
        return self.renderer.article_meta(meta)

    def _byline(self, src_uri: str, page: Page) -> str:
        """An article's byline under its title (phones and tablets); "" for other pages.
        One line of text: it names the authors, without the sidebar's avatars."""
        entry = self.catalog.entry(src_uri)
        if not isinstance(entry, Article):
            return ""
        authors = tuple(
            profile for key in entry.authors if (profile := self.authors.get(key)) is not None
        )
        url_of = self._url_from(page)
        categories = listings.category_links(self.listings, entry, url_of)
        return self.renderer.byline(entry, authors, categories)

    def _asset_url(self, src_path: str, page: Page) -> str:
        """The URL of a file of the site relative to `page`, or "" if the site has no such file."""
        file = self.files.get_file_from_path(src_path) if src_path else None
        return get_relative_url(file.url, page.url) if file else ""

    def _place_under_index(self, files: Files) -> None:
        """Articles and listing pages belong under the articles index, and worksheets
        under theirs, so the site menu shows where the reader is. Articles are not
        chained to each other: the way on from an article is the next step of the
        path, never the next date."""
        shown = self.catalog.articles if self.serving else self.catalog.published_articles()
        articles = [article.src_path for article in shown]
        articles += [listing.src_uri for listing in self.listings.generated()]
        worksheets = [worksheet_src_uri(slug) for slug in self.catalog.checklists]
        for index_uri, sources in (
            (self.listings.index_uri, articles),
            (WORKSHEETS_INDEX, worksheets),
        ):
            index_file = files.get_file_from_path(index_uri)
            if index_file is None or index_file.page is None:
                continue
            for src_uri in sources:
                file = files.get_file_from_path(src_uri)
                if file is not None and file.page is not None:
                    file.page.parent = index_file.page

    def _number_steps(self, files: Files) -> None:
        """The site menu lists each checklist on the path as "Step 2: <title>"
        (partials/nav-item.html), from the catalog: a preview's quick rebuild does not
        read the checklists' pages again, so their front matter is not at hand."""
        for checklist in self.catalog.checklists.values():
            file = files.get_file_from_path(checklist.src_path)
            if file is not None and file.page is not None:
                file.page.rebound_step = checklist.step  # type: ignore[attr-defined]

    def _home_path(self, page: Page) -> str:
        url_of = self._url_from(page)
        start = self.catalog.start_article()
        newest = [
            ArticleLink(article, url_of(article.src_path))
            for article in self.catalog.newest_articles(self.config.newest_articles)
        ]
        return self.renderer.home_path(
            ArticleLink(start, url_of(start.src_path)) if start else None,
            discovery.path_steps(self.catalog, url_of),
            newest,
        )

    def _not_found_context(self, context: dict[str, Any]) -> None:
        """The 404 page's five steps and home link, from the site's root: the page is
        served at any depth (`/deep/missing/path`), so its links cannot be relative."""
        base = context.get("base_url") or "/"

        def url_of(src_path: str) -> str:
            return normalize_url(self._page_url(src_path), None, base)

        steps = discovery.path_steps(self.catalog, url_of)
        context["rebound_steps"] = Markup(self.renderer.steps(steps, "Your five steps"))
        context["rebound_home_url"] = base if base.endswith("/") else base + "/"
        context["rebound_critical_css"] = Markup(self.styles.first_screen("not-found"))


def _quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that dirty builds may be inaccurate: a preview's quick
    rebuilds are dirty on purpose and the plugin rebuilds what they would miss.
    Without this, strict mode would stop every quick rebuild."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


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
