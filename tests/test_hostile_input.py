"""Hostile and broken input (issue 15): every attack file is built in the test; each test failed
before the fix it names (a freeze, a traceback, a lost batch, gigabytes of memory) and passes now.
No test measures seconds: cost is a ratio to a benign input in the same run, memory is the peak
of this process (the parent), which a read in a worker process must leave alone."""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile_files as H
from malkoll.config import Config
from malkoll.ingest import IngestLog, InputError, read_sources
from malkoll.ingest.safety import Budget

GOOD = "Andelen elever som är behöriga till gymnasiet ska öka till 90 procent senast 2027."


def cli(*args, stdin: bytes | None = None, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "malkoll.cli", *args], input=stdin, capture_output=True,
                          timeout=600, env={**os.environ, **(env or {})})


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- 1: super-linear patterns
def test_docx_paragraph_of_digits_costs_what_a_benign_paragraph_costs(tmp_path):
    """A 36 KB docx with a paragraph of 20,000 digits took 22 s (TARGET_RE, quadratic)."""
    attack = H.write(tmp_path / "siffror.docx", H.docx_digits(20_000))
    benign = H.write(tmp_path / "text.docx", H.minimal_docx(["Detta gäller " + "Fler läser. " * 1_666]))

    def cost(path):
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            list(read_sources([str(path)], Config(), budget=Budget(isolate=())))
            best = min(best, time.process_time() - t0)
        return best

    assert cost(attack) < 10 * cost(benign) + 0.05


# --------------------------------------------------------------------------- 2: zip bombs
@pytest.fixture(scope="module")
def many_headers(tmp_path_factory):
    return H.write(tmp_path_factory.mktemp("bomb") / "rubriker.docx", H.docx_many_headers(80, 4_900_000))


def test_zip_bomb_of_many_medium_parts_is_refused_before_parsing(many_headers):
    """80 header parts of 4.9 MB each, every part under the old 5 MB ratio floor and all together
    under the old 400 MB total: python-docx parsed them all (8.9 GB)."""
    before = peak_rss_mb()
    with pytest.raises(InputError) as info:
        list(read_sources([str(many_headers)], Config()))
    assert "zip-bomb" in str(info.value) and "\n" not in str(info.value)
    assert peak_rss_mb() - before < 200


def test_parts_within_every_byte_budget_are_stopped_by_the_workers_memory_limit(tmp_path):
    """What no check before parsing can bound: parts of ordinary ratio whose parse needs more
    memory than the budget. The worker stops; the reading process's memory stays where it was.
    (Run in a fresh process: a worker forked from this one could reuse its freed memory.)"""
    path = H.write(tmp_path / "stora-delar.docx", H.docx_many_headers(6, 4_900_000, random_text=True))
    code = f"""
import resource
from malkoll.config import Config
from malkoll.ingest import InputError, read_sources
from malkoll.ingest.safety import Budget
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    list(read_sources([{str(path)!r}], Config(), budget=Budget(memory_bytes=100 * 1024 * 1024)))
    print("read")
except InputError as exc:
    print(exc)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    message, growth_mb = proc.stdout.strip().splitlines()
    assert "minne" in message, proc.stdout + proc.stderr
    assert int(growth_mb) < 50


def test_budget_counts_parts_and_total_size(tmp_path):
    path = H.write(tmp_path / "plan.docx", H.minimal_docx())
    with pytest.raises(InputError, match="orimligt många delar"):
        list(read_sources([str(path)], Config(), budget=Budget(parts=5)))
    with pytest.raises(InputError, match="packas upp till"):
        list(read_sources([str(path)], Config(), budget=Budget(total_bytes=10_000)))
    assert [g.text for g in read_sources([str(path)], Config())] == [GOOD.replace("gymnasiet ", "")
                                                                      .replace("behöriga till ", "behöriga ")]


# --------------------------------------------------------------------------- 3: surrogates, invalid UTF-8
def test_latin1_on_stdin_is_read_not_a_traceback():
    proc = cli("check", "-", "-f", "json", "--no-suggestions", stdin=b"Vi ska verka f\xf6r en god kvalitet.\n")
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr and b"cp1252" in proc.stderr
    goal = json.loads(proc.stdout)["goals"][0]
    assert goal["text"] == "Vi ska verka för en god kvalitet." and goal["grade"] == "vague"


def test_text_argument_that_is_not_utf8_is_read():
    proc = subprocess.run([sys.executable.encode(), b"-m", b"malkoll.cli", b"check", b"-f", b"json", b"--no-suggestions",
                           b"--text", b"Vi ska verka f\xf6r en god kvalitet."], capture_output=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["goals"][0]["text"] == "Vi ska verka för en god kvalitet."


def test_lone_surrogate_in_jsonl_is_one_error_goal(tmp_path):
    path = tmp_path / "mal.jsonl"
    path.write_text(json.dumps({"text": GOOD}) + "\n" + '{"text": "M\\u00e5l \\ud800 ska \\u00f6ka."}\n'
                    + json.dumps({"text": "Vi ska verka för trygghet."}) + "\n", encoding="utf-8")
    proc = cli("check", str(path), "-f", "json", "--no-suggestions")
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr
    goals = json.loads(proc.stdout)["goals"]
    assert [g["error"] is None for g in goals] == [True, False, True]
    assert goals[1]["text"] == "Mål \ufffd ska öka." and "ogiltiga tecken" in goals[1]["error"]
    assert goals[0]["grade"] and goals[2]["grade"]


def test_analyze_many_with_a_surrogate_keeps_every_goal():
    from malkoll import analyze_many

    report = analyze_many([GOOD, "Mål \udcff ska öka.", {"text": "Vi ska verka för trygghet.", "owner": "Nämnd\ud800"}])
    assert [g.id for g in report.goals] == ["g1", "g2", "g3"]
    assert report.goals[0].grade and report.goals[2].grade and report.goals[1].error
    json.loads(report.model_dump_json())  # every field can be written


def test_file_name_that_is_not_utf8_does_not_break_json(tmp_path):
    name = os.fsdecode(b"m\xe5l.txt")  # Latin-1 'å' in a file name on a UTF-8 system
    (tmp_path / name).write_text(GOOD + "\n", encoding="utf-8")
    proc = cli("check", str(tmp_path), "-f", "json", "--no-suggestions")
    assert b"Traceback" not in proc.stderr, proc.stderr
    data = json.loads(proc.stdout)
    assert data["goals"][0]["source"]["file"].endswith("m\\xe5l.txt")


# --------------------------------------------------------------------------- 4: corrupt deflate data
@pytest.fixture(scope="module")
def corrupt(tmp_path_factory):
    d = tmp_path_factory.mktemp("trasiga")
    H.write(d / "flip.docx", H.flip_deflate_byte(H.minimal_docx(), "word/document.xml"))
    H.write(d / "flip.xlsx", H.flip_deflate_byte(H.minimal_xlsx(), "xl/worksheets/sheet1.xml"))
    return d


@pytest.mark.parametrize("name", ["flip.docx", "flip.xlsx"])
def test_one_flipped_deflate_byte_is_a_reader_error(corrupt, name):
    with pytest.raises(InputError) as info:
        list(read_sources([str(corrupt / name)], Config()))
    assert name in str(info.value) and "skadad" in str(info.value) or "kunde inte läsas" in str(info.value)
    proc = cli("check", str(corrupt / name))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().strip().count("\n") == 0  # one line


def test_folder_with_corrupt_files_reports_the_rest(corrupt, tmp_path):
    folder = tmp_path / "inkorg"
    folder.mkdir()
    for name in ("flip.docx", "flip.xlsx"):
        (folder / name).write_bytes((corrupt / name).read_bytes())
    (folder / "mal.txt").write_text(GOOD + "\n", encoding="utf-8")
    log = IngestLog()
    goals = list(read_sources([str(folder)], Config(), log=log))
    assert [g.text for g in goals] == [GOOD]
    status = {Path(r.file).name: r.status for r in log.files}
    assert status == {"flip.docx": "skipped", "flip.xlsx": "skipped", "mal.txt": "ok"}


def test_service_answers_corrupt_upload_and_surrogates_without_500(corrupt):
    from fastapi.testclient import TestClient

    from malkoll.service.main import create_app
    from malkoll.service.settings import Settings

    with TestClient(create_app(Settings(preload=False)), base_url="http://localhost") as client:
        for name in ("flip.docx", "flip.xlsx"):
            r = client.post("/v1/documents", files={"file": (name, (corrupt / name).read_bytes())})
            assert r.status_code == 422 and r.json()["code"] == "unreadable_document", r.text
        body = '{"goals": [{"text": "M\\u00e5l \\udcff ska \\u00f6ka."}, {"text": "Vi ska verka f\\u00f6r trygghet."}]}'
        r = client.post("/v1/analyze", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        goals = r.json()["goals"]
        assert goals[0]["error"] and goals[1]["grade"]


# --------------------------------------------------------------------------- 5: a page of heavy content streams
def test_pdf_page_of_megabytes_of_text_operators_is_skipped_with_its_reason(tmp_path):
    """A 127 KB PDF with 5 MB content streams took 111 s of CPU: a page whose content streams are
    larger than the budget's `page_content_bytes` is skipped (its reason in the file's record), and
    the page after it is read."""
    import zlib

    from fixtures_bsp import assemble_pdf

    op = b"(Vi ska verka f\xf6r en god kvalitet.) Tj 0 -1 Td "
    heavy = b"BT /F1 10 Tf 50 800 Td " + op * (3 * 1024 * 1024 // len(op)) + b"ET"
    light = b"BT /F1 10 Tf 50 800 Td (" + GOOD.encode("cp1252") + b") Tj ET"
    assert Budget().page_content_bytes < len(heavy)

    def stream(data: bytes) -> bytes:
        comp = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream"

    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 7 0 R >> >> >>")
    pdf = assemble_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                        page % 5, page % 6, stream(heavy), stream(light),
                        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"], 1)
    log = IngestLog()
    goals = list(read_sources([str(H.write(tmp_path / "tung.pdf", pdf))], Config(), log=log, budget=Budget()))
    assert [g.text for g in goals] == [GOOD]
    assert [(where.page, key) for where, key, _ in log.files[0].skipped] == [(1, "ingest.skipped.page_too_heavy")]


# --------------------------------------------------------------------------- 9: one decoding step
def test_one_cp1252_line_does_not_turn_a_utf8_file_into_mojibake(tmp_path):
    path = tmp_path / "blandat.txt"
    path.write_bytes("Målet ska nå 90 procent.\n".encode() + "Tryggheten ska öka.\n".encode("cp1252")
                     + "Fler ska läsa år 2027.\n".encode())
    log = IngestLog()
    goals = list(read_sources([str(path)], Config(), log=log))
    assert [g.text for g in goals] == ["Målet ska nå 90 procent.", "Tryggheten ska öka.", "Fler ska läsa år 2027."]
    assert log.files[0].warnings[0][0] == "1 rad är inte UTF-8 och lästes som Windows-1252 (cp1252): rad 2"


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".md", ".csv"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_text_files_with_a_byte_order_mark_are_read(tmp_path, suffix, encoding):
    text = {".txt": GOOD + "\n", ".jsonl": json.dumps({"text": GOOD}, ensure_ascii=False) + "\n",
            ".md": "# Nämndmål\n\n- " + GOOD + "\n", ".csv": "Mål;Ansvarig\n" + GOOD + ";Socialnämnden\n"}[suffix]
    path = tmp_path / f"mal{suffix}"
    path.write_bytes(text.encode(encoding))
    assert [g.text for g in read_sources([str(path)], Config())] == [GOOD]


def test_only_newlines_end_a_line(tmp_path):
    """Form feed, vertical tab and U+2028 split one goal into two and shifted line numbers."""
    path = tmp_path / "mal.txt"
    path.write_text("Fler ska läsa\fböcker år 2027.\nTryggheten\vska öka\u2028till 2027.\r\nSista målet ska nås.\rEtt till.\n",
                    encoding="utf-8")
    goals = list(read_sources([str(path)], Config()))
    assert [g.source.line for g in goals] == [1, 2, 3, 4]
    assert goals[1].text == "Tryggheten\vska öka\u2028till 2027."


# --------------------------------------------------------------------------- 7: reader errors per item
def test_deeply_nested_jsonl_line_is_one_error_goal(tmp_path):
    """A RecursionError on one line discarded the whole file."""
    path = H.write(tmp_path / "mal.jsonl", H.jsonl_nested())
    goals = list(read_sources([str(path)], Config()))
    assert [bool(g.error) for g in goals] == [False, True, False]
    assert goals[1].source.line == 2


def test_a_bad_jsonl_line_is_told_in_the_report_language(tmp_path):
    """The error goal of a bad JSONL line was Swedish in an English report."""
    from malkoll.batch import review

    path = H.write(tmp_path / "mal.jsonl", '{"text": "Fler ska cykla till jobbet."}\n{inte json\n'.encode())
    en = review([str(path)], config=Config(suggestions=False), lang="en").goals[1].error
    sv = review([str(path)], config=Config(suggestions=False), lang="sv").goals[1].error
    assert en.startswith("line 2: not a JSON object") and sv.startswith("rad 2: inte ett JSON-objekt")


def test_unreadable_folder_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    """An unreadable directory gave a PermissionError traceback (simulated: the tests may run as root)."""
    locked = tmp_path / "last"
    locked.mkdir()
    (locked / "mal.txt").write_text(GOOD + "\n", encoding="utf-8")
    real_scandir, real_listdir = os.scandir, os.listdir

    def deny(real):
        def call(path=".", *a):
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *a)
        return call

    monkeypatch.setattr(os, "scandir", deny(real_scandir))
    monkeypatch.setattr(os, "listdir", deny(real_listdir))
    with pytest.raises(InputError, match="kan inte läsa mappen"):
        list(read_sources([str(locked)], Config()))
    (tmp_path / "ok.txt").write_text(GOOD + "\n", encoding="utf-8")  # beside it, the rest is read
    assert [g.text for g in read_sources([str(tmp_path)], Config())] == [GOOD]


@pytest.mark.skipif(not hasattr(os, "geteuid") or (os.geteuid() == 0 and not shutil.which("setpriv")),
                    reason="needs a user that permissions apply to")
def test_cli_on_folders_it_may_not_read(tmp_path):
    """The CLI on a folder without read permission, a folder without search permission and a file
    inside one: a one-line message and exit 2 (before: a PermissionError traceback from the search
    for malkoll.toml)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="malkoll-perm-"))
    try:
        base.chmod(0o755)
        for name, mode in (("last", 0o000), ("utan-sok", 0o644)):
            (base / name).mkdir()
            (base / name / "mal.txt").write_text(GOOD + "\n", encoding="utf-8")
            (base / name).chmod(mode)
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        for target in (base / "last", base / "utan-sok", base / "utan-sok" / "mal.txt", base):
            proc = subprocess.run([*as_user, sys.executable, "-m", "malkoll.cli", "check", "--no-suggestions",
                                   str(target)], capture_output=True, timeout=600, cwd=tempfile.gettempdir())
            assert proc.returncode == 2 and b"Traceback" not in proc.stderr, (target, proc.stderr[-300:])
            assert proc.stderr.decode().strip().count("\n") == 0
    finally:
        for name in ("last", "utan-sok"):
            (base / name).chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_comment_before_doctype_does_not_hide_it(tmp_path):
    """The prolog scan stopped at the first '<' and a letter — also inside a comment, so
    `<!-- <a> -->` before the DOCTYPE hid the declaration."""
    import io
    import zipfile

    base = H.minimal_docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = (b'<?xml version="1.0" encoding="UTF-8"?><!-- <a> --><!DOCTYPE w:document '
                        b'[<!ENTITY a "ha">]>' + data.split(b"?>", 1)[1])
            zout.writestr(info, data)
    path = H.write(tmp_path / "kommentar.docx", out.getvalue())
    with pytest.raises(InputError, match="DOCTYPE/ENTITY"):
        list(read_sources([str(path)], Config()))


def test_junit_with_control_characters_is_valid_xml():
    import xml.etree.ElementTree as ET

    from malkoll import analyze_many
    from malkoll.renderers import render

    report = analyze_many(["Vi ska verka för\x0b en god\x0c kvalitet\x01 i skolan.", GOOD])
    xml = render(report, "junit", lang="sv")
    root = ET.fromstring(xml.encode("utf-8"))  # raises on characters XML 1.0 does not allow
    assert root.get("tests") == "2"


# --------------------------------------------------------------------------- 8: streaming output
def test_json_is_streamed_goal_by_goal_and_is_the_same_text(tmp_path):
    """-f json held the whole report (~40 kB a goal): it is written goal by goal now, byte for byte
    what rendering the whole report gives, while the report kept for the end is slim."""
    import io

    from malkoll import lint
    from malkoll.batch import review
    from malkoll.config import Config
    from malkoll.renderers import json_, render

    folder = tmp_path / "mapp"
    folder.mkdir()
    (folder / "a.md").write_text("# Nämndmål\n\n- " + GOOD + "\n- Vi ska verka för trygghet.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Fler ska läsa böcker.\n", encoding="utf-8")
    for paths, texts in (([str(folder)], []), ([], [GOOD])):
        out = io.StringIO()
        kept = lint.stream(json_, out, time.perf_counter(), paths, texts=texts, config=Config())
        whole = review(paths, texts=texts, config=Config())
        assert out.getvalue() == render(whole, "json"), paths or texts
        assert any(g.indicators for g in whole.goals) and not any(hasattr(g, "indicators") for g in kept.goals)
        assert json.loads(out.getvalue())["attribution"] == whole.attribution


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt,to_file", [("json", True), ("jsonl", True), ("json", False), ("text", False)])
def test_output_that_cannot_be_written_is_one_line_exit_2(fmt, to_file, tmp_path):
    src = tmp_path / "mal.txt"
    src.write_text(GOOD + "\n", encoding="utf-8")
    args = ["check", str(src), "-f", fmt, "--no-suggestions"] + (["-o", "/dev/full"] if to_file else [])
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "malkoll.cli", *args], stdout=full, stderr=subprocess.PIPE,
                              timeout=600)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr, proc.stderr[-500:]
    assert b"kan inte skriva" in proc.stderr


def test_pypdf_complaints_do_not_reach_stderr(tmp_path):
    """A PDF with a broken font encoding made pypdf print a 300-character log line per page."""
    pdf = H.pdf_with_content(b"BT /F1 10 Tf 50 800 Td (Andelen ska \xf6ka till 90 procent senast 2027.) Tj ET")
    pdf = pdf.replace(b"/Encoding /WinAnsiEncoding", b"/Encoding /WinAnsiEncodinX")
    path = H.write(tmp_path / "plan.pdf", pdf)
    proc = cli("check", str(path), "-f", "json", "--no-suggestions")
    lines = [ln for ln in proc.stderr.decode().splitlines() if ln.strip()]
    assert lines and all(ln.startswith("malkoll:") for ln in lines), lines


def test_streamed_report_keeps_no_state_per_goal(tmp_path):
    """Item 8: a stream kept each goal's slimmed report (~7 kB) for the summary, the exit rule and
    the cascade checks at the end. What the stream keeps now is folded goal by goal; of a goal only
    what the cascade checks read stays. Memory kept from 150 to 600 goals: ~0.7 kB a goal, most of
    it the goal's text (before: ~10.7 kB)."""
    import gc
    import tracemalloc

    from malkoll.batch import review

    texts = [json.loads(line)["text"].replace("\n", " ") for line in
             (Path(__file__).resolve().parents[1] / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]

    def kept(n: int) -> int:
        src = tmp_path / f"mal{n}.txt"
        def goal(i: int) -> str:  # every line its own goal (the same words, turned): no duplicates, no new words
            words = texts[i % len(texts)].split()
            k = (i // len(texts)) % len(words)
            return " ".join(words[k:] + words[:k])

        src.write_text("".join(goal(i) + "\n" for i in range(n)), encoding="utf-8")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        report = review([str(src)], on_goal=lambda g: None, slim=True, config=Config(suggestions=False, jobs=1))
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert report.summary.goals == n
        return after - before

    kept(600)  # the caches hold what these goals put in them
    small, large = kept(150), kept(600)
    assert (large - small) / 450 < 1500, (small, large)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "github"])
def test_stream_with_cascade_findings_is_the_same_text(fmt, tmp_path):
    """What a stream keeps for the end (the tally and the goals as the cascade checks read them)
    gives the same documents, cascade findings and lines as the whole report: a folder with a
    steering chain across two files, and one file with a hierarchy and a goal given twice."""
    import io

    import fixtures_chain as C
    from malkoll import lint
    from malkoll.batch import fails, review
    from malkoll.renderers import render, streaming

    C.write_docx(tmp_path / "kedja")
    one = tmp_path / "plan.md"
    one.write_text("# Kommunfullmäktiges mål\n\n- " + GOOD + "\n\n# Nämndmål\n\n- Vi ska verka för trygghet.\n"
                   "- Vi ska verka för trygghet.\n- Fler ska läsa böcker.\n", encoding="utf-8")
    for paths in ([str(tmp_path / "kedja")], [str(one)]):
        config = Config(suggestions=False)
        out = io.StringIO()
        kept = lint.stream(streaming(fmt), out, time.perf_counter(), paths, config=config)
        whole = review(paths, config=config)
        assert any(d.findings for d in whole.documents), paths
        expected = render(whole, fmt)
        if fmt == "jsonl":  # the last line carries the wall time
            expected, got = expected.rsplit("\n", 2)[0], out.getvalue().rsplit("\n", 2)[0]
        else:
            got = out.getvalue()
        assert got == expected, paths
        assert kept.summary == whole.summary and kept.documents == whole.documents
        for fail_on in ("suggestion", "warning", "error"):
            assert fails(kept, fail_on) == fails(whole, fail_on)
        assert lint.closing_note(kept, 1.0) == lint.closing_note(whole, 1.0)


def test_outline_of_a_hostile_document_gives_way(tmp_path, monkeypatch):
    """The soak: splitting the Markdown attack file into goals held the service's analysis thread
    ~1 s without a checkpoint, so one-goal requests waited. The outline now calls the caller's
    checkpoint between its steps; a checkpoint that stops the job (its deadline) stops the outline
    with the caller's own exception, not as a file that cannot be read."""
    from malkoll.batch import review
    from malkoll.outline import giveway

    monkeypatch.setattr(giveway, "EVERY", 0.0)  # every checkpoint, however fast the machine
    path = tmp_path / "regex.md"
    path.write_bytes(b"# a" + b" " * 3000 + b"x\n\n" + b"*a " * 20000 + b"\n\n" + b"[" * 20000 + b"\n")
    calls: list[int] = []
    review([str(path)], config=Config(suggestions=False), allow_empty=True, checkpoint=lambda: calls.append(1))
    assert len(calls) >= 10  # within the outline's walk, its prepass and its long paragraph, not once

    class Late(Exception):
        pass

    def stop():
        raise Late()

    with pytest.raises(Late):
        review([str(path)], config=Config(suggestions=False), allow_empty=True, checkpoint=stop)
