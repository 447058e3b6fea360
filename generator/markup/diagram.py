"""The ladder diagram: an accessible SVG drawn from the model, for the site, PDFs and reports.

Rungs stack from the lowest (bottom) to the highest (top). Upward bridges are solid arrows
on the reading side (left; right in a right-to-left language, where the whole drawing is
mirrored); downward bridges (ways customers are lost) are dashed arrows on the other side, so
the two read differently without colour. Rungs carry data-rung and bridges data-bridge so
the audit page can highlight the position and focus live. Pure: returns a string.
"""

from __future__ import annotations

from html import escape

from generator.i18n import Messages, messages
from generator.ladder.model import Ladder

WIDTH = 720
RUNG_H = 44
GAP = 22
TOP = 16
LEFT_LANE = 200  # room for upward arrows and their labels
RIGHT_LANE = 200  # room for downward arrows and their labels
MAX_CHARS = 30
LABEL_CHARS = 19  # a bridge label must fit its lane at 12px even in wide letters (full name in <title>)


def _short(text: str, limit: int = MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lines(text: str, limit: int, most: int = 2) -> list[str]:
    """`text` wrapped at spaces into at most `most` lines of `limit` characters; only what
    still does not fit is shortened with "…" (the full name is in the element's <title>)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[: most - 1] + [" ".join(lines[most - 1 :])]
    return [_short(line, limit) for line in lines] or [""]


class _Labels:
    """Where the diagram's words go: SVG <text> (what browsers draw), or, given `mm` (the
    length of one drawing unit on paper), HTML lines laid over the drawing. WeasyPrint places
    each letter of an SVG text on its own, left to right, so Arabic would print unjoined and
    Hebrew backwards; HTML text it lays out whole, in reading order (`ladder_figure`)."""

    def __init__(self, rtl: bool, mm: float | None = None):
        self.rtl = rtl
        self.mm = mm
        self.html: list[str] = []

    def x(self, x: float) -> float:
        """`x` as drawn: mirrored in a right-to-left language, so the ladder reads from the right."""
        return WIDTH - x if self.rtl else x

    def text(self, x: float, y: float, text: str, limit: int, anchor: str = "middle", cls: str = "") -> str:
        """One or two lines centred on `y`; `x` is already mirrored and `anchor` is logical
        (the start or end of the reading direction, as SVG's text-anchor is under `direction`)."""
        lines = _lines(text, limit)
        top = y - (len(lines) - 1) * 7  # 14px between lines, the block centred where one line would be
        if self.mm is not None:
            self.html += [self._html_line(x, top + i * 14, line, anchor, cls) for i, line in enumerate(lines)]
            return ""
        spans = "".join(f'<tspan x="{x}" y="{top + i * 14}">{escape(line)}</tspan>' for i, line in enumerate(lines))
        return f'<text x="{x}" y="{top}" text-anchor="{anchor}">{spans}</text>'

    def _html_line(self, x: float, baseline: float, line: str, anchor: str, cls: str) -> str:
        """A label line as an absolutely placed box whose start, middle or end is at `x`, its
        12-unit text on `baseline` (the box's top is about one ascent above it)."""
        u = self.mm or 0.0
        if anchor == "middle":  # a box the drawing's width, centred on x
            box = f"left:{(x - WIDTH / 2) * u:.2f}mm;width:{WIDTH * u:.2f}mm;text-align:center"
        elif (anchor == "start") != self.rtl:  # the line's left edge is at x
            box = f"left:{x * u:.2f}mm;text-align:left"
        else:
            box = f"right:{(WIDTH - x) * u:.2f}mm;text-align:right"
        top = (baseline - 11.5) * u
        return f'<span class="lk-dl{cls}" style="{box};top:{top:.2f}mm;font-size:{12 * u:.2f}mm">{escape(line)}</span>'


def _y(index: int, count: int) -> float:
    """Top edge of rung `index` (0 = lowest) when `count` rungs are stacked bottom-up."""
    return TOP + (count - 1 - index) * (RUNG_H + GAP)


def _height(n: int) -> int:
    return TOP + n * RUNG_H + (n - 1) * GAP + 52


def ladder_svg(
    ladder: Ladder,
    *,
    position: str | None = None,
    focus: str | None = None,
    links: dict[str, str] | None = None,
    title_id: str | None = None,
    direction: str = "ltr",
    m: Messages | None = None,
) -> str:
    """SVG markup of the ladder; `links` maps bridge ids to URLs (relative or absolute);
    `direction` is the page's ("rtl" mirrors the drawing and sets the SVG's direction); its
    title, description and legend in `m`'s language (English by default)."""
    return _draw(ladder, _Labels(direction == "rtl"), position, focus, links or {}, title_id, m or messages())


def ladder_figure(
    ladder: Ladder,
    *,
    width_mm: float,
    max_height_mm: float,
    position: str | None = None,
    focus: str | None = None,
    title_id: str | None = None,
    direction: str = "ltr",
    m: Messages | None = None,
) -> str:
    """The diagram for WeasyPrint at a size fixed on paper (as wide as `width_mm` allows
    without passing `max_height_mm`): the SVG draws the shapes, its words are HTML laid over
    them (see _Labels) and hidden from assistive technology, as the SVG's title and
    description already say what the drawing shows."""
    height = _height(len(ladder.rungs))
    mm = min(width_mm / WIDTH, max_height_mm / height)
    labels = _Labels(direction == "rtl", mm)
    svg = _draw(ladder, labels, position, focus, {}, title_id, m or messages())
    return (
        f'<div class="lk-diagram-box" style="position:relative;width:{WIDTH * mm:.2f}mm;height:{height * mm:.2f}mm">'
        f'{svg}<div class="lk-diagram-labels" aria-hidden="true">{"".join(labels.html)}</div></div>'
    )


def _draw(
    ladder: Ladder,
    labels: _Labels,
    position: str | None,
    focus: str | None,
    links: dict[str, str],
    title_id: str | None,
    m: Messages,
) -> str:
    n = len(ladder.rungs)
    order = {r.id: i for i, r in enumerate(ladder.rungs)}
    height = _height(n)
    tid = title_id or f"lk-diagram-{ladder.id}"
    ups = [b for b in ladder.bridges if b.upward]
    downs = [b for b in ladder.bridges if not b.upward]
    title = m.gettext("{ladder}: ladder diagram", ladder=ladder.title)
    legend_up, legend_down = m.gettext("upward bridge"), m.gettext("downward bridge (customers lost)")
    none = m.gettext("none")
    desc = " ".join(
        [
            m.ngettext(
                "{n} rung: {lowest}.",
                "{n} rungs from {lowest} (lowest) to {highest} (highest).",
                n,
                lowest=ladder.rungs[0].name,
                highest=ladder.rungs[-1].name,
            ),
            m.gettext("Upward bridges: {names}.", names=", ".join(b.name for b in ups) or none),
            m.gettext("Downward bridges: {names}.", names=", ".join(b.name for b in downs) or none),
        ]
    )
    rtl = ' direction="rtl"' if labels.rtl else ""
    out = [
        f'<svg class="lk-diagram" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{tid}-title {tid}-desc" data-ladder="{escape(ladder.id)}"{rtl}>',
        f'<title id="{tid}-title">{escape(title)}</title>',
        f'<desc id="{tid}-desc">{escape(desc)}</desc>',
        "<defs>"
        '<marker id="lk-arrow-up" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>'
        '<marker id="lk-arrow-down" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>'
        "</defs>",
    ]
    x0, x1 = LEFT_LANE, WIDTH - RIGHT_LANE
    for i, rung in enumerate(ladder.rungs):
        y = _y(i, n)
        here = " lk-here" if rung.id == position else ""
        out.append(
            f'<g class="lk-rung{here}" data-rung="{escape(rung.id)}">'
            f"<title>{escape(rung.name)}</title>"
            f'<rect x="{x0}" y="{y}" width="{x1 - x0}" height="{RUNG_H}" rx="8"/>'  # symmetric: the same mirrored
            f"{labels.text(WIDTH / 2, y + RUNG_H / 2 + 5, rung.name, MAX_CHARS, cls=' lk-dl-rung' + here)}"
            "</g>"
        )
    for lane, bridge in enumerate(ups):
        out.append(
            _arrow(
                bridge,
                order,
                n,
                labels,
                x=x0 - 14 - (lane % 3) * 10,
                side="up",
                focus=focus,
                href=links.get(bridge.id),
                m=m,
            )
        )
    for lane, bridge in enumerate(downs):
        out.append(
            _arrow(
                bridge,
                order,
                n,
                labels,
                x=x1 + 14 + (lane % 3) * 10,
                side="down",
                focus=focus,
                href=links.get(bridge.id),
                m=m,
            )
        )
    ly = height - 22
    x = labels.x
    out.append(
        '<g class="lk-legend">'
        f'<line class="lk-up" x1="{x(x0)}" y1="{ly}" x2="{x(x0 + 28)}" y2="{ly}"/>'
        f"{labels.text(x(x0 + 34), ly + 4, legend_up, 80, 'start')}"
        f'<line class="lk-down" x1="{x(x0 + 150)}" y1="{ly}" x2="{x(x0 + 178)}" y2="{ly}"/>'
        f"{labels.text(x(x0 + 184), ly + 4, legend_down, 80, 'start')}"
        "</g>"
    )
    out.append("</svg>")
    return "".join(out)


def _arrow(
    bridge,
    order: dict,
    n: int,
    labels: _Labels,
    *,
    x: float,
    side: str,
    focus: str | None,
    href: str | None,
    m: Messages,
) -> str:
    """A bridge's arrow in its lane at `x` (left-to-right units, mirrored here when right to left)."""
    y_from = _y(order[bridge.from_], n) + RUNG_H / 2
    y_to = _y(order[bridge.to], n) + RUNG_H / 2
    edge = labels.x(LEFT_LANE if side == "up" else WIDTH - RIGHT_LANE)
    lane = labels.x(x)
    path = f"M{edge},{y_from} L{lane},{y_from} L{lane},{y_to} L{edge},{y_to}"
    label_x = labels.x(x - 8 if side == "up" else x + 8)
    anchor = "end" if side == "up" else "start"  # logical: away from the rungs in either direction
    mid = (y_from + y_to) / 2 + 4
    focus_cls = " lk-focus" if bridge.id == focus else ""
    up = side == "up"
    title = m.gettext("{bridge} (up)", bridge=bridge.name) if up else m.gettext("{bridge} (down)", bridge=bridge.name)
    body = (
        f'<g class="lk-bridge lk-{side}{focus_cls}" data-bridge="{escape(bridge.id)}">'
        f"<title>{escape(title)}</title>"
        f'<path d="{path}" marker-end="url(#lk-arrow-{side})"/>'
        f"{labels.text(label_x, mid, bridge.name, LABEL_CHARS, anchor, ' lk-dl-bridge')}</g>"
    )
    # xlink:href, not href: Material's instant navigation rewrites every relative [href]
    # with `el.href = el.href`, which throws on SVG links (their href is read-only).
    return f'<a xlink:href="{escape(href)}">{body}</a>' if href else body
