"""Plugin-owned HTML fragments, rendered from Jinja templates with autoescape on.

Templates are looked up in the site's theme folders first (so `overrides/rebound/...`
replaces ours) and in this package's `templates/` last. MkDocs' own Jinja
environment has autoescape off, which is why we render fragments here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .content import Article, Checklist, field_name
from .content.authors import AuthorProfile
from .content.messages import MessageTemplate
from .content.models import SCALE_POINTS, Source
from .listings import Link, PageView, long_date
from .topics import Topic

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"

WELLBEING_STEP = 5
"""The step about looking after yourself ("Be resilient"): its checklist's 1-5 scales ask
how the reader feels, so the lowest rating there offers a way to the support page."""
SUPPORT_PAGE = "support.md"
"""The support page's source (content/support.md), linked when the site has it."""


@dataclass(frozen=True)
class FormPlace:
    """Where a checklist's form is placed, as far as the form's own markup cares.

    Attributes:
        own_page: the checklist's own page, whose title is already the page's heading;
            elsewhere (in an article) the form's legend is the checklist's heading.
        worksheet_url: the printable worksheet, relative to the page; offered to
            readers without JavaScript, whose answers are not kept.
        support_url: the support page, relative to the page, offered when a reader
            gives a wellbeing scale its lowest rating; None when the site has none.
    """

    own_page: bool = False
    worksheet_url: str | None = None
    support_url: str | None = None


@dataclass(frozen=True)
class StepLink:
    """One step of the five-step path, as the home page shows it.

    Attributes:
        number: the step (1-5); None for a checklist that is not on the path.
    """

    number: int | None
    checklist: Checklist
    url: str
    article_count: int


@dataclass(frozen=True)
class NextStep:
    """Where the card at the end of an article or checklist sends the reader.

    Attributes:
        kind: "next" (the next step on the path), "practice" (this step's own
            checklist, for an article that does not show it), "last" (the path is
            done: back to the five steps) or "path" (a page off the path: the five
            steps).
        step: the step the card leads to ("next", "practice").
        url: where the card leads.
    """

    kind: str
    step: StepLink | None
    url: str


@dataclass(frozen=True)
class ArticleLink:
    article: Article
    url: str


@dataclass(frozen=True)
class ListedAuthor:
    """An author on an article page; `avatar_url` is "" when the avatar is not in the site."""

    profile: AuthorProfile
    avatar_url: str


@dataclass(frozen=True)
class ArticleMeta:
    """What an article page's sidebar shows, with URLs relative to the article."""

    article: Article
    index_url: str
    authors: tuple[ListedAuthor, ...]
    categories: tuple[Link, ...]


@dataclass(frozen=True)
class SearchLink:
    """A second way into a search result (a checklist's worksheet, its PDF)."""

    label: str
    path: str
    """From the site's root (`worksheets/plan/`): results are shown on any page."""


@dataclass(frozen=True)
class SearchRecord:
    """What the search index learns about a page beyond its text.

    Attributes:
        kind: "Article" or "Checklist" (the type filter).
        tags: the tags' display names (the topic filter).
        step: the step's name, "Step 1 · Ask for feedback" (the step filter).
        links: shown under the result, after its own link.
    """

    kind: str
    title: str
    description: str
    tags: tuple[str, ...] = ()
    step: str | None = None
    links: tuple[SearchLink, ...] = ()


class FragmentRenderer:
    """Renders `rebound/*.html` fragments.

    Arguments:
        search_dirs: theme folders in precedence order (MkDocs' `config.theme.dirs`).
    """

    def __init__(self, search_dirs: Sequence[str | Path] = ()) -> None:
        dirs = [str(path) for path in search_dirs]
        if str(PACKAGE_TEMPLATES) not in dirs:
            dirs.append(str(PACKAGE_TEMPLATES))
        self.env = Environment(
            loader=FileSystemLoader(dirs),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals["field_name"] = field_name
        self.env.globals["scale_points"] = SCALE_POINTS
        self.env.globals["wellbeing_step"] = WELLBEING_STEP
        self.env.filters["long_date"] = long_date
        self._forms: dict[tuple[str, FormPlace], tuple[Checklist, str]] = {}
        """Rendered checklist forms by slug and place, with the checklist they came from."""

    def checklist_form(self, checklist: Checklist, place: FormPlace | None = None) -> str:
        """The interactive checklist as a server-rendered form that needs no JavaScript.

        The form depends on the checklist and its place alone (articles all sit at
        one depth, so their links are alike), and a site embeds the same five in
        every article, so each is rendered once per place and renderer (per build).

        Arguments:
            place: where it is placed; None renders it with no links, as embedded.
        """
        place = place or FormPlace()
        key = (checklist.slug, place)
        cached = self._forms.get(key)
        if cached is not None and cached[0] is checklist:
            return cached[1]
        template = self.env.get_template("rebound/checklist-form.html")
        form = template.render(checklist=checklist, place=place).strip()
        self._forms[key] = (checklist, form)
        return form

    def home_path(
        self,
        start: ArticleLink | None,
        steps: Sequence[StepLink],
        newest: Sequence[ArticleLink],
    ) -> str:
        """ "Start here", the five-step path and the newest articles, for the home page."""
        template = self.env.get_template("rebound/home-path.html")
        return template.render(start=start, steps=steps, newest=newest).strip()

    def steps(self, steps: Sequence[StepLink], heading: str | None = None) -> str:
        """The steps as a list with each one's saved progress (filled in by
        progress.js), under `heading` (an `h2`) when given."""
        template = self.env.get_template("rebound/steps.html")
        return template.render(steps=steps, heading=heading).strip()

    def step_marker(self, step: StepLink, total: int, path_url: str, named: bool = True) -> str:
        """ "Step 2 of 5 · Reflect on the process", under the title of an article or checklist.

        Arguments:
            total: how many steps the path has.
            path_url: the five steps on the home page.
            named: whether to name the step; not under the title of the step's own
                checklist, whose title is the step's name.
        """
        template = self.env.get_template("rebound/step-marker.html")
        return template.render(step=step, total=total, path_url=path_url, named=named).strip()

    def message(self, message: MessageTemplate, number: int) -> str:
        """A message panel: subject, text with placeholders marked, and a Copy button.

        Arguments:
            number: the message's place on its page (1, 2, ...), for unique ids.
        """
        template = self.env.get_template("rebound/message.html")
        return template.render(message=message, number=number).strip()

    def sources(self, sources: Sequence[Source]) -> str:
        """The "Sources" section at the end of an article."""
        template = self.env.get_template("rebound/sources.html")
        return template.render(sources=sources).strip()

    def related(self, links: Sequence[ArticleLink]) -> str:
        """The "Related articles" list at the end of an article."""
        template = self.env.get_template("rebound/related.html")
        return template.render(links=links).strip()

    def next_step(self, next_step: NextStep) -> str:
        """The one card at the end of an article or checklist: where to go next."""
        template = self.env.get_template("rebound/next-step.html")
        return template.render(next=next_step).strip()

    def listing(self, view: PageView, intro: str | None) -> str:
        """One page of an article listing, under `intro` (the page's own HTML) or,
        without one, under the listing's title."""
        template = self.env.get_template("rebound/listing.html")
        return template.render(view=view, intro=None if intro is None else Markup(intro)).strip()

    def article_meta(self, meta: ArticleMeta) -> str:
        """An article page's sidebar: back to the index, authors, date, reading time."""
        template = self.env.get_template("rebound/article-meta.html")
        return template.render(
            article=meta.article,
            index_url=meta.index_url,
            authors=meta.authors,
            created=long_date(meta.article.created),
            updated=long_date(meta.article.updated) if meta.article.updated else None,
            reviewed=long_date(meta.article.reviewed) if meta.article.reviewed else None,
            categories=meta.categories,
        ).strip()

    def byline(
        self, article: Article, authors: Sequence[AuthorProfile], categories: Sequence[Link]
    ) -> str:
        """An article's author, dates, category and reading time, under its title on
        screens where the theme puts the sidebar that shows them at the page's end."""
        template = self.env.get_template("rebound/byline.html")
        return template.render(article=article, authors=authors, categories=categories).strip()

    def topic_index(self, topics: Sequence[Topic]) -> str:
        """Links to each topic's list of articles, above the Topics page's listing."""
        if not topics:
            return ""
        template = self.env.get_template("rebound/topic-index.html")
        return template.render(topics=topics).strip()

    def search_record(self, record: SearchRecord, content: str) -> str:
        """A page's content marked for the search index, with its filters and metadata."""
        template = self.env.get_template("rebound/search-record.html")
        return template.render(record=record, content=Markup(content)).strip()
