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
