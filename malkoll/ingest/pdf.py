"""PDF (.pdf) where the text can be extracted (pypdf) -> blocks; a scanned PDF has none and is reported so.

A PDF keeps no headings, lists or tables, only lines on pages, so this reader gives what the layout
shows and leaves the meaning to the outline: a `page` block per page, a bullet line ("•", "–", "1.",
"a)") starts a list item, wrapped lines (running to the page's text width) are joined, and the
other lines of a paragraph are kept apart (a numbered heading line, a lone label, a table cell on a
line of its own) until a blank line or a short line that ends a sentence. Lines repeated at the top
or bottom of most pages (running heads, page footers) are left out. Every line knows its page and
line number. Encrypted PDFs that need a password and pages without text are reported, never
skipped silently.
"""
from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, note_skipped, read_error, reader
from malkoll.ingest.blocks import Block, Line, Where, page
from malkoll.ingest.safety import Budget, check_size

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 3000
BULLET_RE = re.compile(r"[ \t]*(?:[•\-–*▪■●◦]|\d{1,2}[.)](?!\d)|[a-z][.)])[ \t]+")
NUMBERED_START_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,4}\.?[ \t]+[A-ZÅÄÖ]")
PAGE_NUMBER_RE = re.compile(r"[ \t]*(?:sida[ \t]+)?\d{1,4}(?:[ \t]*(?:av|/)[ \t]*\d{1,4})?[ \t]*", re.IGNORECASE)


def _furniture(pages: list[tuple[int, str]]) -> set[str]:
    """Lines at the top or bottom of most pages: running heads and footers (and bare page numbers)."""
    if len(pages) < 3:
        return set()
    seen: Counter = Counter()
    for _, text in pages:
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for ln in set(lines[:2] + lines[-2:]):
            seen[ln] += 1
    return {ln for ln, n in seen.items() if n >= 3 and n >= len(pages) / 2}


def blocks_from_pages(pages: list[tuple[int, str]]) -> Iterator[Block]:
    furniture = _furniture(pages)
    for page_no, text in pages:
        yield page(page_no)
        raw_lines = [ln.rstrip() for ln in text.splitlines()]
        width = max((len(ln) for ln in raw_lines), default=0)
        lines: list[Line] = []
        kind = "para"

        def flush():
            nonlocal lines, kind
            if lines:
                yield Block(kind, lines)
            lines, kind = [], "para"

        for n, raw in enumerate(raw_lines, start=1):
            s = raw.strip()
            if not s or s in furniture or (PAGE_NUMBER_RE.fullmatch(s) and n in (1, len(raw_lines))):
                yield from flush()
                continue
            where = Where(page=page_no, line=n)
            m = BULLET_RE.match(s)
            if m:
                yield from flush()
                kind = "item"
                lines = [Line(s[m.end():], where)]
                continue
            if NUMBERED_START_RE.match(s):  # "3.1 Målområde …": a numbered line starts a new piece
                yield from flush()
            elif kind == "item" and lines and lines[-1].text.endswith((".", "!", "?", ":")):
                yield from flush()  # the item ended; this line is not its continuation
            lines.append(Line(s, where))
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
    """pypdf reports broken objects as log warnings and errors on stderr ("Advanced encoding … not
    implemented yet"); they are not the user's business (a page that cannot be read is noted as
    skipped)."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old)


@reader(".pdf")
def read_pdf(path: Path, config: Config, budget: Budget | None = None) -> Iterator[Block]:
    with _quiet_pypdf():
        pages = _read_pages(path, budget or Budget())
    yield from blocks_from_pages(pages)


def _read_pages(path: Path, budget: Budget) -> list[tuple[int, str]]:
    check_size(path, min(MAX_PDF_BYTES, budget.file_bytes))
    with open(path, "rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise read_error(path, "read.not_pdf")
    try:
        from pypdf import PdfReader

        pdf = PdfReader(str(path), strict=False)
        if pdf.is_encrypted:
            try:
                ok = pdf.decrypt("")
            except Exception:  # noqa: BLE001 - unsupported encryption
                ok = 0
            if not ok:
                raise read_error(path, "read.pdf_password")
        n_pages = len(pdf.pages)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for broken files
        raise read_error(path, "read.pdf_unreadable", why=type(exc).__name__) from exc
    max_pages = min(MAX_PAGES, budget.pages)
    if n_pages > max_pages:
        note_skipped(Where(page=max_pages + 1), "ingest.skipped.too_many_pages", max=max_pages, n=n_pages)
    pages: list[tuple[int, str]] = []
    content = chars = 0
    for i in range(min(n_pages, max_pages)):
        try:
            size = _content_bytes(pdf.pages[i])
            if size > budget.page_content_bytes:
                note_skipped(Where(page=i + 1), "ingest.skipped.page_too_heavy", kb=size // 1024,
                             max=budget.page_content_bytes // 1024)
                continue
            content += size
            if content > budget.content_bytes:
                note_skipped(Where(page=i + 1), "ingest.skipped.content_budget", mb=budget.content_bytes // 2**20)
                break
            text = pdf.pages[i].extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one broken page does not lose the document
            note_skipped(Where(page=i + 1), "ingest.skipped.page_unreadable", why=type(exc).__name__)
            continue
        if not text.strip():
            note_skipped(Where(page=i + 1), "ingest.skipped.page_without_text")
            continue
        chars += len(text)
        if chars > budget.chars:
            note_skipped(Where(page=i + 1), "ingest.skipped.chars_budget", max=budget.chars)
            break
        pages.append((i + 1, text))
    if not pages:
        raise read_error(path, "read.pdf_no_text")
    return pages
