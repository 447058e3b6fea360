"""Whether the theme has its own words (search box, navigation labels) in the site's language.

Material reads them from `partials/languages/<tag>.html` in its template folders (the site's
overrides/ first), and a tag it lacks stops the build deep inside a template with "not found
in search paths". The build and `ladderkit doctor` ask here first, so a tag such as fa-IR or EN
gets a message naming the setting and the tags that would work.
"""

from __future__ import annotations

import os
from collections.abc import Iterable


def languages(dirs: Iterable[str]) -> set[str] | None:
    """The tags the theme has words for, or None when it keeps no language files (not Material)."""
    found: set[str] | None = None
    for folder in dirs:
        try:
            names = os.listdir(os.path.join(folder, "partials", "languages"))
        except OSError:
            continue
        found = (found or set()) | {n.removesuffix(".html") for n in names if n.endswith(".html")}
    return found


def missing(language: str, setting: str, dirs: Iterable[str]) -> str | None:
    """A message when the theme has no words in `language` (set by `setting` in mkdocs.yml), else None."""
    known = languages(dirs)
    if known is None or language in known:
        return None
    base = language.split("-")[0].lower()
    close = sorted(k for k in known if k.lower() == language.lower() or k.split("-")[0].lower() == base)
    hint = f"write {' or '.join(close)}" if close else "write one it has, such as en, de, es, fr or ar"
    return (
        f"mkdocs.yml: {setting}: {language[:40]!r}: the Material theme has no words in this language; "
        f"{hint}, or give it some in overrides/partials/languages/{language[:40]}.html "
        "(Material's guide, 'Adding translations')"
    )
