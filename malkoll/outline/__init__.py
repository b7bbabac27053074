"""The outline: one engine that decides, for every format, what in a document is a goal.

Readers (`malkoll.ingest`) turn a file into blocks — headings, paragraphs with their lines, list
items, tables, pages — and say where each stands. `outline(blocks, …)` walks them in document
order and decides for each piece of text whether it is a goal (with its level, owner, the goal
above it and the indicators listed under it), an indicator, or background, on evidence that holds
in Swedish steering documents generally:

- *the document's own signals*: headings that name a level ("Nämndmål"), goals ("Våra mål",
  "Styrkort"), areas ("Målområde …"), indicators or background ("Inledning", "Kontakt"); labels
  ("KF-mål 1.1:", "Indikator:", "Aktiviteter:"); a lead-in that introduces a list ("Målen med vår
  verksamhet är att brukarna ska:", "Kommunfullmäktige har beslutat om följande mål:"); numbering
  and references ("(Koppling till KF-mål 1)", "(1,2)"); the column names of a table, also when a
  PDF flattened the table into lines; lone label lines ("Vision", "Mål") beside their text;
- *position*: a list under a goal heading holds goals, a measure nested under a goal is its
  indicator, the prose under a heading that is itself a goal explains it, a plain heading whose
  section holds only prose under a goal heading is a goal;
- *the sentence's own form*, from the analyzer's parse: a goal states a wished state or result
  ("ska minska", "Alla fullföljer gymnasiet", "Attraktiv livsmiljö"); text that talks about the
  goals or the document ("Nedan finns kommunens mål"), reports (past tense) or explains ("Vi
  ansvarar för …") is background.

Each goal carries its evidence and, where the decision rests on weaker evidence (a sentence in a
paragraph, a statement in an unstructured text), `certainty="uncertain"`; goal-like sentences that
were not taken (in a background section, in explaining prose) are listed as uncertain passages, so
nothing is dropped or added silently. Owners come from the same parse and the analyzer's owner
lexicon; a unit heading (a nämnd) owns the committee and operational goals below it, the council
(fullmäktige) the overarching ones, also when only a sentence of the document says so
("Kommunfullmäktige har beslutat om sju nya mål").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from malkoll.i18n import t
from malkoll.ingest.blocks import Block, Cell, Line, Where
from malkoll.outline import language as L
from malkoll.outline.giveway import checkpoint
from malkoll.outline.vocab import Vocabulary, vocabulary, words
from malkoll.report import GoalInput, Source
from malkoll.vocabulary import LEVEL_RANK

INDICATOR = "indicator"
MAX_GOAL_WORDS = 70
MAX_VISION_WORDS = 70
MAX_HEADING_GOAL_WORDS = 20
PARSE_WORDS = 120  # longer paragraphs are prose, judged without the parse
STATEMENT_BUDGET = 60  # sentences of long prose read for who decided the goals
UNCERTAIN_BUDGET = 300  # sentences of long prose read for goals written into running text

HEADING_NUMBER_RE = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3}){0,4}\.?|[A-ZÅÄÖ]\.|[IVX]{1,5}\.)[ \t]+(?=\S)")
NUMBERED_LINE_RE = re.compile(r"^\s*(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})\.?[ \t]+(?P<rest>[A-ZÅÄÖ].*)$")
LEADING_NUMBER_RE = re.compile(r"^\s*(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})[.)][ \t]+(?=\S)")
TRAILING_REFS_RE = re.compile(r"\((?P<nums>\d{1,3}(?:\.\d{1,3}){0,3}(?:[ \t]*[,;&][ \t]*\d{1,3}(?:\.\d{1,3}){0,3}){0,20})\)"
                              r"(?P<tail>(?:[ \t]+[A-ZÅÄÖ]{1,4}){0,2})(?:[ \t]*\.)?[ \t]*$")
CATEGORY_PREFIX_RE = re.compile(r"^(?P<prefix>[A-ZÅÄÖ][\wåäöÅÄÖ/-]*(?:[ \t]+[\wåäöÅÄÖ/-]+){0,2})[ \t]*:[ \t]+(?=[A-ZÅÄÖ0-9])")
KOLADA_ID_RE = re.compile(r"\b[NU]\d{5}\b")
END_PUNCT = (".", "!", "?", ";", ":", ",")


@dataclass(eq=False)
class Unit:
    """A piece of text the outline judges: a heading, a list item, a paragraph or one of its lines."""
    text: str
    where: Where
    kind: str  # heading | item | para | line | cell
    block: Block
    depth: int = 0
    end_line: int | None = None
    doc: object = None  # the parse (spaCy Doc), when the outline needed it

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass(eq=False)
class Found:
    gid: str
    text: str
    unit: Unit
    level: str | None
    level_from: str | None
    owner: str | None
    path: tuple[int, ...]
    heading_path: list[str]
    evidence: str
    certainty: str
    label: str | None = None
    refs: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    parent: "Found | None" = None
    explicit_parent: bool = False  # a nested item, a heading goal, a Koppling column: not the row order
    explicit_links: bool = False  # a Koppling column decides, even when empty
    list_depth: int | None = None
    suppress: list[str] = field(default_factory=list)
    doc: object = None
    owner_from_unit: bool = False  # the owner came from a unit heading, column or the text

    @property
    def rank(self) -> int:
        return LEVEL_RANK.get(self.level or "", 2)


@dataclass
class Section:
    depth: int
    title: str
    kind: str  # neutral | goals | area | indicators | background | vision | goal
    key: int
    level: str | None = None
    level_known: bool = False
    owner: str | None = None  # a unit (nämnd, förvaltning, bolag) owning the goals below
    council: str | None = None  # the council owning the overarching goals below
    goal: Found | None = None  # kind "goal": the goal the heading states
    vision_taken: bool = False


@dataclass
class Lead:
    """A lead-in ending with ':' and what it says about the list that follows."""
    kind: str  # goals | indicators | skip | areas | plain
    level: str | None = None
    owner: str | None = None
    council: str | None = None


@dataclass
class Uncertain:
    text: str
    where: Where
    reason: str  # i18n key outline.uncertain.<reason>
    heading_path: list[str] = field(default_factory=list)  # the headings above the passage, outermost first


@dataclass
class OutlineResult:
    goals: list[GoalInput]
    indicators: int = 0
    background: int = 0
    skipped: list[tuple[Where | None, str]] = field(default_factory=list)  # (where, i18n key or text)
    uncertain: list[Uncertain] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(words(text))


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def continues(prev: str, nxt: str) -> bool:
    """Whether the next line of a paragraph carries on the same sentence (a wrapped line), rather than
    starting a new piece (a line break between cells, list entries or sentences)."""
    prev = prev.rstrip()
    if not prev or not nxt:
        return False
    if prev.endswith(("-", ",", "–", "och", "samt", "eller", "att", "som", "för", "i", "av", "med", "till")):
        return True
    if prev.endswith((".", "!", "?", ":", ";")):
        return False
    return nxt[0].islower() or nxt[0] in "(["


def split_units(lines: list[Line], kind: str, block: Block) -> list[Unit]:
    groups: list[list[Line]] = []
    for ln in lines:
        text = _clean(ln.text)
        if not text:
            continue
        if groups and continues(groups[-1][-1].text, text):
            groups[-1].append(Line(text, ln.where))
        else:
            groups.append([Line(text, ln.where)])
    out = []
    for k, g in enumerate(groups):
        first, last = g[0].where, g[-1].where
        end = last.line if last.line is not None and first.line is not None and last.line > first.line else None
        out.append(Unit(" ".join(x.text for x in g), first, kind if k == 0 or kind != "item" else "item_line",
                        block, block.depth, end))
    return out


class Outline:
    """The outline of one document; `run(blocks)` returns the goals and what else was found."""

    def __init__(self, file: str | None, format: str | None = None, owners: Iterable[str] = (),
                 text_columns: Iterable[str] = (), engine: str | None = None):
        self.file = file
        self.format = format
        self.v: Vocabulary = vocabulary()
        self.config_owners = [o for o in owners if o]
        self.text_columns = [c.lower() for c in text_columns]
        self.parses = L.Parses(engine)
        self.goals: list[Found] = []
        self.sections: list[Section] = [Section(-1, "", "neutral", 0)]
        self._key = 0
        self.last_by_rank: dict[int, Found] = {}
        self.labels: dict[str, Found] = {}
        self.by_text: dict[str, Found] = {}
        self.lead: Lead | None = None
        self.area_lead = False
        self.area_depth: int | None = None
        self.items: list[tuple[int, Found | None, str]] = []  # (depth, goal, mode) of the open list
        self._pending_label: tuple[Unit, str | None] | None = None
        self._flat_target = False  # a flattened table's header names a target column
        self._uncertain_budget = UNCERTAIN_BUDGET
        self._inline_directives: list | None = None
        self.pending_suppress: list[str] = []
        self.file_suppress: list[str] = []
        self.n_indicators = 0
        self.n_background = 0
        self.skipped: list[tuple[Where | None, str]] = []
        self.uncertain: list[Uncertain] = []
        self.furniture: set[str] = set()
        self.stray_labels: set[str] = set()
        self.doc_owner: dict[str, str] = {}  # level -> owner the document's sentences give
        self.doc_terms: dict[str, str] = {}  # a goal noun -> the level the document gives it ("effektmål för nämnder")
        self._prev_unit: Unit | None = None  # the paragraph line before, across paragraphs
        self.doc_level: str | None = None
        self.page_numbered = False

    # ------------------------------------------------------------------------------------------
    # the walk
    # ------------------------------------------------------------------------------------------
    def run(self, blocks: Iterable[Block]) -> OutlineResult:
        steps = [(b, self._units(b)) for b in self._bold_headings(blocks)]
        self._prepass(steps)
        bodies = self._bodies(steps)
        for i, (block, units) in enumerate(steps):
            checkpoint()  # a caller sharing the thread gives way here (malkoll.outline.giveway)
            kind = block.kind
            if kind != "para":
                self._prev_unit = None
            if kind == "heading":
                self.lead, self.items = None, []
                self._heading(units[0], block, bodies.get(i))
            elif kind == "para":
                self.lead, self.items = None, []
                self._para(units, block, steps, i)
            elif kind == "item":
                self._item(units, block)
            elif kind == "table":
                self.items = []
                self._table(block)
                self.lead = None
            elif kind == "comment":
                self._directives(block.directives)
        return self._finish()

    @staticmethod
    def _bold_headings(blocks: Iterable[Block]) -> Iterator[Block]:
        """A short paragraph wholly in bold, not ending a sentence, is a heading in a document that
        sets its headings in bold (a Word file without heading styles, a pasted page), one level below
        the heading before it."""
        depth = 0
        for b in blocks:
            if b.kind == "heading":
                depth = b.depth
            elif b.kind == "para" and b.emphasis == "bold" and len(b.lines) == 1:
                text = b.lines[0].text.strip()
                if text and len(text.split()) <= 12 and not text.endswith((".", ":", ";", ",")):
                    b = Block("heading", b.lines, depth=depth + 1, emphasis="bold")
            yield b

    # --- segmentation -------------------------------------------------------------------------
    def _units(self, block: Block) -> list[Unit]:
        if block.kind == "heading":
            ln = block.lines[0]
            return [Unit(_clean(ln.text), ln.where, "heading", block, block.depth)]
        if block.kind in ("para", "item"):
            return split_units(block.lines, block.kind, block)
        return []

    def _prepass(self, steps) -> None:
        """Repeated short lines (page headers and footers), the document's stray labels, what the
        document's sentences say about who owns its goals, and the parse of what will be judged."""
        counts: dict[str, int] = {}
        for block, units in steps:
            checkpoint()
            if block.kind == "para":
                for u in units:
                    if u.n_words <= 8:
                        counts[u.text] = counts.get(u.text, 0) + 1
        for text, n in counts.items():
            if n >= 2 and not self._label_line_level(text) and not text.endswith(":") and \
                    self.v.indicator_label(text) is None and self.v.non_goal_label(text) is None:
                if len(text.split()) <= 2 and text.isupper() and len(text) <= 5:
                    self.stray_labels.add(text)
                self.furniture.add(text)
        to_parse: list[str] = []
        for block, units in steps:
            checkpoint()
            for u in units:
                if self._worth_parsing(u):
                    to_parse.append(u.text)
        self.parses.add(to_parse)
        statements: list[str] = []  # sentences of long prose that may say whose the goals are
        for block, units in steps:
            checkpoint()
            for u in units:
                u.doc = self.parses.get(u.text)
                if u.doc is None and block.kind == "para" and len(statements) < STATEMENT_BUDGET:
                    statements += [x for x in L.rough_sentences(u.text)
                                   if any(self.v.has("goal_nouns", w) or self.v.level_of(w) for w in words(x))]
        statements = statements[:STATEMENT_BUDGET]
        self.parses.add(statements)
        # the document's own words for its levels: "Effektmål 2015 för styrelse och nämnder"
        for block, units in steps:
            checkpoint()
            if block.kind in ("heading", "para"):
                for u in units:
                    level = self.v.level_of(u.text)
                    if level and len(self.v.levels_in(u.text)) == 1:
                        for w in words(u.text):
                            if self.v.has("goal_nouns", w) and self.v.level_of(w) is None and w not in ("mål", "målen", "målet"):
                                self.doc_terms.setdefault(w, level)
        # sentences of the document about whose goals these are
        levels_named: set[str] = set()
        judged = [(block.kind, u.doc) for block, units in steps if block.kind in ("para", "heading")
                  for u in units if u.doc is not None]
        judged += [("para", self.parses.get(x)) for x in statements]
        for kind, doc in judged:
            for sent in L.sentences(doc):
                if not L.about_steering(sent, self.v) and kind != "heading":
                    continue
                level = self.v.level_of(sent.text)
                if level and level != "vision":
                    levels_named.add(level)
                who = L.decision(sent, self.v)
                if who is None:
                    who = self._genitive_goal_owner(sent)
                if who is None:
                    continue
                lvl = level or ("overarching" if who.council else "committee")
                if who.council and lvl not in ("overarching", "financial"):
                    lvl = "overarching"
                self.doc_owner.setdefault(lvl, who.name)
        if len(levels_named) == 1:
            self.doc_level = next(iter(levels_named))

    def _genitive_goal_owner(self, sent) -> L.Owner | None:
        """"Av nämndens åtta mål …", "Kommunfullmäktiges mål för mandatperioden …": a body whose
        goals the sentence names (a genitive before a goal noun)."""
        for o in L.owners(sent.doc, self.v):
            if not (sent.start <= o.start < sent.end) or not o.genitive or not o.specific:
                continue
            head = sent.doc[o.end - 1].head
            if self.v.has("goal_nouns", head.text) or self.v.level_of(head.text):
                return o
        return None

    def _worth_parsing(self, u: Unit) -> bool:
        """What the outline will judge by its language, parsed up front in one batch: headings, list
        items without a label that decides them, short paragraphs, and paragraphs whose every sentence
        states a will (the goals of a paragraph). Long prose is judged sentence by sentence, later."""
        text = u.text
        if u.kind == "heading":
            return True
        if u.kind in ("item", "item_line"):
            v = self.v
            return v.indicator_label(text) is None and v.non_goal_label(text) is None and not text.endswith(":")
        if text in self.furniture:
            return False
        n = u.n_words
        if n <= 40:
            return True
        if n > PARSE_WORDS:
            return False
        return all(set(words(x)) & self.v.modals for x in L.rough_sentences(text))

    def _bodies(self, steps) -> dict[int, dict]:
        """For each heading: what its section holds (lists, tables, prose, sub-headings)."""
        out: dict[int, dict] = {}
        for i, (block, _) in enumerate(steps):
            if block.kind != "heading":
                continue
            body = {"items": 0, "tables": 0, "paras": 0, "subheadings": 0, "measures": 0, "indicator_tables": 0,
                    "wills": 0}
            for b, us in steps[i + 1:]:
                if b.kind == "heading":
                    if b.depth <= block.depth:
                        break
                    body["subheadings"] += 1
                    continue
                if b.kind == "item":
                    body["items"] += 1
                    if us and us[0].doc is not None and (L.measure_form(us[0].doc) or
                                                         self.v.indicator_label(us[0].text) is not None):
                        body["measures"] += 1
                elif b.kind == "table":
                    body["tables"] += 1
                    if self._indicator_table(b):
                        body["indicator_tables"] += 1
                elif b.kind == "para":
                    body["paras"] += 1
                    if any(set(words(u.text)) & self.v.modals for u in us):
                        body["wills"] += 1  # prose that states a will: the section is about a goal
            out[i] = body
        return out

    def _indicator_table(self, block: Block) -> bool:
        """A table (held in memory: Word, Markdown) whose header names indicators and no goals."""
        if not isinstance(block.rows, list) or not block.rows:
            return False
        from malkoll.outline.tables import column_roles, find_header

        found = None
        if block.header is not None and block.header < len(block.rows):
            found = (block.header, column_roles(self, [c.text for c in block.rows[block.header]]))
        else:
            found = find_header(self, block.rows)
        if found is None:
            return False
        kinds = {r for r, _ in found[1].values()}
        return "indicator" in kinds and "goal" not in kinds

    # --- sections -----------------------------------------------------------------------------
    @property
    def section(self) -> Section:
        return self.sections[-1]

    @property
    def path(self) -> tuple[int, ...]:
        return tuple(s.key for s in self.sections)

    def heading_path(self) -> list[str]:
        return [s.title for s in self.sections if s.title]

    def _push(self, depth: int, title: str, kind: str, **kw) -> Section:
        self._key += 1
        sec = Section(depth, title, kind, self._key, **kw)
        self.sections.append(sec)
        return sec

    def _inherited(self) -> dict:
        s = self.section
        if s.level == "vision":  # a vision is one statement: the sections below it hold other goals
            return {"level": None, "level_known": False, "owner": s.owner, "council": s.council}
        return {"level": s.level, "level_known": s.level_known, "owner": s.owner, "council": s.council}

    def _enclosing_kind(self) -> str:
        for s in reversed(self.sections):
            if s.kind != "neutral":
                return s.kind
        return "neutral"

    def _heading(self, unit: Unit, block: Block, body: dict | None) -> None:
        depth = block.depth
        while len(self.sections) > 1 and self.section.depth >= depth:
            self.sections.pop()
        raw = unit.text
        title = HEADING_NUMBER_RE.sub("", raw).strip().rstrip(":").strip()
        body = body or {"items": 0, "tables": 0, "paras": 0, "subheadings": 0, "wills": 0}
        self.items = []
        if self.area_lead:
            self.area_depth, self.area_lead = depth, False
        elif self.area_depth is not None and depth < self.area_depth:
            self.area_depth = None
        self._classify_heading(unit, title, depth, body)

    def _classify_heading(self, unit: Unit, title: str, depth: int, body: dict) -> None:
        v = self.v
        inherit = self._inherited()
        parent_kind = self._enclosing_kind()
        if not title:
            self._push(depth, title, self.section.kind, **inherit)
            return
        if title.endswith("?"):  # "Vad händer nu?", "Hur arbetar vi med målen?": a reading aid
            self._push(depth, title, "background")
            return
        label = v.goal_label(title)
        if label is not None and not v.has("indicator_words", title.split(":")[0]):
            rest, level, num = label
            sec = self._push(depth, title, "goal", **inherit)
            if level:
                sec.level, sec.level_known = level, True
            if level == "vision":
                sec.vision_taken = True
            goal = self._goal(rest, unit, level=level or None, label=num, evidence="label",
                              path=self.path, heading_path=self.heading_path()[:-1])
            sec.goal = goal
            return
        ws = words(title)
        level = v.level_of(title)
        if level is not None and len(v.levels_in(title)) > 1:
            level = None  # "Vision och inriktningsmål": a section of several levels
        doc = unit.doc
        owner = L.owner_of_goals(doc, v) if doc is not None else None
        only_owner = L.owner_only(doc, v) if doc is not None else None
        if v.has("indicator_words", title) and not level and len(ws) <= 6 and \
                not v.has("goal_nouns", title):
            self._push(depth, title, "indicators", **inherit)
            return
        if v.has("background", title) and not level and not v.has("goal_nouns", title):
            self._push(depth, title, "background")
            return
        if v.has("document_titles", title):
            self._push(depth, title, "neutral", **inherit)
            return
        if owner is not None and owner.generic and self._section_owner():
            owner = None  # "Nämndens mål" under "Socialnämnden": the named body stays the owner
        if only_owner is not None and only_owner.generic and self._section_owner():
            only_owner = None
        council = owner.name if owner is not None and owner.council else inherit["council"]
        unit_owner = owner.name if owner is not None and not owner.council else None
        if level:
            sec = self._push(depth, title, "vision" if level == "vision" else "goals", **inherit)
            sec.level, sec.level_known = level, True
            if council:
                sec.council = council
            if unit_owner:
                sec.owner = unit_owner
            return
        if v.has("area_nouns", title) or (self.area_depth is not None and depth == self.area_depth):
            sec = self._push(depth, title, "area", **inherit)
            if not sec.level:
                sec.level = "overarching"  # an area's goals are the organisation's own (inferred)
            return
        if v.has("goal_nouns", title):
            sec = self._push(depth, title, "goals", **inherit)
            if council:
                sec.council = council
                if not sec.level_known:
                    sec.level, sec.level_known = "overarching", True
            elif unit_owner:
                sec.owner = unit_owner
                if not sec.level_known:
                    sec.level, sec.level_known = self._unit_level(unit_owner), True
            elif doc is not None and self._whole_org_goals(doc):
                if not sec.level_known:
                    sec.level, sec.level_known = "overarching", True
            return
        if only_owner is not None or (owner is not None and len(ws) <= 6):
            who = only_owner or owner
            sec = self._push(depth, title, parent_kind if parent_kind in ("goals", "area", "neutral") else "neutral",
                             **inherit)
            if who.council:
                sec.council = who.name
            else:
                sec.owner = who.name
                sec.level, sec.level_known = (inherit["level"] if inherit["level"] in ("committee", "operational")
                                              else self._unit_level(who.name)), True
            return
        if self._config_owner(title):
            sec = self._push(depth, title, parent_kind if parent_kind != "background" else "neutral", **inherit)
            sec.owner = self._config_owner(title)
            sec.level, sec.level_known = "committee", True
            return
        # a plain heading: its place and what its section holds decide
        if parent_kind in ("goals", "area", "vision", "goal") and self.section.kind != "background":
            statement = body["subheadings"] == 0 and (
                (body["items"] == 0 and body["tables"] == 0) or
                (body["items"] == body["measures"] and body["tables"] == body["indicator_tables"]) or
                (doc is not None and L.goal_form(doc, v, nominal=False) == "modal"))
            if statement and len(ws) <= MAX_HEADING_GOAL_WORDS and doc is not None and \
                    not L.about_steering(doc, v) and parent_kind != "goal":
                sec = self._push(depth, title, "goal", **inherit)
                existing = self.by_text.get(_norm(title))
                if existing is not None:  # the heading repeats a goal listed above: its explanation
                    sec.goal = existing
                    return
                form = L.goal_form(doc, v)
                if form is None and not body.get("wills") and not body.get("measures") and \
                        not body.get("indicator_tables"):
                    sec.kind = "neutral"  # a topic ("Personal") over prose that states no goal
                    return
                sec.goal = self._goal(title, unit, evidence="goal_heading",
                                      certainty="certain" if form else "uncertain",
                                      path=self.path, heading_path=self.heading_path()[:-1])
                return
            self._push(depth, title, parent_kind if parent_kind != "goal" else "goals", **inherit)
            return
        if doc is not None and L.goal_form(doc, v, nominal=False) == "modal" and len(ws) >= 4 and \
                not L.about_steering(doc, v) and parent_kind in ("goals", "area"):
            sec = self._push(depth, title, "goal", **inherit)
            sec.goal = self._goal(title, unit, evidence="goal_heading", path=self.path,
                                  heading_path=self.heading_path()[:-1])
            return
        self._push(depth, title, self.section.kind if self.section.kind in ("background", "indicators") else
                   ("neutral" if parent_kind in ("goal", "vision") else parent_kind), **inherit)

    def term_level(self, text: str) -> str | None:
        """The level the document itself gives a goal noun it uses ("Effektmål" -> committee when
        the document speaks of "effektmål för styrelse och nämnder")."""
        for w in words(text):
            if w in self.doc_terms:
                return self.doc_terms[w]
        return None

    def _whole_org_goals(self, doc) -> bool:
        """"Region Gotlands mål", "Kommunens mål": the organisation's own (overarching) goals."""
        return any(s.label_ == "WHOLE_ORG" for s in doc.spans.get("actors", []))

    def _unit_level(self, owner: str) -> str:
        low = owner.lower()
        return "operational" if any(w in low for w in ("förvaltning", "enhet", "avdelning", "kontor")) else "committee"

    def _config_owner(self, title: str) -> str | None:
        low = title.lower()
        for name in self.config_owners:
            if name.lower() in low:
                return name
        return None

    # --- paragraphs ---------------------------------------------------------------------------
    def _label_line_level(self, text: str) -> str | None:
        """A lone label line ("Vision", "Mål", "Nämndmål"): the level it gives (goal nouns: "goal")."""
        ws = words(text)
        if not ws or len(ws) > 3 or text.rstrip().endswith(END_PUNCT):
            return None
        level = self.v.level_of(text)
        if level and all(self.v.level_of(w) or self.v.has("goal_nouns", w) or w in ("och",) for w in ws):
            return level
        if len(ws) == 1 and self.v.has("goal_nouns", text) and not self.v.has("area_nouns", text):
            return "goal"
        return None

    def _para(self, units: list[Unit], block: Block, steps, index: int) -> None:
        self.items = []
        self._inline_directives = list(block.directives) or None
        flattened = len(units) > 1
        header_at = self._flattened_header(units) if flattened else None
        table_goal: Found | None = None
        in_table = False
        for k, u in enumerate(units):
            if header_at is not None and k >= header_at[0]:
                if k < header_at[1]:
                    self.n_background += 1
                    continue
                in_table = True
            if in_table:
                table_goal = self._flattened_cell(u, table_goal, header_at[2])
                continue
            nxt = units[k + 1] if k + 1 < len(units) else self._next_unit(steps, index)
            prev = units[k - 1] if k > 0 else self._prev_unit
            self._para_unit(u, block, single=not flattened, nxt=nxt, prev=prev)
            self._prev_unit = u
        self._inline_directives = None

    def _next_unit(self, steps, index: int) -> Unit | None:
        if index + 1 < len(steps):
            b, units = steps[index + 1]
            if b.kind == "para" and units:
                return units[0]
        return None

    def _flattened_header(self, units: list[Unit]) -> tuple[int, int, str | None] | None:
        """Column names of a table a PDF (or a copy) flattened into lines: two or more short lines in
        a row that name columns, one of them goals ("Effektmål / Uppföljning/mätmetod / Redovisningsform").
        Returns (first header line, first cell line, the goal column's level)."""
        k = 0
        while k < len(units):
            run = []
            j = k
            while j < len(units) and units[j].n_words <= 3 and not units[j].text.endswith(END_PUNCT):
                role = self.v.column_role(units[j].text)
                if role is None:
                    break
                run.append(role)
                j += 1
            if len(run) >= 2 and any(r[0] == "goal" for r in run) and any(r[0] != "goal" for r in run) \
                    and j < len(units):
                at = next(i for i, r in enumerate(run) if r[0] == "goal")
                level = run[at][1] or self.term_level(units[k + at].text)
                self._flat_target = any(r[0] == "target" for r in run)
                return k, j, level
            k = max(j, k + 1)
        return None

    def _flattened_cell(self, u: Unit, goal: Found | None, level: str | None) -> Found | None:
        doc = u.doc
        form = L.goal_form(doc, self.v, nominal=False) if doc is not None else None
        if form in ("modal", "declaration") and not L.about_steering(doc, self.v):
            return self._goal(u.text, u, level=level, evidence="flattened_table", certainty="uncertain")
        if goal is not None and goal.indicators and self._flat_target and u.n_words <= 4 and \
                any(ch.isdigit() for ch in u.text):  # the target value of the indicator before it
            goal.indicators[-1] = t("outline.indicator_target", "sv", indicator=goal.indicators[-1], target=u.text)
            return goal
        if goal is not None and u.n_words <= 25:
            goal.indicators.append(u.text)
            self.n_indicators += 1
            return goal
        self.n_background += 1
        return goal

    def _para_unit(self, u: Unit, block: Block, single: bool, nxt: Unit | None, prev: Unit | None) -> None:
        v = self.v
        text = u.text
        if text in self.furniture:
            self.n_background += 1
            return
        if self._line_heading(u, single):
            return
        label_level = self._label_line_level(text)
        if label_level is not None:
            self._label_line(u, label_level, nxt, prev)
            return
        if self._owner_line(u):
            return
        kind = self.section.kind
        if self._labelled(u, block, in_list=False):
            return
        if text.endswith(":"):
            self._lead(u)
            self.n_background += 1
            return
        if kind == "indicators":
            if u.n_words <= 25:
                self._indicator(text, u)
            else:
                self.n_background += 1
            return
        doc = u.doc
        if doc is None and kind == "vision" and not self.section.vision_taken and u.n_words <= MAX_VISION_WORDS:
            doc = u.doc = self.parses(text)
        if doc is None:  # long prose (or background): goal-like sentences in it are reported as uncertain
            if kind not in ("background", "indicators"):
                self._maybe_uncertain(None, u, "explanation" if kind == "goal" else "prose")
            self.n_background += 1
            return
        sents = L.sentences(doc)
        if kind == "vision" and not self.section.vision_taken:
            if not L.about_steering(doc, v) and 3 <= u.n_words <= MAX_VISION_WORDS and block.emphasis != "italic":
                self.section.vision_taken = True
                self._goal(text, u, level="vision", evidence="vision_section")
            else:
                self.n_background += 1
            return
        if all(L.instructs(s) for s in sents):  # "Klicka på …", "Läs mer …": to the reader
            self.n_background += 1
            return
        declared = [s for s in sents if L.declares_goal(s, v)]
        if declared and kind != "background":
            for s in declared:
                self._goal_sentence(s, u, evidence="declaration", certainty="certain", subgoal=True)
            self.n_background += 1 if len(declared) < len(sents) else 0
            return
        if kind == "background":
            self._maybe_uncertain(sents, u, "background_section")
            self.n_background += 1
            return
        if kind in ("goal", "vision"):  # prose that explains the goal of the heading above
            self._maybe_uncertain(sents, u, "explanation")
            self.n_background += 1
            return
        if block.emphasis == "italic" and u.n_words <= 20:  # a caption
            self.n_background += 1
            return
        if kind in ("goals", "area"):
            if len(sents) == 1 and L.measure_form(sents[0]) and self._scope_goal() is not None:
                self._indicator(text, u)
                return
            if len(sents) == 1:
                s = sents[0]
                form = L.goal_form(s, v)
                if form and not L.about_steering(s, v) and self._goal_sized(s, form):
                    if self.by_text.get(_norm(text)) is not None and not single:
                        self.n_background += 1
                        return
                    self._goal(text, u, evidence="goal_statement", doc=doc,
                               certainty="certain" if form in ("modal", "clause", "nominal") else "uncertain")
                    return
                self.n_background += 1
                return
            statements = [s for s in sents if L.goal_form(s, v, nominal=False) == "modal" and not L.about_steering(s, v)]
            if statements and len(statements) == len(sents):
                for s in statements:
                    self._goal_sentence(s, u, evidence="statement_in_paragraph", certainty="uncertain")
                return
            self._maybe_uncertain(sents, u, "prose")
            self.n_background += 1
            return
        # neutral: only what states a goal in so many words
        if len(sents) == 1 and u.n_words >= 4 and L.goal_form(sents[0], v, nominal=False) == "modal" and \
                not L.about_steering(sents[0], v):
            self._goal(text, u, evidence="goal_statement", certainty="uncertain", doc=doc)
            return
        self._maybe_uncertain(sents, u, "prose")
        self.n_background += 1

    def _goal_sized(self, sent, form: str) -> bool:
        n = len([t for t in sent if t.is_alpha or t.like_num])
        if form == "nominal":
            return 3 <= n <= 25
        return 3 <= n <= MAX_GOAL_WORDS

    def _goal_sentence(self, sent, u: Unit, evidence: str, certainty: str, subgoal: bool = False) -> None:
        text = sent.text.strip()
        start = sent.start_char
        where = u.where
        if where.column is not None and u.where.line is not None and "\n" not in u.text[:start]:
            where = where.moved(column=where.column + start)
        unit = Unit(text, where, u.kind, u.block, u.depth)
        level = None
        if subgoal and self.section.kind == "goal" and self.section.goal is not None:
            doc = sent.as_doc() if hasattr(sent, "as_doc") else None
            has_target = bool(sent.doc.spans.get("targets")) and any(
                sent.start <= s.start < sent.end for s in sent.doc.spans.get("targets", []))
            level = "indicator_target" if has_target else None
            del doc
        self._goal(text, unit, level=level, evidence=evidence, certainty=certainty,
                   parent=self.section.goal if subgoal and self.section.kind == "goal" else None)

    def _maybe_uncertain(self, sents, u: Unit, reason: str) -> None:
        if sents is None:  # long prose not parsed: only its sentences that state a will are read
            if self._uncertain_budget <= 0:
                return
            cands = [x for x in L.rough_sentences(u.text) if set(words(x)) & self.v.modals][:3]
            self._uncertain_budget -= len(cands)
            self.parses.add(cands)
            sents = [sent for x in cands for sent in L.sentences(self.parses(x))]
        for s in sents:
            if L.goal_form(s, self.v, nominal=False) == "modal" and not L.about_steering(s, self.v) and \
                    4 <= len(s) <= MAX_GOAL_WORDS:
                self.uncertain.append(Uncertain(s.text.strip(), u.where, reason, self.heading_path()))

    def _label_line(self, u: Unit, level: str, nxt: Unit | None, prev: Unit | None) -> None:
        """A lone "Vision" or "Mål" beside its text (a flattened scorecard): the text next to it is
        the goal of that level — the one after it, else the one before it."""
        self.n_background += 1
        lvl = None if level == "goal" else level
        for cand in (nxt, prev):
            if cand is None or cand.kind not in ("para", "line") or cand.text in self.furniture:
                continue
            if self._label_line_level(cand.text) is not None or cand.n_words < 3 or cand.text.endswith(":"):
                continue
            existing = self.by_text.get(_norm(cand.text))
            if existing is not None:
                if lvl and existing.level_from != "document":
                    existing.level, existing.level_from = lvl, "document"
                return
            if cand is nxt:
                self._pending_label = (cand, lvl)
                return
            self._goal(cand.text, cand, level=lvl, evidence="label_line", certainty="uncertain")
            return

    def _line_heading(self, u: Unit, single: bool) -> bool:
        """A line that acts as a heading in text without heading styles (a PDF, a pasted page): a
        numbered short line ("3.1 Målområde 1: Barn och unga") or one that is only a body's name."""
        pending = self._pending_label
        if pending is not None and pending[0] is u:
            self._pending_label = None
            self._goal(u.text, u, level=pending[1], evidence="label_line", certainty="uncertain")
            return True
        text = u.text
        if len(text.split()) > 9 or text.endswith((".", ",", ";")):
            return False
        m = NUMBERED_LINE_RE.match(text)
        if m and not LEADING_NUMBER_RE.match(text):
            depth = m.group("num").count(".") + 1
            self.page_numbered = True
            fake = Unit(m.group("rest"), u.where, "heading", u.block, depth, doc=self.parses(m.group("rest")))
            while len(self.sections) > 1 and self.section.depth >= depth:
                self.sections.pop()
            self._classify_heading(fake, m.group("rest").rstrip(":"), depth, {"items": 0, "tables": 0, "paras": 1,
                                                                             "subheadings": 0})
            return True
        return False

    def _owner_line(self, u: Unit) -> bool:
        """A line that is only a body's name ("Socialnämnden") opens that body's part, as a heading."""
        text = u.text
        doc = u.doc
        if doc is None or len(text.split()) > 8 or text.endswith((".", ",", ";", ":")):
            return False
        who = L.owner_only(doc, self.v)
        if who is None or L.goal_form(doc, self.v, nominal=False):
            return False
        depth = self.sections[-1].depth + 1 if len(self.sections) > 1 else 1
        if self.section.kind == "line":
            depth = self.section.depth
        fake = Unit(text, u.where, "heading", u.block, depth, doc=doc)
        while len(self.sections) > 1 and self.section.depth >= depth:
            self.sections.pop()
        self._classify_heading(fake, text, depth, {"items": 1, "tables": 0, "paras": 0, "subheadings": 0})
        return True

    def _lead(self, u: Unit) -> None:
        """A lead-in ending with ':' — what it says about the list that follows."""
        v = self.v
        text = u.text
        doc = u.doc
        level = v.level_of(text)
        goalish = level is not None or v.has("goal_nouns", text)
        lead = Lead("plain")
        if goalish:
            lead.kind = "goals"
            lead.level = level if level != "vision" else None
        elif v.has("indicator_words", text):
            lead.kind = "indicators"
        elif v.has("area_nouns", text):
            lead.kind = "areas"
            self.area_lead = True
        elif v.non_goal_label(text + " x") is not None or v.has("non_goal_labels", text):
            lead.kind = "skip"
        if doc is not None and lead.kind == "goals":
            who = L.decision(doc, v) or L.owner_of_goals(doc, v)
            if who is not None and who.generic and self.section.owner:
                who = None
                lead.owner = self.section.owner
            if who is not None and who.specific:
                if who.council:
                    lead.council = who.name
                    lead.level = lead.level or "overarching"
                else:
                    lead.owner = who.name
                    lead.level = lead.level or self.section.level or self._unit_level(who.name)
            elif who is None and any(t.lower_ in ("vår", "våra", "vårt") for t in doc) and self.section.owner:
                lead.owner = self.section.owner  # "Målen med vår verksamhet …" under a nämnd's heading
        self.lead = lead

    # --- labels ------------------------------------------------------------------------------
    def _labelled(self, u: Unit, block: Block, in_list: bool, parent_goal: Found | None = None) -> bool:
        """Labels at the start of a paragraph or item: "Indikator: …", "Koppling: KF-mål 2",
        "Aktiviteter: …", "KF-mål 1.1: …". True when the label decided what the text is."""
        v = self.v
        text = u.text
        ind = v.indicator_label(text)
        if ind is not None:
            if ind:
                self._indicator(text, u, goal=parent_goal)
            else:
                return False  # "Indikatorer:" alone: a lead
            return True
        if self._link(text, parent_goal):
            return True
        non = v.non_goal_label(text)
        if non is not None:
            if non:
                self.n_background += 1
                return True
            return False
        label = v.goal_label(text)
        if label is not None:
            rest, level, num = label
            moved = self._moved(u, rest)
            self._goal(rest, moved, level=level, label=num, evidence="label", parent=parent_goal)
            return True
        return False

    def _moved(self, u: Unit, rest: str) -> Unit:
        pos = u.text.find(rest[:20]) if rest else -1
        where = u.where
        if pos > 0 and where.column is not None and where.line is not None:
            where = where.moved(column=where.column + pos)
        return Unit(rest, where, u.kind, u.block, u.depth, u.end_line,
                    doc=u.doc if rest == u.text else self.parses.get(rest))

    def _link(self, text: str, goal: Found | None) -> bool:
        """A line "Koppling: KF-mål 1.1" under a goal links that goal upwards."""
        ws = words(text)
        if not ws or ws[0] not in self.v.reference_words or len(ws) > 8:
            return False
        target = goal or (self.goals[-1] if self.goals else None)
        nums = self.v.references(text)
        if not nums or target is None:
            return False
        target.refs += nums
        return True

    # --- list items ---------------------------------------------------------------------------
    def _item(self, units: list[Unit], block: Block) -> None:
        if not units:
            return
        if block.directives:
            self._inline_directives = list(block.directives)
        u = units[0]
        depth = block.depth
        self.items = [(d, g, m) for d, g, m in self.items if d < depth]
        parent_goal = next((g for d, g, m in reversed(self.items) if g is not None), None)
        mode = next((m for d, g, m in reversed(self.items) if m in ("indicator", "skip")), None)
        found = self._item_unit(u, block, depth, parent_goal, mode)
        # further sentences of the item on lines of their own: nested under it
        for extra in units[1:]:
            sub_parent = found or parent_goal
            self._item_unit(extra, block, depth + 1, sub_parent, mode, continuation=True)
        self._inline_directives = None

    def _item_unit(self, u: Unit, block: Block, depth: int, parent_goal: Found | None, mode: str | None,
                   continuation: bool = False) -> Found | None:
        v = self.v
        text = u.text
        if mode == "indicator":
            self._indicator(text, u, goal=parent_goal)
            return None
        if mode == "skip":
            self.n_background += 1
            return None
        ind = v.indicator_label(text)
        if ind is not None:
            if ind:
                self._indicator(text, u, goal=parent_goal)
            else:
                self.items.append((depth, None, "indicator"))
            return None
        if self._link(text, parent_goal):
            return None
        non = v.non_goal_label(text)
        if non is not None:
            self.n_background += 1
            if not non:
                self.items.append((depth, None, "skip"))
            return None
        label = v.goal_label(text)
        if label is not None:
            rest, level, num = label
            g = self._goal(rest, self._moved(u, rest), level=level, label=num, evidence="label",
                           parent=parent_goal, list_depth=depth)
            self.items.append((depth, g, "goal"))
            return g
        if text.endswith(":"):
            self._lead(u)
            self.n_background += 1
            if self.lead and self.lead.kind in ("indicators", "skip"):
                self.items.append((depth, None, "indicator" if self.lead.kind == "indicators" else "skip"))
                self.lead = None
            return None
        doc = u.doc
        lead = self.lead
        kind = self.section.kind
        if parent_goal is not None and (continuation or any(d < depth and g is parent_goal for d, g, m in self.items)):
            # nested under a goal: a measure is its indicator, a statement its sub-goal
            if doc is not None and (L.goal_form(doc, v, nominal=False) in ("modal", "declaration")) and \
                    not L.about_steering(doc, v):
                level = parent_goal.level if continuation else self._sub_level(parent_goal)
                g = self._goal(text, u, level=level, evidence="nested_goal", parent=parent_goal, list_depth=depth,
                               level_from="document" if level else None)
                self.items.append((depth, g, "goal"))
                return g
            if continuation and doc is not None and L.goal_form(doc, v, nominal=False) == "clause":
                g = self._goal(text, u, level=parent_goal.level, evidence="nested_goal", parent=parent_goal,
                               list_depth=depth)
                self.items.append((depth, g, "goal"))
                return g
            self._indicator(text, u, goal=parent_goal)
            return None
        if lead is not None and lead.kind == "indicators":
            self._indicator(text, u)
            return None
        if lead is not None and lead.kind in ("skip", "areas"):
            self.n_background += 1
            return None
        if lead is not None and lead.kind == "plain" and kind != "goal":
            # a list after a lead-in that names no goals ("Nämnden ansvarar för:"): only what states a
            # will or a state in a sentence of its own is a goal
            if doc is not None and L.goal_form(doc, v, nominal=False) in ("modal", "clause", "declaration") and \
                    not L.about_steering(doc, v) and not L.measure_form(doc):
                g = self._goal(text, u, evidence="goal_statement", certainty="uncertain", list_depth=depth)
                self.items.append((depth, g, "goal"))
                return g
            self.n_background += 1
            return None
        refs, text_clean = self._strip_refs(text)
        n_words = len(text_clean.split())
        number = block.number if not continuation else None
        if lead is not None and lead.kind == "goals":
            if doc is not None and L.about_steering(doc, v) and not refs:
                self.n_background += 1
                return None
            g = self._goal(text, u, level=lead.level or None, owner=lead.owner, council=lead.council,
                           evidence="goal_list", list_depth=depth, label=number)
            self.items.append((depth, g, "goal"))
            return g
        if kind in ("goals", "area", "vision", "goal"):
            if kind == "goal" and self.section.goal is not None:
                if doc is not None and L.measure_form(doc):
                    self._indicator(text, u, goal=self.section.goal)
                    return None
                if doc is not None and L.goal_form(doc, v) and not L.about_steering(doc, v) and n_words >= 2:
                    g = self._goal(text, u, evidence="nested_goal", parent=self.section.goal, list_depth=depth)
                    self.items.append((depth, g, "goal"))
                    return g
                self.n_background += 1
                return None
            if doc is not None and L.measure_form(doc) and not refs:
                return self._measure(text, u, doc, depth)
            if (n_words >= 2 or refs) and not (doc is not None and L.about_steering(doc, v) and not refs):
                level = "vision" if kind == "vision" and not self.section.vision_taken else None
                if level == "vision":
                    self.section.vision_taken = True
                g = self._goal(text, u, level=level, evidence="goal_list", list_depth=depth, label=number)
                self.items.append((depth, g, "goal"))
                return g
            self.n_background += 1
            return None
        if kind in ("background", "indicators"):
            if kind == "indicators":
                self._indicator(text, u)
                return None
            if doc is not None:
                self._maybe_uncertain(L.sentences(doc), u, "background_section")
            self.n_background += 1
            return None
        # neutral: a list item that states a goal in so many words
        if doc is not None and n_words >= 4 and L.goal_form(doc, v, nominal=False) == "modal" and \
                not L.about_steering(doc, v):
            g = self._goal(text, u, evidence="goal_statement", certainty="uncertain", list_depth=depth)
            self.items.append((depth, g, "goal"))
            return g
        self.n_background += 1
        self.items.append((depth, None, "other"))
        return None

    def _measure(self, text: str, u: Unit, doc, depth: int) -> Found | None:
        """A measure in a list of goals: with a target value it is a goal of its own (an indicator
        with a target); without one, an indicator of the goal above it."""
        if doc.spans.get("targets"):
            g = self._goal(text, u, level="indicator_target", evidence="goal_list", list_depth=depth)
            self.items.append((depth, g, "goal"))
            return g
        self._indicator(text, u)
        return None

    def _sub_level(self, parent: Found) -> str | None:
        return {0: "overarching", 1: "committee", 2: "operational", 3: "operational"}.get(parent.rank)

    # --- tables -------------------------------------------------------------------------------
    def _table(self, block: Block) -> None:
        from malkoll.outline.tables import read_table

        read_table(self, block)

    # --- indicators ---------------------------------------------------------------------------
    def _indicator(self, text: str, u: Unit | None, goal: Found | None = None, target: str | None = None,
                   owner: str | None = None) -> None:
        text = _clean(self.v.strip_indicator_word(text))
        if target:
            text = t("outline.indicator_target", "sv", indicator=text, target=_clean(target))
        goal = goal or self._scope_goal()
        if goal is not None and goal.level == "indicator_target":
            goal = None  # indicators do not hang under each other
        if goal is None:
            if u is not None:  # an indicator with no goal above it is a goal in its own right
                self._goal(text, Unit(text, u.where, u.kind, u.block, u.depth), level="indicator_target",
                           owner=owner, evidence="indicator_without_goal")
            return
        goal.indicators.append(text)
        self.n_indicators += 1

    def _scope_goal(self) -> Found | None:
        if self.goals and self._in_scope(self.goals[-1]):
            return self.goals[-1]
        return None

    def _in_scope(self, g: Found) -> bool:
        return self.path[:len(g.path)] == g.path

    # --- suppressions -------------------------------------------------------------------------
    def _directives(self, directives: list[tuple[str, list[str]]]) -> None:
        for verb, rules in directives:
            rules = rules or ["all"]
            if verb in ("ignore-file", "disable-file"):
                self.file_suppress += [r for r in rules if r not in self.file_suppress]
            else:
                self.pending_suppress += [r for r in rules if r not in self.pending_suppress]

    # --- goals --------------------------------------------------------------------------------
    def _strip_refs(self, text: str) -> tuple[list[str], str]:
        refs: list[str] = []
        span = self.v.reference_span(text)
        if span is not None and span[0] > 0:
            refs += self.v.references(text[span[0]:span[1]])
            text = text[:span[0]].rstrip()  # "… 2027 (Koppling till KF-mål 1)." -> "… 2027"
        m = TRAILING_REFS_RE.search(text)
        if m and m.start() > 0 and (not m.group("tail").strip() or
                                    all(t in self.stray_labels for t in m.group("tail").split())):
            refs += re.findall(r"\d{1,3}(?:\.\d{1,3}){0,3}", m.group("nums"))
            text = text[:m.start()].rstrip()
        else:
            for lab in self.stray_labels:
                if text.endswith(" " + lab) and len(text) > len(lab) + 3:
                    text = text[: -len(lab) - 1].rstrip()
        return refs, text

    def _goal(self, text: str, u: Unit, level: str | None = None, label: str | None = None,
              owner: str | None = None, council: str | None = None, refs: list[str] | None = None,
              evidence: str = "goal_statement", certainty: str = "certain", parent: Found | None = None,
              path: tuple[int, ...] | None = None, heading_path: list[str] | None = None,
              list_depth: int | None = None, level_from: str | None = None, doc=None,
              explicit_links: bool = False) -> Found:
        v = self.v
        refs = list(refs or [])
        more, text = self._strip_refs(_clean(text))
        refs += more + [r for r in v.references(text) if r not in refs]
        m = LEADING_NUMBER_RE.match(text)
        if m and len(text[m.end():].split()) >= 2:
            label = label or m.group("num")
            text = text[m.end():].strip()
        m = CATEGORY_PREFIX_RE.match(text)
        if m and len(text[m.end():].split()) >= 3 and not v.level_of(m.group("prefix")) and \
                v.indicator_label(text) is None:
            text = text[m.end():].strip()  # "Perspektiv invånare: Dialog …": a category, not the goal
        sec = self.section
        lf = level_from or ("document" if level else None)
        if level is None:
            if sec.level_known and sec.level:
                level, lf = sec.level, "document"
            elif sec.level:
                level, lf = sec.level, "inferred"
        unit_owner = owner
        if unit_owner is None and level in (None, "committee", "operational", "indicator_target"):
            unit_owner = self._section_owner()
            if unit_owner and level is None:
                level, lf = self._unit_level(unit_owner), "document"
        the_council = council or self._section_council()
        if unit_owner is None and level in ("overarching", "financial", None) and the_council:
            final_owner = the_council
            if level is None:
                level, lf = "overarching", "document"
        else:
            final_owner = unit_owner
        if u.doc is not None and text == u.text and doc is None:
            doc = u.doc
        found = Found(gid=f"g{len(self.goals) + 1}", text=text, unit=u, level=level, level_from=lf,
                      owner=final_owner, path=self.path if path is None else path,
                      heading_path=self.heading_path() if heading_path is None else heading_path,
                      evidence=evidence, certainty=certainty, label=label, refs=refs, parent=parent,
                      explicit_parent=parent is not None, list_depth=list_depth,
                      suppress=list(self.pending_suppress), doc=doc,
                      owner_from_unit=unit_owner is not None or owner is not None, explicit_links=explicit_links)
        self.pending_suppress = []
        inline = self._inline_directives
        if inline:
            self._inline_directives = None
            for verb, rules in inline:
                found.suppress += [r for r in (rules or ["all"]) if r not in found.suppress]
        if found.parent is None:
            rank = found.rank
            for r in range(rank - 1, -1, -1):
                cand = self.last_by_rank.get(r)
                if cand is not None and found.path[:len(cand.path)] == cand.path:
                    found.parent = cand
                    break
        self.goals.append(found)
        self.last_by_rank[found.rank] = found
        for deeper in [r for r in self.last_by_rank if r > found.rank]:
            del self.last_by_rank[deeper]
        if label:
            self.labels.setdefault(label, found)
        self.by_text.setdefault(_norm(text), found)
        return found

    def _section_owner(self) -> str | None:
        for s in reversed(self.sections):
            if s.owner:
                return s.owner
        return None

    def _section_council(self) -> str | None:
        for s in reversed(self.sections):
            if s.council:
                return s.council
        return None

    # --- result -------------------------------------------------------------------------------
    def _finish(self) -> OutlineResult:
        goals = [g for g in self.goals if g.text]
        # what the document's sentences say about levels and owners, where the structure says nothing
        for g in goals:
            if g.level is None and self.doc_level:
                g.level, g.level_from = self.doc_level, "inferred"
            if g.owner is None:
                owner = self.doc_owner.get(g.level or "overarching") if g.level in (None, "overarching", "financial") \
                    else self.doc_owner.get(g.level)
                if owner is None and g.level in ("committee", "operational"):
                    owner = self.doc_owner.get("committee")
                if owner:
                    g.owner = owner
        top = [g for g in goals if g.level is None and g.parent is None]
        for g in top:  # a document's own goals with no level named are its overarching goals
            if g.evidence in ("goal_list", "goal_heading", "goal_statement", "statement_in_paragraph",
                              "label_line", "label") and g.unit.kind != "cell":
                g.level, g.level_from = "overarching", "inferred"
        for n, g in enumerate(goals, start=1):
            g.gid = f"g{n}"
        labels: dict[str, Found] = {}
        for g in goals:
            if g.label:
                labels.setdefault(g.label.lower(), g)
                labels.setdefault(g.label.lower().rstrip(".0"), g)
        by_text = {_norm(g.text): g for g in goals}
        unresolved: dict[str, list[str]] = {}
        for g in goals:
            if g.explicit_links:
                g.parent = None
            for ref in g.refs:
                target = by_text.get(ref[5:]) if ref.startswith("text:") else (labels.get(ref.lower()) or
                                                                            labels.get(ref.lower().rstrip(".0")))
                if target is not None and target is not g and target.rank < g.rank:
                    g.parent = target
                    break
            else:
                if g.refs:  # a goal of another document, perhaps (a nämnd plan citing the KF goals)
                    unresolved[g.gid] = list(g.refs)
        out = []
        kept = {id(g) for g in goals}
        for g in goals:
            w = g.unit.where
            known_level = g.level if g.level_from in ("document", "caller") else None
            src = Source(file=self.file, format=self.format, sheet=w.sheet, table=w.table, row=w.row,
                         column=w.column, page=w.page, paragraph=w.paragraph, line=w.line,
                         end_line=g.unit.end_line, heading_path=list(g.heading_path), label=g.label,
                         level=known_level, owner=g.owner, certainty=g.certainty, evidence=g.evidence)
            src.location = src.location_text("sv")
            suppress = list(dict.fromkeys(g.suppress + self.file_suppress))
            gi = GoalInput(text=g.text, id=g.gid, level=g.level, level_from=g.level_from if g.level else None,
                           owner=g.owner, parent=g.parent.gid if g.parent is not None and id(g.parent) in kept else None,
                           source=src, context_indicators=list(g.indicators), suppress=suppress)
            if g.doc is not None and getattr(g.doc, "text", None) == g.text:
                gi.attach_doc(g.doc)
            gi._refs = tuple(unresolved.get(g.gid, ()))
            out.append(gi)
        return OutlineResult(out, self.n_indicators, self.n_background, self.skipped, self.uncertain)


def outline(blocks: Iterable[Block], file: str | None, format: str | None = None, owners: Iterable[str] = (),
            text_columns: Iterable[str] = (), engine: str | None = None) -> OutlineResult:
    """The goals of one document (as GoalInputs, in document order) and what else the outline found,
    judged on the parse of the run's analysis engine (`engine`, as in `Config.engine`)."""
    return Outline(file, format, owners, text_columns, engine).run(blocks)


__all__ = ["outline", "Outline", "OutlineResult", "Uncertain", "Cell", "Block", "Line", "Where"]
