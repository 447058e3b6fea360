"""The ladder diagram: an accessible SVG drawn from the model, for the site, PDFs and reports.

Rungs stack from the lowest (bottom) to the highest (top). Upward bridges are solid arrows
on the left; downward bridges (ways customers are lost) are dashed arrows on the right, so
the two read differently without colour. Rungs carry data-rung and bridges data-bridge so
the audit page can highlight the position and focus live. Pure: returns a string.
"""

from __future__ import annotations

from html import escape

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


def _text(x: float, y: float, text: str, limit: int, anchor: str = "middle") -> str:
    """A <text> of one or two lines centred on `y`."""
    lines = _lines(text, limit)
    top = y - (len(lines) - 1) * 7  # 14px between lines, the block centred where one line would be
    spans = "".join(f'<tspan x="{x}" y="{top + i * 14}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text x="{x}" y="{top}" text-anchor="{anchor}">{spans}</text>'


def _y(index: int, count: int) -> float:
    """Top edge of rung `index` (0 = lowest) when `count` rungs are stacked bottom-up."""
    return TOP + (count - 1 - index) * (RUNG_H + GAP)


def ladder_svg(
    ladder: Ladder,
    *,
    position: str | None = None,
    focus: str | None = None,
    links: dict[str, str] | None = None,
    title_id: str | None = None,
) -> str:
    """SVG markup of the ladder; `links` maps bridge ids to URLs (relative or absolute)."""
    links = links or {}
    n = len(ladder.rungs)
    order = {r.id: i for i, r in enumerate(ladder.rungs)}
    height = TOP + n * RUNG_H + (n - 1) * GAP + 52
    tid = title_id or f"lk-diagram-{ladder.id}"
    ups = [b for b in ladder.bridges if b.upward]
    downs = [b for b in ladder.bridges if not b.upward]
    desc = (
        f"{n} rungs from {ladder.rungs[0].name} (lowest) to {ladder.rungs[-1].name} (highest). "
        f"Upward bridges: {', '.join(b.name for b in ups) or 'none'}. "
        f"Downward bridges: {', '.join(b.name for b in downs) or 'none'}."
    )
    out = [
        f'<svg class="lk-diagram" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{tid}-title {tid}-desc" data-ladder="{escape(ladder.id)}">',
        f'<title id="{tid}-title">{escape(ladder.title)}: ladder diagram</title>',
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
            f'<rect x="{x0}" y="{y}" width="{x1 - x0}" height="{RUNG_H}" rx="8"/>'
            f"{_text((x0 + x1) / 2, y + RUNG_H / 2 + 5, rung.name, MAX_CHARS)}"
            "</g>"
        )
    for lane, bridge in enumerate(ups):
        out.append(
            _arrow(bridge, order, n, x=x0 - 14 - (lane % 3) * 10, side="up", focus=focus, href=links.get(bridge.id))
        )
    for lane, bridge in enumerate(downs):
        out.append(
            _arrow(bridge, order, n, x=x1 + 14 + (lane % 3) * 10, side="down", focus=focus, href=links.get(bridge.id))
        )
    ly = height - 22
    out.append(
        f'<g class="lk-legend" transform="translate({x0},{ly})">'
        '<line class="lk-up" x1="0" y1="0" x2="28" y2="0"/><text x="34" y="4">upward bridge</text>'
        '<line class="lk-down" x1="150" y1="0" x2="178" y2="0"/><text x="184" y="4">downward bridge (customers lost)</text>'
        "</g>"
    )
    out.append("</svg>")
    return "".join(out)


def _arrow(bridge, order: dict, n: int, *, x: float, side: str, focus: str | None, href: str | None) -> str:
    y_from = _y(order[bridge.from_], n) + RUNG_H / 2
    y_to = _y(order[bridge.to], n) + RUNG_H / 2
    edge = LEFT_LANE if side == "up" else WIDTH - RIGHT_LANE
    path = f"M{edge},{y_from} L{x},{y_from} L{x},{y_to} L{edge},{y_to}"
    label_x = x - 8 if side == "up" else x + 8
    anchor = "end" if side == "up" else "start"
    mid = (y_from + y_to) / 2 + 4
    focus_cls = " lk-focus" if bridge.id == focus else ""
    body = (
        f'<g class="lk-bridge lk-{side}{focus_cls}" data-bridge="{escape(bridge.id)}">'
        f"<title>{escape(bridge.name)} ({'up' if side == 'up' else 'down'})</title>"
        f'<path d="{path}" marker-end="url(#lk-arrow-{side})"/>'
        f"{_text(label_x, mid, bridge.name, LABEL_CHARS, anchor)}</g>"
    )
    # xlink:href, not href: Material's instant navigation rewrites every relative [href]
    # with `el.href = el.href`, which throws on SVG links (their href is read-only).
    return f'<a xlink:href="{escape(href)}">{body}</a>' if href else body
