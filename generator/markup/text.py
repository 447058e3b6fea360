"""Coach text -> HTML: the one way a ladder, brand or pack string reaches a page or a PDF.

One function per output context:

- `plain(text)`   plain text placed in *Markdown source* (headings, link texts of generated pages)
- `html(text)`    plain text placed in HTML element content
- `attribute(text)` plain text placed in a double-quoted HTML attribute value
- `inline(text)`  ladder Markdown rendered to inline HTML (no surrounding <p>)
- `block(text)`   ladder Markdown rendered to block HTML
- `url(text)`     a link target, or "" when the allow-list refuses it
- `json_attribute(data)` JSON in a data-* attribute (the ladder as the browser scripts read it)
- `css_string(text)` a CSS string literal (font families, running headers)

The allow-list, in every context (documented for coaches in content/coaches/writing-a-ladder.md):

- no raw HTML: `<b>` or `<script>` in ladder text shows as the text it is;
- no attribute lists (`{: onclick=… }`): Markdown extensions beyond tables are not loaded, so
  they show as text;
- links only to `http:`, `https:`, `mailto:`, `tel:` and relative URLs; any other link
  (`javascript:`, `data:`, `vbscript:`, `file:`) keeps its text and loses its target;
- images only from relative paths (and local `file:` paths in PDFs): a remote image would be a
  request leaving the site, so `![alt](http://…)` shows its alt text instead.

The HTML that `html`, `attribute`, `inline` and `block` return is also *Markdown-inert*: every
ASCII punctuation character of text is a numeric character reference and there are no line
breaks, so it may sit inside a MkDocs page (whose Markdown extensions the coach chooses) and
can never be read as Markdown again.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import markdown as _markdown

LINK_SCHEMES = ("http", "https", "mailto", "tel")

# Tags Python-Markdown (with `tables`) produces from ladder text, and the attributes kept on them.
_ALLOWED = {
    "p": (),
    "br": (),
    "hr": (),
    "em": (),
    "strong": (),
    "code": (),
    "pre": (),
    "blockquote": (),
    "ul": (),
    "ol": ("start",),
    "li": (),
    "h1": (),
    "h2": (),
    "h3": (),
    "h4": (),
    "h5": (),
    "h6": (),
    "table": (),
    "thead": (),
    "tbody": (),
    "tr": (),
    "th": (),
    "td": (),
    "a": ("href", "title"),
    "img": ("src", "alt", "title"),
}
_VOID = {"br", "hr", "img"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop these anywhere in a URL before reading its scheme ("java\tscript:" is javascript:).
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
# Kept as they are: letters, digits, space and punctuation Markdown never reads mid-line.
_INERT = re.compile(r"[^\w ,.;?/\-\u0080-\U0010ffff]|_")


_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def _encode(text: str) -> str:
    """Text as HTML in which Markdown finds nothing to read: punctuation becomes &#N;
    (the HTML-special characters their usual named references)."""
    return _INERT.sub(lambda m: _NAMED.get(m.group()) or f"&#{ord(m.group())};", text)


def html(text: str) -> str:
    """Plain text in HTML element content."""
    return _encode(str(text or ""))


def attribute(text: str) -> str:
    """Plain text in a double-quoted HTML attribute value (Markdown keeps a whole tag as it is)."""
    return escape(str(text or "").replace("\n", " "), quote=True)


_PLAIN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")  # what Python-Markdown takes a backslash before


def plain(text: str) -> str:
    """Plain text (a name, a label) placed in Markdown source: no markup of any kind.

    Backslash escapes rather than character references, so MkDocs still reads the page's
    title from a heading built with it."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    return _PLAIN_SPECIAL.sub(r"\\\1", escape(text, quote=False))


def url(value: str, schemes: tuple[str, ...] = LINK_SCHEMES) -> str:
    """The URL if the allow-list takes it (its scheme is in `schemes`, or it is relative), else ""."""
    # As a browser reads it: without tabs and line breaks, and without spaces or controls around it.
    cleaned = re.sub(r"[\t\n\r]", "", str(value or "")).strip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(_URL_IGNORED.sub("", cleaned))  # "java script:" is no scheme, but be strict
    if match:
        return cleaned if match[1].lower() in schemes else ""
    return cleaned


def image_url(value: str, local_files: bool = False) -> str:
    """An image source: relative paths only (and file: for PDFs); never another host."""
    cleaned = url(value, ("file",) if local_files else ())
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return ""  # protocol-relative: another host
    return cleaned


def url_problem(value: str) -> str:
    """Why a coach's link is refused ("" when it is fine): for messages at load time."""
    cleaned = url(value)
    if cleaned:
        match = _SCHEME.match(cleaned)
        if match and not cleaned[match.end() :].strip("/"):  # "https://", "mailto:": no address
            return f"'{value}' is only the start of a link; write the whole address (for example https://example.com)"
        return ""
    return (
        f"'{value}' is not a link ladderkit publishes; use an http:, https:, mailto: or tel: address, or a relative one"
    )


class _Sanitiser(HTMLParser):
    """Rebuilds Python-Markdown's output keeping only allowed tags, attributes and URLs."""

    def __init__(self, local_files: bool):
        super().__init__(convert_charrefs=True)
        self.local_files = local_files
        self.out: list[str] = []
        self.open_links: list[bool] = []  # per <a>: whether it was kept

    def handle_starttag(self, tag, attrs):
        if tag not in _ALLOWED:
            return
        attrs = {k: v or "" for k, v in attrs if k in _ALLOWED[tag]}
        if tag == "a":
            href = url(attrs.get("href", ""))
            self.open_links.append(bool(href))
            if not href:
                return
            attrs["href"] = href
        if tag == "img":
            src = image_url(attrs.get("src", ""), self.local_files)
            if not src:
                self.handle_data(attrs.get("alt", ""))  # the alt text stands in for a refused image
                return
            attrs["src"] = src
        if tag == "ol" and not attrs.get("start", "").isdigit():
            attrs.pop("start", None)
        self.out.append(f"<{tag}" + "".join(f' {k}="{attribute(v)}"' for k, v in attrs.items()) + ">")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in _ALLOWED or tag in _VOID:
            return
        if tag == "a" and not (self.open_links.pop() if self.open_links else False):
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(_encode(data).replace("\n", "&#10;"))


def _renderer() -> _markdown.Markdown:
    md = _markdown.Markdown(extensions=["tables"])
    # No raw HTML: without these two, "<script>" is text that the serialiser escapes.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_RENDERER = _renderer()


def block(text: str, *, local_files: bool = False) -> str:
    """Ladder Markdown as block HTML on one line. `local_files`: PDFs may show file: images."""
    if not text or not str(text).strip():
        return ""
    _RENDERER.reset()
    sanitiser = _Sanitiser(local_files)
    sanitiser.feed(_RENDERER.convert(str(text)))
    sanitiser.close()
    return "".join(sanitiser.out)


def inline(text: str, *, local_files: bool = False) -> str:
    """Ladder Markdown as inline HTML: a single paragraph loses its <p>."""
    out = block(text, local_files=local_files)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out


def json_attribute(data) -> str:
    """JSON for a data-* attribute, HTML-escaped so no value can end the attribute.

    Not a <script type="application/json">: Material's instant navigation re-creates inline
    scripts without their type and would run the JSON as JavaScript; attributes are also
    left out of the search index."""
    import json

    return escape(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), quote=True)


def first_line(text: str) -> str:
    """The first line of a Markdown text (for one-line summaries in lists)."""
    lines = str(text or "").strip().splitlines()
    return lines[0] if lines else ""


# A run of 31+ characters with no space (and no character reference in it, as & and ; end a run).
_LONG_RUN = re.compile(r"[^\s<>&;\u200b]{31,}")
_TEXT_NODE = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<[^>]*>)|([^<]+)", re.S | re.I)


def breakable(document: str) -> str:
    """Print HTML whose long words (a 2,000-character name, a URL) may break every 20 characters.

    CSS overflow-wrap: anywhere alone would do it, but WeasyPrint then measures a long word
    once per possible break: minutes for one name. Zero-width spaces in text nodes only."""

    def runs(m):
        if m[1]:
            return m[1]
        return _LONG_RUN.sub(lambda w: "\u200b".join(w[0][i : i + 20] for i in range(0, len(w[0]), 20)), m[2])

    return _TEXT_NODE.sub(runs, document)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut (running headers and footers)."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def css_string(text: str) -> str:
    """A CSS string literal that cannot end the string, the rule or the <style> element it sits in."""
    return '"' + "".join(c if c.isalnum() or c in " .,-/_:%" else f"\\{ord(c):x} " for c in str(text or "")) + '"'
