"""Ladder -> Markdown pages for the site: overview, rungs, one page per bridge.

Pure functions: they take the model and return Markdown text. Ladder text reaches it only
through generator/markup/text.py: names as `plain` Markdown, Markdown fields rendered by
`block`/`inline` into allow-listed HTML that MkDocs passes through untouched. The fixed
words come from the interface language's catalogue (`m`, the plugin's messages).
"""

from __future__ import annotations

from generator.i18n import Messages, messages
from generator.ladder.model import Bridge, Ladder
from generator.markup import urls
from generator.markup.diagram import ladder_svg
from generator.markup.text import block, first_line, inline, plain
from generator.print.language import arrows
from generator.scoring.wording import bridge_ref


def _type_name(kind: str, m: Messages) -> str:
    names = {"scale": m.gettext("scale"), "yesno": m.gettext("yes / no"), "number": m.gettext("number")}
    return names.get(kind) or m.gettext("checklist")


def _links(ladder: Ladder, from_src: str, directory_urls: bool) -> dict:
    return {b.id: urls.relative(from_src, urls.bridge_page(ladder.id, b.id), directory_urls) for b in ladder.bridges}


def diagram_block(
    ladder: Ladder, from_src: str, directory_urls: bool = True, direction: str = "ltr", m: Messages | None = None
) -> str:
    """The diagram as one raw-HTML line (Markdown leaves a single-line HTML block alone), its
    title, description and legend in `m`'s language."""
    svg = ladder_svg(ladder, links=_links(ladder, from_src, directory_urls), direction=direction, m=m)
    return f'<figure class="lk-diagram-wrap">{svg}</figure>'


def overview_page(
    ladder: Ladder, directory_urls: bool = True, direction: str = "ltr", m: Messages | None = None
) -> str:
    """The ladder's home page; `direction` is the site language's (language.direction), `m` its messages."""
    m = m or messages()
    src = urls.ladder_page(ladder.id)
    lines = [f"# {plain(ladder.title)}", "", block(ladder.summary), ""]
    if ladder.audience == "internal":
        lines += [
            f'!!! info "{m.gettext("For internal service teams")}"',
            "    " + m.gettext("In this ladder the customers are your colleagues."),
            "",
        ]
    lines += [
        diagram_block(ladder, src, directory_urls, direction, m),
        "",
        f"[{m.gettext('Take the self-audit')}]({urls.relative(src, urls.audit_page(ladder.id), False).replace('.html', '.md')})"
        "{ .md-button .md-button--primary }",
        "",
    ]
    lines += ["## " + m.gettext("The rungs"), "", m.gettext("From the lowest to the highest:"), ""]
    for i, r in enumerate(ladder.rungs, 1):
        lines.append(f"{i}. [{plain(r.name)}](rungs.md#{r.id}) — {inline(first_line(r.description))}")
    lines += ["", "## " + m.gettext("The bridges"), ""]
    for b in ladder.bridges:
        arrow = "↑" if b.upward else "↓"
        n = len(b.questions)
        if b.upward:
            kind = m.ngettext("upward, {n} audit question", "upward, {n} audit questions", n)
        else:
            kind = m.ngettext(
                "downward — a way customers are lost, {n} audit question",
                "downward — a way customers are lost, {n} audit questions",
                n,
            )
        lines.append(
            f"- {arrow} [{plain(b.name)}](bridges/{b.id}.md): {plain(ladder.rung(b.from_).name)} {arrows(direction)['up']} "
            f"{plain(ladder.rung(b.to).name)} ({kind})"
        )
    lines.append("")
    if ladder.source:
        lines += ["## " + m.gettext("Source"), "", block(ladder.source), ""]
    return "\n".join(lines)


def rungs_page(ladder: Ladder, m: Messages | None = None) -> str:
    m = m or messages()
    lines = [
        "# " + m.gettext("{ladder}: the rungs", ladder=plain(ladder.title)),
        "",
        m.gettext(
            "Each rung, from the lowest to the highest, with the signs that show a customer stands on it "
            "and the moments of truth a business should have a system for."
        ),
        "",
    ]
    for i, r in enumerate(reversed(ladder.rungs)):
        number = len(ladder.rungs) - i
        lines += [f"## {number}. {plain(r.name)} {{ #{r.id} }}", "", block(r.description), ""]
        if r.signs:
            lines += [f"**{m.gettext('Signs')}**", ""] + [f"- {inline(s)}" for s in r.signs] + [""]
        if r.moments_of_truth:
            lines += (
                [f"**{m.gettext('Moments of truth')}**", ""] + [f"- {inline(x)}" for x in r.moments_of_truth] + [""]
            )
        leaving = [b for b in ladder.bridges if b.from_ == r.id]
        if leaving:
            names = ", ".join(f"[{plain(b.name)}](bridges/{b.id}.md)" for b in leaving)
            lines += [m.gettext("**Bridges from here:** {bridges}", bridges=names), ""]
    return "\n".join(lines)


def _question_line(q, m: Messages) -> str:
    details = [_type_name(q.type, m)]
    if q.type == "scale":
        details.append(" / ".join(plain(c.label) for c in q.choices))
    if q.type == "checklist":
        details.append(m.ngettext("{n} option", "{n} options", len(q.options)))
    if q.type == "number" and q.unit:
        details.append(plain(q.unit))
    if q.weight > 1:
        details.append(m.gettext("weight {n}", n=m.number(q.weight)))
    if q.reverse:
        details.append(m.gettext("reversed: a lower answer scores higher"))
    return f"- {plain(q.text)} *({'; '.join(details)})*"


def bridge_page(
    ladder: Ladder,
    bridge: Bridge,
    pdf_link: str | None = None,
    direction: str = "ltr",
    m: Messages | None = None,
) -> str:
    m = m or messages()
    frm, to = ladder.rung(bridge.from_), ladder.rung(bridge.to)
    way = m.gettext("Upward bridge") if bridge.upward else m.gettext("Downward bridge — a way customers are lost")
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
            f'!!! warning "{m.gettext("Guarding against it")}"',
            "    "
            + m.gettext(
                "The audit questions below measure how well this bridge is guarded. A score below "
                "{pass_mark} shows up as a risk in the results.",
                pass_mark=m.number(ladder.pass_mark),
            ),
            "",
        ]
    if bridge.planks:
        lines += ["## " + m.gettext("Planks"), "", m.gettext("The practices that build this bridge:"), ""]
        for p in bridge.planks:
            lines.append(f"- **{plain(p.title)}**" + (f" — {inline(p.detail)}" if p.detail else ""))
        lines.append("")
    if bridge.questions:
        lines += (
            ["## " + m.gettext("Audit questions"), ""]
            + [_question_line(q, m) for q in bridge.questions]
            + ["", f"[{m.gettext('Answer them in the self-audit')}](../audit.md)", ""]
        )
    if bridge.internal:
        lines += ["## " + m.gettext("Internal customers"), "", block(bridge.internal), ""]
    if pdf_link:
        ref = plain(bridge_ref(bridge.name, m))
        lines += [
            "## " + m.gettext("Playbook"),
            "",
            f"[{m.gettext('Download {bridge} playbook (PDF)', bridge=ref)}]({pdf_link})",
            "",
        ]
    lines += [f"[{m.gettext('Back to {ladder}', ladder=plain(ladder.title))}](../index.md)", ""]
    return "\n".join(lines)


def ladders_list(ladders: list[Ladder], from_src: str = "index.md", m: Messages | None = None) -> str:
    """The home page's list of ladders (for the `<!-- ladderkit: ladders -->` marker)."""
    m = m or messages()
    out = ['<div class="grid cards" markdown>', ""]  # Material's card grid (md_in_html)
    for ladder in ladders:
        overview = urls.relative(from_src, urls.ladder_page(ladder.id), False).replace(".html", ".md")
        audit = urls.relative(from_src, urls.audit_page(ladder.id), False).replace(".html", ".md")
        counts = " · ".join(
            [
                m.ngettext("{n} rung", "{n} rungs", len(ladder.rungs)),
                m.ngettext("{n} bridge", "{n} bridges", len(ladder.bridges)),
                m.ngettext("{n} question", "{n} questions", len(ladder.questions)),
            ]
        )
        out += [
            f"- **[{plain(ladder.title)}]({overview})**",
            "",
            f"    {inline(first_line(ladder.summary))}",
            "",
            f"    {counts} · [{m.gettext('Take the self-audit')}]({audit})",
            "",
        ]
    return "\n".join(out + ["</div>"])
