"""Loading the content tree: every file read, every problem found, in one pass."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .file_checks import CheckCache, FileCheck, check_file
from .files import check_theme_folder, inside_project, scan_content_folder
from .links import LinkedPage
from .models import Article, Checklist, ChecklistRef, Page
from .problems import ContentError, Problem, did_you_mean
from .published_ids import check_published_ids, read_record
from .rendering import BodyRenderer
from .schema import ContentRules, read_authors
from .source import SourceError, SourceFile, read_bytes, read_text, split_source


@dataclass(frozen=True)
class ContentLayout:
    """Where each kind of content lives, relative to the content folder."""

    posts_dir: str = "articles/posts"
    checklists_dir: str = "checklists"
    authors_file: str = "articles/.authors.yml"
    ids_file: str = "checklists/.ids.json"


DEFAULT_RULES = ContentRules()
DEFAULT_LAYOUT = ContentLayout()


@dataclass
class LoadResult:
    """Everything loaded, every problem found, and the rules as applied (authors included)."""

    catalog: Catalog
    problems: list[Problem]
    rules: ContentRules
    unrecorded_ids: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    """New item ids not yet in the published-ids record, by checklist."""
    bodies: list[LinkedPage] = dataclasses.field(default_factory=list)
    """Every Markdown file, valid or not, for checking its links."""
    files: list[str] = dataclasses.field(default_factory=list)
    """Every other file in the content folder (images, downloads), by path in it."""


def load_catalog(
    content_dir: Path,
    rules: ContentRules = DEFAULT_RULES,
    layout: ContentLayout = DEFAULT_LAYOUT,
    display_root: Path | None = None,
    theme_dirs: tuple[Path, ...] = (),
    renderer: BodyRenderer | None = None,
) -> Catalog:
    """Load and validate everything under `content_dir` (see `load_content`).

    Raises:
        ContentError: with every problem found, when there is at least one.
    """
    result = load_content(content_dir, rules, layout, display_root, theme_dirs, renderer)
    if result.problems:
        raise ContentError(result.problems)
    return result.catalog


def load_content(
    content_dir: Path,
    rules: ContentRules = DEFAULT_RULES,
    layout: ContentLayout = DEFAULT_LAYOUT,
    display_root: Path | None = None,
    theme_dirs: tuple[Path, ...] = (),
    renderer: BodyRenderer | None = None,
    cache: CheckCache | None = None,
) -> LoadResult:
    """Load everything under `content_dir`, collecting problems instead of raising.

    Arguments:
        display_root: the project folder: paths in messages are relative to it,
            and nothing outside it is read (default: the content folder's parent,
            so paths read `content/...`).
        theme_dirs: theme override folders whose files are published too; checked
            for symlinks out of the project.
        renderer: renders bodies with the site's Markdown extensions.
        cache: what earlier loads in this process found in each file (a preview's):
            only files that changed are checked again (see `file_checks`).
    """
    root = (display_root or content_dir.resolve().parent).resolve()
    problems: list[Problem] = []
    if not inside_project(content_dir, root):
        problems.append(
            Problem(
                str(content_dir),
                1,
                "docs_dir",
                "the content folder is not inside the project (the folder holding "
                "mkdocs.yml); Rebound reads nothing from outside it",
            )
        )
        return LoadResult(
            Catalog(articles=(), checklists={}, pages=(), authors={}), problems, rules
        )
    content_dir = content_dir.resolve()

    def display(path: Path) -> str:
        return _relative(path, root) or path.as_posix()

    scanned = scan_content_folder(content_dir, root, display)
    problems.extend(scanned.problems)
    for folder in theme_dirs:
        problems.extend(check_theme_folder(folder, root, display))

    authors_path = content_dir / layout.authors_file
    authors: dict[str, str] = {}
    if _readable(authors_path, root, display(authors_path), problems):
        source = _read_yaml_file(authors_path, display(authors_path), problems)
        if source is not None:
            authors.update(
                read_authors(source, problems, lambda path: _is_content_file(content_dir, path))
            )
    rules = dataclasses.replace(
        rules, authors=frozenset(authors), authors_file=display(authors_path)
    )

    articles: list[Article] = []
    checklists: dict[str, Checklist] = {}
    pages: list[Page] = []
    slug_owner: dict[tuple[str, str], str] = {}
    checklist_files: dict[str, str] = {}
    # (file shown, field, reference) for every checklist any file names, valid file or not.
    references: list[tuple[str, str, ChecklistRef]] = []
    bodies: list[LinkedPage] = []

    if cache is not None:
        cache.begin(rules, renderer, layout, root, content_dir)
    check = cache.check if cache is not None else _check_file
    for path in scanned.pages:
        src_path = _relative(path, content_dir) or path.relative_to(content_dir).as_posix()
        shown = display(path)
        kind = _kind_of(src_path, layout)
        if kind == "checklist":
            # A checklist exists even when it cannot be read or fails validation: it
            # gets its own problems, never "no checklist" in the files that use it.
            checklist_files.setdefault(_stem(path), shown)
        checked = check(path, src_path, shown, kind, rules, renderer)
        problems.extend(checked.problems)
        bodies.append(checked.body)
        references.extend((shown, "checklist block", ref) for ref in checked.inline)
        if kind == "page":
            problems.extend(checked.entry_problems)
            if isinstance(checked.entry, Page):
                pages.append(checked.entry)
            continue
        if checked.slug is None or not _claim_slug(checked.slug, kind, shown, slug_owner, problems):
            continue  # unreadable, a bad file name, or a slug another file has
        problems.extend(checked.entry_problems)
        references.extend((shown, "checklists", ref) for ref in checked.listed)
        if isinstance(checked.entry, Article):
            articles.append(checked.entry)
            if checked.draft_body is not None:
                bodies[-1] = checked.draft_body
        elif isinstance(checked.entry, Checklist):
            checklists[checked.slug] = checked.entry
    if cache is not None:
        cache.keep_only(body.src_uri for body in bodies)

    _check_references(references, checklist_files, problems)
    ids_path = content_dir / layout.ids_file
    record = (
        read_record(ids_path, display(ids_path), problems)
        if _readable(ids_path, root, display(ids_path), problems)
        else None
    )
    unrecorded: dict[str, list[str]] = {}
    if record is not None:
        ids_check = check_published_ids(record, checklists, checklist_files, display(ids_path))
        problems.extend(ids_check.problems)
        unrecorded = ids_check.unrecorded
    catalog = Catalog(
        articles=tuple(articles), checklists=checklists, pages=tuple(pages), authors=authors
    )
    files = [
        _relative(path, content_dir) or path.relative_to(content_dir).as_posix()
        for path in scanned.others
    ]
    return LoadResult(catalog, sorted(set(problems)), rules, unrecorded, bodies, files)


def _relative(path: Path, folder: Path) -> str | None:
    """`path` relative to `folder` (POSIX), as `Path.relative_to` gives it, or None when
    it is not inside it. By the strings: `relative_to` cost more than reading the file."""
    text, base = path.as_posix(), folder.as_posix()
    if text == base:
        return "."
    prefix = base.rstrip("/") + "/"
    return text[len(prefix) :] if text.startswith(prefix) else None


def _stem(path: Path) -> str:
    """The file name without its Markdown extension: the page's slug."""
    return path.name.rsplit(".", 1)[0]


def _is_content_file(content_dir: Path, relative: str) -> bool:
    path = content_dir / relative
    return path.is_file() and inside_project(path, content_dir)


def _readable(path: Path, root: Path, shown: str, problems: list[Problem]) -> bool:
    """Whether a file Rebound reads (not publishes) exists and is safe to read."""
    if not path.exists() and not path.is_symlink():
        return False
    if not inside_project(path, root) or not path.is_file():
        problems.append(
            Problem(
                shown,
                1,
                "",
                "this must be a regular file inside the project (not a symlink out of it, "
                "a folder or a special file); replace it with the file itself",
            )
        )
        return False
    return True


def _kind_of(src_path: str, layout: ContentLayout) -> str:
    if src_path.startswith(layout.posts_dir.rstrip("/") + "/"):
        return "article"
    folder, _, name = src_path.rpartition("/")
    if folder == layout.checklists_dir.strip("/") and name != "index.md":
        return "checklist"
    return "page"


def _check_file(
    path: Path,
    src_path: str,
    shown: str,
    kind: str,
    rules: ContentRules,
    renderer: BodyRenderer | None,
) -> FileCheck:
    return check_file(read_bytes(path), src_path, shown, kind, rules, renderer)


def _read_yaml_file(path: Path, shown: str, problems: list[Problem]) -> SourceFile | None:
    """A whole YAML file, read like front matter that starts on line 1."""
    try:
        text = "---\n" + read_text(path, shown).rstrip("\n") + "\n---\n"
        source = split_source(text, shown, required=False)
        return dataclasses.replace(source, front_matter_line=source.front_matter_line - 1)
    except SourceError as error:
        problem = error.problem
        if problem.line > 1:
            problem = dataclasses.replace(problem, line=problem.line - 1)
        problems.append(problem)
        return None


def _claim_slug(
    slug: str,
    kind: str,
    shown: str,
    slug_owner: dict[tuple[str, str], str],
    problems: list[Problem],
) -> bool:
    """Give the slug to this file, unless an earlier file of the same kind has it."""
    owner = slug_owner.get((kind, slug))
    if owner is not None:
        problems.append(
            Problem(
                shown,
                1,
                "",
                f"the slug '{slug}' is already used by {owner}; two {kind}s cannot share "
                "a URL, so rename one of the files",
            )
        )
        return False
    slug_owner[(kind, slug)] = shown
    return True


def _check_references(
    references: list[tuple[str, str, ChecklistRef]],
    checklists: Mapping[str, object],
    problems: list[Problem],
) -> None:
    """Every checklist named in front matter or placed inline must exist.

    Arguments:
        checklists: every checklist file by slug, valid or not.
    """
    known = sorted(checklists)
    for shown, field_name, ref in references:
        if ref.slug in checklists:
            continue
        hint = did_you_mean(ref.slug, known)
        if not hint and known:
            hint = f"; the checklists are: {', '.join(known)}"
        problems.append(
            Problem(shown, ref.line, field_name, f"no checklist '{ref.slug}' exists{hint}")
        )
