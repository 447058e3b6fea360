"""Print HTML -> PDF bytes with WeasyPrint: local files only, strict about warnings, reproducible.

`write_pdf` is the one entry point for a single document (the build's parallel, cached
rendering lives in cache.py and calls `render` below in worker processes).

- Fetching: WeasyPrint may read `file:` and `data:` URLs and nothing else, so a ladder or a
  brand setting can never make a build touch the network.
- Strict: WeasyPrint reports a missing image, an unreadable font or bad CSS only as a log
  record and carries on; with `strict=True` any such record fails the document instead,
  except the few in ENVIRONMENT_NOTICES: those are about the machine and leave the document
  correct, so they are kept as notices (printed once per build) and never fail it.
- Reproducible: WeasyPrint writes no file identifier unless asked, and takes its dates from
  the HTML's `dcterms.created`/`dcterms.modified`; where the HTML gives none we write the
  date of `SOURCE_DATE_EPOCH` (or a fixed date), never the clock.
- Accessible: every PDF is tagged PDF/UA-1 (PDF_VARIANT): WeasyPrint writes the structure
  tree from the HTML (headings, lists, tables, figures, form fields), /MarkInfo, /Lang from
  `<html lang>`, the title from `<title>` shown as the window title, and the PDF/UA
  metadata. What it does not do we do here: a figure's /Alt from an inline SVG's <desc> as
  well as its <title> (`describe_svg_figures`), a radio group's tooltip (/TU) from the
  question, not its first option (`name_radio_groups`), and radio buttons that are widgets
  of their group, not fields of their own (`radio_buttons_as_widgets`).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime

from generator.errors import UserError

# 2000-01-01T00:00:00Z: the date a PDF without one carries when SOURCE_DATE_EPOCH is unset,
# so that rendering the same HTML twice gives the same bytes.
DEFAULT_EPOCH = 946684800
LAST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last second a date in a PDF can carry
LOCAL_SCHEMES = ("file", "data")
# Tagged PDF/UA-1 (PDF 1.7): what every PDF ladderkit writes is (cache.CACHE_FORMAT follows it).
PDF_VARIANT = "pdf/ua-1"
SVG = "{http://www.w3.org/2000/svg}"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9.+-]*):")


# The one list of WeasyPrint messages that say something about the machine, not the document:
# the PDF is what it should be, so a strict build prints them once as a notice and goes on.
# Every other message (an image or font that cannot be loaded, a URL refused, CSS ignored,
# content dropped) changes what is printed and fails a strict build.
ENVIRONMENT_NOTICES = (
    # HarfBuzz-Subset missing or older than 4.1: fontTools subsets the fonts instead; the same
    # glyphs are embedded, only more slowly (scripts/system-deps.sh installs libharfbuzz-subset0).
    re.compile(r"^Using fontTools instead of HarfBuzz-Subset for font "),
)
# WeasyPrint's message for an image without a text alternative, which a tagged PDF must have.
NO_ALT = "has no required alt description"
DOCTOR_HINT = "run `ladderkit doctor` to see what this machine is missing and how to install it"


class PdfError(UserError):
    """A document that could not be rendered (or rendered with warnings in strict mode)."""


def is_notice(message: str) -> bool:
    """True for a WeasyPrint message about the environment that leaves the document correct."""
    return any(pattern.search(message) for pattern in ENVIRONMENT_NOTICES)


def split_messages(messages) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(warnings that make the document wrong, environment notices)."""
    messages = tuple(messages)
    return tuple(m for m in messages if not is_notice(m)), tuple(m for m in messages if is_notice(m))


def strict_error(name: str, warnings) -> PdfError:
    """The failure of a strict build for a document WeasyPrint warned about."""
    listed = "\n".join(f"  - {w}" for w in warnings)
    hint = (
        f"\n  (a font or library missing on this machine? {DOCTOR_HINT})"
        if any("font" in w.lower() for w in warnings)
        else ""
    )
    if any(NO_ALT in w for w in warnings):  # a tagged PDF names every image for screen readers
        hint += '\n  (give the image a text alternative: ![what it shows](file) in Markdown, alt="…" in HTML)'
    return PdfError(f"{name}: WeasyPrint warned while rendering it (strict build):\n{listed}{hint}")


def print_notices(notices) -> None:
    """Each kind of notice once, on stderr (the fontTools one comes once per font family):
    worth knowing, but the PDFs are right."""
    kinds: dict[str, list[str]] = {}
    for notice in dict.fromkeys(notices):
        kind = next((p.pattern for p in ENVIRONMENT_NOTICES if p.search(notice)), notice)
        kinds.setdefault(kind, []).append(notice)
    for first, *more in kinds.values():
        also = f"; {len(more)} more like it" if more else ""
        print(f"notice: {first}\n  (the PDFs are correct{also}; {DOCTOR_HINT})", file=sys.stderr)


def import_weasyprint():
    """WeasyPrint, or a PdfError that names the native library it could not load."""
    try:
        import weasyprint
    except OSError as exc:  # cffi's "cannot load library 'libpango-1.0-0': ..."
        raise PdfError(f"WeasyPrint cannot start: {exc}\n{DOCTOR_HINT}") from None
    return weasyprint


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set (a whole number of seconds from 0 to LAST_EPOCH), else DEFAULT_EPOCH."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return DEFAULT_EPOCH
    if not re.fullmatch(r"[0-9]+", value):
        raise UserError(
            f"SOURCE_DATE_EPOCH={value[:40]!r} is not a whole number of seconds since 1970; "
            "set it to one (git log -1 --format=%ct gives the last commit's) or unset it"
        )
    if len(value) > len(str(LAST_EPOCH)) or int(value) > LAST_EPOCH:
        raise UserError(
            f"SOURCE_DATE_EPOCH={value[:40]} is after the year 9999; "
            f"set it to at most {LAST_EPOCH} (git log -1 --format=%ct gives the last commit's) or unset it"
        )
    return int(value)


def _w3c_date(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local_fetcher():
    """A WeasyPrint URL fetcher that serves file: and data: URLs and refuses anything else."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            match = _SCHEME.match(url)
            scheme = match[1].lower() if match else ""
            if scheme not in LOCAL_SCHEMES:
                raise ValueError(f"ladderkit reads only local files (file: and data: URLs); refused {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=LOCAL_SCHEMES, allow_redirects=False)


class _Recorder(logging.Handler):
    """Keeps WeasyPrint's warnings and errors of one render."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage().strip())


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]  # the messages that make the document wrong
    notices: tuple[str, ...] = ()  # environment notices (ENVIRONMENT_NOTICES)


def _objects(pdf) -> dict:
    """{reference: object} of every numbered object of a pydyf PDF."""
    import pydyf

    return {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Object) and obj.number}


def _radio_groups(by_reference: dict) -> list:
    """The radio groups WeasyPrint wrote: button fields with /Kids (a checkbox has none)."""
    import pydyf

    return [
        o for o in by_reference.values() if isinstance(o, pydyf.Dictionary) and "Kids" in o and o.get("FT") == "/Btn"
    ]


def _text(value) -> str:
    """A pydyf string (or a plain one) as text."""
    return str(getattr(value, "string", value if value is not None else ""))


def name_radio_states_by_value(document, pdf) -> None:
    """Name each radio button's "on" state after its export value (`yes`, `no`, a scale's
    option index) instead of WeasyPrint's position in the group (`0`, `1`).

    WeasyPrint keeps the export values in the group's /Opt and names the states by position,
    which the PDF standard allows but most libraries ignore: pypdf and several readers then
    cannot set `yes` at all, and a fill by position silently means the wrong thing. With the
    states named by value, /Opt is redundant and goes. One rule for every worksheet: the
    value a reader or library writes for a radio group is the value it exports.
    """
    by_reference = _objects(pdf)
    for group in _radio_groups(by_reference):
        if "Opt" not in group:
            continue
        values = [_text(value) for value in group["Opt"]]
        if len(set(values)) != len(values) or not all(re.fullmatch(r"[A-Za-z0-9_-]+", v) for v in values):
            continue  # not a name we can use as a state; keep WeasyPrint's own form
        for position, (kid_ref, value) in enumerate(zip(group["Kids"], values, strict=False)):
            kid = by_reference[kid_ref]
            normal = kid["AP"]["N"]
            normal[value] = normal.pop(position)
            if kid.get("AS") == f"/{position}":
                kid["AS"] = f"/{value}"
            if group.get("V") == f"/{position}":
                group["V"] = f"/{value}"
        del group["Opt"]


def describe_svg_figures(root) -> None:
    """Give each inline SVG with a <desc> a <title> that carries both, before rendering.

    WeasyPrint takes a figure's /Alt from the SVG's <title> alone; the ladder diagram's title
    only names it ("…: ladder diagram") while its <desc> says what it shows (rungs, bridges),
    which is what a screen reader user needs. A browser reads both (aria-labelledby); the PDF
    gets both in /Alt. The title is never drawn, so the page looks the same."""
    for svg in root.iter(f"{SVG}svg"):
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        if title is not None and desc is not None and (desc.text or "").strip():
            title.text = f"{(title.text or '').strip()}. {desc.text.strip()}".lstrip(". ")


def radio_group_names(root) -> dict[str, str]:
    """{radio group name: the question it answers}, from the HTML's radiogroups: an element
    with role="radiogroup" and aria-label (the worksheet wraps each question's buttons so)."""
    names = {}
    for group in root.iter():
        if group.get("role") == "radiogroup" and group.get("aria-label"):
            for field in group.iter("input"):
                if field.get("type") == "radio" and field.get("name"):
                    names[field.get("name")] = group.get("aria-label")
    return names


def name_radio_groups(names: dict[str, str]):
    """A finisher that names each radio group by its question, from `names`: the group's
    tooltip (/TU) is the question, each button's is "question — its label".

    WeasyPrint names a group after its first button's label (`_get_human_name`: "Strongly
    disagree"), so a screen reader would announce the first option, not the question. Readers
    differ in whose tooltip they read for a button (qpdf and others take the button's own), so
    each button carries the question too, as a checklist's checkboxes do."""

    def finish(document, pdf) -> None:
        import pydyf

        by_reference = _objects(pdf)
        for group in _radio_groups(by_reference):
            question = names.get(_text(group.get("T")))
            if question is None:
                continue
            group["TU"] = pydyf.String(question)
            for kid in (by_reference[ref] for ref in group["Kids"]):
                label = _text(kid.get("TU"))
                kid["TU"] = pydyf.String(f"{question} — {label}" if label else question)

    return finish


def write_options(source, forms: bool) -> dict:
    """The options every PDF is written with (`weasyprint.HTML.write_pdf` or, without the
    finisher, `.render`), for the parsed `source`, whose SVG titles it completes first:
    tagged PDF/UA-1, form fields if `forms`, named as every reader expects."""
    describe_svg_figures(source.etree_element)
    if not forms:
        return {"pdf_forms": False, "pdf_variant": PDF_VARIANT}
    by_question = name_radio_groups(radio_group_names(source.etree_element))

    def finish(document, pdf) -> None:
        name_radio_states_by_value(document, pdf)
        by_question(document, pdf)
        radio_buttons_as_widgets(document, pdf)

    return {"pdf_forms": True, "pdf_variant": PDF_VARIANT, "finisher": finish}


def radio_buttons_as_widgets(document, pdf) -> None:
    """List each radio group once in /AcroForm /Fields, its buttons only as its /Kids.

    WeasyPrint also lists every button in /Fields and gives it the group's name (/T), so the
    button is a field inside its own group: qpdf reports a loop in /AcroForm and names the
    buttons `q.q`, and a reader may treat them as fields of their own. A button of a group
    is a widget: no name of its own, reached through its group (it keeps its tooltip).
    """
    by_reference = _objects(pdf)
    buttons = {ref for group in _radio_groups(by_reference) for ref in group["Kids"]}
    if not buttons:
        return
    for ref in buttons:
        by_reference[ref].pop("T", None)
    fields = pdf.catalog["AcroForm"]["Fields"]
    fields[:] = [ref for ref in fields if ref not in buttons]


def render(
    html: str, *, forms: bool = False, base_url: str | None = None, strict: bool = False, name: str = "PDF"
) -> Rendered:
    """Render one document; `name` is how messages call it (its site path in a build)."""
    weasyprint = import_weasyprint()
    logger = logging.getLogger("weasyprint")
    recorder = _Recorder()
    logger.addHandler(recorder)
    try:
        source = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_local_fetcher())
        options = write_options(source, forms)
        finisher = options.pop("finisher", None)
        document = source.render(**options)
        # Dates from the HTML win; otherwise the reproducible date, never the clock.
        epoch_date = _w3c_date(source_date_epoch())
        document.metadata.created = document.metadata.created or epoch_date
        document.metadata.modified = document.metadata.modified or document.metadata.created
        pdf = document.write_pdf(finisher=finisher, **options)
    except Exception as exc:  # WeasyPrint raises many kinds; the message is what a coach needs
        raise PdfError(f"{name}: WeasyPrint could not render it: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(recorder)
    warnings, notices = split_messages(recorder.messages)
    if strict and warnings:
        raise strict_error(name, warnings)
    return Rendered(pdf, len(document.pages), warnings, notices)


def write_pdf(
    html: str, *, forms: bool = False, base_url: str | None = None, strict: bool = True, name: str = "PDF"
) -> bytes:
    """The PDF bytes of `html`; `forms` makes its form controls fillable PDF fields. Its
    environment notices are printed."""
    rendered = render(html, forms=forms, base_url=base_url, strict=strict, name=name)
    print_notices(rendered.notices)
    return rendered.pdf
