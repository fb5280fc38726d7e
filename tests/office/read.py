"""Reads an exported .docx or .xlsx with an independent implementation (python-docx,
openpyxl) and prints what a test checks, as JSON: the docx's headings with their
styles, tables, page header and footer fields and images; the xlsx's sheets with each
cell's type and value, frozen panes, filter and column widths.

    target/venv/bin/python tests/office/read.py FILE
"""

import datetime
import json
import sys
import zipfile


def read_docx(path):
    import docx

    document = docx.Document(path)

    def style(p):
        # None: the paragraph names no style and the file marks none as the default.
        return p.style.name if p.style is not None else "(none)"
    section = document.sections[0]
    footer_xml = section.footer._element.xml
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/") and not n.endswith("/")]
    return {
        "headings": [
            {"style": style(p), "text": p.text}
            for p in document.paragraphs
            if style(p).startswith("Heading") or style(p) == "Title"
        ],
        "outline_levels": {
            s.name: s.element.pPr.outlineLvl.val
            for s in document.styles
            if s.type == 1 and s.element.pPr is not None and s.element.pPr.outlineLvl is not None
        },
        "paragraphs": [p.text for p in document.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in document.tables],
        "header": "\n".join(p.text for p in section.header.paragraphs),
        "footer_fields": [f for f in ("PAGE", "NUMPAGES") if f in footer_xml],
        # The footer's words with the fields' last computed values ("Page 1 of 1").
        "footer": "\n".join(p.text for p in section.footer.paragraphs),
        "images": len(media),
        "page": {"width_mm": round(section.page_width.mm), "height_mm": round(section.page_height.mm)},
    }


def cell(c):
    v = c.value
    if isinstance(v, datetime.datetime):
        return {"type": "date", "value": v.date().isoformat()}
    if isinstance(v, bool):
        return {"type": "bool", "value": v}
    if isinstance(v, (int, float)):
        return {"type": "number", "value": v}
    if v is None:
        return {"type": "empty", "value": None}
    return {"type": "formula" if c.data_type == "f" else "string", "value": v}


def read_xlsx(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        sheets[ws.title] = {
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "widths": {k: round(d.width, 1) for k, d in ws.column_dimensions.items() if d.width},
            "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
        }
    return {"sheets": sheets, "order": book.sheetnames}


if __name__ == "__main__":
    path = sys.argv[1]
    out = read_docx(path) if path.endswith(".docx") else read_xlsx(path)
    json.dump(out, sys.stdout, ensure_ascii=False)
