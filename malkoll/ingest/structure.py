"""Finding goals in steering documents: hierarchy, level, owner, indicators, background text.

Readers turn a file into a stream of blocks (headings, paragraphs, list items) and table rows;
`Outline` walks them in document order and decides, for each, whether it is a goal, an indicator
that belongs to the goal above it, or background text. What it uses, in Swedish practice:

- headings give sections; a section's level comes from its deepest heading that names one
  ("Vision", "Målområde …", "Kommunfullmäktiges mål", "Nämndmål", "Verksamhetsmål",
  "Indikatorer", "Finansiella mål") and its owner from the deepest heading that names a unit
  ("Socialnämnden", "Barn- och utbildningsnämndens mål", "Kommunstyrelsen", "… AB");
- labels at the start of a text ("KF-mål 1.1:", "Nämndmål 2:", "Indikator:", "Målvärde:") give
  the level or mark an indicator; "Koppling till KF-mål 1.1" / a Koppling column links upwards;
- a goal is short and stated as one (a modal "ska", a target, a nominal "Ökad …"/"Fler …");
  long prose, introductions ending in ':' and text in background sections are background;
- tables (Word, Excel, CSV) are read by their header: Mål / KF-mål / Nämndmål / Verksamhetsmål /
  Indikator / Nyckeltal / Målvärde / Ansvarig / Nivå / Nr / Koppling columns.

Every goal gets its source location, level (with `level_from="document"` when the structure gave
it), owner and the id of the goal above it (`parent`); indicators are attached to their goal
(`context_indicators`) and never analyzed as goals, unless no goal stands above them — then they
are goals of level `indicator_target`, so nothing disappears.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from malkoll.ingest import note_counts
from malkoll.report import GoalInput, Source

RANK = {"vision": 0, "overarching": 1, "financial": 1, "committee": 2, "operational": 3, "indicator_target": 4}
INDICATOR = "indicator"
GOAL = "goal"  # a goal section or column whose level the document does not say
BACKGROUND = "background"

_I = re.IGNORECASE
# (pattern, hint) in order: the first that matches a heading or a column name wins
HINTS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\bvision", _I), "vision"),
    (re.compile(r"finansiell|god ekonomisk hushållning", _I), "financial"),
    (re.compile(r"\b(indikator|nyckeltal|målvärde|målnivå|mått\b|mätetal|utfall)", _I), INDICATOR),
    (re.compile(r"nämndmål|nämndens? (?:prioriterade )?mål|(?:nämnd|styrelse)(?:n|en)?s (?:prioriterade )?mål"
                r"|styrelsens mål|bolagets mål|nämnd-?\s*och bolagsmål", _I), "committee"),
    (re.compile(r"verksamhetsmål|enhetsmål|förvaltningsmål|verksamhetens mål|enhetens mål|aktivitetsmål", _I),
     "operational"),
    (re.compile(r"kf-?mål|fullmäktiges? (?:\w+ )?mål|fullmäktigemål|övergripande mål|inriktningsmål|strategiska mål"
                r"|strategiskt mål|målområde|kommungemensamma mål|kommunövergripande mål|regionövergripande mål"
                r"|långsiktiga mål|effektmål", _I), "overarching"),
    (re.compile(r"(^|\W)(mål|målformulering|mål ?text|text|goal)(\W|$)", _I), GOAL),
    (re.compile(r"inledning|bakgrund|förord|sammanfattning|omvärld|läsanvisning|innehåll|bilag|ordlista|"
                r"ekonomisk översikt|budgetförutsättning|resultatbudget|investering|driftbudget|beslut|"
                r"uppföljning och rapportering|styrmodell", _I), BACKGROUND),
]

LABEL_RE = re.compile(
    r"^\s*(?P<kind>KF|Kommunfullmäktiges|Fullmäktiges|Fullmäktige|Regionfullmäktiges|Övergripande|Strategiskt|"
    r"Inriktnings|Nämnd|Verksamhets|Enhets|Finansiellt|Finansiella)?[-\s]?mål"
    r"(?:\s+(?:nr\.?\s*)?(?P<num>\d+(?:\.\d+)*[a-z]?))?\s*(?:[:.)–—-]\s*|\s+(?=[A-ZÅÄÖ]))", _I)
NUM_LABEL_RE = re.compile(r"^\s*(?P<num>\d+(?:\.\d+)+)\.?\s+(?=\S)")
LABEL_KIND = {"kf": "overarching", "kommunfullmäktiges": "overarching", "fullmäktiges": "overarching",
              "fullmäktige": "overarching", "regionfullmäktiges": "overarching", "övergripande": "overarching",
              "strategiskt": "overarching", "inriktnings": "overarching", "nämnd": "committee",
              "verksamhets": "operational", "enhets": "operational", "finansiellt": "financial",
              "finansiella": "financial"}
INDICATOR_PREFIX_RE = re.compile(r"^\s*(indikator(?:er|n)?|nyckeltal|mått|mätetal|målvärde(?:n)?|målnivå|kolada)"
                                 r"(?:\s+\d+(?:\.\d+)*)?\s*[:.–—-]\s*", _I)
KOLADA_ID_RE = re.compile(r"\b[NU]\d{5}\b")
# (each optional part takes its own trailing white space: two \s* around an optional part backtrack
# quadratically on a run of spaces, and a \w* from every letter of a word is quadratic in its length)
REF_RE = re.compile(r"\b(?:koppl\w*|kopplat|bidrar|hör) \s*(?:(?:till|mot)\s*)?(?:(?:KF-?mål|mål|övergripande mål|målområde)\s*)?"
                    r"(?:nr\.?\s*)?(?P<nums>\d+(?:\.\d+)*(?:\s*(?:,|och|&)\s*\d+(?:\.\d+)*)*)", _I)
NUMS_RE = re.compile(r"\d+(?:\.\d+)*")
MODAL_RE = re.compile(r"\b(ska|skall|kommer att|ska vara|bör)\b", _I)
NOMINAL_GOAL_RE = re.compile(r"^(ökad|ökat|ökade|minskad|minskat|minskade|fler|färre|högre|lägre|bättre|stärkt|"
                             r"förbättrad|förbättrat|god|goda|gott|hög|låg|alla|samtliga|en|ett|trygg|hållbar|"
                             r"attraktiv|nöjda|effektiv|jämlik|jämställd|minst|högst|noll)\b", _I)
TARGET_RE = re.compile(r"(?<!\d)\d+(?:[,.]\d+)?\s*(?:%|procent|kr|kronor|dagar|veckor|timmar)|\b(?:senast|år|till) 20\d\d\b", _I)
OWNER_RE = re.compile(  # a name starts a word: from every capital inside a long word it was quadratic
    r"(?<![\wåäöéÅÄÖ-])(?P<owner>(?:[A-ZÅÄÖ][\wåäöéÅÄÖ]*-\s+(?:och|samt)\s+[\wåäöéÅÄÖ-]*|[A-ZÅÄÖ][\wåäöéÅÄÖ]*a\s+|[A-ZÅÄÖ][\wåäöéÅÄÖ-]*)"
    r"(?:nämnd|styrelse|förvaltning|utskott|direktion)(?:ens|en|ns|n|s)?(?![\wåäö])"
    r"|(?:[A-ZÅÄÖ][\wåäöéÅÄÖ-]+\s+){1,3}AB(?![\wåäö]))")
OWNER_ANY_RE = re.compile(r"(?:nämnd|styrelse|förvaltning|utskott|direktion|bolag|enhet|\bAB\b|avdelning|kontor)", _I)
NOT_OWNER_RE = re.compile(r"fullmäktige", _I)
SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")

MAX_GOAL_WORDS = 60
MAX_VISION_WORDS = 40


def norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def hint_of(text: str) -> str | None:
    """The level hint a heading or column name gives (a level, 'indicator', 'goal', 'background')."""
    for pattern, hint in HINTS:
        if pattern.search(text):
            return hint
    return None


def level_of_value(value: str) -> str | None:
    """A cell of a Nivå/Typ column ("KF-mål", "Nämndmål", "Indikator", …) as a level or 'indicator'."""
    h = hint_of(value)
    if h in (GOAL, BACKGROUND):
        return None
    return h


def owner_of(text: str, strict: bool = True) -> str | None:
    """The organisational unit a heading names, in its basic form ("Socialnämndens mål" -> "Socialnämnden").

    strict=False (an Ansvarig column): any non-empty value counts, except fullmäktige (the whole
    organisation is not an owner below it)."""
    text = norm_space(text)
    if not text:
        return None
    m = OWNER_RE.search(text)
    if m:
        owner = m.group("owner")
        if owner.endswith(("ens", "ns")) or (owner.endswith("s") and not owner.endswith("AB")):
            owner = owner[:-1]
        if owner.endswith(("nämnd", "styrelse", "förvaltning", "utskott", "direktion")):
            owner += "n" if owner.endswith("e") else "en"
        if not NOT_OWNER_RE.search(owner):
            return owner
    if not strict and not NOT_OWNER_RE.search(text) and len(text) <= 120:
        return text
    return None


def split_label(text: str) -> tuple[str, str | None, str | None]:
    """('KF-mål 1.1: Alla …') -> ('Alla …', 'overarching', '1.1'). No label: (text, None, None)."""
    m = LABEL_RE.match(text)
    if m and (m.group("num") or m.group("kind") or text[m.end() - 1:m.end()] in ":.)–—-" or
              re.match(r"\s*mål\s*[:.–—-]", text, _I)):
        rest = text[m.end():].strip()
        if len(rest.split()) >= 3:
            kind = (m.group("kind") or "").lower()
            return rest, LABEL_KIND.get(kind), m.group("num")
    m = NUM_LABEL_RE.match(text)
    if m:
        rest = text[m.end():].strip()
        if len(rest.split()) >= 3:
            return rest, None, m.group("num")
    return text, None, None


def is_indicator_text(text: str) -> bool:
    return bool(INDICATOR_PREFIX_RE.match(text) or KOLADA_ID_RE.search(text))


def strip_indicator_prefix(text: str) -> str:
    m = INDICATOR_PREFIX_RE.match(text)
    if m and m.group(1).lower().startswith(("indikator", "nyckeltal", "mått", "mätetal", "kolada")):
        return text[m.end():].strip() or text
    return text


def looks_like_goal(text: str) -> bool:
    """A short statement written as a goal (not prose, not an introduction to a list)."""
    words = text.split()
    if not 3 <= len(words) <= MAX_GOAL_WORDS:
        return False
    if text.rstrip().endswith((":", "?")):
        return False
    if len(SENTENCE_END_RE.findall(text.rstrip() + " ")) > 2:
        return False
    return bool(MODAL_RE.search(text) or NOMINAL_GOAL_RE.match(text) or TARGET_RE.search(text))


def refs_in(text: str) -> list[str]:
    out: list[str] = []
    for m in REF_RE.finditer(text or ""):
        out += NUMS_RE.findall(m.group("nums"))
    return out


def remove_refs(text: str) -> str:
    """Drop a trailing "(Koppling till KF-mål 1.1)" from a goal text."""
    return norm_space(REF_TAIL_RE.sub("", text)) or text


REF_TAIL_RE = re.compile(r"(?<!\s)\s*(?:[(\[]\s*)?" + REF_RE.pattern + r"\s*(?:[)\]]\s*)?(?:\.\s*)?$", _I)


@dataclass
class Block:
    kind: str  # "heading" | "para" | "list"
    text: str
    depth: int = 0  # heading level (1 = top) or list nesting level (0 = top)
    location: str = ""
    line: int | None = None
    column: int | None = None


@dataclass
class Section:
    depth: int
    title: str
    hint: str | None
    owner: str | None
    key: int


@dataclass
class Found:
    gid: str
    text: str
    level: str | None
    level_from: str | None
    owner: str | None
    location: str
    line: int | None
    column: int | None
    path: tuple[int, ...]
    label: str | None = None
    refs: list[str] = field(default_factory=list)
    parent: str | None = None
    indicators: list[str] = field(default_factory=list)
    list_depth: int | None = None
    column_key: str | None = None
    explicit_links: bool = False  # a table with a Koppling column: only a resolved reference links upwards

    @property
    def rank(self) -> int:
        return RANK.get(self.level or "", 2)


# table column roles, by header text
ROLE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ref", re.compile(r"koppl|kopplat|bidrar till|överordnat|hör till|relaterat", _I)),
    ("owner", re.compile(r"ansvar|ägare|utförare|nämnd$|^nämnd|förvaltning$|^organisation|^enhet$", _I)),
    ("level", re.compile(r"^(nivå|typ|måltyp|målnivå typ|objekttyp|level|type)$", _I)),
    ("label", re.compile(r"^(nr|nummer|id|målnummer|målnr|mål ?nr|mål-?id|ref)\.?$", _I)),
    ("target", re.compile(r"målvärde|målnivå|mål ?20\d\d|^målet? \d{4}|target", _I)),
    ("indicator", re.compile(r"indikator|nyckeltal|mått|mätetal|kpi", _I)),
    ("ignore", re.compile(r"utfall|kommentar|analys|status|bedömning|trend|prognos|åtgärd|aktivitet|budget|"
                          r"startvärde|basvärde|källa|datum|senast uppdaterad", _I)),
    ("area", re.compile(r"målområde|perspektiv|fokusområde|strategiskt område|område$", _I)),
]


def column_roles(header: list[str], text_columns: Iterable[str] = ()) -> dict[int, tuple[str, str | None]]:
    """Column index -> (role, level hint): roles goal, indicator, target, owner, level, label, ref, area."""
    extra = {c.strip().lower() for c in text_columns}
    roles: dict[int, tuple[str, str | None]] = {}
    for i, raw in enumerate(header):
        name = norm_space(str(raw or ""))
        if not name:
            continue
        low = name.lower()
        if low in extra:
            roles[i] = ("goal", None)
            continue
        role = None
        for r, pattern in ROLE_PATTERNS:
            if pattern.search(name):
                role = r
                break
        if role == "target" and re.search(r"nämndmål|verksamhetsmål|kf-?mål", name, _I):
            role = None
        if role == "owner" and re.search(r"mål", name, _I) and not re.search(r"ansvar", name, _I):
            role = None  # "Nämndmål" is a goal column, not an owner column
        if role is None:
            hint = hint_of(name)
            if hint in ("vision", "overarching", "financial", "committee", "operational", GOAL):
                if hint == "overarching" and re.fullmatch(r"målområde\w*", low):
                    roles[i] = ("area", None)
                    continue
                roles[i] = ("goal", None if hint == GOAL else hint)
            continue
        if role != "ignore":
            roles[i] = (role, None)
    return roles


def find_header(rows: list[list[str]], text_columns: Iterable[str] = ()) -> tuple[int, dict] | None:
    """The first row (of the first 15) that names a goal or indicator column, with its roles."""
    for i, row in enumerate(rows[:15]):
        cells = [norm_space(str(c or "")) for c in row]
        if sum(1 for c in cells if c) == 0:
            continue
        filled = [c for c in cells if c]
        if any(len(c.split()) > 6 for c in filled):
            continue  # a header names columns; a row of prose is data
        if len(filled) == 1 and len(filled[0].split()) > 2:
            continue  # a title row ("Mål och budget 2026"), not a header
        roles = column_roles(cells, text_columns)
        kinds = {r for r, _ in roles.values()}
        if "goal" in kinds or ("indicator" in kinds and ("level" in kinds or "owner" in kinds)):
            return i, roles
    return None


class Outline:
    """Walks blocks and table rows in document order and collects goals with their hierarchy."""

    def __init__(self, file: str | None, id_prefix: str = "g"):
        self.file = file
        self.id_prefix = id_prefix
        self.sections: list[Section] = []
        self.goals: list[Found] = []
        self.last_by_rank: dict[int, Found] = {}
        self.labels: dict[str, Found] = {}
        self.by_text: dict[str, Found] = {}
        self.n_indicators = 0
        self.n_background = 0
        self._key = 0
        self._vision_taken: set[int] = set()

    # --- sections -----------------------------------------------------------------------------
    @property
    def path(self) -> tuple[int, ...]:
        return tuple(s.key for s in self.sections)

    def section_hint(self) -> str | None:
        for s in reversed(self.sections):
            if s.hint is not None:
                return s.hint
        return None

    def section_owner(self) -> str | None:
        for s in reversed(self.sections):
            if s.owner:
                return s.owner
        return None

    def heading(self, block: Block) -> None:
        text = norm_space(block.text)
        while self.sections and self.sections[-1].depth >= block.depth:
            self.sections.pop()
        goal_text, label_level, num = split_label(text)
        hint = hint_of(text) if label_level is None and num is None else None
        if block.depth <= 0 and hint not in ("vision", BACKGROUND):
            hint = None  # a document title ("Mål och budget 2026") does not make everything a goal
        owner = owner_of(text)
        if hint is None and owner:
            hint = "committee" if re.search(r"nämnd|styrelse|\bAB\b|bolag|direktion|utskott", owner, _I) else "operational"
        self._key += 1
        self.sections.append(Section(block.depth, text, hint, owner, self._key))
        # a heading that states a goal ("KF-mål 1.1 Alla elever ska …", "Vision: Exempelby – …")
        if label_level or (num and looks_like_goal(goal_text)) or (label_level is None and goal_text != text
                                                                   and looks_like_goal(goal_text)):
            self.sections[-1].hint = label_level or self.section_hint_above()
            self._goal(goal_text, block, level=label_level, label=num, path=self.path[:-1])
        elif hint == "vision" and ":" in text:
            vision = text.split(":", 1)[1].strip()
            if len(vision.split()) >= 3:
                self._goal(vision, block, level="vision", path=self.path[:-1])
                self._vision_taken.add(self._key)

    def section_hint_above(self) -> str | None:
        for s in reversed(self.sections[:-1]):
            if s.hint is not None:
                return s.hint
        return None

    # --- text blocks --------------------------------------------------------------------------
    def block(self, block: Block) -> None:
        if block.kind == "heading":
            self.heading(block)
            return
        text = norm_space(block.text)
        if not text:
            return
        hint = self.section_hint()
        if hint == "vision":
            key = self.sections[-1].key if self.sections else 0
            if key not in self._vision_taken and len(text.split()) <= MAX_VISION_WORDS:
                self._vision_taken.add(key)
                self._goal(text, block, level="vision")
            else:
                self.n_background += 1
            return
        goal_text, label_level, num = split_label(text)
        labelled = label_level is not None or (goal_text != text and num is None)
        if is_indicator_text(text) and not labelled:
            self.indicator(text, block)
            return
        if hint == INDICATOR and not labelled:
            self.indicator(text, block)
            return
        if block.kind == "list" and self.goals and self.goals[-1].list_depth is not None \
                and block.depth > self.goals[-1].list_depth and self._in_scope(self.goals[-1]):
            # an item nested under a goal item: a measure is its indicator, a goal statement its sub-goal
            parent = self.goals[-1]
            if not looks_like_goal(goal_text) or re.match(r"^(andel|antal|kostnad|nöjd|index|resultat|utfall)", text, _I):
                self.indicator(text, block)
                return
            sub = {0: "overarching", 1: "committee", 2: "operational", 3: "operational"}.get(parent.rank, None)
            self._goal(goal_text, block, level=label_level or sub, label=num, level_known=True)
            return
        in_goal_section = hint not in (None, BACKGROUND)
        if labelled or (in_goal_section and looks_like_goal(goal_text)):
            self._goal(goal_text, block, level=label_level, label=num)
        else:
            self.n_background += 1

    def indicator(self, text: str, block: Block | None = None, target: str | None = None,
                  goal: Found | None = None, owner: str | None = None) -> None:
        text = norm_space(strip_indicator_prefix(text))
        if target:
            text = f"{text} – målvärde: {norm_space(target)}"
        goal = goal or self._scope_goal()
        if goal is not None and goal.level == "indicator_target":
            goal = None  # indicators do not hang under each other
        if goal is None:
            # an indicator with no goal above it is a goal in its own right: an indicator target
            if block is not None:
                self._goal(text, block, level="indicator_target", owner=owner)
            return
        goal.indicators.append(text)
        self.n_indicators += 1

    def _scope_goal(self) -> Found | None:
        """The goal an indicator belongs to: the last goal, if the current section lies within its section."""
        if self.goals and self._in_scope(self.goals[-1]):
            return self.goals[-1]
        return None

    def _in_scope(self, g: Found) -> bool:
        path = self.path
        return path[:len(g.path)] == g.path

    # --- goals --------------------------------------------------------------------------------
    def _goal(self, text: str, block: Block, level: str | None = None, label: str | None = None,
              owner: str | None = None, path: tuple[int, ...] | None = None, refs: list[str] | None = None,
              level_known: bool = False, column_key: str | None = None) -> Found:
        refs = list(refs or []) + refs_in(text)
        if refs:
            text = remove_refs(text)
        level_from = "document" if level or level_known else None
        if level is None:
            hint = self.section_hint()
            if hint in RANK:
                level, level_from = hint, "document"
            elif self.section_owner() and hint != BACKGROUND:
                level, level_from = "committee", "document"
        owner = owner or self.section_owner()
        found = Found(gid=f"{self.id_prefix}{len(self.goals) + 1}", text=text, level=level, level_from=level_from,
                      owner=owner, location=block.location, line=block.line, column=block.column,
                      path=self.path if path is None else path, label=label, refs=refs,
                      list_depth=block.depth if block.kind == "list" else None, column_key=column_key)
        rank = found.rank
        for r in range(rank - 1, -1, -1):
            cand = self.last_by_rank.get(r)
            if cand is not None and found.path[:len(cand.path)] == cand.path:
                found.parent = cand.gid
                break
        self.goals.append(found)
        self.last_by_rank[rank] = found
        for deeper in [r for r in self.last_by_rank if r > rank]:
            del self.last_by_rank[deeper]
        if label:
            self.labels.setdefault(label, found)
        self.by_text.setdefault(text.lower(), found)
        return found

    # --- tables -------------------------------------------------------------------------------
    def table(self, rows: Iterable[tuple[list, str, int]], text_columns: Iterable[str] = (),
              header_rows: list[list] | None = None, header_at: int | None = None) -> bool:
        """Rows (cells, location, line number) of a table whose header is among the first rows.

        Returns False when no header names a goal or indicator column (the caller decides)."""
        rows = iter(rows)
        head: list[tuple[list, str, int]] = []
        for item in rows:
            head.append(item)
            if len(head) >= 15:
                break
        found = find_header([r[0] for r in head], text_columns)
        if found is None:
            return False
        at, roles = found
        self.n_background += sum(1 for cells, _, _ in head[:at] if any(norm_space(str(c or "")) for c in cells))
        goal_cols = [i for i, (r, _) in roles.items() if r == "goal"]
        # hierarchical layouts (KF-mål | Nämndmål | …): higher levels to the left
        goal_cols.sort(key=lambda i: (RANK.get(roles[i][1] or "", 2), i))
        col = {r: i for i, (r, _) in sorted(roles.items(), reverse=True)}
        has_ref_column = "ref" in col
        last_text: dict[int, str] = {}
        self._key += 1
        table_path = self.path + (self._key,)

        def cell(cells: list, i: int | None) -> str:
            if i is None or i >= len(cells):
                return ""
            v = cells[i]
            if v is None:
                return ""
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            return norm_space(str(v))

        def handle(cells: list, location: str, line: int) -> None:
            level_value = cell(cells, col.get("level"))
            row_level = level_of_value(level_value) if level_value else None
            owner_val = cell(cells, col.get("owner"))
            owner = owner_of(owner_val, strict=False) if owner_val else None
            label = cell(cells, col.get("label")) or None
            refs = NUMS_RE.findall(cell(cells, col.get("ref")))
            ref_text = cell(cells, col.get("ref"))
            ind_text = cell(cells, col.get("indicator"))
            target = cell(cells, col.get("target"))
            area = cell(cells, col.get("area"))
            made: Found | None = None
            saw_text = False
            filled = [i for i in goal_cols if cell(cells, i)]
            deepest = filled[-1] if filled else None  # the row's Ansvarig belongs to its deepest goal
            for i in goal_cols:
                text = cell(cells, i)
                if not text:
                    continue
                saw_text = True
                if i != goal_cols[-1] and last_text.get(i) == text:
                    continue  # a higher level's text repeated on every row of a hierarchical export
                last_text[i] = text
                for j in goal_cols:  # a new goal to the left resets the ones to its right
                    if RANK.get(roles[j][1] or "", 2) > RANK.get(roles[i][1] or "", 2):
                        last_text.pop(j, None)
                level = roles[i][1]
                if row_level == INDICATOR:
                    self.indicator(text, target=target or None, owner=owner,
                                   block=Block("row", text, 0, location, line, i + 1))
                    continue
                if row_level:
                    level = row_level
                goal_text, label_level, num = split_label(text)
                b = Block("row", goal_text, 0, f"{location}, kolumn {i + 1}" if len(goal_cols) > 1 else location,
                          line, i + 1)
                r = list(refs) if ref_text else []
                if ref_text and not r:
                    hit = self.by_text.get(ref_text.lower())
                    if hit is not None:
                        r = [f"text:{ref_text.lower()}"]
                made = self._goal(goal_text, b, level=label_level or level, label=label or num,
                                  owner=owner if i == deepest else None,
                                  path=table_path, refs=r, level_known=bool(label_level or level))
                if has_ref_column and RANK.get(made.level or "", 2) >= 2:
                    made.explicit_links = True  # the Koppling column decides the link, not the row order
            if ind_text:
                self.indicator(ind_text, target=target or None, owner=owner, goal=made or self._table_goal(table_path),
                               block=Block("row", ind_text, 0, location, line, (col.get("indicator") or 0) + 1))
            elif made is None and not saw_text and not area and any(cell(cells, k) for k in range(len(cells))):
                self.n_background += 1
            elif made is None and area:
                pass  # a row that only names a målområde groups the rows below it

        for cells, location, line in head[at + 1:]:
            handle(cells, location, line)
        for cells, location, line in rows:
            handle(cells, location, line)
        return True

    def _table_goal(self, table_path: tuple[int, ...]) -> Found | None:
        if self.goals and self.goals[-1].path == table_path:
            return self.goals[-1]
        return None

    # --- result -------------------------------------------------------------------------------
    def finish(self) -> list[GoalInput]:
        for g in self.goals:
            if g.explicit_links:
                g.parent = None
            for ref in g.refs:
                target = None
                if ref.startswith("text:"):
                    target = self.by_text.get(ref[5:])
                else:
                    target = self.labels.get(ref) or self.labels.get(ref.rstrip(".0"))
                if target is not None and target is not g and target.rank < g.rank:
                    g.parent = target.gid
                    break
        note_counts(indicators=self.n_indicators, background=self.n_background)
        out = []
        for g in self.goals:
            loc = g.location + (f" ({g.label})" if g.label and f"({g.label})" not in g.location else "")
            out.append(GoalInput(
                text=g.text, id=g.gid, level=g.level if g.level_from else None, level_from=g.level_from,
                owner=g.owner, parent=g.parent, context_indicators=g.indicators,
                source=Source(file=self.file, location=loc, level=g.level if g.level_from else None, owner=g.owner,
                              line=g.line, column=g.column)))
        return out


def goals_from_blocks(blocks: Iterable[Block], file: str | None) -> Iterator[GoalInput]:
    outline = Outline(file)
    for b in blocks:
        outline.block(b)
    yield from outline.finish()


def blocks_from_outline_text(text: str) -> list[Block]:
    """A plain outline ('# heading', '- item', indentation for nesting, other lines paragraphs): used
    by the rule examples of the cascade checks and by text extracted from PDFs."""
    blocks = []
    from malkoll.ingest.decode import split_lines

    for n, raw in enumerate(split_lines(text), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        m = re.match(r"^(#+)\s+(.*)$", stripped)
        if m:
            blocks.append(Block("heading", m.group(2), len(m.group(1)), f"rad {n}", n))
            continue
        m = re.match(r"^([-*•–]|\d+[.)])\s+(.*)$", stripped)
        if m:
            blocks.append(Block("list", m.group(2), indent // 2, f"rad {n}", n, indent + 1))
            continue
        blocks.append(Block("para", stripped, 0, f"rad {n}", n, indent + 1))
    return blocks
