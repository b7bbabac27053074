"""A write-only .xlsx workbook written straight as SpreadsheetML: the parts openpyxl's write-only
mode writes (inline strings, cells left out where empty, the same three cell styles), without its
per-cell objects and style look-ups (~10x faster on a report of thousands of goals; openpyxl is not
imported). Only what the Excel report uses: sheets of rows, column widths, a frozen header row and
first column, an autofilter, bold and wrapped cells. Text that starts with '=' is text, never a
formula (every string is an inline string)."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

PLAIN, BOLD, WRAP = 0, 1, 2  # cell styles (cellXfs): default, bold font, wrapped and top-aligned
_ILLEGAL_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # as openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letter(i: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    out = ""
    while i > 0:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def clean(value):
    """A string without the control characters XML cannot hold (as openpyxl removes them)."""
    return _ILLEGAL_RE.sub("", value) if isinstance(value, str) else value


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    return text.replace(">", "&gt;") if ">" in text else text


def _style_attr(style: int) -> str:
    return f' s="{style}"' if style else ""


def _number(value) -> str:
    return "%.16g" % value if isinstance(value, float) else str(value)


class Sheet:
    """One worksheet: rows appended in order; a value None or "" leaves its cell out."""

    def __init__(self, title: str, widths: dict[int, float] | None = None, freeze: str | None = None,
                 autofilter: str | None = None):
        self.title, self.widths, self.freeze, self.autofilter = title, widths or {}, freeze, autofilter
        self._rows: list[str] = []
        self._letters: list[str] = [""]

    def append(self, values, style: int = PLAIN, text_style: int | None = None) -> None:
        """A row: `style` on every cell, or `text_style` on the text cells only (numbers plain)."""
        r = len(self._rows) + 1
        letters = self._letters
        while len(letters) <= len(values):
            letters.append(column_letter(len(letters)))
        text_s = _style_attr(style if text_style is None else text_style)
        other_s = _style_attr(style)
        cells = []
        for c, v in enumerate(values, start=1):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                text = _escape(_ILLEGAL_RE.sub("", v))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                cells.append(f'<c r="{letters[c]}{r}"{text_s} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{letters[c]}{r}"{other_s} t="b"><v>{int(v)}</v></c>')
            else:
                cells.append(f'<c r="{letters[c]}{r}"{other_s} t="n"><v>{_number(v)}</v></c>')
        self._rows.append(f'<row r="{r}">{"".join(cells)}</row>')

    def xml(self) -> str:
        if self.freeze:
            letters, digits = _split_ref(self.freeze)
            col = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters)))
            x, y = col - 1, int(digits) - 1
            pane = (f'<pane{f" xSplit={chr(34)}{x}{chr(34)}" if x else ""}{f" ySplit={chr(34)}{y}{chr(34)}" if y else ""} '
                    f'topLeftCell="{self.freeze}" activePane="bottomRight" state="frozen"/>'
                    '<selection pane="topRight"/><selection pane="bottomLeft"/>'
                    '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>')
        else:
            pane = '<selection activeCell="A1" sqref="A1"/>'
        cols = "".join(f'<col width="{_number(w)}" customWidth="1" min="{c}" max="{c}"/>'
                       for c, w in sorted(self.widths.items()))
        return (f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
                f'<pageSetUpPr/></sheetPr><sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
                f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
                f'<sheetData>{"".join(self._rows)}</sheetData>'
                f'{f"<autoFilter ref={chr(34)}{self.autofilter}{chr(34)}/>" if self.autofilter else ""}'
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')


_STYLES = (f'{_HEAD}<styleSheet xmlns="{_MAIN}"><numFmts count="0"/><fonts count="2"><font><name val="Calibri"/>'
           '<family val="2"/><sz val="11"/><scheme val="minor"/></font><font><b val="1"/></font></fonts>'
           '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1" xfId="0"/>'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" xfId="0">'
           '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def workbook_bytes(sheets: list[Sheet], compresslevel: int = 1) -> bytes:
    """The workbook as the bytes of an .xlsx file (deflated at `compresslevel`)."""
    now = datetime.now(tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1))
    types = (f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/styles.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             '<Override PartName="/docProps/core.xml" '
             'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
             '<Override PartName="/docProps/app.xml" '
             f'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>{sheet_types}</Types>')
    root_rels = (f'{_HEAD}<Relationships xmlns="{_PKG}">'
                 f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                 f'<Relationship Id="rId2" Type="{_PKG}/metadata/core-properties" Target="docProps/core.xml"/>'
                 f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
                 '</Relationships>')
    core = (f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Målkoll</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')
    app = (f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Microsoft Excel</Application></Properties>')
    entries = "".join(f'<sheet name="{_attr(s.title)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, start=1))
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{_attr(_quoted(s.title))}!{_absolute(s.autofilter)}</definedName>"
        for i, s in enumerate(sheets) if s.autofilter)
    book = (f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><bookViews><workbookView activeTab="0"/>'
            f'</bookViews><sheets>{entries}</sheets>{f"<definedNames>{names}</definedNames>" if names else ""}'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    book_rels = (f'{_HEAD}<Relationships xmlns="{_PKG}">'
                 + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                           for i in range(1, len(sheets) + 1))
                 + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("docProps/core.xml", core)
        z.writestr("docProps/app.xml", app)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        z.writestr("xl/styles.xml", _STYLES)
        for i, s in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", s.xml())
    return buf.getvalue()


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _split_ref(ref: str) -> tuple[str, str]:
    """"AF5001" -> ("AF", "5001")."""
    letters = ref.rstrip("0123456789")
    return letters, ref[len(letters):]


def _absolute(ref: str) -> str:
    """"A1:AF5001" -> "$A$1:$AF$5001"."""
    return ":".join("${}${}".format(*_split_ref(part)) for part in ref.split(":"))
