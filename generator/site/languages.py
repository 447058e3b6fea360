"""A site in several languages (the plugin's `alternate_languages`): what each language's
build publishes, and Material's language switcher (`extra.alternate`).

`ladderkit build` builds the main language into the site's folder and each alternate
language, as a build of its own, into `<site>/<lang>/` (commands/build.py). Pure functions:
the plugin applies them (content/coaches/languages.md says what a coach sees).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from babel import Locale, UnknownLocaleError


def language_name(tag: str) -> str:
    """A language's name in that language ("Español", "Deutsch"), as a switcher shows it;
    the tag itself when CLDR does not know it."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name()
    except (UnknownLocaleError, ValueError):
        return tag
    return (name[:1].upper() + name[1:]) if name else tag


def site_root(language: str, main: str) -> str:
    """Where a language's build goes inside the site: "" for the main language, "es/" for es."""
    return "" if language == main else f"{language}/"


def switcher(
    main: str, alternates: Sequence[str], current: str, given: Iterable[Mapping[str, object]] = ()
) -> list[dict[str, object]]:
    """`extra.alternate` for the build of `current`: every language of the site, main first,
    each linking to its home page relative to this build's root (Material passes the link
    through MkDocs' `url` filter). Entries the coach wrote (`given`) come first and are kept
    as written; a language they already list is not added again."""
    here = site_root(current, main)
    up = "../" * here.count("/")
    kept = [dict(entry) for entry in given]
    listed = {str(entry.get("lang", "")).lower() for entry in kept}
    for language in (main, *alternates):
        if language.lower() not in listed:
            link = "./" if language == current else up + site_root(language, main) or "./"
            kept.append({"name": language_name(language), "link": link, "lang": language})
    return kept


def overlay(src_uris: Iterable[str], language: str, main: str, alternates: Sequence[str]) -> dict[str, str | None]:
    """What the build of `language` does with the coach's pages: {src: None} for a page it
    leaves out, {src: replacement} for a page another one replaces.

    content/<lang>/X.md is X.md in that language's build (and a page of its own there when
    X.md does not exist); no build publishes content/<lang>/ as pages of their own."""
    srcs = set(src_uris)
    folders = tuple(f"{lang}/" for lang in alternates)
    out: dict[str, str | None] = {src: None for src in srcs if src.startswith(folders)}
    if language != main:
        mine = f"{language}/"
        for src in sorted(srcs):
            if src.startswith(mine):
                out[src] = src[len(mine) :]
    return out
