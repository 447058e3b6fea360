"""The downloads page: every PDF of the site, grouped by kind, with its page count and size.

Pure: it takes the print jobs and (once the PDFs exist) their page counts and sizes, and
returns Markdown. Links are relative to the page's source path, as MkDocs expects in
Markdown, so MkDocs checks them like any other link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Set

from generator.i18n import Messages, messages
from generator.markup import urls
from generator.markup.text import html


def _kinds(m: Messages) -> tuple[tuple[str, str, str], ...]:
    """Each kind of PDF with its heading and one line about it."""
    return (
        (
            "playbook",
            m.gettext("Bridge playbooks"),
            m.gettext("A playbook for every bridge: its planks, its audit questions and a 30/60/90-day plan."),
        ),
        (
            "worksheet",
            m.gettext("Audit worksheets"),
            m.gettext("Print, fill in by hand and score with the key at the back."),
        ),
        (
            "worksheet-fillable",
            m.gettext("Fillable audit worksheets"),
            m.gettext(
                "Fill in on screen in a PDF reader; {command} reads the answers back.", command="`ladderkit import-pdf`"
            ),
        ),
        (
            "guide",
            m.gettext("The Internal Customer Guide"),
            m.gettext("Serving colleagues as customers, ladder by ladder."),
        ),
        (
            "workshop",
            m.gettext("Workshop packs"),
            m.gettext("Agenda, facilitator notes and every handout, ready to print."),
        ),
    )


def size_text(size: int, m: Messages | None = None) -> str:
    m = m or messages()
    if size < 1024:
        return m.gettext("{n} B", n=m.number(size, 0))
    if size < 1024 * 1024:
        return m.gettext("{n} KB", n=m.number(size / 1024, 0))
    return m.gettext("{n} MB", n=m.number(size / (1024 * 1024), 1))


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
    m: Messages | None = None,
) -> str:
    """The page; without `pages`/`sizes` (PDFs not rendered yet) those columns say so, and
    a PDF in `pending` (the preview renders it again) is marked as being updated."""
    m = m or messages()
    lines = [
        "# " + m.gettext("Downloads"),
        "",
        m.gettext("Every document on this site as a PDF, ready to print or to share."),
        "",
    ]
    if pending:
        lines += [
            m.ngettext(
                "**Being updated:** {n} of these PDFs is being rendered again for the preview; "
                "this page reloads by itself when it is ready.",
                "**Being updated:** {n} of these PDFs are being rendered again for the preview; "
                "this page reloads by itself when they are ready.",
                len(pending),
            ),
            "",
        ]
    known_kinds = _kinds(m)
    known = [k for k, _, _ in known_kinds]
    kinds = list(known_kinds) + [
        (k, k.replace("-", " ").capitalize(), "") for k in dict.fromkeys(j.kind for j in jobs) if k not in known
    ]
    here = posixpath.dirname(src)
    for kind, heading, blurb in kinds:
        group = [j for j in jobs if j.kind == kind]
        if not group:
            continue
        lines += [f"## {heading}", ""] + ([blurb, ""] if blurb else [])
        lines += [f"| {m.gettext('Document')} | {m.gettext('Pages')} | {m.gettext('Size')} |", "|---|--:|--:|"]
        for job in group:
            link = posixpath.relpath(job.target, here or ".")
            count = m.number(pages[job.target], 0) if pages and job.target in pages else "…"
            size = size_text(sizes[job.target], m) if sizes and job.target in sizes else "…"
            if job.target in pending:
                count, size = m.gettext("being updated"), "…"
            lines.append(f"| [{_cell(job.title)}]({link}) | {count} | {size} |")
        lines.append("")
    if not jobs:
        lines += [m.gettext("There are no PDFs on this site."), ""]
    return "\n".join(lines)
