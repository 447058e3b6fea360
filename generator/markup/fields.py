"""The fillable worksheet's scheme: its form field names and the marks that say which
ladder a worksheet is for. The print renderer writes them (print/documents.py and the
worksheet template) and `ladderkit import-pdf` reads them back (inputs/import_pdf.py), so
both sides take them from here.

Question ids are slugs (a-z, 0-9, "-"), so a name holding ":" can never clash with one.
"""

from __future__ import annotations

WORKSHEET_FORMAT = "ladder-worksheet/1"
# Info-dictionary keys WeasyPrint writes from <meta> (custom_metadata strips non-alphanumerics).
META_LADDER = "LadderkitLadder"
META_FORMAT = "LadderkitWorksheet"
# Keywords are written whatever WeasyPrint's options, so the ladder id travels there too.
LADDER_KEYWORD = "ladder="
CUSTOMER_ROWS = 10  # rows of the customer-ranking grid

NAME_FIELD = "about:name"  # who the answers are about: the answers file's optional "name"
# The worksheet's own identity, as a form field: its name carries the ladder id, its value
# the worksheet format. Field names survive every reader and copy; metadata often does not.
WORKSHEET_FIELD = "ladderkit-worksheet:"


def worksheet_field(ladder_id: str) -> str:
    """The identity field of `ladder_id`'s fillable worksheet: `ladderkit-worksheet:<ladder id>`."""
    return WORKSHEET_FIELD + ladder_id


def checkbox_name(question_id: str, index: int) -> str:
    """A checklist option's checkbox: `<question id>:<0-based option index>`."""
    return f"{question_id}:{index}"


def none_name(question_id: str) -> str:
    """The checklist's 'None of these' box: ticked = answered with nothing ticked."""
    return f"{question_id}:none"


def customer_name(row: int, column: str) -> str:
    """A cell of the customer-ranking grid: `customers:<row from 1>:<name | field id | rung>`."""
    return f"customers:{row}:{column}"
