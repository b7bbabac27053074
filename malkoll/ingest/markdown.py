"""Markdown (.md, .markdown) -> blocks: headings, paragraphs with their lines, list items, tables,
comments. What the blocks mean (goal or background, level, owner …) is the outline's to decide.

- ATX (`## Rubrik`) and setext headings give `heading` blocks with their depth;
- a paragraph keeps each of its source lines (with line and column): text pasted from a PDF or a
  web page, where every line is a cell or an entry, keeps that structure;
- a list item (`-`, `*`, `+`, `1.`, `1)`) gives an `item` block with its nesting depth (the marker's
  indentation) and its marker; lazy or indented continuation lines stay in its lines;
- a table gives a `table` block whose header is its first row;
- a paragraph or item wholly in `*…*` / `_…_` is marked italic, in `**…**` bold (a caption, a label);
- `<!-- malkoll: ignore MK501, hedge -->` on the line(s) before a goal (or at the end of its own
  line) suppresses those rules for that one goal, `<!-- malkoll: ignore -->` every rule for it,
  `<!-- malkoll: ignore-file RULE … -->` anywhere for every goal of the file;
- code blocks, block quotes, horizontal rules and YAML front matter are not read.

Inline markup (`**fet**`, `[länk](url)`, `` `kod` ``) is removed from the text; a column after
markup earlier in the line is approximate. Every pattern here is linear in the length of the text.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import reader
from malkoll.ingest.blocks import Block, Cell, Line, Where
from malkoll.ingest.decode import split_lines
from malkoll.ingest.plain import read_text_file

ATX_RE = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
SETEXT_RE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
ITEM_RE = re.compile(r"([ \t]*)([-*+]|\d{1,3}[.)])(?:[ \t]+|$)")
TASK_RE = re.compile(r"\[[ xX]\][ \t]+")
FENCE_RE = re.compile(r"[ \t]*(```+|~~~+)")
RULE_CELL_RE = re.compile(r"[ \t]*:?-{2,}:?[ \t]*")
DIRECTIVE_RE = re.compile(r"<!--[ \t\n]*malkoll:[ \t]*(ignore-file|ignore|disable-next-line|disable-file)\b"
                          r"([^>]{0,500}?)-->", re.I)

INLINE = [
    # a bracket's text stops at the next "[" too: from every "[" of a run of them it scanned 300
    # characters (linear, but 200 x a plain text of the same size)
    (re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\n]{0,500}\)"), ""),  # images
    (re.compile(r"\[([^\[\]\n]{1,300})\]\([^()\n]{0,500}\)"), r"\1"),  # links
    (re.compile(r"\[([^\[\]\n]{1,300})\]\[[^\[\]\n]{0,100}\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^>\s]{1,500})>"), r"\1"),
    (re.compile(r"<br[ \t]*/?>", re.I), " "),
    (re.compile(r"</?[a-zA-Z][^<>\n]{0,200}>"), ""),  # other inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,300}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]{1,300}?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~([^~\n]{1,300})~~"), r"\1"),
    (re.compile(r"`([^`\n]{0,300})`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),
]


def strip_comments(s: str) -> str:
    """Remove <!-- … --> (string search, linear; an unclosed comment removes the rest)."""
    out, pos = [], 0
    while True:
        start = s.find("<!--", pos)
        if start < 0:
            out.append(s[pos:])
            break
        out.append(s[pos:start])
        end = s.find("-->", start + 4)
        if end < 0:
            break
        out.append(" ")
        pos = end + 3
    return "".join(out)


def clean_inline(s: str) -> str:
    s = strip_comments(s)
    for pattern, repl in INLINE:
        s = pattern.sub(repl, s)
    return " ".join(s.split())


def _emphasis(raw: str) -> str | None:
    s = strip_comments(raw).strip()
    if len(s) > 4 and s.startswith("**") and s.endswith("**") and "**" not in s[2:-2]:
        return "bold"
    if len(s) > 2 and s[0] == s[-1] and s[0] in "*_" and s[1] != s[0] and s[0] not in s[1:-1]:
        return "italic"
    return None


def _directives(text: str) -> list[tuple[str, list[str]]]:
    return [(m.group(1).lower(), [r for r in re.split(r"[\s,]+", m.group(2).strip()) if r])
            for m in DIRECTIVE_RE.finditer(text)]


def _atx(raw: str) -> tuple[int, str] | None:
    m = ATX_RE.match(raw)
    if not m:
        return None
    content = raw[m.end():].strip()
    bare = content.rstrip("#")
    if bare != content and (not bare or bare[-1] in " \t"):
        content = bare.rstrip()
    return len(m.group(1)), content


def _is_rule(raw: str) -> bool:
    s = raw.strip()
    compact = s.replace(" ", "").replace("\t", "")
    return len(compact) >= 3 and compact[0] in "-*_" and compact == compact[0] * len(compact) and \
        len(raw) - len(raw.lstrip(" ")) <= 3


def _is_table_rule(line: str) -> bool:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    parts = s.split("|")
    return bool(parts) and all(RULE_CELL_RE.fullmatch(p) for p in parts)


def _cells(raw: str, lineno: int, row: int) -> list[Cell]:
    """The cells of a table row, each with the column where its text starts."""
    out = []
    pos = raw.index("|") + 1
    parts = re.split(r"(?<!\\)\|", raw[pos:])
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    for k, part in enumerate(parts, start=1):
        lead = len(part) - len(part.lstrip())
        out.append(Cell(clean_inline(part), Where(line=lineno, column=pos + lead + 1, row=row)))
        pos += len(part) + 1
    return out


class _Splitter:
    def __init__(self, text: str):
        self.lines = [x.expandtabs(4) for x in split_lines(text)]  # only \n, \r\n, \r end a line
        self.blocks: list[Block] = []
        self.cur: Block | None = None
        self.raw: list[str] = []  # the raw lines of the current paragraph or item
        self.last_item_indent: int | None = None
        self.blank_before = True
        self.table_rows: list[list[Cell]] = []

    def close(self) -> None:
        cur = self.cur
        if cur is not None:
            raw = "\n".join(self.raw)
            cur.emphasis = _emphasis(raw) if cur.kind in ("para", "item") else None
            cur.directives = _directives(raw) if cur.kind in ("para", "item") else cur.directives
            cur.lines = [ln for ln in cur.lines if ln.text]
            if cur.kind == "table":
                cur.rows = self.table_rows
                self.table_rows = []
            if cur.lines or cur.kind == "table":
                self.blocks.append(cur)
        self.cur, self.raw = None, []

    def line(self, text: str, lineno: int, column: int) -> Line:
        clean = clean_inline(text)
        first = clean.split(" ", 1)[0] if clean else ""
        pos = text.find(first) if first else -1
        if 0 < pos <= 12:  # leading markup ("**Tryggheten** …"): point at the text itself
            column += pos
        return Line(clean, Where(line=lineno, column=column))

    def split(self) -> list[Block]:
        lines = self.lines
        i = 0
        if lines and lines[0].strip() == "---":  # YAML front matter
            for j in range(1, len(lines)):
                if lines[j].strip() in ("---", "..."):
                    i = j + 1
                    break
        fence: str | None = None
        comment: list[str] | None = None
        comment_line = 0
        while i < len(lines):
            raw = lines[i]
            lineno = i + 1
            i += 1
            stripped = raw.strip()
            if fence:
                if stripped.startswith(fence):
                    fence = None
                continue
            if comment is not None:
                comment.append(raw)
                if "-->" in raw:
                    self.blocks.append(Block("comment", directives=_directives("\n".join(comment)),
                                             where=Where(line=comment_line)))
                    comment = None
                continue
            m = FENCE_RE.match(raw)
            if m:
                self.close()
                fence = m.group(1)[:3]
                continue
            if stripped.startswith("<!--") and not strip_comments(stripped).strip():
                self.close()
                if "-->" not in stripped:
                    comment, comment_line = [raw], lineno
                else:
                    self.blocks.append(Block("comment", directives=_directives(stripped), where=Where(line=lineno)))
                continue
            if not stripped:
                self.close()
                self.blank_before = True
                continue
            atx = _atx(raw)
            if atx is not None:
                self.close()
                depth, content = atx
                col = raw.find(content) + 1 if content else 1
                if content:
                    self.blocks.append(Block("heading", [self.line(content, lineno, col)], depth=depth))
                self.last_item_indent, self.blank_before = None, False
                continue
            cur = self.cur
            if cur is not None and cur.kind == "para" and len(cur.lines) == 1 and SETEXT_RE.fullmatch(raw) \
                    and not getattr(cur, "_in_item", False):
                cur.kind, cur.depth = "heading", 1 if stripped.startswith("=") else 2
                self.close()
                self.last_item_indent = None
                continue
            if _is_rule(raw):
                self.close()
                continue
            if stripped.startswith("|"):
                if cur is None or cur.kind != "table":
                    self.close()
                    self.cur = Block("table", header=0, where=Where(line=lineno))
                if not _is_table_rule(stripped):
                    self.table_rows.append(_cells(raw, lineno, len(self.table_rows) + 1))
                continue
            if cur is not None and cur.kind == "table":
                self.close()
            if stripped.startswith(">"):
                self.close()  # block quotes are not read
                continue
            m = ITEM_RE.match(raw)
            if m and raw[m.end():].strip():
                self.close()
                indent = len(m.group(1))
                content = raw[m.end():]
                t = TASK_RE.match(content)
                if t:
                    content = content[t.end():]
                col = len(raw) - len(content) + 1
                marker = "number" if m.group(2)[0].isdigit() else "bullet"
                self.cur = Block("item", [self.line(content, lineno, col)], depth=indent, marker=marker,
                                 number=m.group(2)[:-1] if marker == "number" else None)
                self.raw = [content]
                self.last_item_indent, self.blank_before = indent, False
                continue
            indent = len(raw) - len(raw.lstrip())
            if cur is not None and cur.kind in ("item", "para"):
                cur.lines.append(self.line(stripped, lineno, indent + 1))  # continuation (lazy or indented)
                self.raw.append(stripped)
                continue
            in_item = self.last_item_indent is not None and indent > self.last_item_indent and self.blank_before
            if not in_item:
                self.last_item_indent = None
            self.cur = Block("para", [self.line(stripped, lineno, indent + 1)])
            self.cur._in_item = in_item  # a paragraph indented under a list item: part of the item
            self.raw = [stripped]
            self.blank_before = False
        self.close()
        return self.blocks


def split_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown text, in order."""
    blocks = _Splitter(text).split()
    for b in blocks:
        if b.kind == "item":
            b.depth = b.depth // 2  # nesting by indentation: two spaces a level
    return blocks


@reader(".md", ".markdown")
def read_markdown(path: Path, config: Config, budget=None) -> Iterator[Block]:
    yield from split_blocks(read_text_file(path))
