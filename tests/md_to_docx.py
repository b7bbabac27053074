"""Test helper: a Markdown page turned into a Word document the way Word holds the same content.

Independent of Målkoll's own Markdown reader (it must not share its mistakes): a small converter
for what the real pages in ../shared/data/docs-real use.

- `#`–`######` headings -> Word's "Heading n" styles;
- `-`/`*`/`+` items -> "List Bullet"/"List Bullet 2"/…, `1.` items -> "List Number"/…: Word draws
  the bullet or the number, so it is not part of the paragraph's text (as in a real document);
  an item's continuation lines stay in its paragraph, after a line break;
- a paragraph of several lines -> one Word paragraph with line breaks (Shift+Enter), as text
  copied from a web page or a PDF arrives;
- a table -> a Word table whose first row is the header (marked "repeat as header row");
- `*kursiv*` and `**fet**` -> italic and bold runs; other inline markup is dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
RUNS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def _add_runs(par, text: str) -> None:
    for part in RUNS.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            par.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            par.add_run(part[1:-1]).italic = True
        else:
            par.add_run(part)


def _paragraph(doc, lines: list[str], style: str | None = None):
    par = doc.add_paragraph(style=style)
    for k, line in enumerate(lines):
        if k:
            par.add_run().add_break()
        _add_runs(par, line)
    return par


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in line.split("|")]


def _table(doc, rows: list[list[str]]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    width = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for c, value in zip(cells, row + [""] * (width - len(row))):
            c.text = ""
            _add_runs(c.paragraphs[0], value)
        if i == 0:
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            head = OxmlElement("w:tblHeader")
            head.set(qn("w:val"), "true")
            tr_pr.append(head)


def convert(markdown: str, out: Path) -> Path:
    import docx

    doc = docx.Document()
    lines = markdown.splitlines()
    i = 0
    para: list[str] = []
    item: tuple[str, int, list[str]] | None = None  # (kind, depth, lines)

    def flush():
        nonlocal para, item
        if para:
            _paragraph(doc, para)
            para = []
        if item is not None:
            kind, depth, texts = item
            style = ("List Number" if kind == "number" else "List Bullet") + (f" {depth + 1}" if depth else "")
            _paragraph(doc, texts, style)
            item = None

    while i < len(lines):
        raw = lines[i]
        line = raw.rstrip()
        i += 1
        if not line.strip():
            flush()
            continue
        m = HEADING.match(line)
        if m:
            flush()
            doc.add_heading(re.sub(r"[*_]", "", m.group(2)), min(len(m.group(1)), 9))
            continue
        if line.lstrip().startswith("|"):
            flush()
            rows = [_cells(line)]
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not RULE.match(lines[i].strip()):
                    rows.append(_cells(lines[i]))
                i += 1
            _table(doc, rows)
            continue
        m = ITEM.match(line)
        if m:
            flush()
            depth = len(m.group(1).expandtabs(4)) // 2
            kind = "number" if m.group(2)[0].isdigit() else "bullet"
            item = (kind, min(depth, 2), [m.group(3).strip()])
            continue
        if item is not None and raw[:1] in (" ", "\t"):
            item[2].append(line.strip())  # an item's continuation line
            continue
        if item is not None:
            flush()
        para.append(line.strip())
    flush()
    out = Path(out)
    doc.save(str(out))
    return out
