"""Fuzz targets for the readers (one per format), shared by tests/test_fuzz_readers.py (a few
examples each, in the suite) and benchmarks/fuzz_readers.py (as many as you like).

A target writes a mutated file and reads it the way `malkoll check FILE` does (reader, worker
process, outline). What may come out: goals (every one with text) or InputError with a one-line
message. Anything else — another exception, a message over several lines — is a finding.

Mutations are structure-aware where the format has structure: in an Office file one part's bytes
are changed and the file zipped again (random bytes in a zip mostly stop at its checksums), with
some runs on the raw zip; PDFs and text files are changed as bytes. The operations: flip a byte,
insert or delete a run, repeat a slice many times, and splice in a token that has hurt parsers
(DOCTYPE, CDATA, deep nesting, huge numbers, NUL, a BOM, lone surrogates as UTF-8-ish bytes).
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import strategies as st

TOKENS = [b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"<![CDATA[", b"]]>", b"&#0;", b"&a;", b"<" * 50, b"[" * 200,
          b"(" * 200, b"99999999999999999999", b"-1", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xed\xa0\x80",
          b"\r", b"\x0b\x0c", b"/Length 999999999", b"obj << /Type /Page", b"stream\n", b"endobj", b"{" * 100,
          b'{"text": ', b"\"", b"\xf6", b"# " + b" " * 300 + b"x", b"*a " * 50, b"KF-m\xc3\xa5l 1.1:"]
OPS = st.tuples(st.sampled_from(["flip", "insert", "delete", "repeat", "token"]), st.floats(0, 1),
                st.integers(1, 64), st.binary(max_size=16), st.sampled_from(TOKENS))
MUTATIONS = st.lists(OPS, min_size=1, max_size=6)
GOOD = "Andelen elever som är behöriga till gymnasiet ska öka till 90 procent senast 2027."


def _seed_docx() -> bytes:
    import hostile_files as H

    return H.minimal_docx([GOOD, "Vi ska verka för en god kvalitet i skolan.", "Indikator: Andel behöriga (N15428)"])


def _seed_xlsx() -> bytes:
    import hostile_files as H

    return H.minimal_xlsx()


def _seed_pdf() -> bytes:
    import hostile_files as H

    lines = [b"1 N\xe4mndm\xe5l", b"Andelen elever ska \xf6ka till 90 procent senast 2027.", b"- Vi ska verka f\xf6r trygghet."]
    ops = b"BT /F1 10 Tf 14 TL 50 800 Td " + b" ".join(b"(" + ln + b") Tj T*" for ln in lines) + b" ET"
    return H.pdf_with_content(ops)


SEEDS = {
    ".docx": _seed_docx,
    ".xlsx": _seed_xlsx,
    ".pdf": _seed_pdf,
    ".csv": lambda: ("Nr;Mål;Ansvarig;Indikator\n1.1;" + GOOD + ";Socialnämnden;Andel (%)\n").encode("cp1252"),
    ".md": lambda: ("# Nämndmål\n\n- " + GOOD + "\n  - Indikator: Andel (%)\n\n| Mål | Ansvarig |\n|---|---|\n| "
                    + GOOD + " | Socialnämnden |\n<!-- malkoll: ignore MK501 -->\n").encode(),
    ".txt": lambda: (GOOD + "\nVi ska verka för trygghet.\n").encode(),
    ".jsonl": lambda: (json.dumps({"text": GOOD, "id": "a", "level": "committee"}) + "\n"
                       + json.dumps({"text": "Vi ska verka för trygghet."}) + "\n").encode(),
}


def mutate_bytes(data: bytes, ops) -> bytes:
    buf = bytearray(data)
    for op, where, n, payload, token in ops:
        pos = int(where * len(buf)) if buf else 0
        if op == "flip" and buf:
            buf[min(pos, len(buf) - 1)] ^= (payload[0] if payload else 0xFF) or 0x01
        elif op == "insert":
            buf[pos:pos] = payload or b"\x00"
        elif op == "delete":
            del buf[pos:pos + n]
        elif op == "repeat":
            piece = bytes(buf[pos:pos + min(n, 16)]) or b"a"
            buf[pos:pos] = piece * (n * 8)
        else:
            buf[pos:pos] = token
    return bytes(buf)


def mutate(suffix: str, data: bytes, ops, raw: bool = False) -> bytes:
    """A mutated file of the format: for Office files one part changed and zipped again, unless `raw`."""
    if suffix not in (".docx", ".xlsx") or raw:
        return mutate_bytes(data, ops)
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        infos = zin.infolist()
        xml = [i for i in infos if i.filename.endswith(".xml")]
        target = xml[int(ops[0][1] * len(xml)) % len(xml)].filename
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in infos:
                body = zin.read(info)
                zout.writestr(info.filename, mutate_bytes(body, ops) if info.filename == target else body)
    return out.getvalue()


def read_as_the_cli_does(path: Path):
    """The target: goals, or InputError with a one-line message; any other outcome raises."""
    from malkoll.config import Config
    from malkoll.ingest import IngestLog, InputError, read_sources
    from malkoll.ingest.safety import Budget

    try:
        goals = list(read_sources([str(path)], Config(), log=IngestLog(),
                                  budget=Budget(cpu_seconds=20, memory_bytes=768 * 1024 * 1024)))
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).strip(), repr(str(exc))
        return "refused"
    for g in goals:
        assert isinstance(g.text, str)
        assert g.error is None or "\n" not in g.error
    return "read"
