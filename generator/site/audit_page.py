"""The self-audit page body: server-rendered native controls plus the embedded ladder JSON.

The form works and reads well before any JavaScript runs; audit.js then scores it live
with scoring.mjs. Every ladder string goes through generator/markup/text.py (`html`,
`attribute`, `block`, `url`), so nothing in a ladder can add markup. Pure: returns one raw-HTML block with no blank lines, which Markdown
passes through untouched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from generator.i18n import Messages, messages
from generator.ladder.model import Ladder, Question, to_dict
from generator.markup import urls
from generator.markup.diagram import ladder_svg
from generator.markup.text import attribute, block, html, json_attribute, plain, url
from generator.print.language import arrows


def ladder_hash(ladder: Mapping[str, object]) -> str:
    """Changes whenever the coach changes the ladder; saved answers carry it. Computed here, at
    build, from the normalised ladder; audit.js only compares it (tests/vectors/ladder_hash.json)."""
    canonical = json.dumps(ladder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def help_html(text: str) -> str:
    return block(text)


def _question(q: Question, m: Messages) -> str:
    qid = attribute(q.id)
    base = f"lk-q-{qid}"
    help_id = f"{base}-help"
    described = f' aria-describedby="{help_id}"' if q.help else ""
    help_div = f'<div class="lk-help" id="{help_id}">{help_html(q.help)}</div>' if q.help else ""
    # The mark is explained once above the questions (render_audit) and read out in full here.
    weight = (
        f' <span class="lk-weight"><span aria-hidden="true">×{q.weight}</span>'
        f'<span class="lk-sr">{html(m.gettext("(counts {n} times)", n=m.number(q.weight)))}</span></span>'
        if q.weight > 1
        else ""
    )
    head = f'<div class="lk-question" data-question="{qid}" data-type="{q.type}">'
    if q.type == "number":
        # The error is part of the description: screen readers read it with the field, and
        # aria-errormessage (set by audit.js) is only valid for an element announced this way.
        described = f' aria-describedby="{help_id + " " if q.help else ""}{base}-error"'
        # type="text": type="number" reads a decimal comma ("2,5") as 25 in an English browser,
        # silently; audit.js parses the text itself and names the range when it is out of it.
        unit = f'<span class="lk-unit">{html(q.unit)}</span>' if q.unit else ""
        return (
            f'{head}<label class="lk-text" for="{base}">{html(q.text)}{weight}</label>{help_div}'
            f'<div class="lk-number"><input type="text" id="{base}" name="{qid}" inputmode="decimal" autocomplete="off" spellcheck="false"{described}>'
            f'{unit}</div><p class="lk-error" id="{base}-error" hidden></p></div>'
        )
    if q.type == "scale":
        choices = [(str(i), c.label) for i, c in enumerate(q.choices)]
    elif q.type == "yesno":
        choices = [("true", m.gettext("Yes")), ("false", m.gettext("No"))]
    else:
        choices = [(str(i), o) for i, o in enumerate(q.options)]
    kind = "checkbox" if q.type == "checklist" else "radio"
    inputs = "".join(
        f'<label class="lk-choice"><input type="{kind}" name="{qid}" value="{v}"> <span>{html(label)}</span></label>'
        for v, label in choices
    )
    hint = ""
    if q.type == "checklist":
        # "None of these" records an empty list: an answer worth its points, not a skipped question.
        inputs += (
            f'<label class="lk-choice lk-none"><input type="checkbox" name="{qid}" value="none"> '
            f"<span>{html(m.gettext('None of these'))}</span></label>"
        )
        tick = m.gettext('Tick all that apply, or "None of these".')
        hint = f'<span class="lk-hint">{html(tick)}</span>'
    return (
        f'{head}<fieldset{described}><legend class="lk-text">{html(q.text)}{weight}</legend>{help_div}{hint}'
        f'<div class="lk-choices lk-{q.type}">{inputs}</div></fieldset></div>'
    )


def _privacy(m: Messages) -> str:
    return m.gettext(
        "<strong>Private by design:</strong> your answers are saved only in this browser on this device. "
        "Nothing is sent anywhere unless you choose to export them, share a link or send them to your coach."
    )


SECONDS_PER_QUESTION = 20  # the start screen's estimate, rounded up to whole minutes


def _start_screen(questions: int, steps: int, m: Messages) -> str:
    """What the audit is, how long it takes and where answers stay (GOV.UK start page, Typeform
    welcome screen). guide.js fills in the saved progress and names the button Start or Continue."""
    minutes = max(1, -(-questions * SECONDS_PER_QUESTION // 60))
    asks = m.gettext(
        "It asks {questions} in {steps}, one bridge at a time, and takes about {minutes}. "
        "You can check every answer before you see your result.",
        questions=m.ngettext("{n} question", "{n} questions", questions),
        steps=m.ngettext("{n} step", "{n} steps", steps),
        minutes=m.ngettext("{n} minute", "{n} minutes", minutes),
    )
    return (
        '<section class="lk-start" hidden aria-labelledby="lk-start-title">'
        f'<h2 id="lk-start-title">{m.gettext("Before you start")}</h2>'
        "<p>"
        + m.gettext("This self-audit shows where your customers stand on the ladder and which bridge to work on next.")
        + f" {asks}</p>"
        f'<p class="lk-start-privacy">{_privacy(m)}</p>'
        '<p class="lk-start-saved" hidden></p>'
        f'<p><button type="button" class="md-button md-button--primary lk-begin">{m.gettext("Start")}</button></p></section>'
    )


def render_audit(
    ladder: Ladder,
    *,
    directory_urls: bool = True,
    call_to_action: tuple[str, str] | None = None,
    worksheet_links: list[tuple[str, str]] | None = None,
    brand_info: dict | None = None,
    direction: str = "ltr",
    m: Messages | None = None,
) -> str:
    """The whole audit page body (Markdown heading + one raw-HTML block), in the reading
    `direction` of the site's language (the diagram and the route arrows follow it).

    `brand_info` (the coach's name, contact and call to action) feeds the printable report
    and "Send to my coach" (assets/report.js)."""
    m = m or messages()
    src = urls.audit_page(ladder.id)
    links = {b.id: urls.relative(src, urls.bridge_page(ladder.id, b.id), directory_urls) for b in ladder.bridges}
    n = len(ladder.questions)
    steps = [b for b in ladder.bridges if b.questions]
    # The guided parts (start screen, Save-or-share menu, step buttons, check-your-answers) are
    # rendered hidden: assets/guide.js shows them. Without JavaScript the page is the whole form.
    parts = [
        f'<div class="lk-audit" data-lk-audit="{attribute(ladder.id)}" data-ladder-hash="{ladder_hash(to_dict(ladder))}"'
        f' data-ladder="{json_attribute(to_dict(ladder))}" data-links="{json_attribute({"bridges": links})}"'
        f' data-brand="{json_attribute(brand_info or {})}">',
        f'<p class="lk-privacy">{_privacy(m)}</p>',
        '<div class="lk-notices" role="status" aria-live="polite"></div>',
        # One disclosure button (WAI-ARIA disclosure pattern) instead of a row of equal buttons above question 1.
        '<div class="lk-menu" hidden><button type="button" class="md-button lk-menu-button" aria-expanded="false"'
        f' aria-controls="lk-menu-panel">{m.gettext("Save or share")}</button>'
        '<div class="lk-menu-panel" id="lk-menu-panel" hidden><div class="lk-toolbar">'
        f'<button type="button" class="md-button lk-export">{m.gettext("Export answers")}</button>'
        f'<label class="md-button lk-import-label">{m.gettext("Import answers")}'
        '<input type="file" class="lk-import" accept="application/json,.json"></label>'
        f'<button type="button" class="md-button lk-share">{m.gettext("Copy share link")}</button>'
        f'<button type="button" class="md-button lk-print">{m.gettext("Print")}</button>'
        f'<button type="button" class="md-button lk-restart">{m.gettext("Start over")}</button>'
        "</div>"
        '<div class="lk-share-box" hidden><label>'
        + m.gettext("Share link (it carries your answers; anyone with it can see them)")
        + '<input type="text" class="lk-share-url" readonly></label></div></div></div>',
        '<details class="lk-attempts" hidden></details>',
        _start_screen(n, len(steps), m),
        f'<p class="lk-progress"><span class="lk-progress-text">{m.gettext("{answered} of {total} answered", answered=m.number(0), total=m.number(n))}</span>'
        f'<progress class="lk-progress-bar" max="{n}" value="0" aria-hidden="true"></progress></p>',
        '<p class="lk-all-nav" hidden><button type="button" class="md-button lk-one-by-one">'
        f"{m.gettext('Answer one step at a time')}</button></p>",
        # method="dialog": Enter in a lone text field submits the form; a GET would put the answers
        # in the address and send them to the server. A dialog-method form outside a dialog does nothing.
        f'<form class="lk-form" method="dialog" novalidate aria-label="{attribute(m.gettext("{ladder} self-audit", ladder=ladder.title))}">',
    ]
    if any(q.weight > 1 for q in ladder.questions):
        parts.append(
            '<p class="lk-weights-note">'
            + m.gettext(
                "A question marked ×2 counts twice as much as an unmarked one "
                "(×3 three times, and so on): it matters more to crossing its bridge."
            )
            + "</p>"
        )
    for b in ladder.bridges:
        if not b.questions:
            continue
        way = "up" if b.upward else "down"
        parts.append(
            f'<fieldset class="lk-bridge lk-{way}" data-bridge="{attribute(b.id)}"><legend><h2 class="lk-bridge-title">'
            f'<span class="lk-step-count"></span>{html(b.name)} '
            f'<span class="lk-route">{html(ladder.rung(b.from_).name)} {arrows(direction)["up"]} {html(ladder.rung(b.to).name)}</span></h2>'
            + (f' <span class="lk-way">{m.gettext("(a way customers are lost)")}</span>' if not b.upward else "")
            + "</legend>"
        )
        parts.extend(_question(q, m) for q in b.questions)
        parts.append("</fieldset>")
    parts.append("</form>")
    parts.append(
        f'<div class="lk-step-nav" hidden><button type="button" class="md-button lk-back">{m.gettext("Back")}</button>'
        f'<button type="button" class="md-button md-button--primary lk-next">{m.gettext("Next")}</button>'
        f'<button type="button" class="lk-link-button lk-show-all">{m.gettext("Show all questions")}</button></div>'
        '<section class="lk-check" hidden aria-labelledby="lk-check-title">'
        f'<h2 id="lk-check-title">{m.gettext("Check your answers")}</h2><div class="lk-check-body"></div>'
        f'<p class="lk-check-nav"><button type="button" class="md-button lk-check-back">{m.gettext("Back")}</button>'
        '<button type="button" class="md-button md-button--primary lk-see-result">'
        f"{m.gettext('See my result')}</button></p></section>"
    )
    overall = f'<strong class="lk-overall-value">{m.gettext("not yet scored")}</strong>'
    parts.append(
        '<section class="lk-results" aria-labelledby="lk-results-title">'
        f'<h2 id="lk-results-title">{m.gettext("Your results")}</h2>'
        '<p class="lk-live" aria-live="polite" aria-atomic="true"></p>'
        '<p class="lk-overall">'
        + m.gettext("Overall score: {score}", score=overall)
        + ' <span class="lk-basis lk-overall-basis"></span> <span class="lk-overall-change"></span></p>'
        f'<figure class="lk-diagram-wrap lk-position">{ladder_svg(ladder, links=links, title_id="lk-audit-diagram", direction=direction, m=m)}</figure>'
        f'<h3>{m.gettext("Bridge by bridge")}</h3><ul class="lk-bars"></ul>'
        '<div class="lk-focus-panel"></div><div class="lk-risks"></div><div class="lk-flags"></div>'
        f'<details class="lk-why"><summary>{m.gettext("Why these numbers?")}</summary><div class="lk-why-body"></div></details>'
    )
    if call_to_action and call_to_action[0]:
        text, link = call_to_action
        parts.append(
            f'<p class="lk-cta"><a class="md-button md-button--primary" href="{attribute(url(link))}">{html(text)}</a></p>'
        )
    parts.append(
        f'<p class="lk-result-nav" hidden><button type="button" class="md-button lk-to-check">{m.gettext("Check your answers")}</button>'
        f'<button type="button" class="lk-link-button lk-show-all">{m.gettext("Show all questions")}</button></p>'
    )
    parts.append("</section>")
    if worksheet_links:
        parts.append(
            '<p class="lk-worksheets">'
            + m.gettext(
                "Prefer paper? {links}",
                links=" · ".join(f'<a href="{attribute(href)}">{html(label)}</a>' for label, href in worksheet_links),
            )
            + "</p>"
        )
    parts.append("</div>")
    # plain(), not escape(): the heading is Markdown, where links and attribute lists are live.
    return "# " + m.gettext("{ladder}: self-audit", ladder=plain(ladder.title)) + "\n\n" + "".join(parts) + "\n"
