"""What a tool page (self-audit, customers, group view) asks the browser for up front.

Without help the browser finds the audit's scripts one import at a time: the page names
ladderkit.js, which imports audit.js, which imports scoring.mjs, which … — a round trip per
level, slow on a phone's network. A `<link rel="modulepreload">` per module of the page's
graph, found here by reading the static imports, fetches them all at once."""

from __future__ import annotations

import re
from collections.abc import Callable

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
