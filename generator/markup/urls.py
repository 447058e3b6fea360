"""Where every generated page and PDF lives: the one place for site paths.

Paths are relative to the site root, with MkDocs' directory URLs (`x/index.html`
served as `x/`). Pages are given as source paths (`.md`), as MkDocs files expect.
"""

from __future__ import annotations

PDF_DIR = "pdf"


def ladder_page(ladder_id: str) -> str:
    return f"ladders/{ladder_id}/index.md"


def rungs_page(ladder_id: str) -> str:
    return f"ladders/{ladder_id}/rungs.md"


def bridge_page(ladder_id: str, bridge_id: str) -> str:
    return f"ladders/{ladder_id}/bridges/{bridge_id}.md"


def audit_page(ladder_id: str) -> str:
    return f"ladders/{ladder_id}/audit.md"


def customers_page(ladder_id: str) -> str:
    return f"ladders/{ladder_id}/customers.md"


def group_page() -> str:
    return "group.md"


def downloads_page() -> str:
    return "downloads.md"


def playbook_pdf(ladder_id: str, bridge_id: str) -> str:
    return f"{PDF_DIR}/{ladder_id}/playbook-{bridge_id}.pdf"


def worksheet_pdf(ladder_id: str, fillable: bool = False) -> str:
    return f"{PDF_DIR}/{ladder_id}/worksheet{'-fillable' if fillable else ''}.pdf"


def internal_guide_pdf() -> str:
    return f"{PDF_DIR}/internal-customer-guide.pdf"


def workshop_pdf(slug: str) -> str:
    return f"{PDF_DIR}/workshops/{slug}.pdf"


def report_pdf(ladder_id: str) -> str:
    return f"{PDF_DIR}/{ladder_id}/report.pdf"


def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The site URL (relative to the root) a page source path is served at."""
    stem = src[:-3] if src.endswith(".md") else src
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, target: str, use_directory_urls: bool = True) -> str:
    """A link from page `from_src` to `target` (a page's .md source path or a site file),
    for raw HTML, where MkDocs does not rewrite links."""
    import posixpath

    here = page_url(from_src, use_directory_urls)
    base = here if here.endswith("/") else posixpath.dirname(here) + "/"
    dest = page_url(target, use_directory_urls) if target.endswith(".md") else target
    rel = posixpath.relpath(dest or ".", base.rstrip("/") or ".")
    if dest.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel
