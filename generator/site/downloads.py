"""The downloads page: every PDF of the site, grouped by kind, with its page count and size.

Pure: it takes the print jobs and (once the PDFs exist) their page counts and sizes, and
returns Markdown. Links are relative to the page's source path, as MkDocs expects in
Markdown, so MkDocs checks them like any other link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Set

from generator.markup import urls
from generator.markup.text import html

KINDS = (
    (
        "playbook",
        "Bridge playbooks",
        "A playbook for every bridge: its planks, its audit questions and a 30/60/90-day plan.",
    ),
    ("worksheet", "Audit worksheets", "Print, fill in by hand and score with the key at the back."),
    (
        "worksheet-fillable",
        "Fillable audit worksheets",
        "Fill in on screen in a PDF reader; `ladderkit import-pdf` reads the answers back.",
    ),
    ("guide", "The Internal Customer Guide", "Serving colleagues as customers, ladder by ladder."),
    ("workshop", "Workshop packs", "Agenda, facilitator notes and every handout, ready to print."),
)


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _cell(text: str) -> str:
    """Ladder text in a Markdown table cell: shown as text, never run or split the table."""
    return html(text).replace("\n", " ")  # html() leaves no "|" or "[" for Markdown to read


def downloads_markdown(
    jobs,
    pages: dict[str, int] | None = None,
    sizes: dict[str, int] | None = None,
    *,
    src: str = urls.downloads_page(),
    pending: Set[str] = frozenset(),
) -> str:
    """The page; without `pages`/`sizes` (PDFs not rendered yet) those columns say so, and
    a PDF in `pending` (the preview renders it again) is marked as being updated."""
    lines = ["# Downloads", "", "Every document on this site as a PDF, ready to print or to share.", ""]
    if pending:
        lines += [
            f"**Being updated:** {len(pending)} of these PDFs are being rendered again for the preview; "
            "this page reloads by itself when they are ready.",
            "",
        ]
    known = [k for k, _, _ in KINDS]
    kinds = list(KINDS) + [
        (k, k.replace("-", " ").capitalize(), "") for k in dict.fromkeys(j.kind for j in jobs) if k not in known
    ]
    here = posixpath.dirname(src)
    for kind, heading, blurb in kinds:
        group = [j for j in jobs if j.kind == kind]
        if not group:
            continue
        lines += [f"## {heading}", ""] + ([blurb, ""] if blurb else [])
        lines += ["| Document | Pages | Size |", "|---|--:|--:|"]
        for job in group:
            link = posixpath.relpath(job.target, here or ".")
            count = str(pages[job.target]) if pages and job.target in pages else "…"
            size = size_text(sizes[job.target]) if sizes and job.target in sizes else "…"
            if job.target in pending:
                count, size = "being updated", "…"
            lines.append(f"| [{_cell(job.title)}]({link}) | {count} | {size} |")
        lines.append("")
    if not jobs:
        lines += ["There are no PDFs on this site.", ""]
    return "\n".join(lines)
