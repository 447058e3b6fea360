"""The personalised report: one client's result as a branded, print-ready HTML document.

`report_html` is pure (model, result, brand -> HTML); `ladderkit report` renders it with
WeasyPrint through `to_pdf`. Every number printed comes from the result of
generator.scoring.scoring.score, so the PDF always agrees with `ladderkit score`. The audit page's
"Print or save as PDF" (assets/report.js) lays out the same sections in the same order.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.brand import Brand, brand_css_variables
from generator.ladder.model import Ladder, to_dict
from generator.markup.diagram import ladder_figure, ladder_svg
from generator.markup.text import attribute, block, breakable, css_string, html, url
from generator.print.language import DEFAULT as DEFAULT_LANGUAGE
from generator.print.language import direction, page_boxes, site_language
from generator.scoring.reading import Reading, change, read_result
from generator.scoring.types import Result
from generator.scoring.wording import bridge_ref, plain_text

REPORT_CSS = """
@page { size: %(paper)s; margin: 18mm 16mm 20mm;
  @bottom-left { content: %(footer)s; font-size: 7.5pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
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


def _diagram(ladder: Ladder, read: Reading, brand: Brand, language: str) -> str:
    position, focus, tid = read["position"], read["focus"], "lk-report-diagram"
    if direction(language) == "rtl":  # words over the drawing, as WeasyPrint's SVG text runs left to right
        width, most = DIAGRAM_MM
        svg = ladder_figure(
            ladder, width_mm=width, max_height_mm=most, position=position, focus=focus, title_id=tid, direction="rtl"
        )
    else:
        svg = ladder_svg(ladder, position=position, focus=focus, title_id=tid)
    return svg.replace("<defs>", f"<style>{DIAGRAM_CSS % {'accent': brand.accent}}</style><defs>", 1)


def _bars(ladder: Ladder, result: Result, read: Reading, before: tuple[Result, str] | None = None) -> str:
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
        '<table class="lk-r-bars"><thead><tr><th scope="col">Bridge</th><th scope="col">Score</th>'
        '<th scope="col">Score — band</th><th scope="col">Rests on</th>'
        + (f'<th scope="col">Since {html(before[1])}</th>' if before else "")
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _focus(ladder: Ladder, result: Result, read: Reading) -> str:
    if not read["started"]:
        return "<h2>Your focus</h2><p>No question is answered yet, so there is no focus to suggest.</p>"
    if not result["focus"]:
        return "<h2>Your focus</h2><p>You are at the top of the ladder. Keep every bridge strong.</p>"
    b = ladder.bridge(result["focus"])
    s = result["bridges"][b.id]["score"]
    scored = "not scored yet" if s is None else f"scoring {s}; {ladder.pass_mark} crosses it"
    planks = "".join(
        f"<li><strong>{html(p.title)}</strong>{' — ' + html(p.detail) if p.detail else ''}</li>" for p in b.planks
    )
    return (
        f'<h2>Your focus: {html(b.name)}</h2><p class="lk-r-focus">Focus next on <strong>{html(bridge_ref(b.name))}</strong> '
        f"({scored}), from {html(ladder.rung(b.from_).name)} to {html(ladder.rung(b.to).name)}.</p>"
        + block(b.summary)
        + (f"<h3>The planks of this bridge</h3><ul>{planks}</ul>" if planks else "")
    )


def _warnings(ladder: Ladder, result: Result, read: Reading) -> str:
    out = []
    if read["risks"]:
        items = "".join(
            f'<li class="lk-r-risk">{html(ladder.bridge(r).name)}: scores {result["bridges"][r]["score"]}, '
            f"below {ladder.pass_mark}</li>"
            for r in result["risks"]
        )
        out.append(f"<h2>Risks</h2><ul>{items}</ul>")
    if read["flags"]:
        messages = {f.id: f.message for f in ladder.flags}
        items = "".join(f'<li class="lk-r-flag">{html(messages[f])}</li>' for f in read["flags"])
        out.append(f"<h2>Warnings</h2><ul>{items}</ul>")
    return "".join(out)


def _next_steps(ladder: Ladder, result: Result, brand: Brand) -> str:
    steps = []
    if result["focus"]:
        b = ladder.bridge(result["focus"])
        steps.append(f"Work on {html(bridge_ref(b.name))}: pick one plank above and start this week.")
    if result["risks"]:
        steps.append("Shore up the bridges at risk, so the customers you have do not slip back down.")
    if result["answered"] < result["questions"]:
        steps.append(
            f"Answer the remaining {result['questions'] - result['answered']} questions for a complete picture."
        )
    steps.append("Take the self-audit again in three months and compare.")
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
    return "<h2>Next steps</h2><ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>" + cta


def _customers(ladder: Ladder, counts: dict[str, int]) -> str:
    total = sum(counts.values())
    rows = "".join(
        f'<tr data-rung="{attribute(r.id)}"><th scope="row">{html(r.name)}</th><td>{counts.get(r.id, 0)}</td>'
        f'<td><div class="lk-r-bar"><span style="width:{(100 * counts.get(r.id, 0) // total) if total else 0}%"></span></div></td></tr>'
        for r in reversed(ladder.rungs)
    )
    return (
        f"<h2>Your customers on the ladder</h2><p>{total} customer{'s' if total != 1 else ''} placed with "
        f"“{html(ladder.classifier.title if ladder.classifier else '')}”.</p>"
        '<table class="lk-r-customers"><thead><tr><th scope="col">Rung</th><th scope="col">Customers</th>'
        f'<th scope="col">Share</th></tr></thead><tbody>{rows}</tbody></table>'
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
    read = read_result(to_dict(ladder), result)
    who = f"Prepared for {html(client)}" if client else "Your personal report"
    overall = html(read["overall"]["shown"])
    css = page_boxes(
        REPORT_CSS % {"paper": brand.paper, "footer": css_string(" ".join(brand.footer.split()))}, direction(language)
    )
    logo = (
        f'<img src="{attribute(logo_uri)}" alt="{attribute(brand.name)} logo">' if logo_uri else ""
    )  # as on every cover
    parts = [
        f'<!DOCTYPE html><html lang="{attribute(language)}" dir="{direction(language)}"><head><meta charset="utf-8">',
        f"<title>{html(ladder.title)}: report{' for ' + html(client) if client else ''}</title>",
        f'<meta name="author" content="{attribute(brand.name)}">',
        f"<style>{brand_css_variables(brand)}{font_css}{css}</style></head><body>",
        f'<div class="lk-r-head"><span class="lk-r-brand">{html(brand.name)}</span>{logo}</div>',
        f'<h1>{html(ladder.title)}</h1><p class="lk-r-who">{who}{" · " + html(date) if date else ""}</p>',
        f'<p class="lk-r-overall">Overall score: <strong>{overall}</strong> ({html(read["overall"]["basis"])})</p>',
        (
            f'<p class="lk-r-position">{html(read["reason"])}</p>'
            if read["started"]
            else '<p class="lk-r-position">No question is answered yet, so there is no position.</p>'
        ),
        f'<p class="lk-r-source">About this ladder: {html(plain_text(ladder.source))}</p>' if ladder.source else "",
        f'<div class="lk-r-diagram">{_diagram(ladder, read, brand, language)}</div>',
        (
            f'<p class="lk-r-since">Compared with the audit of {html(before[1])}: overall '
            f"{before[0]['overall'] if before[0]['overall'] is not None else 'not scored'} then, "
            f"{change(result['overall'], before[0]['overall']) or 'no change to show'} since.</p>"
            if before
            else ""
        ),
        "<h2>Bridge by bridge</h2>",
        _bars(ladder, result, read, before),
        _focus(ladder, result, read),
        _warnings(ladder, result, read),
    ]
    if customers is not None:
        parts.append(_customers(ladder, customers))
    parts.append(_next_steps(ladder, result, brand))
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
    """(Brand, folder of mkdocs.yml, language) from mkdocs.yml: its plugins.ladderkit.brand
    and theme.language (language.site_language); defaults if there is no mkdocs.yml."""
    from pathlib import Path

    from generator.brand import load_brand

    path = Path(config_file)
    if not path.is_file():
        return Brand(), path.parent, DEFAULT_LANGUAGE
    config, options = site_settings(path)
    brand = load_brand(options.get("brand") or {}, path.parent.resolve())
    return brand, path.parent.resolve(), site_language(config.get("theme"))


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
    import time

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
    date = time.strftime("%-d %B %Y", time.gmtime(report_epoch(answers_path)))
    name = doc.get("name")
    client = name if isinstance(name, str) else ""
    before = None
    if compare is not None:  # an earlier answers file of the same ladder, read and checked the same way
        old = read_answers(compare, ladder)
        before = (score(ladder, old["answers"]), time.strftime("%-d %B %Y", time.gmtime(report_epoch(compare))))
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
