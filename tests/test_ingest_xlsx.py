"""Excel and CSV ingest: a Stratsys-like export (tests/fixtures_bsp.py) with every goal found at its
row with level, owner and link; indicator rows attached, not goals; a sheet without goal columns
reported as skipped; hierarchical layouts; cp1252 CSVs; hostile workbooks."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

import fixtures_bsp as F
from malkoll.config import Config
from malkoll.ingest import IngestLog, InputError, read_sources


def _read(path, **kw):
    log = IngestLog()
    return list(read_sources([str(path)], Config(**kw), log=log)), log


def _check_against(fixture, goals, table_parent_of_kf):
    assert len(goals) == len(fixture.goals) == 16
    by_id = {g.id: g for g in goals}
    for exp, g in zip(fixture.goals, goals):  # rows come in order
        assert g.text == exp.text
        assert g.source.location.startswith(exp.location), (g.source.location, exp.location)
        assert g.source.column == 4 and g.source.label in (None, "1.1", "1.2", "2.1", "2.2", "3.1")
        assert (g.level, g.level_from) == (exp.level, "document"), exp.text
        assert g.owner == exp.owner, exp.text
        assert len(g.context_indicators) == exp.indicators, exp.text
        parent = by_id[g.parent].text if g.parent else None
        if exp.level == "committee":
            assert parent == exp.parent, exp.text
        if exp.level == "overarching":
            assert parent == table_parent_of_kf  # the vision row stands above in the flat table


@pytest.fixture(scope="session")
def xlsx_bsp():
    return F.generated("xlsx")


def test_xlsx_every_goal_at_its_row(xlsx_bsp):
    goals, log = _read(xlsx_bsp.path)
    _check_against(xlsx_bsp, goals, F.VISION)
    g = goals[4]
    assert g.source.location == "blad Mål och indikatorer, cell D13"
    assert (g.source.sheet, g.source.row, g.source.column) == ("Mål och indikatorer", 13, 4)
    assert g.source.location_text("en") == "sheet Mål och indikatorer, cell D13"
    assert g.owner == "Barn- och utbildningsnämnden"
    rec = log.files[0]
    assert rec.indicators == xlsx_bsp.indicators == 11
    assert not any(t.text.startswith(("Andel elever i åk", "Brukarbedömning")) for t in goals)


def test_xlsx_sheet_without_goal_columns_is_reported_skipped(xlsx_bsp):
    _, log = _read(xlsx_bsp.path)
    skipped = log.files[0].skipped
    from malkoll.ingest import where_text

    assert [where_text(w) for w, _, _ in skipped] == xlsx_bsp.skipped == ["blad Instruktioner"]
    from malkoll.batch import review

    doc = review([str(xlsx_bsp.path)], config=Config(suggestions=False)).documents[0]
    assert [(x.location, x.reason[:21]) for x in doc.skipped] == [("blad Instruktioner", "inga kolumner med mål")]
    doc_en = review([str(xlsx_bsp.path)], config=Config(suggestions=False), lang="en").documents[0]
    assert doc_en.skipped[0].location == "sheet Instruktioner" and doc_en.skipped[0].reason.startswith("no columns")


def test_xlsx_hierarchical_columns_repeated_parent_text(tmp_path):
    """KF-mål | Nämndmål | Indikator | Målvärde | Ansvarig, the KF text repeated on each row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nämndplan"
    ws.append(["KF-mål", "Nämndmål", "Indikator", "Målvärde", "Ansvarig"])
    kf1 = "Alla barn ska ha en trygg uppväxt senast 2030."
    kf2 = "Kommunens klimatpåverkan ska halveras till 2030."
    ws.append([kf1, "Andelen elever som känner sig trygga i skolan ska vara minst 90 procent 2027.",
               "Andel elever i åk 5 som känner sig trygga", "90 %", "Barn- och utbildningsnämnden"])
    ws.append([kf1, "", "Andel elever i åk 9 som känner sig trygga", "85 %", ""])
    ws.append([kf1, "Väntetiden till familjebehandling ska vara högst 14 dagar 2026.", "", "", "Socialnämnden"])
    ws.append([kf2, "Andelen fossilfria fordon ska vara 100 procent 2028.", "Andel miljöbilar", "100 %",
               "Kommunstyrelsen"])
    wb.save(tmp_path / "plan.xlsx")
    goals, log = _read(tmp_path / "plan.xlsx")
    assert [(g.text, g.level) for g in goals] == [
        (kf1, "overarching"),
        ("Andelen elever som känner sig trygga i skolan ska vara minst 90 procent 2027.", "committee"),
        ("Väntetiden till familjebehandling ska vara högst 14 dagar 2026.", "committee"),
        (kf2, "overarching"),
        ("Andelen fossilfria fordon ska vara 100 procent 2028.", "committee")]
    assert [g.parent for g in goals] == [None, "g1", "g1", None, "g4"]
    assert [g.owner for g in goals] == [None, "Barn- och utbildningsnämnden", "Socialnämnden", None, "Kommunstyrelsen"]
    assert goals[1].context_indicators == ["Andel elever i åk 5 som känner sig trygga – målvärde: 90 %",
                                           "Andel elever i åk 9 som känner sig trygga – målvärde: 85 %"]
    assert log.files[0].indicators == 3


def test_csv_cp1252_semicolon_like_swedish_excel():
    fixture = F.generated("csv")
    assert b"\xe5" in fixture.path.read_bytes()  # å in cp1252, not UTF-8
    goals, log = _read(fixture.path)
    _check_against(fixture, goals, F.VISION)
    assert goals[3].owner == "Barn- och utbildningsnämnden" and (goals[3].source.row, goals[3].source.column) == (9, 4)
    assert log.files[0].indicators == 11


def test_csv_utf8_with_bom_and_commas(tmp_path):
    fixture = F.write_bsp_csv(tmp_path / "export.csv", encoding="utf-8-sig", delimiter=",")
    goals, _ = _read(fixture.path)
    _check_against(fixture, goals, F.VISION)


def test_csv_without_goal_column_is_a_clear_error(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("Verksamhet;Budget 2026\nSocialnämnden;655\n", encoding="utf-8")
    with pytest.raises(InputError, match="hittar ingen kolumn med mål"):
        _read(path)


def test_csv_text_column_from_config(tmp_path):
    path = tmp_path / "mal.csv"
    path.write_text("Formulering;Ägare\nAlla elever ska nå målen senast 2027.;Barn- och utbildningsnämnden\n",
                    encoding="utf-8")
    goals, _ = _read(path, **{"text-column": ["formulering"]})
    assert [(g.text, g.owner) for g in goals] == [("Alla elever ska nå målen senast 2027.",
                                                   "Barn- och utbildningsnämnden")]


def test_xlsx_with_entity_declaration_is_refused(xlsx_bsp, tmp_path):
    bad = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(xlsx_bsp.path) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                if data.startswith(b"<?xml"):
                    head, rest = data.split(b"?>", 1)
                    data = head + b"?>" + doctype + rest
                else:
                    data = doctype + data
            zout.writestr(info, data)
    with pytest.raises(InputError, match="DOCTYPE/ENTITY"):
        _read(bad)


def test_xlsx_password_protected_and_corrupt(tmp_path):
    F.write_encrypted_office(tmp_path / "skyddad.xlsx")
    F.write_corrupt(tmp_path / "trasig.xlsx")
    with pytest.raises(InputError, match="lösenordsskyddad"):
        _read(tmp_path / "skyddad.xlsx")
    with pytest.raises(InputError, match="skadad"):
        _read(tmp_path / "trasig.xlsx")


def test_indicators_without_a_goal_above_are_indicator_targets(tmp_path):
    path = tmp_path / "malvarden.csv"
    path.write_text("Indikator;Målvärde 2027;Ansvarig\n"
                    "Andel elever i åk 9 som är behöriga till gymnasiet;90 %;Barn- och utbildningsnämnden\n"
                    "Väntetid till särskilt boende, dagar;60;Socialnämnden\n", encoding="utf-8")
    goals, log = _read(path)
    assert [(g.text, g.level, g.owner) for g in goals] == [
        ("Andel elever i åk 9 som är behöriga till gymnasiet – målvärde: 90 %", "indicator_target",
         "Barn- och utbildningsnämnden"),
        ("Väntetid till särskilt boende, dagar – målvärde: 60", "indicator_target", "Socialnämnden")]
    assert log.files[0].indicators == 0


def test_fast_reader_reads_like_openpyxl(xlsx_bsp, tmp_path):
    """The lxml reader and openpyxl give the same cells, also with inline strings, numbers and gaps."""
    from pathlib import Path

    from malkoll.ingest import xlsx

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad 1"
    ws.append(["Nr", "Mål", "Ansvarig", "Målvärde", "Indikator"])
    ws.append([1, "Alla elever ska nå målen senast 2027.", "Barn- och utbildningsnämnden", 0.9, "Andel elever"])
    ws.append([])
    ws.append([2.5, "Sjukfrånvaron ska vara högst 6 procent 2027.", "Kommunstyrelsen", None, "Sjukfrånvaro, procent"])
    ws["B6"] = '=CONCATENATE("Fler ", "ska")'  # a formula without a cached value: no text, no goal
    wb.save(tmp_path / "blandat.xlsx")

    def cells(path, fast):
        out = []
        for name, rows in xlsx.sheets(Path(path), fast=fast):
            filled = [[(c.text, c.where) for c in row if c.text] for row in rows] if rows is not None else None
            out.append((name, [r for r in filled if r] if filled is not None else None))  # empty rows aside
        return out

    for path in (xlsx_bsp.path, tmp_path / "blandat.xlsx"):
        assert cells(path, True) == cells(path, False)
    goals, _ = _read(tmp_path / "blandat.xlsx")
    assert [g.source.location for g in goals] == ["blad Blad 1, cell B2 (1)", "blad Blad 1, cell B4 (2.5)"]
    assert goals[0].context_indicators == ["Andel elever – målvärde: 0.9"]
