"""CSV that is safe to open in a spreadsheet: formula-like cells are neutralised.

A cell starting with =, +, -, @, a tab or a carriage return can run as a formula in
Excel, LibreOffice or Google Sheets (CSV injection), so it gets a leading single quote,
which spreadsheets show as text. customers.js applies the same rule to the browser's
exports; keep the two in step.
"""
from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell) -> str:
    """The cell as text, with a quote in front if a spreadsheet could run it."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_number(value) -> str:
    """Numbers are written plainly: a negative number is data, not a formula."""
    return "" if value is None else str(value)


def write_rows(header: list[str], rows: list[list]) -> str:
    """CSV text (RFC 4180 quoting, CRLF line ends); text cells neutralised, numbers not."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([safe_number(c) if isinstance(c, (int, float)) and not isinstance(c, bool)
                         else neutralise(c) for c in row])
    return out.getvalue()
