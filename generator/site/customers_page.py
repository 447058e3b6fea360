"""The customer-placement page body: a client lists customers and sees each one's rung live.

Server-rendered: the add form (one labelled control per classifier field), an empty table
with caption and column headers, the chart's frame and the normalised ladder JSON in data-*
attributes; customers.js fills it with classify() from scoring.mjs. Pure: returns one
raw-HTML block with no blank lines. Customer names stay in the browser.
"""

from __future__ import annotations

from generator.i18n import Messages, messages
from generator.ladder.model import Ladder, to_dict
from generator.markup import urls
from generator.markup.text import attribute, html, json_attribute, plain

MAX_CUSTOMERS = 1000  # more would make the editable table sluggish; an import beyond it is capped


def _field_control(field) -> str:
    fid = f"lk-new-{attribute(field.id)}"
    if field.type == "yesno":
        return (
            f'<label class="lk-choice" for="{fid}"><input type="checkbox" id="{fid}" name="{attribute(field.id)}"> '
            f"{html(field.label)}</label>"
        )
    # The message about a number that is not one goes right under its box (customers.js fills it).
    return (
        f'<div class="lk-field-box"><label class="lk-field" for="{fid}"><span>{html(field.label)}</span>'
        f'<input type="text" id="{fid}" name="{attribute(field.id)}" inputmode="decimal" autocomplete="off"'
        f' aria-describedby="{fid}-error"></label><p class="lk-error" id="{fid}-error"></p></div>'
    )


def render_customers(
    ladder: Ladder, *, directory_urls: bool = True, playbooks: bool = True, m: Messages | None = None
) -> str:
    """The whole page body (Markdown heading + one raw-HTML block); needs a classifier.

    `playbooks`: whether the build makes the playbook PDFs, so the page may link to them."""
    assert ladder.classifier is not None
    m = m or messages()
    src = urls.customers_page(ladder.id)
    links = {
        "bridges": {
            b.id: urls.relative(src, urls.bridge_page(ladder.id, b.id), directory_urls) for b in ladder.bridges
        },
        "playbooks": {
            b.id: urls.relative(src, urls.playbook_pdf(ladder.id, b.id), directory_urls)
            for b in ladder.bridges
            if playbooks
        },
    }
    fields = ladder.classifier.fields
    heads = "".join(f'<th scope="col" data-field="{attribute(f.id)}">{html(f.label)}</th>' for f in fields)
    columns = ", ".join(["name", *(f.id for f in fields)])
    code, command = f"<code>{html(columns)}</code>", "<code>ladderkit classify</code>"
    parts = [
        f'<div class="lk-customers" data-lk-customers="{attribute(ladder.id)}" data-max="{MAX_CUSTOMERS}"'
        f' data-ladder="{json_attribute(to_dict(ladder))}" data-links="{json_attribute(links)}">',
        '<p class="lk-privacy">'
        + m.gettext(
            "<strong>Private by design:</strong> the customers you list are kept only in this browser "
            "on this device. Their names are never sent anywhere; export them to keep a copy."
        )
        + "</p>",
        # Each message appears beside what it is about (a phone shows a few lines at a time):
        # the add form's under its button, the files' under the toolbar, removals under the list.
        # method="dialog": before customers.js starts, submitting must not send names to the server.
        '<form class="lk-add" method="dialog" aria-labelledby="lk-add-title">'
        f'<h2 id="lk-add-title">{m.gettext("Add a customer")}</h2>'
        f'<p class="lk-hint">{html(ladder.classifier.title)}</p>'
        f'<label class="lk-field" for="lk-new-name"><span>{m.gettext("Name")}</span><input type="text" id="lk-new-name" name="name" '
        'maxlength="200" autocomplete="off" required></label>'
        f'<div class="lk-add-fields">{"".join(_field_control(f) for f in fields)}</div>'
        f'<button type="submit" class="md-button md-button--primary">{m.gettext("Add customer")}</button>'
        '<div class="lk-add-status" role="status" aria-live="polite"></div></form>',
        '<div class="lk-toolbar">'
        f'<label class="md-button lk-import-label">{m.gettext("Import CSV or JSON")}<input type="file" class="lk-import" '
        'accept=".csv,text/csv,.json,application/json"></label>'
        f'<button type="button" class="md-button lk-export-csv">{m.gettext("Export CSV")}</button>'
        f'<button type="button" class="md-button lk-export-json">{m.gettext("Export JSON")}</button>'
        f'<button type="button" class="md-button lk-print">{m.gettext("Print")}</button>'
        f'<button type="button" class="md-button lk-clear">{m.gettext("Remove all")}</button></div>',
        '<div class="lk-notices" role="status" aria-live="polite"></div>',
        '<p class="lk-hint">'
        + m.gettext("CSV columns: {columns} — the same file {command} reads.", columns=code, command=command)
        + "</p>",
        # Below 600 px each row is a card (ladderkit.css): the name, then its rung, then the fields.
        '<div class="lk-table-wrap"><table class="lk-customer-table">'
        f"<caption>{m.gettext('Your customers and the rung each stands on ({ladder})', ladder=html(ladder.title))}</caption>"
        f'<thead><tr><th scope="col">{m.gettext("Name")}</th><th scope="col">{m.gettext("Rung")}</th>{heads}<th scope="col">'
        f'<span class="lk-sr">{m.gettext("Actions")}</span></th></tr></thead><tbody></tbody></table></div>',
        '<div class="lk-list-status" role="status" aria-live="polite"></div>',
        f'<p class="lk-empty">{m.gettext("No customers yet: add one above or import a file.")}</p>',
        '<section class="lk-spread" aria-labelledby="lk-spread-title">'
        f'<h2 id="lk-spread-title">{m.gettext("Customers on each rung")}</h2>'
        '<figure class="lk-chart"></figure><div class="lk-counts"></div><div class="lk-advice"></div></section>',
        "</div>",
    ]
    # plain(), not escape(): the heading is Markdown, where links and attribute lists are live.
    return "# " + m.gettext("{ladder}: your customers", ladder=plain(ladder.title)) + "\n\n" + "".join(parts) + "\n"
