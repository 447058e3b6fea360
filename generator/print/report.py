"""The personalised report: one client's result as a branded, print-ready HTML document.

`report_html` is pure (model, result, brand -> HTML); `ladderkit report` renders it with
WeasyPrint through `to_pdf`. Every number printed comes from the result of
generator.scoring.scoring.score, so the PDF always agrees with `ladderkit score`. The audit page's
"Print or save as PDF" (assets/report.js) lays out the same sections in the same order.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from markupsafe import escape

from generator.brand import Brand, brand_css_variables
from generator.i18n import Messages, fill, messages
from generator.ladder.model import Ladder, to_dict
from generator.markup.diagram import ladder_figure, ladder_svg
from generator.markup.text import attribute, block, breakable, css_string, html, url
from generator.print.documents import page_numbers_css
from generator.print.language import DEFAULT as DEFAULT_LANGUAGE
from generator.print.language import direction, interface_language, page_boxes
from generator.scoring.reading import Reading, change, read_result
from generator.scoring.types import Result
from generator.scoring.wording import bridge_ref, plain_text

REPORT_CSS = """
@page { size: %(paper)s; margin: 18mm 16mm 20mm;
  @bottom-left { content: %(footer)s; font-size: 7.5pt; color: #555; }
  @bottom-right { content: %(pages)s; font-size: 8pt; color: #555; } }
html { font-family: "DejaVu Sans", sans-serif; overflow-wrap: break-word; } body { font-size: 10pt; color: #1a1a1a; line-height: 1.4; }
h1 { color: var(--lk-primary); font-size: 19pt; margin: 0 0 2mm; }
h2 { color: var(--lk-primary); font-size: 13pt; border-bottom: 1.5pt solid var(--lk-accent); padding-bottom: 1mm; margin-top: 7mm; }
.lk-r-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 4mm; }
.lk-r-head img { max-height: 16mm; max-width: 50mm; }
.lk-r-brand { font-weight: bold; color: var(--lk-primary); }
.lk-r-overall { font-size: 14pt; }
.lk-r-diagram svg { width: 100%%; max-height: 110mm; }
table { border-collapse: collapse; width: 100%%; }
th, td { text-align: start; padding: 1.2mm 2mm; border-bottom: 0.5pt solid #ccc; vertical-align: middle; }
.lk-r-bar { width: 60mm; height: 3.5mm; background: #e6e9ee; }
.lk-r-bar span { display: block; height: 100%%; background: var(--lk-primary); }
.lk-r-down .lk-r-bar span { background: #8a94a3; }
.lk-r-risk-bar .lk-r-bar span { background: #c62828; }
.lk-r-reason { color: #444; }
.lk-r-cta { margin-top: 8mm; padding: 4mm; border: 1.5pt solid var(--lk-accent); }
.lk-r-cta a { color: var(--lk-primary); font-weight: bold; }
.lk-r-nowrap { white-space: nowrap; }
h2, h3 { break-after: avoid; }
tr, .lk-r-customers, .lk-r-cta, .lk-r-diagram { break-inside: avoid; }
.lk-diagram-box { margin: 0 auto; }
.lk-dl { position: absolute; white-space: nowrap; line-height: 1; color: #1a1a1a; }
.lk-dl-rung.lk-here { font-weight: bold; }
"""


# Inside the SVG: WeasyPrint styles SVG from the SVG's own <style>, not the page's CSS.
DIAGRAM_CSS = """
rect { fill: #f3f5f8; stroke: #7a8799; }
.lk-here rect { fill: %(accent)s; stroke: #000; stroke-width: 2.5; }
.lk-here text { font-weight: bold; }
path, line { fill: none; stroke: #4a5568; stroke-width: 1.6; }
marker path { fill: #4a5568; stroke: none; }
.lk-down path, line.lk-down { stroke-dasharray: 5 3; }
.lk-focus path { stroke: %(accent)s; stroke-width: 3.5; }
text { font-size: 12px; fill: #1a1a1a; }
"""


# The diagram's room on paper: the text width of the narrower paper (A4: 210 mm less two 16 mm
# margins) and .lk-r-diagram's height.
DIAGRAM_MM = (178, 110)


def _diagram(ladder: Ladder, read: Reading, brand: Brand, language: str, m: Messages) -> str:
    position, focus, tid = read["position"], read["focus"], "lk-report-diagram"
    if direction(language) == "rtl":  # words over the drawing, as WeasyPrint's SVG text runs left to right
        width, most = DIAGRAM_MM
        svg = ladder_figure(
            ladder,
            width_mm=width,
            max_height_mm=most,
            position=position,
            focus=focus,
            title_id=tid,
            direction="rtl",
            m=m,
        )
    else:
        svg = ladder_svg(ladder, position=position, focus=focus, title_id=tid, m=m)
    return svg.replace("<defs>", f"<style>{DIAGRAM_CSS % {'accent': brand.accent}}</style><defs>", 1)


def _el(tag: str, text: str, cls: str = "") -> str:
    """One element holding plain text (escaped); catalogue calls stay outside f-strings, where
    the extractor would not see them."""
    attrs = f' class="{cls}"' if cls else ""
    return f"<{tag}{attrs}>{html(text)}</{tag}>"


def _sentence(text: str, **values: str) -> str:
    """A catalogue sentence whose placeholders take HTML (`values`, already escaped): the
    sentence is escaped first, its braces kept for the placeholders."""
    return fill(str(escape(text)), values)


def _th(text: str) -> str:
    return f'<th scope="col">{html(text)}</th>'


def _bars(ladder: Ladder, result: Result, read: Reading, m: Messages, before: tuple[Result, str] | None = None) -> str:
    """Score per bridge; with `before` (an earlier result and its date) the change since then,
    as the audit page shows it for the previous finished attempt."""
    rows = []
    for b in ladder.bridges:
        if not b.questions:
            continue
        s = result["bridges"][b.id]
        risk = " lk-r-risk-bar" if read["bridges"][b.id]["risk"] else ""
        rows.append(
            f'<tr class="lk-r-{"up" if b.upward else "down"}{risk}" data-bridge="{attribute(b.id)}">'
            f'<th scope="row">{html(b.name)}</th>'
            f'<td><div class="lk-r-bar"><span style="width:{s["score"] or 0}%"></span></div></td>'
            f'<td class="lk-r-score">{html(read["bridges"][b.id]["shown"])}</td>'
            f"<td>{html(read['bridges'][b.id]['basis'])}</td>"
            + (
                f'<td class="lk-r-change">{change(s["score"], before[0]["bridges"][b.id]["score"]) or "—"}</td>'
                if before
                else ""
            )
            + "</tr>"
        )
    return (
        '<table class="lk-r-bars"><thead><tr>'
        + _th(m.gettext("Bridge"))
        + _th(m.gettext("Score"))
        + _th(m.gettext("Score — band"))
        + _th(m.gettext("Rests on"))
        + (_th(m.gettext("Since {date}", date=before[1])) if before else "")
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _focus(ladder: Ladder, result: Result, read: Reading, m: Messages) -> str:
    heading = _el("h2", m.gettext("Your focus"))
    if not read["started"]:
        return heading + _el("p", m.gettext("No question is answered yet, so there is no focus to suggest."))
    if not result["focus"]:
        return heading + _el("p", m.gettext("You are at the top of the ladder. Keep every bridge strong."))
    b = ladder.bridge(result["focus"])
    s = result["bridges"][b.id]["score"]
    places = {"bridge": f"<strong>{html(bridge_ref(b.name, m))}</strong>"}
    places.update({"from": html(ladder.rung(b.from_).name), "to": html(ladder.rung(b.to).name)})
    if s is None:
        sentence = m.gettext("Focus next on {bridge} (not scored yet), from {from} to {to}.")
    else:
        sentence = m.gettext("Focus next on {bridge} (scoring {score}; {pass_mark} crosses it), from {from} to {to}.")
        places.update(score=str(s), pass_mark=str(ladder.pass_mark))
    planks = "".join(
        f"<li><strong>{html(p.title)}</strong>{' — ' + html(p.detail) if p.detail else ''}</li>" for p in b.planks
    )
    return (
        _el("h2", m.gettext("Your focus: {bridge}", bridge=b.name))
        + f'<p class="lk-r-focus">{_sentence(sentence, **places)}</p>'
        + block(b.summary)
        + (_el("h3", m.gettext("The planks of this bridge")) + f"<ul>{planks}</ul>" if planks else "")
    )


def _warnings(ladder: Ladder, result: Result, read: Reading, m: Messages) -> str:
    out = []
    if read["risks"]:
        items = "".join(
            '<li class="lk-r-risk">'
            + html(
                m.gettext(
                    "{bridge}: scores {score}, below {pass_mark}",
                    bridge=ladder.bridge(r).name,
                    score=result["bridges"][r]["score"],
                    pass_mark=ladder.pass_mark,
                )
            )
            + "</li>"
            for r in result["risks"]
        )
        out.append(_el("h2", m.gettext("Risks")) + f"<ul>{items}</ul>")
    if read["flags"]:
        said = {f.id: f.message for f in ladder.flags}
        items = "".join(f'<li class="lk-r-flag">{html(said[f])}</li>' for f in read["flags"])
        out.append(_el("h2", m.gettext("Warnings")) + f"<ul>{items}</ul>")
    return "".join(out)


def _next_steps(ladder: Ladder, result: Result, brand: Brand, m: Messages) -> str:
    steps = []
    if result["focus"]:
        b = ladder.bridge(result["focus"])
        steps.append(
            m.gettext("Work on {bridge}: pick one plank above and start this week.", bridge=bridge_ref(b.name, m))
        )
    if result["risks"]:
        steps.append(m.gettext("Shore up the bridges at risk, so the customers you have do not slip back down."))
    if result["answered"] < result["questions"]:
        steps.append(
            m.ngettext(
                "Answer the remaining question for a complete picture.",
                "Answer the remaining {n} questions for a complete picture.",
                result["questions"] - result["answered"],
            )
        )
    steps.append(m.gettext("Take the self-audit again in three months and compare."))
    steps = [html(s) for s in steps]
    cta = ""
    if brand.call_to_action.text:
        link = brand.call_to_action.link
        text = html(brand.call_to_action.text)
        cta = f'<div class="lk-r-cta"><p><a href="{attribute(url(link))}">{text}</a></p>'
        contact = " · ".join(
            f'<span class="lk-r-nowrap" dir="ltr">{html(v)}</span>'  # left to right in any language
            for v in (brand.contact.email, brand.contact.phone, brand.contact.website)
            if v
        )
        cta += (f"<p>{html(brand.name)}: {contact}</p>" if contact else "") + "</div>"
    return _el("h2", m.gettext("Next steps")) + "<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>" + cta


def _since(result: Result, before: tuple[Result, str], m: Messages) -> str:
    """The overall score's change since an earlier audit (`--compare`)."""
    then, change_text = before[0]["overall"], change(result["overall"], before[0]["overall"])
    if then is None:
        said = m.gettext(
            "Compared with the audit of {date}: overall not scored then, no change to show since.", date=before[1]
        )
    elif not change_text:
        said = m.gettext(
            "Compared with the audit of {date}: overall {then} then, no change to show since.",
            date=before[1],
            then=then,
        )
    else:
        said = m.gettext(
            "Compared with the audit of {date}: overall {then} then, {change} since.",
            date=before[1],
            then=then,
            change=change_text,
        )
    return f'<p class="lk-r-since">{html(said)}</p>'


def _customers(ladder: Ladder, counts: dict[str, int], m: Messages) -> str:
    total = sum(counts.values())
    rows = "".join(
        f'<tr data-rung="{attribute(r.id)}"><th scope="row">{html(r.name)}</th><td>{counts.get(r.id, 0)}</td>'
        f'<td><div class="lk-r-bar"><span style="width:{(100 * counts.get(r.id, 0) // total) if total else 0}%"></span></div></td></tr>'
        for r in reversed(ladder.rungs)
    )
    placed = m.ngettext(
        "{n} customer placed with “{grid}”.",
        "{n} customers placed with “{grid}”.",
        total,
        grid=ladder.classifier.title if ladder.classifier else "",
    )
    return (
        _el("h2", m.gettext("Your customers on the ladder"))
        + _el("p", placed)
        + '<table class="lk-r-customers"><thead><tr>'
        + _th(m.gettext("Rung"))
        + _th(m.gettext("Customers"))
        + _th(m.gettext("Share"))
        + f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def report_html(
    ladder: Ladder,
    result: Result,
    brand: Brand,
    *,
    client: str = "",
    customers: dict[str, int] | None = None,
    logo_uri: str = "",
    font_css: str = "",
    date: str = "",
    before: tuple[Result, str] | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """The whole report document, written in `language`. `customers` maps rung ids to counts
    (None: no customers); `before` is an earlier result and its date (`--compare`)."""
    m = messages(language)
    read = read_result(to_dict(ladder), result, m)
    who = html(m.gettext("Prepared for {client}", client=client) if client else m.gettext("Your personal report"))
    css = page_boxes(
        REPORT_CSS
        % {
            "paper": brand.paper,
            "footer": css_string(" ".join(brand.footer.split())),
            "pages": page_numbers_css(m),
        },
        direction(language),
    )
    alt = m.gettext("{brand} logo", brand=brand.name)  # as on every cover
    logo = f'<img src="{attribute(logo_uri)}" alt="{attribute(alt)}">' if logo_uri else ""
    title = (
        m.gettext("{ladder}: report for {client}", ladder=ladder.title, client=client)
        if client
        else m.gettext("{ladder}: report", ladder=ladder.title)
    )
    overall = _sentence(
        m.gettext("Overall score: {score} ({basis})"),
        score=f"<strong>{html(read['overall']['shown'])}</strong>",
        basis=html(read["overall"]["basis"]),
    )
    parts = [
        f'<!DOCTYPE html><html lang="{attribute(language)}" dir="{direction(language)}"><head><meta charset="utf-8">',
        f"<title>{html(title)}</title>",
        f'<meta name="author" content="{attribute(brand.name)}">',
        f"<style>{brand_css_variables(brand)}{font_css}{css}</style></head><body>",
        f'<div class="lk-r-head"><span class="lk-r-brand">{html(brand.name)}</span>{logo}</div>',
        f'<h1>{html(ladder.title)}</h1><p class="lk-r-who">{who}{" · " + html(date) if date else ""}</p>',
        f'<p class="lk-r-overall">{overall}</p>',
        (
            f'<p class="lk-r-position">{html(read["reason"])}</p>'
            if read["started"]
            else _el("p", m.gettext("No question is answered yet, so there is no position."), "lk-r-position")
        ),
        (
            _el("p", m.gettext("About this ladder: {source}", source=plain_text(ladder.source)), "lk-r-source")
            if ladder.source
            else ""
        ),
        f'<div class="lk-r-diagram">{_diagram(ladder, read, brand, language, m)}</div>',
        _since(result, before, m) if before else "",
        _el("h2", m.gettext("Bridge by bridge")),
        _bars(ladder, result, read, m, before),
        _focus(ladder, result, read, m),
        _warnings(ladder, result, read, m),
    ]
    if customers is not None:
        parts.append(_customers(ladder, customers, m))
    parts.append(_next_steps(ladder, result, brand, m))
    parts.append("</body></html>")
    return breakable("".join(parts))  # long words break in the PDF (see text.breakable)


# --- files: brand settings and rendering (the only I/O in this module) ------------------


def site_settings(config_file) -> tuple[dict, dict]:
    """(mkdocs.yml as a mapping, its plugins.ladderkit options), read without MkDocs."""
    from pathlib import Path

    from generator.errors import UserError

    path = Path(config_file)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: cannot read the brand settings: {exc}") from None
    options = {}
    for plugin in (config.get("plugins") or []) if isinstance(config, dict) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("ladderkit"), dict):
            options = plugin["ladderkit"]
    return config if isinstance(config, dict) else {}, options


def site_brand(config_file):
    """(Brand, folder of mkdocs.yml, language) from mkdocs.yml: its plugins.ladderkit.brand,
    and its language as the build reads it (language.interface_language: the plugin's
    `language`, else theme.language); defaults if there is no mkdocs.yml."""
    from pathlib import Path

    from generator.brand import load_brand

    path = Path(config_file)
    if not path.is_file():
        return Brand(), path.parent, DEFAULT_LANGUAGE
    config, options = site_settings(path)
    brand = load_brand(options.get("brand") or {}, path.parent.resolve())
    return brand, path.parent.resolve(), interface_language(options.get("language"), config.get("theme"))


def _ignore_tag(loader, suffix, node):
    return None  # mkdocs.yml may use !!python/name or !ENV tags; the brand settings never do


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", _ignore_tag)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def to_pdf(html: str, base_url: str | None = None) -> bytes:
    """HTML -> PDF bytes, through the one renderer every PDF uses (local files only, strict)."""
    from generator.print.render import write_pdf

    return write_pdf(html, base_url=base_url, name="report")


# Folders of a coach's site that are published or committed: a client's report must not land
# there by default (`git add .` or the next deploy would publish it).
PUBLISHED_FOLDERS = ("site", "content", "ladders")


def report_target(answers_path, output, site_root) -> Path:
    """Where the report goes: `output`, else beside the answers file as `<stem>-report.pdf` —
    refused inside the site's published folders unless `output` says so."""
    from pathlib import Path

    from generator.errors import UserError
    from generator.inputs.share_link import is_link

    if output:
        return Path(output)
    if is_link(str(answers_path)):
        raise UserError("share link: a link has no folder to put the report beside; say where it goes with -o FILE.pdf")
    answers = Path(answers_path)
    if not answers.is_file():
        raise UserError(
            f"{answers}: not a regular file, so there is no folder to put the report beside; "
            f"say where it goes with -o FILE.pdf"
        )
    target = answers.with_name(answers.stem + "-report.pdf")
    where = target.resolve().parent
    for name in PUBLISHED_FOLDERS:
        folder = (Path(site_root) / name).resolve()
        if where == folder or folder in where.parents:
            raise UserError(
                f"{answers}: the report would be written into {name}/, which your site publishes "
                f"or commits; a client's report is confidential: choose where it goes with "
                f"-o FILE.pdf (outside {name}/)"
            )
    return target


def report_epoch(answers_path) -> int:
    """The report's date: SOURCE_DATE_EPOCH if set, else when the answers file last changed
    (never the clock, so the same answers give the same PDF)."""
    import os
    from pathlib import Path

    from generator.print.render import source_date_epoch

    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return source_date_epoch()
    try:
        return int(Path(answers_path).stat().st_mtime)
    except OSError:
        return source_date_epoch()


def write_report(ladder_ref: str, answers_path, output=None, config_file="mkdocs.yml", compare=None):
    """`ladderkit report`: read the inputs, score, render, write the PDF; returns its path."""
    import datetime

    from generator.brand import font_face_css, resolve_file
    from generator.errors import UserError
    from generator.inputs.answers import check_customers, read_answers
    from generator.ladder.loader import load_ladder, resolve
    from generator.ladder.model import to_dict
    from generator.scoring.scoring import classify, score

    model = load_ladder(resolve(ladder_ref))
    ladder = to_dict(model)
    doc = read_answers(answers_path, ladder)
    result = score(ladder, doc["answers"])
    counts = None
    if "customers" in doc and model.classifier:
        placed = [classify(ladder, c) for c in check_customers(doc["customers"], ladder, str(answers_path))]
        counts = {r.id: placed.count(r.id) for r in model.rungs}
    brand, root, language = site_brand(config_file)
    logo = resolve_file(root, brand.logo) if brand.logo else None
    fonts = font_face_css(brand, (resolve_file(root, brand.fonts[0][1]).parent.as_uri())) if brand.fonts else ""
    target = report_target(answers_path, output, root)
    m = messages(language)
    date = m.date(datetime.datetime.fromtimestamp(report_epoch(answers_path), datetime.UTC).date())
    name = doc.get("name")
    client = name if isinstance(name, str) else ""
    before = None
    if compare is not None:  # an earlier answers file of the same ladder, read and checked the same way
        old = read_answers(compare, ladder)
        when = datetime.datetime.fromtimestamp(report_epoch(compare), datetime.UTC).date()
        before = (score(ladder, old["answers"]), m.date(when))
    html = report_html(
        model,
        result,
        brand,
        client=client.strip(),
        customers=counts,
        logo_uri=logo.resolve().as_uri() if logo else "",
        font_css=fonts,
        date=date,
        before=before,
        language=language,
    )
    data = to_pdf(html, base_url=str(root))
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise UserError(
            f"{target}: cannot write the report ({exc.strerror or exc}); choose another place with -o"
        ) from None
    return target
