"""What every reader gives the outline: the file as a sequence of blocks, in document order.

A reader knows its format (Word styles, Markdown syntax, Excel cells, PDF lines), never Swedish:
it says *what kind* of text each piece is and *where* it stands, and the one outline engine
(`malkoll.outline`) decides what it means — goal or background, level, owner, parent, indicators.

Kinds:
- `heading`: a heading with its depth (1 = top; 0 = a document title);
- `para`: a paragraph; its `lines` are the lines the source breaks it into (a Markdown paragraph's
  lines, a Word paragraph's line breaks, a PDF paragraph's lines), so text flattened from a table or
  a PDF keeps its line structure;
- `item`: a list item with its nesting depth and marker (bullet or number); continuation lines
  stay in its `lines`;
- `table`: rows of cells; `header` is the header row's index when the format says which it is
  (Markdown, Word's "repeat header row"), else None; `whole` marks a table that is the whole
  sheet or file (Excel, CSV);
- `page`: a new page begins (PDF);
- `comment`: a Markdown comment carrying `malkoll:` directives.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable


@dataclass(frozen=True)
class Where:
    """A position in the source file; the outline copies it into the goal's `Source`."""
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    end_line: int | None = None
    column: int | None = None
    sheet: str | None = None
    table: int | None = None
    row: int | None = None

    def moved(self, **kw) -> "Where":
        return replace(self, **kw)


@dataclass
class Line:
    text: str
    where: Where


@dataclass
class Cell:
    value: Any  # a str, a number, a bool or None, as the source holds it
    where: Where

    @property
    def text(self) -> str:
        v = self.value
        if v is None or v is False:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return " ".join(str(v).split())


@dataclass
class Block:
    kind: str  # heading | para | item | table | page | comment
    lines: list[Line] = field(default_factory=list)
    depth: int = 0  # heading depth (0 = title) or list nesting (0 = outermost)
    marker: str | None = None  # item: "bullet" or "number"
    number: str | None = None  # item: the number as written ("3" in "3."), where the format keeps it
    emphasis: str | None = None  # "bold" or "italic" when the whole block is so
    rows: Iterable[list[Cell]] | None = None  # table: rows of cells (may be a stream)
    header: int | None = None  # table: index of the header row when the format says so
    whole: bool = False  # table: the whole sheet or file
    name: str | None = None  # table: the sheet's name
    directives: list[tuple[str, list[str]]] = field(default_factory=list)  # comment: malkoll directives
    where: Where | None = None  # page / table / comment: where it begins

    @property
    def text(self) -> str:
        return " ".join(" ".join(ln.text.split()) for ln in self.lines if ln.text.strip())

    @property
    def start(self) -> Where:
        if self.lines:
            return self.lines[0].where
        return self.where or Where()


def heading(text: str, depth: int, where: Where, emphasis: str | None = None) -> Block:
    return Block("heading", [Line(text, where)], depth=depth, emphasis=emphasis)


def para(lines: list[Line], emphasis: str | None = None) -> Block:
    return Block("para", lines, emphasis=emphasis)


def item(lines: list[Line], depth: int, marker: str | None = None, emphasis: str | None = None) -> Block:
    return Block("item", lines, depth=depth, marker=marker, emphasis=emphasis)


def table(rows: Iterable[list[Cell]], where: Where, header: int | None = None, whole: bool = False,
          name: str | None = None) -> Block:
    return Block("table", rows=rows, header=header, whole=whole, name=name, where=where)


def page(number: int) -> Block:
    return Block("page", where=Where(page=number))
