"""What a tool page (self-audit, customers, group view) asks the browser for up front.

Without help the browser finds the audit's scripts one import at a time: the page names
ladderkit.js, which imports audit.js, which imports scoring.mjs, which … — a round trip per
level, slow on a phone's network. A `<link rel="modulepreload">` per module of the page's
graph, found here by reading the static imports, fetches them all at once.

Nor need a tool page wait for the theme: Material's bundle is a classic script at the end of
the body, so deferred modules (ladderkit.js among them) run only once it has arrived and run,
about 34 KB later on a phone. An `async` copy of ladderkit.js placed just before the bundle
runs as soon as its modules are in, with the page above it parsed: the first question can be
answered before the theme is there (ladderkit.js then hands over to Material's document$)."""

from __future__ import annotations

import re
from collections.abc import Callable

# Material's bundle, as its base.html writes it (`<script src="…/assets/javascripts/bundle.HASH.min.js">`).
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')

# `import … from "./x.js"` (static imports only; ladderkit.js's dynamic import() names the entry).
_IMPORT = re.compile(r'^\s*import\b[^;]*?\bfrom\s*"\./([\w.-]+)"', re.MULTILINE)


def module_graph(entry: str, source: Callable[[str], str]) -> list[str]:
    """`entry` and every module it imports, directly or not, in the order first met."""
    seen: list[str] = []
    todo = [entry]
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.append(name)
        todo += _IMPORT.findall(source(name))
    return seen


def preload_links(modules: list[str], prefix: str) -> str:
    """The `<link>` elements for the head (`prefix`: the path from the page to the assets)."""
    return "".join(f'<link rel="modulepreload" href="{prefix}/{name}">' for name in modules)


def with_preloads(html: str, links: str) -> str:
    """`links` in the head before its first script: an inline script after a stylesheet holds
    the parser until the stylesheet has arrived (some 0.4 s on a phone), and the browser asks
    for a modulepreload only when the parser reaches it. Else at the end of the head."""
    end = html.find("</head>")
    script = html.find("<script", 0, end)
    at = script if script != -1 else end
    return html[:at] + links + html[at:] if at != -1 else html


def start_before_theme(html: str, prefix: str) -> str:
    """`html` with an `async` ladderkit.js just before Material's bundle; unchanged if the theme
    writes its bundle otherwise (the page then starts after the bundle, as every other does)."""
    early = f'<script type="module" async src="{prefix}/ladderkit.js"></script>'
    return _BUNDLE.sub(lambda m: early + m[0], html, count=1)
