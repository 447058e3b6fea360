"""The group view for facilitators: load a room's exported answers, see the group's picture.

Server-rendered frame plus every ladder's normalised JSON in a data-* attribute; group.js
reads the files in the browser (nothing is uploaded), scores each one with scoring.mjs
and applies the rules of generator/inputs/aggregate.py. Pure: returns one raw-HTML block.
"""

from __future__ import annotations

from generator.i18n import Messages, messages
from generator.ladder.model import Ladder, to_dict
from generator.markup import urls
from generator.markup.text import attribute, html, json_attribute


def render_group(ladders: list[Ladder], *, directory_urls: bool = True, m: Messages | None = None) -> str:
    m = m or messages()
    src = urls.group_page()
    data = {"order": [lad.id for lad in ladders], "ladders": {lad.id: to_dict(lad) for lad in ladders}}
    links = {
        lad.id: {b.id: urls.relative(src, urls.bridge_page(lad.id, b.id), directory_urls) for b in lad.bridges}
        for lad in ladders
    }
    options = "".join(f'<option value="{attribute(lad.id)}">{html(lad.title)}</option>' for lad in ladders)
    parts = [
        f'<div class="lk-group" data-lk-group="1" data-ladders="{json_attribute(data)}" data-links="{json_attribute(links)}">',
        "<p>"
        + m.gettext(
            "Ask each participant to press <strong>Export answers</strong> on their self-audit and send you the file. "
            "Load all the files here to see the room at once. The files are read by this browser only; nothing is uploaded."
        )
        + "</p>",
        '<div class="lk-notices" role="status" aria-live="polite"></div>',
        '<div class="lk-toolbar">'
        f'<label class="md-button md-button--primary lk-import-label">{m.gettext("Load answers files")}'
        '<input type="file" class="lk-import" multiple accept="application/json,.json"></label>'
        f'<button type="button" class="md-button lk-clear">{m.gettext("Clear")}</button>'
        f'<button type="button" class="md-button lk-print">{m.gettext("Print")}</button></div>',
        f'<p><label for="lk-group-ladder">{m.gettext("Ladder")}</label> <select id="lk-group-ladder" class="lk-ladder">{options}</select> '
        f'<span class="lk-hint">{m.gettext("chosen from the files; change it if the room took another audit")}</span></p>',
        '<section class="lk-group-results" aria-labelledby="lk-group-title" hidden>'
        f'<h2 id="lk-group-title">{m.gettext("The group")}</h2><p class="lk-participants"></p><p class="lk-names"></p>'
        f'<p><button type="button" class="md-button md-button--primary lk-present-open">{m.gettext("Present to the room")}</button> '
        f'<span class="lk-hint">{m.gettext("large type for a projector: the figures only, no names or file names")}</span></p>'
        '<p class="lk-hint">'
        + m.gettext(
            "Each mean is the participants' scores added up and divided by how many scored that bridge, "
            "rounded half up to a whole number (as the audit rounds every score)."
        )
        + "</p>"
        '<div class="lk-group-bridges"></div><div class="lk-group-rungs"></div>'
        '<div class="lk-group-focus"></div><div class="lk-group-flags"></div></section>',
        '<section class="lk-group-files" aria-labelledby="lk-files-title" hidden>'
        f'<h2 id="lk-files-title">{m.gettext("Files")}</h2>'
        '<div class="lk-included"></div><div class="lk-skipped"></div></section>',
        # The present view (group.js fills it): the page's other content and the site's menus
        # are hidden while it shows (html.lk-presenting in ladderkit.css).
        '<section class="lk-present" aria-labelledby="lk-present-headline" hidden>'
        '<p class="lk-present-bar"><button type="button" class="md-button lk-present-close">'
        f"{m.gettext('Leave present view')}</button> "
        f'<span class="lk-hint">{m.gettext("or press Escape; your browser’s full screen (F11) hides the rest")}</span></p>'
        '<h2 id="lk-present-headline" class="lk-present-headline" tabindex="-1"></h2>'
        '<div class="lk-present-charts"><figure class="lk-present-rungs"></figure>'
        '<figure class="lk-present-bridges"></figure></div><div class="lk-present-focus"></div></section>',
        "</div>",
    ]
    return "# " + m.gettext("Group view") + "\n\n" + "".join(parts) + "\n"
