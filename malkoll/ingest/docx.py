"""Word documents (.docx) -> blocks: headings, paragraphs, list items and tables in document order.

The file is checked first (`safety.check_office_zip`: size, zip bomb, encryption, DOCTYPE/ENTITY
in any XML part), then read with python-docx. Headings are Word's heading styles ("Heading n" /
"Rubrik n"; the title style is depth 0); list items are paragraphs with Word numbering or a list
style, with their nesting level; a paragraph's line breaks (Shift+Enter) keep its lines apart; a
paragraph wholly in bold or italics is marked so (the outline may take a short bold line for a
heading); tables give their rows of cells, the first row as header when Word marks it "repeat as
header row". Every piece knows its paragraph number ("stycke N", counting the body's paragraphs
from 1) or its table, row and column.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, read_error, reader
from malkoll.ingest.blocks import Block, Cell, Line, Where, table
from malkoll.ingest.safety import check_office_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_RE = re.compile(r"(?:heading|rubrik)[ \t]*(\d)", re.IGNORECASE)


def _style_names(document) -> tuple[dict[str, str], str]:
    """Style id -> name, built once (python-docx looks a paragraph's style up anew on every call)."""
    names: dict[str, str] = {}
    default = ""
    try:
        for st in document.styles:
            if st.style_id and st.name:
                names[st.style_id] = st.name
        default = document.styles.default(1).name or "" if document.styles.default(1) is not None else ""
    except (KeyError, AttributeError, ValueError, TypeError):
        pass
    return names, default


def _style_name(p, names: dict[str, str], default: str) -> str:
    ppr = p._p.pPr
    sid = ppr.style if ppr is not None else None
    if sid is None:
        return default
    return names.get(sid, sid)


def _is_list(p, style: str) -> tuple[bool, int]:
    ppr = p._p.pPr
    if ppr is not None and ppr.numPr is not None:
        ilvl = ppr.numPr.ilvl
        return True, int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0
    low = style.lower()
    if "list" in low or "liststycke" in low or "punktlista" in low or "numrerad" in low:
        m = re.search(r"(\d)[ \t]*$", style)
        return True, (int(m.group(1)) - 1 if m else 0)
    return False, 0


def _emphasis(p) -> str | None:
    runs = [r for r in p.runs if r.text.strip()]
    if not runs:
        return None
    if all(r.bold for r in runs):
        return "bold"
    if all(r.italic for r in runs):
        return "italic"
    return None


def _lines(text: str, where: Where) -> list[Line]:
    return [Line(" ".join(part.split()), where) for part in text.replace("\r", "\n").split("\n") if part.strip()]


def _table_rows(tbl, t_index: int) -> tuple[list[list[Cell]], int | None]:
    rows = []
    header = None
    for r_index, row in enumerate(tbl.rows, start=1):
        cells, prev = [], None
        try:
            row_cells = row.cells
        except (IndexError, ValueError):  # malformed grid
            row_cells = []
        for c_index, c in enumerate(row_cells, start=1):
            text = "" if prev is not None and c._tc is prev else c.text
            cells.append(Cell(" ".join(text.split()), Where(table=t_index, row=r_index, column=c_index)))
            prev = c._tc
        trpr = row._tr.trPr
        if header is None and r_index == 1 and trpr is not None and trpr.find(f"{W}tblHeader") is not None:
            header = 0
        rows.append(cells)
    return rows, header


@reader(".docx")
def read_docx(path: Path, config: Config, budget=None) -> Iterator[Block]:
    check_office_zip(path, "docx", budget)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for broken files
        raise read_error(path, "read.docx_unreadable", why=type(exc).__name__) from exc
    n_par = 0
    n_tab = 0
    names, default_style = _style_names(document)
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            n_par += 1
            p = Paragraph(child, document)
            text = p.text
            if not text.strip():
                continue
            style = _style_name(p, names, default_style)
            where = Where(paragraph=n_par)
            m = HEADING_RE.match(style)
            if m:
                yield Block("heading", [Line(" ".join(text.split()), where)], depth=int(m.group(1)))
                continue
            if style.lower() in ("title", "rubrik", "titel"):
                yield Block("heading", [Line(" ".join(text.split()), where)], depth=0)
                continue
            is_list, ilvl = _is_list(p, style)
            lines = _lines(text, where)
            if is_list:
                yield Block("item", lines, depth=ilvl, emphasis=_emphasis(p))
            else:
                yield Block("para", lines, emphasis=_emphasis(p))
        elif child.tag == f"{W}tbl":
            n_tab += 1
            rows, header = _table_rows(Table(child, document), n_tab)
            yield table(rows, Where(table=n_tab), header=header)
