"""Word documents (.docx): headings, paragraphs, lists and tables in document order.

The file is checked first (`safety.check_office_zip`: size, zip bomb, encryption, DOCTYPE/ENTITY
in any XML part), then read with python-docx. Headings ("Heading n"/"Rubrik n", the title, and
short all-bold paragraphs acting as headings) give the sections, list paragraphs (a list style or
Word numbering) give items with their nesting level, tables are read by their header row (Mål,
Nämndmål, Indikator, Målvärde, Ansvarig, Koppling …); a table without such a header is read cell
by cell as paragraphs. Locations: "stycke N" (N counts the body's paragraphs from 1) and
"tabell T, rad R".
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, reader
from malkoll.ingest.safety import check_office_zip
from malkoll.ingest.structure import Block, Outline, norm_space
from malkoll.report import GoalInput

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_RE = re.compile(r"^(?:heading|rubrik)\s*(\d)", re.IGNORECASE)


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
        m = re.search(r"(\d)\s*$", style)
        return True, (int(m.group(1)) - 1 if m else 0)
    return False, 0


def _all_bold(p) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def _table_rows(table, t_index: int) -> list[tuple[list, str, int]]:
    rows = []
    for r_index, row in enumerate(table.rows, start=1):
        cells, prev = [], None
        try:
            row_cells = row.cells
        except (IndexError, ValueError):  # malformed grid
            row_cells = []
        for c in row_cells:
            cells.append("" if prev is not None and c._tc is prev else c.text)
            prev = c._tc
        rows.append((cells, f"tabell {t_index}, rad {r_index}", r_index))
    return rows


@reader(".docx")
def read_docx(path: Path, config: Config, budget=None) -> Iterator[GoalInput]:
    check_office_zip(path, "docx", budget)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for broken files
        raise InputError(f"{path}: Word-filen kunde inte läsas ({type(exc).__name__})") from exc
    outline = Outline(str(path))
    n_par = 0
    n_tab = 0
    heading_depth = 0
    names, default_style = _style_names(document)
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            n_par += 1
            p = Paragraph(child, document)
            text = norm_space(p.text)
            if not text:
                continue
            style = _style_name(p, names, default_style)
            loc = f"stycke {n_par}"
            m = HEADING_RE.match(style)
            if m:
                heading_depth = int(m.group(1))
                outline.block(Block("heading", text, heading_depth, loc, n_par))
                continue
            if style.lower() in ("title", "rubrik", "titel"):
                outline.block(Block("heading", text, 0, loc, n_par))
                continue
            is_list, ilvl = _is_list(p, style)
            if is_list:
                outline.block(Block("list", text, ilvl, loc, n_par))
            elif len(text.split()) <= 10 and not text.endswith((".", ":")) and _all_bold(p):
                outline.block(Block("heading", text, heading_depth + 1, loc, n_par))
            else:
                outline.block(Block("para", text, 0, loc, n_par))
        elif child.tag == f"{W}tbl":
            n_tab += 1
            rows = _table_rows(Table(child, document), n_tab)
            if not outline.table(rows, config.text_column):
                for cells, loc, line in rows:
                    seen = set()
                    for c_index, value in enumerate(cells, start=1):
                        text = norm_space(value)
                        if text and text not in seen:
                            seen.add(text)
                            outline.block(Block("para", text, 0, f"{loc}, kolumn {c_index}", line, c_index))
    yield from outline.finish()
