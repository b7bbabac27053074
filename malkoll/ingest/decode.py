"""One decoding step for every text input: files (.txt, .jsonl, .csv, .md), standard in and `--text`.

- A byte order mark decides: UTF-32 and UTF-16 (LE/BE) and UTF-8 with BOM are read as such.
- Otherwise the text is UTF-8. A line that is not valid UTF-8 is read as Windows-1252 (cp1252, what
  Excel and older Word in a Swedish office save), line by line, so one cp1252 line does not turn a
  whole UTF-8 file into mojibake; each such line is noted, and the caller warns.
- Bytes that are in no encoding (the five holes of cp1252) become U+FFFD, noted the same way.
- NUL bytes without a BOM: not text.
- Only `\\n`, `\\r\\n` and `\\r` end a line (`split_lines`): form feed, vertical tab, U+2028 and the
  other characters `str.splitlines` also splits on stay inside the line, so a goal is not cut in
  two and line numbers are those of an editor.

A `str` that comes from elsewhere (JSON, the Python API, a file name decoded with surrogateescape)
may hold lone surrogates, which no encoder writes: `has_surrogates` finds them and `scrub` replaces
each with U+FFFD (one character for one, so offsets stay valid).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from malkoll.i18n import t

BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
NEWLINE_RE = re.compile(r"\r\n|\r|\n")
BYTE_LINES_RE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
SURROGATE_RE = re.compile("[\ud800-\udfff]")


class NotText(ValueError):
    """The bytes are not text (NUL bytes and no byte order mark)."""


@dataclass
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-16-le" …, or "utf-8+cp1252" when some lines were not UTF-8
    fallback_lines: list[int] = field(default_factory=list)  # 1-based lines read as cp1252
    replaced_lines: list[int] = field(default_factory=list)  # lines where undecodable bytes became U+FFFD

    def warnings(self, lang: str = "sv") -> list[str]:
        """One-line warnings for the reader of the report (empty when the text was clean)."""
        out = []
        if self.fallback_lines:
            n, lines = len(self.fallback_lines), _few(self.fallback_lines)
            out.append(t("read.cp1252_one" if n == 1 else "read.cp1252", lang, n=n, lines=lines))
        if self.replaced_lines:
            lines = _few(self.replaced_lines)
            out.append(t("read.replaced", lang, lines=lines))
        return out


def _few(numbers: list[int], k: int = 5) -> str:
    shown = ", ".join(str(n) for n in numbers[:k])
    return shown + (" …" if len(numbers) > k else "")


def decode_bytes(raw: bytes) -> Decoded:
    """Text from bytes, by the rules above. Raises NotText for binary content."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return Decoded(body.decode(encoding), encoding)
            except UnicodeDecodeError:
                return Decoded(body.decode(encoding, errors="replace"), encoding, replaced_lines=[0])
    if b"\x00" in raw[:4096]:
        raise NotText("NUL bytes without a byte order mark")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    fallback: list[int] = []
    replaced: list[int] = []
    for lineno, m in enumerate(BYTE_LINES_RE.finditer(raw), start=1):
        line = m.group(0)
        try:
            parts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        fallback.append(lineno)
        try:
            parts.append(line.decode("cp1252"))
        except UnicodeDecodeError:
            parts.append(line.decode("cp1252", errors="replace"))
            replaced.append(lineno)
    return Decoded("".join(parts), "utf-8+cp1252", fallback, replaced)


def split_lines(text: str) -> list[str]:
    """Lines ended by \\n, \\r\\n or \\r only (like str.splitlines, without its other breaks)."""
    if not text:
        return []
    lines = NEWLINE_RE.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def has_surrogates(text: str) -> bool:
    return SURROGATE_RE.search(text) is not None


def scrub(text: str) -> str:
    """Lone surrogates replaced by U+FFFD, one for one (offsets are kept)."""
    return SURROGATE_RE.sub("\ufffd", text) if has_surrogates(text) else text


def from_argument(text: str) -> Decoded:
    """A command-line argument: Python decoded its bytes with surrogateescape; decode them again
    by the rules above (a Latin-1 'ö' in a UTF-8 terminal becomes 'ö', not a lone surrogate)."""
    import os

    if not has_surrogates(text):
        return Decoded(text, "utf-8")
    try:
        raw = os.fsencode(text)
    except UnicodeError:
        return Decoded(scrub(text), "utf-8", replaced_lines=[1])
    try:
        return decode_bytes(raw)
    except NotText:
        return Decoded(scrub(text), "utf-8", replaced_lines=[1])
