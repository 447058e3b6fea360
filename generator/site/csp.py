"""The Content-Security-Policy every built page carries, as a <meta http-equiv> tag.

Scripts run only from the site's own files, plus the few inline scripts the theme's templates
write (Material's palette and configuration snippets), allowed by their sha256 hashes. Inline
scripts inside a page's content (the Markdown) are not hashed: they are blocked, as is any
inline event handler (`onmouseover=…`) whatever put it there. No plug-ins (`object`), no
images, fonts or styles from elsewhere, no <base> pointing elsewhere, no forms sent off-site.

The policy is the same on every page: Material's instant navigation swaps pages in without
reloading, so the first page's policy must allow the theme scripts of every page.

What a meta policy cannot do (frame-ancestors, so framing) needs the host's headers: see the
`_headers` file of a new site and content/coaches/deploying.md.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_CONTENT = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript")
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)

# Material draws its icons as data: SVG images in its stylesheet and colours elements with
# style="…" attributes (and so do Markdown tables' alignments), so images may be data: and styles
# inline; neither can load anything from elsewhere.
DIRECTIVES = (
    ("default-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def theme_script_hashes(html: str) -> set[str]:
    """'sha256-…' of each inline script of the page outside its content."""
    content = [m.span() for m in _CONTENT.finditer(html)]
    found = set()
    for m in _SCRIPT.finditer(html):
        attrs = m["attrs"] or ""
        kind = _TYPE.search(attrs)
        if re.search(r"\ssrc\s*=", attrs, re.I) or (kind and kind[1].lower() not in _JS_TYPES):
            continue  # a file (allowed by 'self') or data such as Material's JSON configuration
        if any(start <= m.start() < end for start, end in content):
            continue  # the page's own content: not the theme's, never allowed
        digest = hashlib.sha256(m["body"].encode("utf-8")).digest()
        found.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return found


def policy(hashes: set[str]) -> str:
    scripts = " ".join(["'self'", *sorted(hashes)])
    parts = [f"{name} {value}" for name, value in DIRECTIVES]
    parts.insert(1, f"script-src {scripts}")
    return "; ".join(parts)


def with_meta(html: str, content: str) -> str:
    """The page with the policy as the first element of its <head>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    head = re.search(r"<head(\s[^>]*)?>", html, re.I)
    if not head or "Content-Security-Policy" in html[: head.end() + len(meta) + 200]:
        return html
    return html[: head.end()] + meta + html[head.end() :]
