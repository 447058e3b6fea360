"""The stand-in the live preview serves while a PDF is being rendered again.

During `ladderkit serve` the pages are published first and changed PDFs follow (see
site_pdfs.SitePdfs.publish_pages_first). Until a PDF is ready its link must neither break
nor lead to the old version without saying so: it leads to this one-page PDF, which says
that the document is being updated. Made with pydyf (WeasyPrint's own PDF writer) in a few
milliseconds, so the preview never waits for it.
"""

from __future__ import annotations

import io
from functools import cache


@cache
def pending_pdf(title: str) -> bytes:
    """A one-page A4 PDF: "<title> is being updated"."""
    import unicodedata

    import pydyf

    # The built-in font shows plain ASCII only; the full title is in the document's metadata.
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    pdf = pydyf.PDF()
    font = pydyf.Dictionary(
        {"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica", "Encoding": "/WinAnsiEncoding"}
    )
    pdf.add_object(font)
    lines = [
        (18, plain),
        (12, "This PDF is being updated for the preview."),
        (12, "The page reloads by itself when it is ready; open the link again then."),
    ]
    stream = pydyf.Stream()
    y = 760
    for size, text in lines:
        stream.begin_text()
        stream.set_font_size("F1", size)
        stream.set_text_matrix(1, 0, 0, 1, 56, y)
        stream.show_text_string(text)  # pydyf escapes the string
        stream.end_text()
        y -= 2 * size
    pdf.add_object(stream)
    page = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Parent": pdf.pages.reference,
            "MediaBox": pydyf.Array([0, 0, 595, 842]),
            "Contents": stream.reference,
            "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": font.reference})}),
        }
    )
    pdf.add_page(page)
    pdf.info["Title"] = pydyf.String(f"{title} (being updated)")
    out = io.BytesIO()
    pdf.write(out)
    return out.getvalue()
