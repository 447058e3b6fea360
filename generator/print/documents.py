"""Model + brand -> print HTML for every PDF kind: playbooks, worksheets, the internal-customer
guide and workshop packs.

Pure functions: they take the model, the brand and already-read inputs (guide pages, packs)
and return HTML strings; nothing here touches files or WeasyPrint. Every document is built
from the same Jinja2 macros, so a workshop pack is ONE HTML document whose page counters and
table of contents run across all its handouts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.brand import FONT_FORMATS, Brand, brand_css_variables
from generator.i18n import Messages, fill, messages
from generator.ladder.model import Bridge, Ladder
from generator.markup import urls
from generator.markup.fields import (
    CUSTOMER_ROWS,
    LADDER_KEYWORD,
    META_FORMAT,
    META_LADDER,
    NAME_FIELD,
    WORKSHEET_FORMAT,
    checkbox_name,
    customer_name,
    none_name,
    worksheet_field,
)
from generator.markup.text import block, breakable, css_string, inline, shorten
from generator.print import language as language_mod
from generator.scoring import key
from generator.scoring.key import band_rows, climb_order, label_map, possible
from generator.scoring.wording import bridge_ref


@dataclass(frozen=True)
class GuidePage:
    """A content page gathered into the Internal Customer Guide (already read)."""

    title: str
    markdown: str


@dataclass(frozen=True)
class Handout:
    kind: str  # "worksheet" | "playbook" | "guide"
    ladder: str = ""
    bridge: str = ""


@dataclass(frozen=True)
class AgendaItem:
    start: str  # "09:30"
    minutes: int
    activity: str
    detail: str = ""


@dataclass(frozen=True)
class Pack:
    slug: str
    title: str
    audience: str
    paper: str
    agenda: tuple[AgendaItem, ...]
    notes: str  # facilitator notes, Markdown
    handouts: tuple[Handout, ...]
    summary: str = ""
    source: str = ""  # page path, for messages and dates


@dataclass(frozen=True)
class PrintJob:
    """One PDF to render: where it goes, its HTML, and what may change its bytes."""

    target: str  # site path from urls.py
    kind: str
    title: str
    html: str
    forms: bool = False
    files: tuple[str, ...] = ()  # local files the HTML loads (logo, fonts): part of the cache key


@dataclass(frozen=True)
class Assets:
    """Local resources for print, as file:// URLs (resolved by the caller)."""

    logo_url: str = ""
    fonts: tuple[tuple[str, str], ...] = ()  # (family, file URL)
    files: tuple[str, ...] = field(default=())


# --- text helpers ----------------------------------------------------------------


def md(text: str, shift: int = 0) -> Markup:
    """Ladder Markdown -> HTML, with raw HTML in the source shown as text, never run.

    `shift` demotes headings (## -> h3 for shift=1) so a page's own sections sit under
    the heading the document gives that page."""
    # The site's allow-list (no raw HTML, no attribute lists, no script links or remote images)
    # applies on paper too: a PDF reader follows a javascript: link as readily as a browser.
    html = block(text, local_files=True)
    if shift:
        html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
    return Markup(html)


def md_inline(text: str) -> Markup:
    return Markup(inline(text, local_files=True))


def anchor(*parts: str) -> str:
    """An HTML id from ids; "--" cannot occur inside a slug, so two ids never collide."""
    return "--".join(p for p in parts if p)


# --- the template environment --------------------------------------------------------


def _load_template(name: str):
    source = (resources.files("generator.print") / "templates" / "print" / name).read_text("utf-8")
    return source, None, lambda: True


@cache  # built on first use, after every helper below is defined
def _environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_load_template),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, md_inline=md_inline, strong=_tag("strong"), em=_tag("em"), code=_tag("code"))
    # Language-independent helpers only: the environment serves every language, so the
    # language's own callables (`_`, `ngettext`, `number`, …) come with each render (_localised).
    env.globals.update(
        # the hand-scoring key (generator/scoring/key.py)
        possible=possible,
        band_rows=band_rows,
        label_map=label_map,
        climb_order=climb_order,
        # the fillable worksheet's field names
        checkbox_name=checkbox_name,
        none_name=none_name,
        customer_name=customer_name,
        NAME_FIELD=NAME_FIELD,
        worksheet_field=worksheet_field,
        WORKSHEET_FORMAT=WORKSHEET_FORMAT,
        # packs and the guide
        guide_ladders=guide_ladders,
        handout_id=handout_id,
        agenda_span=agenda_span,
        end_time=end_time,
        anchor=anchor,
        urls=urls,
        range=range,
        blank=lambda: Markup('<span class="lk-blank"></span>'),  # the "earned" box to write in
        CUSTOMER_ROWS=CUSTOMER_ROWS,
    )
    return env


def _tag(name: str):
    def wrap(text: object) -> Markup:
        return Markup(f"<{name}>{escape(text)}</{name}>")

    return wrap


def _markup_safe(m: Messages):
    """The language's gettext/ngettext for templates: a placeholder may be given HTML
    (`strong(name)`), so then the translation is escaped and the values put in escaped."""

    def values_in(text: str, values: dict) -> str | Markup:
        if any(isinstance(v, Markup) for v in values.values()):
            return Markup(fill(str(escape(text)), {k: escape(v) for k, v in values.items()}))
        return fill(text, values) if values else text

    def gettext(msgid: str, **values: object) -> str | Markup:
        return values_in(m.gettext(msgid), values)

    def ngettext(singular: str, plural: str, n: float, **values: object) -> str | Markup:
        return values_in(m.ngettext(singular, plural, n), {"n": m.number(n), **values})

    return gettext, ngettext


def _localised(m: Messages) -> dict:
    """What a template needs of one language, passed with each render (never a global of the
    shared environment, which another language's document may be using at the same time)."""
    gettext, ngettext = _markup_safe(m)
    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "number": lambda x, digits=6: m.number(x, digits),
        "date": m.date,
        "bridge_ref": lambda name: bridge_ref(name, m),
        "key_rows": lambda q: key.key_rows(q, m),
        "worked_example": lambda ladder: key.worked_example(ladder, m),
        "condition_text": lambda cond, names: key.condition_text(cond, names, m),
        "handout_title": lambda h, ladders: handout_title(h, ladders, m),
    }


def page_numbers_css(m: Messages) -> str:
    """CSS `content` for "page X of Y" in the language: the catalogue's sentence with its
    placeholders turned into the page counters, e.g. "página " counter(page) " de " counter(pages)."""
    text = m.gettext("page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", text)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters[p] if p in counters else css_string(p) for p in parts if p)


def print_css() -> str:
    return (resources.files("generator.print") / "templates" / "print" / "print.css").read_text("utf-8")


def _css(brand: Brand, assets: Assets, paper: str, m: Messages, direction: str = "ltr") -> Markup:
    """Brand colours, the brand's own fonts (local files) and the paper size, then print.css.

    Without brand fonts, DejaVu Sans (installed with Debian's fonts-dejavu-core) is used:
    naming only installed families keeps WeasyPrint from warning or reaching elsewhere."""
    fonts = "".join(
        f"@font-face {{ font-family: {css_string(fam)}; src: url({css_string(url)}){_format(url)}; }}\n"
        for fam, url in assets.fonts
    )
    family = f"{css_string(assets.fonts[0][0])}, " if assets.fonts else ""
    head = (
        brand_css_variables(brand)
        + fonts
        + f':root {{ --lk-font: {family}"DejaVu Sans", sans-serif; }}\n'
        # Cut to fit the page's margin, however long the name or footer.
        + f"@page {{ size: {paper}; @top-right {{ content: {css_string(shorten(brand.name, 60))}; }}"
        + f" @bottom-left {{ content: {css_string(shorten(brand.footer, 160))}; }}"
        + f" @bottom-right {{ content: {page_numbers_css(m)}; }} }}\n"
    )
    return Markup(language_mod.page_boxes(head + print_css(), direction))


def _format(url: str) -> str:
    suffix = "." + url.rsplit(".", 1)[-1].lower() if "." in url else ""
    return f' format("{FONT_FORMATS[suffix]}")' if suffix in FONT_FORMATS else ""


def iso_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The last document composed for each kind and title, with what it was composed from: a
# preview rebuild composes again only the guide, packs and worksheets whose inputs changed
# (a pack's took a tenth of a second each time). The HTML is a function of these inputs.
_LAST_DOCUMENT: dict[tuple[str, object], tuple[dict[str, object], str]] = {}
_KEEP_DOCUMENTS = 256


def _remembered(compose: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(compose)
    def document(body_macro: str, **inputs: object) -> str:
        key = (body_macro, inputs.get("title"))
        last = _LAST_DOCUMENT.get(key)
        if last is not None and last[0] == inputs:
            return last[1]
        html = compose(body_macro, **inputs)
        if len(_LAST_DOCUMENT) >= _KEEP_DOCUMENTS:
            _LAST_DOCUMENT.pop(next(iter(_LAST_DOCUMENT)))  # the oldest
        _LAST_DOCUMENT[key] = (inputs, html)
        return html

    return document


@_remembered
def _document(
    body_macro: str,
    *,
    title: str,
    brand: Brand,
    assets: Assets,
    paper: str,
    epoch: int,
    description: str = "",
    meta: dict | None = None,
    keywords: tuple[str, ...] = (),
    args: dict,
    language: str = language_mod.DEFAULT,
) -> str:
    template = _environment().get_template("document.html")
    direction = language_mod.direction(language)
    m = messages(language)
    return breakable(
        template.render(
            **_localised(m),
            body_macro=body_macro,
            language=language,
            direction=direction,
            arrows=language_mod.arrows(direction),
            title=title,
            brand=brand,
            assets=assets,
            keywords=("ladderkit", body_macro, *keywords),
            css=_css(brand, assets, paper, m, direction),
            created=iso_date(epoch),
            description=description,
            meta=meta or {},
            args=args,
            cover_date=m.date(datetime.fromtimestamp(epoch, UTC).date()),
        )
    )


# --- the four kinds ----------------------------------------------------------------------


def playbook_html(
    ladder: Ladder,
    bridge: Bridge,
    brand: Brand,
    assets: Assets = Assets(),
    *,
    epoch: int = 0,
    language: str = language_mod.DEFAULT,
) -> str:
    m = messages(language)
    return _document(
        "playbook",
        title=m.gettext("{ladder} · {bridge} — playbook", ladder=ladder.title, bridge=bridge.name),
        brand=brand,
        assets=assets,
        paper=brand.paper,
        epoch=epoch,
        language=language,
        description=m.gettext(
            "{ladder}: playbook for {bridge}", ladder=ladder.title, bridge=bridge_ref(bridge.name, m)
        ),
        args={"ladder": ladder, "bridge": bridge},
    )


def worksheet_html(
    ladder: Ladder,
    brand: Brand,
    assets: Assets = Assets(),
    *,
    fillable: bool = False,
    epoch: int = 0,
    language: str = language_mod.DEFAULT,
) -> str:
    meta = {META_LADDER: ladder.id, META_FORMAT: WORKSHEET_FORMAT}
    m = messages(language)
    return _document(
        "worksheet",
        title=worksheet_title(ladder, fillable, m),
        brand=brand,
        assets=assets,
        paper=brand.paper,
        epoch=epoch,
        language=language,
        description=m.gettext("Self-audit worksheet for {ladder}", ladder=ladder.title),
        meta=meta,
        keywords=(WORKSHEET_FORMAT, LADDER_KEYWORD + ladder.id),
        args={"ladder": ladder, "fillable": fillable},
    )


def guide_html(
    ladders: list[Ladder],
    pages: list[GuidePage],
    brand: Brand,
    assets: Assets = Assets(),
    *,
    epoch: int = 0,
    language: str = language_mod.DEFAULT,
) -> str:
    m = messages(language)
    return _document(
        "guide",
        title=m.gettext("The Internal Customer Guide"),
        brand=brand,
        assets=assets,
        paper=brand.paper,
        epoch=epoch,
        language=language,
        description=m.gettext("Serving colleagues as customers: every ladder's internal guidance"),
        args={"ladders": ladders, "pages": pages},
    )


def pack_html(
    pack: Pack,
    ladders: dict[str, Ladder],
    guide_pages: list[GuidePage],
    brand: Brand,
    assets: Assets = Assets(),
    *,
    epoch: int = 0,
    language: str = language_mod.DEFAULT,
) -> str:
    """One HTML document for the whole pack, so page numbers and the contents run across it."""
    return _document(
        "workshop",
        title=pack.title,
        brand=brand,
        assets=assets,
        paper=pack.paper or brand.paper,
        epoch=epoch,
        language=language,
        description=pack.summary or messages(language).gettext("Workshop pack: {pack}", pack=pack.title),
        args={"pack": pack, "ladders": ladders, "guide_pages": guide_pages},
    )


def handout_id(h: Handout) -> str:
    """The anchor a handout starts at inside a pack (the same ids its template uses)."""
    return {"playbook": anchor("pb", h.ladder, h.bridge), "worksheet": anchor("ws", h.ladder)}.get(h.kind, "guide")


def handout_title(h: Handout, ladders: dict[str, Ladder], m: Messages) -> str:
    if h.kind == "playbook":
        ladder = ladders[h.ladder]
        return m.gettext("{bridge} — playbook ({ladder})", bridge=ladder.bridge(h.bridge).name, ladder=ladder.title)
    if h.kind == "worksheet":
        return worksheet_title(ladders[h.ladder], False, m)
    return m.gettext("The Internal Customer Guide")


def worksheet_title(ladder: Ladder, fillable: bool, m: Messages) -> str:
    if fillable:
        return m.gettext("{ladder} — fillable audit worksheet", ladder=ladder.title)
    return m.gettext("{ladder} — audit worksheet", ladder=ladder.title)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def end_time(item: AgendaItem) -> str:
    end = _minutes(item.start) + item.minutes
    return f"{end // 60 % 24:02d}:{end % 60:02d}"


def agenda_span(pack: Pack) -> str:
    if not pack.agenda:
        return ""
    total = _minutes(pack.agenda[-1].start) + pack.agenda[-1].minutes - _minutes(pack.agenda[0].start)
    hours, minutes = divmod(total, 60)
    length = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"{pack.agenda[0].start}–{end_time(pack.agenda[-1])} ({length})"


def guide_ladders(ladders: list[Ladder]) -> list[Ladder]:
    """Ladders with anything for the guide: internal-audience ones, or any bridge's `internal`."""
    return [l for l in ladders if l.audience == "internal" or any(b.internal for b in l.bridges)]


# The jobs of each ladder last composed, by the Ladder object: the loader gives back the very
# same (frozen) Ladder for an unchanged file, so a preview rebuild composes only the HTML of
# ladders that changed. The brand, assets, date and language are compared too.
_COMPOSED: dict[int, tuple[Ladder, tuple, list[PrintJob]]] = {}


def _ladder_jobs(
    ladder: Ladder, brand: Brand, assets: Assets, when: int, language: str = language_mod.DEFAULT
) -> list[PrintJob]:
    """A ladder's playbooks and its two worksheets, written in `language`."""
    inputs = (brand, assets, when, language)
    last = _COMPOSED.get(id(ladder))
    if last is not None and last[0] is ladder and last[1] == inputs:
        return list(last[2])
    m = messages(language)
    out = [
        PrintJob(
            urls.playbook_pdf(ladder.id, bridge.id),
            "playbook",
            f"{ladder.title} · {bridge.name}",
            playbook_html(ladder, bridge, brand, assets, epoch=when, language=language),
            files=assets.files,
        )
        for bridge in ladder.bridges
    ]
    for fillable in (False, True):
        out.append(
            PrintJob(
                urls.worksheet_pdf(ladder.id, fillable),
                "worksheet-fillable" if fillable else "worksheet",
                worksheet_title(ladder, fillable, m),
                worksheet_html(ladder, brand, assets, fillable=fillable, epoch=when, language=language),
                forms=fillable,
                files=assets.files,
            )
        )
    _COMPOSED[id(ladder)] = (ladder, inputs, out)
    return list(out)


def jobs(
    ladders: list[Ladder],
    brand: Brand,
    assets: Assets = Assets(),
    *,
    guide_pages: Sequence[GuidePage] = (),
    packs: Sequence[Pack] = (),
    epochs: dict[str, int] | None = None,
    default_epoch: int = 0,
    language: str = language_mod.DEFAULT,
) -> list[PrintJob]:
    """Every PDF of the site: a playbook per bridge, two worksheets per ladder, the guide, the packs.

    `epochs` maps a ladder id or "pack:<slug>" / "guide" to the date its PDF carries;
    `language` is the one every PDF is written in (language.interface_language).
    """
    epochs = epochs or {}
    out: list[PrintJob] = []
    for ladder in ladders:
        out += _ladder_jobs(ladder, brand, assets, epochs.get(ladder.id, default_epoch), language)
    for gone in set(_COMPOSED) - {id(ladder) for ladder in ladders}:
        del _COMPOSED[gone]
    if guide_ladders(ladders) or guide_pages:
        out.append(
            PrintJob(
                urls.internal_guide_pdf(),
                "guide",
                messages(language).gettext("The Internal Customer Guide"),
                guide_html(
                    list(ladders),
                    list(guide_pages),
                    brand,
                    assets,
                    epoch=epochs.get("guide", default_epoch),
                    language=language,
                ),
                files=assets.files,
            )
        )
    by_id = {l.id: l for l in ladders}
    for pack in packs:
        out.append(
            PrintJob(
                urls.workshop_pdf(pack.slug),
                "workshop",
                pack.title,
                pack_html(
                    pack,
                    by_id,
                    list(guide_pages),
                    brand,
                    assets,
                    epoch=epochs.get(f"pack:{pack.slug}", default_epoch),
                    language=language,
                ),
                files=assets.files,
            )
        )
    return out
