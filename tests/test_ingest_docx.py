"""Word ingest on a generated BSP (tests/fixtures_bsp.py): every goal with its level, owner,
location and the goal above; indicators attached, never goals; background text left out; hostile
and broken files give a clear message; a folder run goes on past a broken file."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import fixtures_bsp as F
from malkoll.config import Config
from malkoll.ingest import IngestLog, InputError, read_sources


@pytest.fixture(scope="session")
def bsp():
    return F.generated("docx")


@pytest.fixture(scope="session")
def found(bsp):
    log = IngestLog()
    goals = list(read_sources([str(bsp.path)], Config(), log=log))
    return goals, log


def _match(goals, exp):
    hits = [g for g in goals if g.text == exp.text and g.source.location.startswith(exp.location)]
    assert len(hits) == 1, (exp.text, exp.location, [(g.text, g.source.location) for g in goals if g.text == exp.text])
    return hits[0]


def test_every_goal_found_once_with_level_owner_location(bsp, found):
    goals, _ = found
    assert len(goals) == len(bsp.goals) == 16
    by_id = {g.id: g for g in goals}
    for exp in bsp.goals:
        g = _match(goals, exp)
        assert g.level == exp.level, exp.text
        assert g.level_from == "document"
        assert g.owner == exp.owner and g.source.owner == exp.owner, exp.text
        assert g.source.file == str(bsp.path)
        parent = by_id[g.parent].text if g.parent else None
        if exp.level == "committee":  # the Koppling column decides
            assert parent == exp.parent, exp.text
        assert len(g.context_indicators) == exp.indicators, exp.text


def test_sample_goals_in_detail(found):
    goals, _ = found
    kf = next(g for g in goals if g.text.startswith("Alla barn och elever ska känna sig trygga"))
    assert kf.level == "overarching" and kf.owner == F.COUNCIL and "(1.2)" in kf.source.location
    assert kf.source.paragraph is not None and kf.source.label == "1.2" and kf.source.format == "docx"
    assert kf.context_indicators == ["Andel elever i åk 5 som känner sig trygga i skolan (N15613) – målvärde 95 %",
                                     "Andel elever i åk 9 som känner sig trygga i skolan (N15643) – målvärde 90 %"]
    bun = next(g for g in goals if g.text.startswith("Vi ska verka för en god arbetsmiljö"))
    assert bun.owner == "Barn- och utbildningsnämnden" and (bun.source.table, bun.source.row) == (1, 3)
    assert bun.source.location.startswith("tabell 1, rad 3")
    assert bun.source.heading_path[-2:] == ["Nämndmål", "Barn- och utbildningsnämnden"]
    assert bun.parent == kf.id
    assert bun.context_indicators == ["Antal beviljade bygglov inom tio veckor – målvärde: 120"]
    vision = goals[0]
    assert vision.text == F.VISION and vision.level == "vision" and vision.parent is None


def test_indicators_and_background_are_not_goals(bsp, found):
    goals, log = found
    texts = [g.text for g in goals]
    assert not any(t.lower().startswith(("indikator", "andel elever i åk", "antal beviljade")) for t in texts)
    assert not any("N15" in t or "U2" in t for t in texts)
    assert not any(t in F.INTRO or t in F.ECONOMY for t in texts)
    assert not any("Budget" in t or t.startswith("Barn- och utbildningsnämnden") for t in texts)
    rec = log.files[0]
    assert rec.status == "ok" and rec.goals == 16
    assert rec.indicators == bsp.indicators == 11
    assert rec.background >= 8  # intro, vision note, målområde prose, list introductions, economy, budget table


@pytest.fixture(scope="session")
def hostile(bsp):
    d = F._session_dir() / "hostile"
    d.mkdir(exist_ok=True)
    F.write_zip_bomb(d / "bomb.docx")
    F.write_entity_docx(bsp.path, d / "entities.docx")
    F.write_encrypted_office(d / "losenord.docx")
    F.write_corrupt(d / "trasig.docx")
    return d


@pytest.mark.parametrize("name,words", [
    ("bomb.docx", "zip-bomb"),
    ("entities.docx", "DOCTYPE/ENTITY"),
    ("losenord.docx", "lösenordsskyddad"),
    ("trasig.docx", "skadad"),
])
def test_hostile_and_broken_files_give_a_clear_message(hostile, name, words):
    with pytest.raises(InputError) as info:
        list(read_sources([str(hostile / name)], Config()))
    assert words in str(info.value) and name in str(info.value)
    assert "\n" not in str(info.value)


def test_gigantic_file_is_refused(monkeypatch, bsp):
    from malkoll.ingest import safety

    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="för stor"):
        list(read_sources([str(bsp.path)], Config()))


def test_folder_run_skips_broken_files_and_keeps_the_rest(hostile, bsp, tmp_path):
    folder = tmp_path / "inkorg"
    folder.mkdir()
    for name in ("bomb.docx", "trasig.docx", "losenord.docx"):
        (folder / name).write_bytes((hostile / name).read_bytes())
    (folder / "plan.docx").write_bytes(bsp.path.read_bytes())
    log = IngestLog()
    goals = list(read_sources([str(folder)], Config(), log=log))
    assert len(goals) == 16 and all(g.source.file.endswith("plan.docx") for g in goals)
    status = {Path(r.file).name: (r.status, r.reason) for r in log.files}
    assert status["plan.docx"] == ("ok", None)
    for name in ("bomb.docx", "trasig.docx", "losenord.docx"):
        assert status[name][0] == "skipped" and name in status[name][1]
    # without a log (a caller that does not collect records) the broken files stay visible as errors
    plain = list(read_sources([str(folder)], Config()))
    errors = [g for g in plain if g.error]
    assert len(plain) == 19 and len(errors) == 3
    assert {Path(g.source.file).name for g in errors} == {"bomb.docx", "trasig.docx", "losenord.docx"}


def test_cli_folder_run_reports_found_analyzed_and_skipped(hostile, bsp, tmp_path):
    folder = tmp_path / "mapp"
    folder.mkdir()
    (folder / "bomb.docx").write_bytes((hostile / "bomb.docx").read_bytes())
    (folder / "plan.docx").write_bytes(bsp.path.read_bytes())
    out = tmp_path / "rapport.json"
    proc = subprocess.run([sys.executable, "-m", "malkoll.cli", "check", str(folder), "--format", "json",
                           "--no-suggestions", "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    docs = {Path(d["file"]).name: d for d in data["documents"]}
    assert docs["bomb.docx"]["status"] == "skipped" and "zip-bomb" in docs["bomb.docx"]["reason"]
    plan = docs["plan.docx"]
    assert (plan["goals_found"], plan["goals_analyzed"], plan["indicators"]) == (16, 16, 11)
    assert data["summary"]["goals"] == 16
    assert all(g["source"]["file"].endswith("plan.docx") for g in data["goals"])


def test_cli_single_hostile_file_is_a_usage_error(hostile):
    proc = subprocess.run([sys.executable, "-m", "malkoll.cli", "check", str(hostile / "entities.docx")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "DOCTYPE/ENTITY" in proc.stderr and "Traceback" not in proc.stderr


def test_folder_with_two_plans_keeps_ids_unique_and_links_within_each_file(bsp, tmp_path):
    folder = tmp_path / "planer"
    folder.mkdir()
    (folder / "a.docx").write_bytes(bsp.path.read_bytes())
    (folder / "b.xlsx").write_bytes(F.generated("xlsx").path.read_bytes())
    goals = list(read_sources([str(folder)], Config()))
    assert len(goals) == 32
    ids = [g.id for g in goals]
    assert len(set(ids)) == 32
    by_id = {g.id: g for g in goals}
    for g in goals:
        if g.parent:
            assert by_id[g.parent].source.file == g.source.file
    b = [g for g in goals if g.source.file.endswith("b.xlsx")]
    assert b[0].id == "f2-g1" and b[4].parent == "f2-g3"


def test_progress_lines_in_logs(monkeypatch, capsys):
    from malkoll.batch import _Progress

    monkeypatch.delenv("MALKOLL_PROGRESS", raising=False)
    with _Progress(1500) as tick:
        for _ in range(1500):
            tick(1)
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "malkoll: 150/1500 mål granskade" and err[-1] == "malkoll: 1500/1500 mål granskade"
    assert len(err) == 10
    with _Progress(50) as tick:  # a short run in a log: nothing
        tick(50)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("variant", ["padded", "utf16"])
def test_entity_declaration_hidden_behind_padding_or_utf16_is_refused(bsp, tmp_path, variant):
    import zipfile

    bad = tmp_path / f"{variant}.docx"
    with zipfile.ZipFile(bsp.path) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                body = data.split(b"?>", 1)[1]
                if variant == "padded":  # 200 kB of comments before the DOCTYPE
                    data = (b'<?xml version="1.0" encoding="UTF-8"?>' + b"<!-- fyllnad -->" * 12_500
                            + b'<!DOCTYPE w:document [<!ENTITY a "ha">]>' + body)
                else:
                    data = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY a "ha">]>'
                            + body.decode("utf-8")).encode("utf-16")
            zout.writestr(info, data)
    with pytest.raises(InputError, match="DOCTYPE/ENTITY" if variant == "padded" else "UTF-16"):
        list(read_sources([str(bad)], Config()))


def test_oversized_xml_part_is_refused(monkeypatch, bsp):
    from malkoll.ingest import safety

    monkeypatch.setattr(safety, "MAX_XML_PART", 2000)
    with pytest.raises(InputError, match="word/document.xml.*för stor"):
        list(read_sources([str(bsp.path)], Config()))
