"""PDF (.pdf) where the text can be extracted (pypdf); a scanned PDF has none and is reported so.

PDF keeps no headings or lists, only lines of text, so the structure is guessed: a short line
without final punctuation that is numbered ("2.1 Målområde …") or names a level or a unit
("Nämndmål", "Socialnämnden") is a heading; a line starting with a bullet or "1." is a list item;
other lines are joined into paragraphs (a paragraph ends at a short line ending a sentence).
Locations: "sida P, rad L" (the first line of the block). Encrypted PDFs that need a password and
pages without text are reported, never skipped silently.
"""
from __future__ import annotations

import logging
import re
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, note_skipped, reader
from malkoll.ingest.safety import Budget, check_size
from malkoll.ingest.structure import Block, Outline, hint_of, owner_of
from malkoll.report import GoalInput

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 3000
BULLET_RE = re.compile(r"^\s*(?:[•\-–*▪■●◦]|\d{1,2}[.)](?!\d)|[a-z][.)])\s+")
NUMBERED_HEADING_RE = re.compile(r"^\s*(\d+(?:\.\d+){0,3})\.?\s+([A-ZÅÄÖ].*)$")


def _is_heading(line: str) -> tuple[bool, int | None]:
    words = line.split()
    if not words or len(words) > 9 or line.rstrip().endswith((".", ",", ";", ":")):
        return False, None
    m = NUMBERED_HEADING_RE.match(line)
    if m and len(words) <= 9:
        return True, m.group(1).count(".") + 1
    if hint_of(line) is not None or owner_of(line):
        if re.search(r"\b(ska|skall)\b", line, re.IGNORECASE):
            return False, None
        return True, None
    return False, None


def blocks_from_pages(pages: list[tuple[int, str]]) -> Iterator[Block]:
    numbered_depth = 0
    for page_no, text in pages:
        lines = [ln.rstrip() for ln in text.splitlines()]
        width = max((len(ln) for ln in lines), default=0)
        para: list[str] = []
        para_start = 0
        kind = "para"

        def flush():
            nonlocal para, kind
            if para:
                yield Block(kind, " ".join(para), 0, f"sida {page_no}, rad {para_start}", page_no)
            para, kind = [], "para"

        for n, line in enumerate(lines, start=1):
            s = line.strip()
            if not s:
                yield from flush()
                continue
            heading, depth = _is_heading(s)
            if heading:
                yield from flush()
                if depth is not None:
                    numbered_depth = depth
                    s = NUMBERED_HEADING_RE.match(s).group(2)
                else:
                    depth = numbered_depth + 1
                yield Block("heading", s, depth, f"sida {page_no}, rad {n}", page_no)
                continue
            m = BULLET_RE.match(s)
            if m:
                yield from flush()
                para, para_start, kind = [s[m.end():]], n, "list"
                continue
            if not para:
                para_start = n
            para.append(s)
            if s.endswith((".", "!", "?")) and len(s) < 0.8 * width:
                yield from flush()
        yield from flush()


def _content_bytes(page) -> int:
    """The size of a page's content streams, decompressed (cheap next to parsing them: text
    extraction costs about 2 s of CPU per MB of content)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(s.get_object().get_data()) for s in streams)


@contextmanager
def _quiet_pypdf():
    """pypdf reports broken objects as log warnings on stderr; they are not the user's business
    (a page that cannot be read is noted as skipped)."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old)


@reader(".pdf")
def read_pdf(path: Path, config: Config, budget: Budget | None = None) -> Iterator[GoalInput]:
    budget = budget or Budget()
    with _quiet_pypdf():
        pages = _read_pages(path, budget)
    outline = Outline(str(path))
    for block in blocks_from_pages(pages):
        outline.block(block)
    yield from outline.finish()


def _read_pages(path: Path, budget: Budget) -> list[tuple[int, str]]:
    check_size(path, min(MAX_PDF_BYTES, budget.file_bytes))
    with open(path, "rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise InputError(f"{path}: filen är skadad eller ingen PDF")
    try:
        from pypdf import PdfReader

        pdf = PdfReader(str(path), strict=False)
        if pdf.is_encrypted:
            try:
                ok = pdf.decrypt("")
            except Exception:  # noqa: BLE001 - unsupported encryption
                ok = 0
            if not ok:
                raise InputError(f"{path}: PDF-filen är lösenordsskyddad; spara den utan lösenord")
        n_pages = len(pdf.pages)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for broken files
        raise InputError(f"{path}: PDF-filen kunde inte läsas ({type(exc).__name__})") from exc
    max_pages = min(MAX_PAGES, budget.pages)
    if n_pages > max_pages:
        note_skipped(f"sida {max_pages + 1}–{n_pages}", f"fler än {max_pages} sidor; resten lästes inte")
    pages: list[tuple[int, str]] = []
    content = chars = 0
    for i in range(min(n_pages, max_pages)):
        try:
            size = _content_bytes(pdf.pages[i])
            if size > budget.page_content_bytes:
                note_skipped(f"sida {i + 1}", f"sidan har {size // 1024} kB ritinstruktioner (högst "
                                              f"{budget.page_content_bytes // 1024} kB); den lästes inte")
                continue
            content += size
            if content > budget.content_bytes:
                note_skipped(f"sida {i + 1}–{n_pages}", f"dokumentets ritinstruktioner överstiger "
                                                        f"{budget.content_bytes // (1024 * 1024)} MB; resten lästes inte")
                break
            text = pdf.pages[i].extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page does not lose the document
            note_skipped(f"sida {i + 1}", f"sidan kunde inte läsas ({type(exc).__name__})")
            continue
        if not text.strip():
            note_skipped(f"sida {i + 1}", "ingen text att läsa ut (en inskannad bild?)")
            continue
        chars += len(text)
        if chars > budget.chars:
            note_skipped(f"sida {i + 1}–{n_pages}", f"mer än {budget.chars} tecken text; resten lästes inte")
            break
        pages.append((i + 1, text))
    if not pages:
        raise InputError(f"{path}: PDF-filen har ingen text som går att läsa ut (inskannad?); "
                         f"spara den som text eller Word")
    return pages
