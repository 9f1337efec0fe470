"""Structured data for articles: schema.org `Article` as JSON-LD.

Built from the catalog's model (plain text), not from `page.meta` (which holds
HTML-escaped strings for the theme), and escaped for a <script> element.
"""

from __future__ import annotations

import json

from .content import Article

ORGANIZATION = "The Rebound team"

# Inside <script>, only "</script" (and "<!--") can end or confuse the element;
# escaping <, > and & as JSON unicode escapes rules all of them out.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def article_json_ld(article: Article, url: str | None, site_name: str) -> str:
    """The JSON-LD document for an article, safe to place inside a <script> element."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.description,
        "datePublished": article.created.isoformat(),
        "dateModified": (article.updated or article.created).isoformat(),
        "author": {"@type": "Organization", "name": ORGANIZATION},
        "publisher": {"@type": "Organization", "name": site_name},
        "keywords": list(article.tags),
        "inLanguage": "en",
    }
    if url:
        data["mainEntityOfPage"] = url
        data["url"] = url
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)
