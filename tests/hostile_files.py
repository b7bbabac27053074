"""Attack files of issue 15, built in the tests (and by benchmarks/soak_service.py): each is the
shape that broke a reader or the service, small enough to build in a fraction of a second."""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"


def minimal_docx(paragraphs: list[str] | None = None) -> bytes:
    """A valid .docx (python-docx) with the given paragraphs under a goal heading."""
    import docx

    doc = docx.Document()
    doc.add_heading("Nämndmål", 1)
    for p in paragraphs or ["Andelen elever som är behöriga ska öka till 90 procent senast 2027."]:
        doc.add_paragraph(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_many_headers(parts: int = 80, part_bytes: int = 4_900_000, random_text: bool = False) -> bytes:
    """Item 2: a .docx with `parts` header parts of `part_bytes` each (highly compressible XML,
    every part under the old 5 MB ratio floor and all together under the old 400 MB total).
    python-docx parses every part: 80 x 4.9 MB took 8.9 GB. With `random_text` the parts compress
    like ordinary text (no ratio check can tell them from a real document)."""
    import random

    base = minimal_docx()
    if random_text:
        rnd = random.Random(15)
        words = [bytes(rnd.choices(b"abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9))) for _ in range(5000)]
        body = b"".join(b"<w:p><w:r><w:t>" + b" ".join(rnd.choices(words, k=30)) + b"</w:t></w:r></w:p>"
                        for _ in range(part_bytes // 240))
    else:
        run = b"<w:p><w:r><w:t>" + b"a" * 200 + b"</w:t></w:r></w:p>"
        body = run * (part_bytes // len(run))
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}">'.encode()
              + body + b"</w:hdr>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                rels = "".join(f'<Relationship Id="rIdH{i}" Type="{HEADER_REL}" Target="header{i}.xml"/>'
                               for i in range(parts))
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                cts = "".join(f'<Override PartName="/word/header{i}.xml" ContentType="{HEADER_CT}"/>'
                              for i in range(parts))
                data = data.replace(b"</Types>", cts.encode() + b"</Types>")
            zout.writestr(info, data)
        for i in range(parts):
            zout.writestr(f"word/header{i}.xml", header, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def flip_deflate_byte(office: bytes, member: str) -> bytes:
    """Item 4: one byte flipped inside a part's deflate data, chosen so that inflating it raises
    zlib.error (not merely a CRC mismatch)."""
    with zipfile.ZipFile(io.BytesIO(office)) as zf:
        info = zf.getinfo(member)
    raw = bytearray(office)
    # the local header: 30 bytes + name + extra, then the compressed data
    name_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data = bytes(raw[start:start + info.compress_size])
    for offset in range(min(len(data), 400)):
        for mask in (0xFF, 0x80, 0x40, 0x20):
            bad = bytearray(data)
            bad[offset] ^= mask
            try:
                zlib.decompress(bytes(bad), -15)
            except zlib.error:
                raw[start + offset] ^= mask
                return bytes(raw)
    raise AssertionError(f"no flip of {member} breaks its deflate data")


def minimal_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nämndmål"
    ws.append(["Nr", "Nämndmål", "Indikator"])
    for i in range(1, 30):
        ws.append([f"1.{i}", f"Andelen elever som är behöriga ska öka till {60 + i} procent senast 2027.", "Andel (%)"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF whose content stream (FlateDecode) is `stream`."""
    comp = zlib.compress(stream, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    from fixtures_bsp import assemble_pdf

    return assemble_pdf(objs, 1)


def pdf_heavy_streams(megabytes: float = 5) -> bytes:
    """Item 5: a small PDF (~100 kB) whose one page holds `megabytes` MB of text operators;
    extracting its text costs ~2 s of CPU per MB."""
    op = b"(Vi ska verka f\xf6r en god kvalitet.) Tj 0 -1 Td "
    return pdf_with_content(b"BT /F1 10 Tf 50 800 Td " + op * int(megabytes * 1024 * 1024 / len(op)) + b"ET")


def markdown_heading_spaces(n: int = 3000) -> bytes:
    """Item 1: '# a' + n spaces + 'x': the old ATX pattern took ~100 s at 3,000."""
    return b"# a" + b" " * n + b"x\n"


def docx_digits(n: int = 20_000) -> bytes:
    """Item 1: a paragraph with a run of n digits under a goal heading (TARGET_RE, which looks for a
    target in a goal-like paragraph, was quadratic on it: 22 s)."""
    return minimal_docx(["Detta gäller " + "1" * n + " enheter i kommunen."])


def jsonl_nested(depth: int = 100_000) -> bytes:
    """Item 7: one deeply nested line between two good ones (RecursionError lost the whole file)."""
    good = '{"text": "Andelen ska öka till 90 procent senast 2027."}\n'
    return (good + "[" * depth + "]" * depth + "\n" + good).encode()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
