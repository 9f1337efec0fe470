"""Worksheets: every checklist laid out for paper, as a page and as a fillable PDF.

`sources` places the virtual pages, `page` renders their HTML (and the PDFs'
documents) from Jinja templates, `build` ties them to one build, `publish`
puts the PDFs into the site through `cache` and, when needed, `pdf`
(WeasyPrint, imported only then).
"""

from .build import Links, SiteInfo, WorksheetBuild, WorksheetPathError
from .cache import PdfCache
from .page import WorksheetRenderer
from .publish import PdfPublishError, PublishReport, publish_pdfs
from .sources import INDEX_SRC_URI, WORKBOOK_PDF, worksheet_pdf, worksheet_src_uri

__all__ = [
    "INDEX_SRC_URI",
    "WORKBOOK_PDF",
    "Links",
    "PdfCache",
    "PdfPublishError",
    "PublishReport",
    "SiteInfo",
    "WorksheetBuild",
    "WorksheetPathError",
    "WorksheetRenderer",
    "publish_pdfs",
    "worksheet_pdf",
    "worksheet_src_uri",
]
