"""Tables in the outline: Word, Markdown, Excel and CSV tables read by their header row.

The header is the row the format names (Markdown, Word's "repeat header row") or the first of the
first 15 rows that names a goal or an indicator column. Column roles come from the vocabulary:
goals (a level: KF-mål | Nämndmål …, or plain Mål), indicators, target values, baselines, owner
(Ansvarig), number (Nr), link upwards (Koppling), level (Nivå/Typ), area (Målområde). When several
columns could hold the goals ("Mål 2030 | Mål 2026 | Mål 2030"), the one whose cells are statements
is the goal column and the others with a year hold target values.

Hierarchical exports (KF-mål | Nämndmål, the KF text repeated on every row) give one goal per
level, each once; an Ansvarig value belongs to the row's deepest goal; an indicator row without a
goal of its own belongs to the goal above it. A table without goal columns is read cell by cell as
text (a layout table) — unless it is a whole sheet or file: then it is reported as not read, and a
CSV of one column is a list of goals, one per row.
"""
from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING

from malkoll.ingest.blocks import Block, Cell, Line
from malkoll.outline.vocab import words
from malkoll.vocabulary import LEVEL_RANK

if TYPE_CHECKING:
    from malkoll.outline import Found, Outline

HEAD_ROWS = 15
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def _texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def column_roles(o: "Outline", header: list[str]) -> dict[int, tuple[str, str | None]]:
    roles: dict[int, tuple[str, str | None]] = {}
    for i, name in enumerate(header):
        if not name:
            continue
        if name.lower() in o.text_columns:
            roles[i] = ("goal", None)
            continue
        role = o.v.column_role(name)
        if role is not None:
            roles[i] = role
    return roles


def find_header(o: "Outline", rows: list[list[Cell]]) -> tuple[int, dict] | None:
    """The first row (of the first 15) that names a goal or indicator column, with its roles."""
    for i, row in enumerate(rows[:HEAD_ROWS]):
        cells = _texts(row)
        filled = [c for c in cells if c]
        if not filled or any(len(c.split()) > 6 for c in filled):
            continue  # a header names columns; a row of prose is data
        if len(filled) == 1 and len(filled[0].split()) > 2:
            continue  # a title row ("Mål och budget 2026"), not a header
        roles = column_roles(o, cells)
        kinds = {r for r, _ in roles.values()}
        if "goal" in kinds or "indicator" in kinds:
            return i, roles
    return None


def _mean_words(sample: list[list[Cell]], i: int) -> float:
    vals = [len(row[i].text.split()) for row in sample if i < len(row) and row[i].text]
    return sum(vals) / len(vals) if vals else 0.0


def _resolve_goal_columns(roles: dict, header: list[str], sample: list[list[Cell]]) -> None:
    """Several columns without distinct levels that could hold goals: the one with statements holds
    them; the others, named with a year ("Mål 2026"), hold target values."""
    plain = [i for i, (r, lvl) in roles.items() if r == "goal" and lvl is None]
    if len(plain) < 2:
        return
    best = max(plain, key=lambda i: (_mean_words(sample, i), -i))
    for i in plain:
        if i != best:
            roles[i] = ("target", None) if YEAR_RE.search(header[i]) or _mean_words(sample, i) < 4 else ("ignore", None)


def _figure_columns(roles: dict, header: list[str], sample: list[list[Cell]]) -> None:
    """Columns of figures by year beside a goal column: a column named with a year that the vocabulary
    reads as no target and no note, with short values ("Kommunen 2022: 600 ton", "Utfall 2024:
    78 %"): the goal's value that year."""
    if not any(r == "goal" for r, _ in roles.values()):
        return
    for i, name in enumerate(header):
        if roles.get(i, ("baseline", None))[0] == "baseline" and YEAR_RE.search(name) and 0 < _mean_words(sample, i) < 4:
            roles[i] = ("figure", None)


def read_table(o: "Outline", block: Block) -> None:
    rows = iter(block.rows or ())
    head = list(islice(rows, HEAD_ROWS))
    if not any(c.text for row in head for c in row):
        return
    found = None
    if block.header is not None and block.header < len(head):
        roles = column_roles(o, _texts(head[block.header]))
        kinds = {r for r, _ in roles.values()}
        if "goal" in kinds or "indicator" in kinds:
            found = block.header, roles
    if found is None:
        found = find_header(o, head)
    if found is None:
        _no_goal_columns(o, block, head, rows)
        return
    at, roles = found
    header = _texts(head[at])
    _resolve_goal_columns(roles, header, head[at + 1:])
    _figure_columns(roles, header, head[at + 1:])
    reader = _TableReader(o, roles, header, block)
    for row in head[:at]:
        reader.title_row(row)
    reader.read(head[at + 1:], rows)


def _no_goal_columns(o: "Outline", block: Block, head: list[list[Cell]], rows) -> None:
    if block.whole:
        all_rows = head + list(rows)
        width = max((sum(1 for c in r if c.text) for r in all_rows), default=0)
        if o.format == "csv" and width <= 1:
            for row in all_rows:  # one column, no header: a list of goals, one per row
                cell = next((c for c in row if c.text), None)
                if cell is not None:
                    from malkoll.outline import Unit

                    u = Unit(cell.text, cell.where, "cell", block)
                    o._goal(cell.text, u, evidence="goal_list", certainty="certain")
            return
        if any(c.text for r in all_rows for c in r):
            o.skipped.append((block.where, "outline.skipped.no_goal_columns"))
        return
    # a layout table (Word, Markdown): its cells are text like any other
    from malkoll.outline import Unit

    seen: set[str] = set()
    for row in head + list(rows):
        for c in row:
            text = c.text
            if not text or text in seen:
                continue
            seen.add(text)
            unit = Unit(text, c.where, "para", block)
            unit.doc = o.parses(text) if len(text.split()) <= 60 else None
            o._para_unit(unit, Block("para", [Line(text, c.where)]), single=True, nxt=None, prev=None)


class _TableReader:
    def __init__(self, o: "Outline", roles: dict, header: list[str], block: Block):
        self.o = o
        self.roles = roles
        self.header = header
        self.block = block
        goal_cols = [i for i, (r, _) in roles.items() if r == "goal"]
        goal_cols.sort(key=lambda i: (LEVEL_RANK.get(roles[i][1] or "", 2), i))  # higher levels to the left
        self.goal_cols = goal_cols
        self.col: dict[str, int] = {}
        for i, (r, _) in sorted(roles.items(), reverse=True):
            self.col[r] = i
        self.values = sorted(i for i, (r, _) in roles.items() if r in ("target", "figure"))  # the goal's figures
        self.last_text: dict[int, str] = {}
        o._key += 1
        self.path = o.path + (o._key,)

    def title_row(self, row: list[Cell]) -> None:
        """A row above the header with one text (a merged cell across the table): a goal that heads a
        table of measures ("Mål 1: Alla elever ska känna sig trygga"), else a title (background)."""
        o, v = self.o, self.o.v
        texts = list(dict.fromkeys(c.text for c in row if c.text))
        if not texts:
            return
        from malkoll.outline import Unit
        from malkoll.outline import language as L

        goal_cols = bool(self.goal_cols)
        if len(texts) == 1 and not goal_cols:
            cell = next(c for c in row if c.text)
            label = v.goal_label(texts[0])
            text, level, num = label if label is not None else (texts[0], None, None)
            doc = o.parses(text) if len(text.split()) <= 60 else None
            form = L.goal_form(doc, v, nominal=False) if doc is not None else None
            if label is not None or (form in ("modal", "declaration") and not L.about_steering(doc, v)):
                o._goal(text, Unit(text, cell.where, "cell", self.block), level=level, label=num, path=self.path,
                        evidence="label" if label is not None else "goal_statement")
                return
        o.n_background += 1

    def cell(self, row: list[Cell], i: int | None) -> str:
        if i is None or i >= len(row):
            return ""
        return row[i].text

    def read(self, first: list[list[Cell]], rest) -> None:
        for row in first:
            self.row(row)
        for row in rest:
            self.row(row)

    def row(self, row: list[Cell]) -> None:
        o, v = self.o, self.o.v
        from malkoll.outline import Unit

        level_value = self.cell(row, self.col.get("level"))
        row_level = None
        if level_value:
            row_level = v.level_of(level_value) or ("indicator" if v.has("indicator_words", level_value) else None)
        owner_val = self.cell(row, self.col.get("owner"))
        label = self.cell(row, self.col.get("label")) or None
        ref_text = self.cell(row, self.col.get("reference"))
        refs = re.findall(r"\d{1,4}(?:\.\d{1,3}){0,4}[a-z]?", ref_text)
        ind_text = self.cell(row, self.col.get("indicator"))
        target = self.cell(row, self.col.get("target"))
        area = self.cell(row, self.col.get("area"))
        made: "Found | None" = None
        saw_text = False
        filled = [i for i in self.goal_cols if self.cell(row, i)]
        deepest = filled[-1] if filled else None  # the row's Ansvarig belongs to its deepest goal
        for i in self.goal_cols:
            text = self.cell(row, i)
            if not text:
                continue
            saw_text = True
            if i != self.goal_cols[-1] and self.last_text.get(i) == text:
                continue  # a higher level's text repeated on every row of a hierarchical export
            self.last_text[i] = text
            for j in self.goal_cols:  # a new goal to the left resets the ones to its right
                if LEVEL_RANK.get(self.roles[j][1] or "", 2) > LEVEL_RANK.get(self.roles[i][1] or "", 2):
                    self.last_text.pop(j, None)
            cell = row[i]
            if row_level == "indicator":
                o._indicator(text, Unit(text, cell.where, "cell", self.block), target=target or None,
                             owner=self._owner(owner_val))
                continue
            level = row_level or self.roles[i][1]
            lab = v.goal_label(text)
            goal_text, lab_level, num = lab if lab is not None else (text, None, None)
            r = list(refs) if ref_text else []
            if ref_text and not r and o.by_text.get(" ".join(words(ref_text))) is not None:
                r = ["text:" + " ".join(words(ref_text))]
            unit = Unit(goal_text, cell.where, "cell", self.block)
            unit.doc = o.parses.get(goal_text)
            owner = self._owner(owner_val) if i == deepest else None
            made = o._goal(goal_text, unit, level=lab_level or level, label=(label.rstrip(".") if label else num),
                           owner=owner if owner and not owner[1] else None,
                           council=owner[0] if owner and owner[1] else None,
                           path=self.path, refs=r, evidence="goal_column",
                           level_from="document" if (lab_level or level) else None,
                           explicit_links="reference" in self.col and
                           LEVEL_RANK.get((lab_level or level) or "", 2) >= 2)
            if owner and not owner[1]:
                made.owner = owner[0]
            elif owner and owner[1]:
                made.owner = owner[0]
        if ind_text:
            goal = made or self._table_goal()
            o._indicator(ind_text, Unit(ind_text, row[self.col["indicator"]].where, "cell", self.block),
                         target=target or None, goal=goal, owner=self._owner(owner_val)[0] if owner_val else None)
        elif made is not None:
            # the goal's own figures and target values, one line: "Kommunen 2022: 600 ton; Mål 2026: 450 ton"
            figures = [f"{self.header[i]}: {value}" for i in self.values if (value := self.cell(row, i))]
            if figures:
                made.indicators.append("; ".join(figures))
                o.n_indicators += 1
        elif not saw_text and not area and any(c.text for c in row):
            o.n_background += 1

    def _owner(self, value: str) -> tuple[str, bool] | None:
        """An Ansvarig value as the document gives it (any name, an abbreviation too); the council
        ("Kommunfullmäktige") is told apart, since it owns the overarching goals, not a nämnd's."""
        if not value or len(value) > 120:
            return None
        from malkoll.outline import language as L

        doc = self.o.parses(value)
        council = any(ow.council for ow in L.owners(doc, self.o.v))
        return value, council

    def _table_goal(self) -> "Found | None":
        o = self.o
        if o.goals and o.goals[-1].path == self.path:
            return o.goals[-1]
        return None
