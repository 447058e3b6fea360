"""Ladder -> Markdown pages for the site: overview, rungs, one page per bridge.

Pure functions: they take the model and return Markdown text. Ladder text reaches it only
through generator/markup/text.py: names as `plain` Markdown, Markdown fields rendered by
`block`/`inline` into allow-listed HTML that MkDocs passes through untouched.
"""

from __future__ import annotations

from generator.ladder.model import Bridge, Ladder
from generator.markup import urls
from generator.markup.diagram import ladder_svg
from generator.markup.text import block, first_line, inline, plain
from generator.print.language import arrows
from generator.scoring.wording import bridge_ref

TYPE_NAMES = {"scale": "scale", "yesno": "yes / no", "number": "number", "checklist": "checklist"}


def _links(ladder: Ladder, from_src: str, directory_urls: bool) -> dict:
    return {b.id: urls.relative(from_src, urls.bridge_page(ladder.id, b.id), directory_urls) for b in ladder.bridges}


def diagram_block(ladder: Ladder, from_src: str, directory_urls: bool = True, direction: str = "ltr") -> str:
    """The diagram as one raw-HTML line (Markdown leaves a single-line HTML block alone)."""
    svg = ladder_svg(ladder, links=_links(ladder, from_src, directory_urls), direction=direction)
    return f'<figure class="lk-diagram-wrap">{svg}</figure>'


def overview_page(ladder: Ladder, directory_urls: bool = True, direction: str = "ltr") -> str:
    """The ladder's home page; `direction` is the site language's (language.direction)."""
    src = urls.ladder_page(ladder.id)
    lines = [f"# {plain(ladder.title)}", "", block(ladder.summary), ""]
    if ladder.audience == "internal":
        lines += ['!!! info "For internal service teams"', "    In this ladder the customers are your colleagues.", ""]
    lines += [
        diagram_block(ladder, src, directory_urls, direction),
        "",
        f"[Take the self-audit]({urls.relative(src, urls.audit_page(ladder.id), False).replace('.html', '.md')})"
        "{ .md-button .md-button--primary }",
        "",
    ]
    lines += ["## The rungs", "", "From the lowest to the highest:", ""]
    for i, r in enumerate(ladder.rungs, 1):
        lines.append(f"{i}. [{plain(r.name)}](rungs.md#{r.id}) — {inline(first_line(r.description))}")
    lines += ["", "## The bridges", ""]
    for b in ladder.bridges:
        arrow = "↑" if b.upward else "↓"
        kind = "upward" if b.upward else "downward — a way customers are lost"
        lines.append(
            f"- {arrow} [{plain(b.name)}](bridges/{b.id}.md): {plain(ladder.rung(b.from_).name)} {arrows(direction)['up']} "
            f"{plain(ladder.rung(b.to).name)} ({kind}, {len(b.questions)} audit question{'s' if len(b.questions) != 1 else ''})"
        )
    lines.append("")
    if ladder.source:
        lines += ["## Source", "", block(ladder.source), ""]
    return "\n".join(lines)


def rungs_page(ladder: Ladder) -> str:
    lines = [
        f"# {plain(ladder.title)}: the rungs",
        "",
        "Each rung, from the lowest to the highest, with the signs that show a customer stands on it "
        "and the moments of truth a business should have a system for.",
        "",
    ]
    for i, r in enumerate(reversed(ladder.rungs)):
        number = len(ladder.rungs) - i
        lines += [f"## {number}. {plain(r.name)} {{ #{r.id} }}", "", block(r.description), ""]
        if r.signs:
            lines += ["**Signs**", ""] + [f"- {inline(s)}" for s in r.signs] + [""]
        if r.moments_of_truth:
            lines += ["**Moments of truth**", ""] + [f"- {inline(m)}" for m in r.moments_of_truth] + [""]
        leaving = [b for b in ladder.bridges if b.from_ == r.id]
        if leaving:
            lines += [
                "**Bridges from here:** " + ", ".join(f"[{plain(b.name)}](bridges/{b.id}.md)" for b in leaving),
                "",
            ]
    return "\n".join(lines)


def _question_line(q) -> str:
    details = [TYPE_NAMES[q.type]]
    if q.type == "scale":
        details.append(" / ".join(plain(c.label) for c in q.choices))
    if q.type == "checklist":
        details.append(f"{len(q.options)} options")
    if q.type == "number" and q.unit:
        details.append(plain(q.unit))
    if q.weight > 1:
        details.append(f"weight {q.weight}")
    if q.reverse:
        details.append("reversed: a lower answer scores higher")
    return f"- {plain(q.text)} *({'; '.join(details)})*"


def bridge_page(ladder: Ladder, bridge: Bridge, pdf_link: str | None = None, direction: str = "ltr") -> str:
    frm, to = ladder.rung(bridge.from_), ladder.rung(bridge.to)
    way = "Upward bridge" if bridge.upward else "Downward bridge — a way customers are lost"
    lines = [
        f"# {plain(bridge.name)}",
        "",
        f"**{way}:** [{plain(frm.name)}](../rungs.md#{frm.id}) {arrows(direction)['up']} [{plain(to.name)}](../rungs.md#{to.id})",
        "",
        block(bridge.summary),
        "",
    ]
    if not bridge.upward:
        lines += [
            '!!! warning "Guarding against it"',
            f"    The audit questions below measure how well this bridge is guarded. A score below "
            f"{ladder.pass_mark} shows up as a risk in the results.",
            "",
        ]
    if bridge.planks:
        lines += ["## Planks", "", "The practices that build this bridge:", ""]
        for p in bridge.planks:
            lines.append(f"- **{plain(p.title)}**" + (f" — {inline(p.detail)}" if p.detail else ""))
        lines.append("")
    if bridge.questions:
        lines += (
            ["## Audit questions", ""]
            + [_question_line(q) for q in bridge.questions]
            + ["", "[Answer them in the self-audit](../audit.md)", ""]
        )
    if bridge.internal:
        lines += ["## Internal customers", "", block(bridge.internal), ""]
    if pdf_link:
        lines += ["## Playbook", "", f"[Download {plain(bridge_ref(bridge.name))} playbook (PDF)]({pdf_link})", ""]
    lines += [f"[Back to {plain(ladder.title)}](../index.md)", ""]
    return "\n".join(lines)


def ladders_list(ladders: list[Ladder], from_src: str = "index.md") -> str:
    """The home page's list of ladders (for the `<!-- ladderkit: ladders -->` marker)."""
    out = ['<div class="grid cards" markdown>', ""]  # Material's card grid (md_in_html)
    for ladder in ladders:
        overview = urls.relative(from_src, urls.ladder_page(ladder.id), False).replace(".html", ".md")
        audit = urls.relative(from_src, urls.audit_page(ladder.id), False).replace(".html", ".md")
        out += [
            f"- **[{plain(ladder.title)}]({overview})**",
            "",
            f"    {inline(first_line(ladder.summary))}",
            "",
            f"    {len(ladder.rungs)} rungs · {len(ladder.bridges)} bridges · {len(ladder.questions)} questions · "
            f"[Take the self-audit]({audit})",
            "",
        ]
    return "\n".join(out + ["</div>"])
