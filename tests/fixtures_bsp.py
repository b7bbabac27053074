"""Generated test fixtures: budget and strategy plans (BSP, "Mål och budget") as .docx, .xlsx, .csv
and .pdf with a realistic structure — a vision, målområden with background text, KF-mål with
indicators and målvärden, nämndmål per nämnd in tables with a Koppling column, common nämndmål,
financial goals, an economic overview — plus large and hostile files for the benchmark and the
robustness tests. Every writer returns the goals a correct reader must find (text, level, owner,
location, the goal above, the number of attached indicators), so tests assert against the
specification, not against the reader's own output.

The planted cascade problems (asserted in tests/test_cascade.py):
- "Andelen brukare som är nöjda med bemötandet …" (Socialnämnden) links to no KF-mål;
- KF-mål 2.2 "Fler äldre ska kunna bo kvar hemma …" is served by no nämndmål or indicator;
- the nämndmål about arbetsmiljö has an indicator about bygglov (does not measure the goal);
- "Andelen resor med kollektivtrafik …" stands twice (Samhällsbyggnadsnämnden, Kommunstyrelsen);
- the common goal about sjukfrånvaro has no owner anywhere (and links to nothing).
"""
from __future__ import annotations

import atexit
import functools
import io
import shutil
import struct
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

VISION = "Exempelby 2035 – en trygg och hållbar kommun där alla kan växa."
TITLE = "Mål och budget 2026–2028 för Exempelby kommun"

INTRO = [
    "Mål och budget är kommunens övergripande styrdokument för de kommande tre åren. Dokumentet beskriver "
    "vilka mål kommunfullmäktige har satt upp, hur resurserna fördelas mellan nämnderna och vilka "
    "förutsättningar som gäller för planeringen. Nämnderna ska utifrån dokumentet ta fram egna nämndplaner.",
    "Kommunen ska enligt kommunallagen ha en god ekonomisk hushållning, och fullmäktige ska därför besluta om "
    "finansiella mål och verksamhetsmål som är av betydelse för detta. Målen följs upp i delårsrapporten och "
    "i årsredovisningen, där nämnderna redovisar hur de har bidragit till måluppfyllelsen.",
]

# (area name, background prose, KF goals [(nr, text, [(indicator, target)])],
#  nämndmål {owner: [(text, ref or None, [(indicator, target)])]})
AREAS = [
    ("Barn och unga",
     "Målområdet omfattar förskola, grundskola, gymnasieskola och fritid. Under perioden väntas elevantalet "
     "öka, vilket ställer krav på lokaler och kompetensförsörjning. Nämnderna beskriver i sina planer hur de "
     "bidrar till målen.",
     [("1.1", "Andelen elever i årskurs 9 som är behöriga till gymnasiets yrkesprogram ska öka från 82 till "
              "90 procent senast 2027.",
       [("Andel elever i åk 9 som är behöriga till yrkesprogram, hemkommun (N15428)", "90 %")]),
      ("1.2", "Alla barn och elever ska känna sig trygga i förskolan och skolan.",
       [("Andel elever i åk 5 som känner sig trygga i skolan (N15613)", "95 %"),
        ("Andel elever i åk 9 som känner sig trygga i skolan (N15643)", "90 %")])],
     {"Barn- och utbildningsnämnden": [
         ("Andelen elever i årskurs 6 med lägst betyget E i alla ämnen ska öka till 85 procent senast 2027.", "1.1",
          [("Andel elever i åk 6 med lägst betyget E i alla ämnen, kommunala skolor", "85 %")]),
         ("Vi ska verka för en god arbetsmiljö i skolan.", "1.2",
          [("Antal beviljade bygglov inom tio veckor", "120")]),
     ]}),
    ("Vård och omsorg",
     "Andelen invånare över 80 år ökar snabbt. Det kräver nya arbetssätt i hemtjänsten och på de särskilda "
     "boendena. Välfärdsteknik och förebyggande insatser är viktiga delar i arbetet.",
     [("2.1", "Brukarnas nöjdhet med hemtjänsten ska vara minst 90 procent år 2027.",
       [("Brukarbedömning hemtjänst äldreomsorg – helhetssyn (U21468)", "90 %")]),
      ("2.2", "Fler äldre ska kunna bo kvar hemma med god livskvalitet.", [])],
     {"Socialnämnden": [
         ("Väntetiden från ansökan till erbjudet boende på särskilt boende ska vara högst 60 dagar senast 2026.",
          "2.1", [("Väntetid i antal dagar från ansökningsdatum till erbjudet inflyttningsdatum till SÄBO (U23471)",
                   "60 dagar")]),
         ("Andelen brukare som är nöjda med bemötandet i hemtjänsten ska vara minst 95 procent 2027.", None,
          [("Brukarbedömning hemtjänst äldreomsorg – bemötande", "95 %")]),
     ]}),
    ("Hållbar samhällsutveckling",
     "Klimatomställningen påverkar hela kommunens verksamhet. Kommunen har antagit en klimatstrategi som "
     "pekar ut transporter och energi som de viktigaste områdena.",
     [("3.1", "Koldioxidutsläppen från kommunens verksamhet ska minska med 50 procent till 2030 jämfört med 2020.",
       [("Utsläpp till luft av växthusgaser, ton CO2-ekvivalenter per invånare (N85533)", "2,0")])],
     {"Samhällsbyggnadsnämnden": [
         ("Andelen resor med kollektivtrafik ska öka till 25 procent senast 2030.", "3.1",
          [("Andel resor med kollektivtrafik av alla resor i kommunen", "25 %")]),
      ],
      "Kommunstyrelsen": [
         ("Andelen resor med kollektivtrafik ska öka till 25 procent senast 2030.", "3.1", []),
         ("Kommunens fordonsflotta ska vara fossilfri senast 2030.", "3.1",
          [("Andel miljöbilar i kommunorganisationen (N00413)", "100 %")]),
      ]}),
]
# The owner the document gives its KF goals (a heading "Kommunfullmäktiges mål", a lead-in
# "Kommunfullmäktige har beslutat om …", the Ansvarig column): the council, which is not an owner
# below the whole organisation, so it does not satisfy the owner dimension of the analysis.
COUNCIL = "Kommunfullmäktige"
COMMON_GOAL = "Sjukfrånvaron bland kommunens medarbetare ska vara högst 6 procent år 2027."
FINANCIAL = [
    "Årets resultat ska uppgå till minst 2 procent av skatteintäkter och generella statsbidrag.",
    "Investeringarna ska till minst 60 procent finansieras med egna medel under planperioden.",
]
ECONOMY = [
    "Skatteintäkterna beräknas öka med 3,1 procent under 2026 enligt SKR:s senaste prognos. Kostnaderna för "
    "pensioner ökar samtidigt, och nämnderna ska därför prioritera inom given ram.",
]
BUDGET_TABLE = [["Verksamhet", "Budget 2026 (mnkr)", "Plan 2027 (mnkr)"],
                ["Barn- och utbildningsnämnden", "812,4", "830,1"],
                ["Socialnämnden", "655,0", "671,8"],
                ["Samhällsbyggnadsnämnden", "140,2", "142,0"]]


@dataclass
class Expected:
    """One goal as a correct reader must report it."""
    text: str
    level: str
    owner: str | None
    location: str
    parent: str | None = None  # the text of the goal above
    indicators: int = 0


@dataclass
class Fixture:
    path: Path
    goals: list[Expected]
    indicators: int  # indicator lines/rows that must be attached, not analyzed
    skipped: list[str] = field(default_factory=list)  # locations that must be reported as skipped

    def by_text(self, text: str) -> list[Expected]:
        return [g for g in self.goals if g.text == text]


def _kf_text(area_index: int, nr: str) -> str:
    return next(t for n, t, _ in AREAS[area_index][2] if n == nr)


def _kf_by_nr() -> dict[str, str]:
    return {nr: text for _, _, kfs, _ in AREAS for nr, text, _ in kfs}


def _ind(text: str, target: str) -> str:
    return f"{text} – målvärde {target}"


# --- Word ----------------------------------------------------------------------------------------
def write_bsp_docx(path: Path) -> Fixture:
    import docx

    doc = docx.Document()
    goals: list[Expected] = []
    n_ind = 0
    kf = _kf_by_nr()

    def para(text: str, style: str | None = None) -> str:
        doc.add_paragraph(text, style=style)
        return f"stycke {len(doc.paragraphs)}"

    def heading(text: str, level: int) -> None:
        doc.add_heading(text, level)

    doc.add_heading(TITLE, 0)
    heading("Inledning", 1)
    for p in INTRO:
        para(p)
    heading("Vision", 1)
    goals.append(Expected(VISION, "vision", None, para(VISION)))
    para("Visionen antogs av kommunfullmäktige 2022 och gäller till och med 2035 och ligger till grund för alla "
         "nämnders planering, uppföljning och budgetarbete under hela perioden fram till dess.")
    heading("Målområden och kommunfullmäktiges mål", 1)
    para("Fullmäktige har beslutat om tre målområden som gäller för hela mandatperioden. Inom varje målområde "
         "finns kommunfullmäktiges mål, och nämnderna bryter ned dem i nämndmål med indikatorer och målvärden.")
    n_table = 0
    for k, (area, prose, kfs, committees) in enumerate(AREAS, start=1):
        heading(f"Målområde {k}: {area}", 2)
        para(prose)
        para("Kommunfullmäktige har beslutat om följande mål för målområdet:")
        for nr, text, inds in kfs:
            loc = para(f"KF-mål {nr}: {text}", "List Number")
            goals.append(Expected(text, "overarching", COUNCIL, loc, None, len(inds)))
            for ind, target in inds:
                para(f"Indikator: {_ind(ind, target)}", "List Bullet 2")
                n_ind += 1
        heading("Nämndmål", 3)
        for owner, items in committees.items():
            heading(owner, 4)
            table = doc.add_table(rows=1, cols=4)
            n_table += 1
            for cell, name in zip(table.rows[0].cells, ["Nämndmål", "Indikator", "Målvärde 2027", "Koppling till KF-mål"]):
                cell.text = name
            row_no = 1
            for text, ref, inds in items:
                cells = table.add_row().cells
                row_no += 1
                cells[0].text = text
                cells[3].text = ref or ""
                if inds:
                    cells[1].text, cells[2].text = inds[0]
                goals.append(Expected(text, "committee", owner, f"tabell {n_table}, rad {row_no}",
                                      kf.get(ref) if ref else None, len(inds)))
                for ind, target in inds[1:]:
                    cells = table.add_row().cells
                    row_no += 1
                    cells[1].text, cells[2].text = ind, target
                n_ind += len(inds)
    heading("Gemensamma nämndmål", 1)
    para("Alla nämnder och styrelser arbetar med följande gemensamma mål:")
    goals.append(Expected(COMMON_GOAL, "committee", None, para(COMMON_GOAL, "List Bullet")))
    heading("Finansiella mål", 1)
    for text in FINANCIAL:
        goals.append(Expected(text, "financial", None, para(text, "List Bullet")))
    heading("Ekonomisk översikt", 1)
    for p in ECONOMY:
        para(p)
    table = doc.add_table(rows=0, cols=3)
    for row in BUDGET_TABLE:
        cells = table.add_row().cells
        for c, v in zip(cells, row):
            c.text = v
    doc.save(str(path))
    return Fixture(path, goals, n_ind)


# --- Excel (a Stratsys-like export) and CSV ----------------------------------------------------
XLSX_HEADER = ["Nivå", "Nr", "Målområde", "Mål", "Ansvarig", "Indikator", "Målvärde 2027", "Utfall 2024",
               "Kopplat till", "Kommentar"]


def bsp_rows() -> tuple[list[list], list[tuple[int, Expected]], int]:
    """Data rows (after the header) and the expected goals with their row index among them."""
    rows: list[list] = []
    expected: list[tuple[int, Expected]] = []
    n_ind = 0
    kf = _kf_by_nr()

    def add(row: list) -> int:
        rows.append(row + [""] * (len(XLSX_HEADER) - len(row)))
        return len(rows) - 1

    expected.append((add(["Vision", "", "", VISION]), Expected(VISION, "vision", None, "")))
    for k, (area, _prose, kfs, committees) in enumerate(AREAS, start=1):
        add(["Målområde", str(k), area])
        for nr, text, inds in kfs:
            i = add(["KF-mål", nr, area, text, COUNCIL])
            expected.append((i, Expected(text, "overarching", COUNCIL, "", None, len(inds))))
            for ind, target in inds:
                add(["Indikator", "", area, "", "", ind, target, "78 %"])
                n_ind += 1
        for owner, items in committees.items():
            for text, ref, inds in items:
                i = add(["Nämndmål", "", area, text, owner, "", "", "", ref or "", "Beslutat i nämnden"])
                expected.append((i, Expected(text, "committee", owner, "", kf.get(ref) if ref else None, len(inds))))
                for ind, target in inds:
                    add(["Indikator", "", area, "", owner, ind, target, ""])
                    n_ind += 1
    i = add(["Nämndmål", "", "", COMMON_GOAL, "", "", "", "", "", "Gäller alla nämnder"])
    expected.append((i, Expected(COMMON_GOAL, "committee", None, "")))
    for text in FINANCIAL:
        i = add(["Finansiellt mål", "", "", text, "Kommunstyrelsen"])
        expected.append((i, Expected(text, "financial", "Kommunstyrelsen", "")))
    return rows, expected, n_ind


def write_bsp_xlsx(path: Path) -> Fixture:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mål och indikatorer"
    ws.append([TITLE])
    ws.append([])
    ws.append(XLSX_HEADER)
    rows, expected, n_ind = bsp_rows()
    for row in rows:
        ws.append(row)
    info = wb.create_sheet("Instruktioner")
    info.append(["Så här fyller du i mallen"])
    info.append(["Skriv ett mål per rad. Indikatorer skrivs på egen rad under målet de hör till."])
    goals = []
    for i, exp in expected:
        exp.location = f"blad Mål och indikatorer, cell D{i + 4}"
        goals.append(exp)
    wb.save(str(path))
    return Fixture(path, goals, n_ind, skipped=["blad Instruktioner"])


def write_bsp_csv(path: Path, encoding: str = "cp1252", delimiter: str = ";") -> Fixture:
    rows, expected, n_ind = bsp_rows()
    lines = [delimiter.join(XLSX_HEADER)]
    for row in rows:
        lines.append(delimiter.join(_csv_cell(str(v), delimiter) for v in row))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    goals = []
    for i, exp in expected:
        exp.location = f"rad {i + 2}"
        goals.append(exp)
    return Fixture(path, goals, n_ind)


def _csv_cell(v: str, delimiter: str) -> str:
    if delimiter in v or '"' in v or "\n" in v:
        return '"' + v.replace('"', '""') + '"'
    return v


# --- PDF (text extractable; a minimal writer, Helvetica with WinAnsiEncoding) --------------------
def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def write_pdf(path: Path, pages: list[list[str]]) -> None:
    objects: list[bytes] = []

    def obj(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # reserved after the page objects
    page_ids = []
    for lines in pages:
        ops = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines:
            ops.append(b"(" + _pdf_escape(line) + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = obj(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(obj(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)))
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert obj(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)) == pages_id
    catalog = obj(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    path.write_bytes(assemble_pdf(objects, catalog))


def assemble_pdf(objects: list[bytes], root: int) -> bytes:
    """A PDF file of numbered objects (1 …) with its cross-reference table; `root` is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def write_bsp_pdf(path: Path) -> Fixture:
    """A short plan as a PDF: numbered headings, a vision, KF goals as bullets with indicators, prose."""
    lines_p1 = [TITLE, "", "1 Inledning"]
    lines_p1 += _wrap(INTRO[0]) + [""]
    lines_p1 += ["2 Vision", VISION, "", "3 Kommunfullmäktiges mål"]
    goals = [Expected(VISION, "vision", None, "sida 1")]
    n_ind = 0
    for k, (area, prose, kfs, _c) in enumerate(AREAS[:2], start=1):
        lines_p1 += [f"3.{k} Målområde {k}: {area}"]
        lines_p1 += _wrap(prose) + [""]
        for nr, text, inds in kfs:
            lines_p1 += [f"• KF-mål {nr}: {text}"]
            goals.append(Expected(text, "overarching", COUNCIL, "sida 1", None, len(inds)))
            for ind, target in inds:
                lines_p1 += [f"– Indikator: {_ind(ind, target)}"]
                n_ind += 1
    lines_p2 = ["4 Nämndmål", "Socialnämnden"]
    for text, _ref, _inds in AREAS[1][3]["Socialnämnden"]:
        lines_p2 += [f"• {text}"]
        goals.append(Expected(text, "committee", "Socialnämnden", "sida 2"))
    lines_p2 += ["", "5 Ekonomisk översikt"] + _wrap(ECONOMY[0])
    write_pdf(path, [lines_p1, lines_p2])
    return Fixture(path, goals, n_ind)


def _wrap(text: str, width: int = 95) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return out + ([line] if line else [])


# --- large inputs for the benchmark -----------------------------------------------------------
GOAL_TEMPLATES = [
    "Andelen {who} som {what} ska öka från {a} till {b} procent senast {year}.",
    "Vi ska verka för en god {thing} inom {area}.",
    "Väntetiden för {thing} ska vara högst {d} dagar senast {year}.",
    "Fler {who} ska {what}.",
    "{Owner} ska minska kostnaden per {unit} med {p} procent till {year}.",
]
WHO = ["elever i årskurs 9", "brukare i hemtjänsten", "invånare", "medarbetare", "företagare", "besökare"]
WHAT = ["är nöjda med verksamheten", "känner sig trygga", "når kunskapskraven", "reser kollektivt",
        "deltar i föreningslivet", "har en fast kontakt"]
THINGS = ["kvalitet", "service", "arbetsmiljö", "tillgänglighet", "bygglovshantering", "livsmedelskontroll"]
OWNERS = ["Barn- och utbildningsnämnden", "Socialnämnden", "Samhällsbyggnadsnämnden", "Kultur- och fritidsnämnden",
          "Kommunstyrelsen", "Miljö- och byggnadsnämnden", "Tekniska nämnden", "Överförmyndarnämnden"]


def synthetic_goal(i: int) -> str:
    t = GOAL_TEMPLATES[i % len(GOAL_TEMPLATES)]
    return t.format(who=WHO[i % 6], what=WHAT[(i // 6) % 6], a=50 + i % 30, b=82 + i % 15, year=2026 + i % 5,
                    thing=THINGS[(i // 5) % 6], area=f"verksamhetsområde {i % 40 + 1}", d=10 + i % 80,
                    Owner=OWNERS[i % 8], unit=["brukare", "elev", "ärende", "invånare"][i % 4], p=2 + i % 9)


def synthetic_indicator(i: int) -> str:
    """An indicator for synthetic_goal(i); the vague template gets one that measures something else."""
    k = i % len(GOAL_TEMPLATES)
    if k in (0, 3):
        return f"Andel {WHO[i % 6]} som {WHAT[(i // 6) % 6]}"
    if k == 2:
        return f"Väntetid i dagar för {THINGS[(i // 5) % 6]}"
    if k == 4:
        return f"Kostnad per {['brukare', 'elev', 'ärende', 'invånare'][i % 4]}, kronor"
    return "Antal inkomna synpunkter"


def write_large_xlsx(path: Path, n_goals: int = 5000) -> int:
    """A Stratsys-like export with n_goals goals (KF-mål and nämndmål) and an indicator row under each."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Mål")
    ws.append(XLSX_HEADER)
    n_kf = max(1, n_goals // 25)
    made = 0
    k = 0
    while made < n_goals:
        k += 1
        ws.append(["KF-mål", f"{k}", f"Område {k % 7 + 1}", synthetic_goal(made) + f" (KF {k})", "Kommunstyrelsen"])
        made += 1
        ws.append(["Indikator", "", "", "", "", synthetic_indicator(made - 1), "90 %", "80 %"])
        for j in range(min(24, n_goals - made)):
            ws.append(["Nämndmål", "", "", synthetic_goal(made) + f" ({k}.{j + 1})", OWNERS[made % 8],
                       "", "", "", f"{k}"])
            made += 1
            ws.append(["Indikator", "", "", "", "", synthetic_indicator(made - 1), f"{80 + j} %", ""])
    del n_kf
    wb.save(str(path))
    return made


def write_long_docx(path: Path, pages: int = 300) -> int:
    """About `pages` pages: per page a heading, background prose and goals with indicators. Returns goals."""
    import docx

    doc = docx.Document()
    doc.add_heading("Nämndplan (syntetisk, för prestandamätning)", 0)
    n = 0
    prose = " ".join([INTRO[0]] * 2)
    for p in range(pages):
        doc.add_heading(f"{OWNERS[p % 8]}", 1)
        doc.add_heading("Nämndmål", 2)
        doc.add_paragraph(prose)
        for j in range(4):
            doc.add_paragraph(synthetic_goal(n) + f" (sida {p + 1})", style="List Number")
            n += 1
            doc.add_paragraph(f"Indikator: {synthetic_indicator(n - 1)} – målvärde 90 %", style="List Bullet 2")
        doc.add_paragraph(prose)
        doc.add_paragraph(prose)
    doc.save(str(path))
    return n


# --- hostile and broken files -------------------------------------------------------------------
def write_zip_bomb(path: Path, megabytes: int = 600) -> None:
    """A .docx-named zip whose one member inflates from ~600 kB to `megabytes` MB of zeros."""
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)


def write_entity_docx(src_docx: Path, path: Path) -> None:
    """A valid .docx whose document.xml declares a billion-laughs entity."""
    bomb = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY a "ha">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')
    with zipfile.ZipFile(src_docx) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = bomb + data.split(b"?>", 1)[1].lstrip()
            zout.writestr(info, data)


def write_encrypted_office(path: Path) -> None:
    """What Word saves for a password-protected file: an OLE2 compound file, not a zip."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HH", 0x3E, 0x3) + b"\xfe\xff"
    path.write_bytes(header + b"\0" * (4096 - len(header)) + "EncryptedPackage".encode("utf-16-le"))


def write_corrupt(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" + b"\x00" * 100)


# --- generated once per test session -----------------------------------------------------------
_WRITERS = {"docx": write_bsp_docx, "xlsx": write_bsp_xlsx, "csv": write_bsp_csv, "pdf": write_bsp_pdf}


@functools.lru_cache(maxsize=None)
def _session_dir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="malkoll-bsp-"))
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    return d


@functools.lru_cache(maxsize=None)
def generated(kind: str) -> Fixture:
    """The BSP fixture of one kind (docx, xlsx, csv, pdf), written once per test session."""
    return _WRITERS[kind](_session_dir() / f"mal-och-budget.{kind}")


@functools.lru_cache(maxsize=None)
def analyzed(kind: str, suggestions: bool = False):
    """The batch Report of one fixture, analyzed once per test session."""
    from malkoll.batch import check_paths
    from malkoll.config import Config

    return check_paths([str(generated(kind).path)], Config(suggestions=suggestions))
