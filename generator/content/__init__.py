"""The content core: models, front-matter validation and the catalog. Knows nothing of MkDocs."""

from .catalog import STEPS, Catalog
from .file_checks import CheckCache
from .loader import ContentLayout, LoadResult, load_catalog, load_content
from .models import Article, Checklist, ChecklistRef, Item, ItemKind, Page, field_name
from .problems import ContentError, Problem, format_problems
from .schema import ContentRules

__all__ = [
    "STEPS",
    "Article",
    "Catalog",
    "CheckCache",
    "Checklist",
    "ChecklistRef",
    "ContentError",
    "ContentLayout",
    "ContentRules",
    "Item",
    "ItemKind",
    "LoadResult",
    "Page",
    "Problem",
    "field_name",
    "format_problems",
    "load_catalog",
    "load_content",
]
