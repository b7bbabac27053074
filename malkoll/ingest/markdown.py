"""Markdown steering documents (.md, .markdown): headings and lists give the hierarchy.

The heuristic is conservative — background prose is not a goal — and works in two passes: the
file is split into blocks (headings, list items, paragraphs, Markdown comments), then each block
is judged in the context of the headings above it.

Headings open sections:

- a level heading ("Vision", "Övergripande mål", "Kommunfullmäktiges mål", "Inriktningsmål",
  "Nämndmål", "Verksamhetsmål", "Finansiella mål" …) gives the level of the goals below it
  (`level`, `level_from="document"`) and makes the section a goal section;
- an owner heading ("Barn- och utbildningsnämnden", "Socialnämndens mål", "Tekniska
  förvaltningen", "Bostads AB", or one of the config's `owners`) gives the owner of the goals
  below it (`owner` and `source.owner`) and makes the section a goal section;
- a heading with the word "mål" ("Våra mål", "Mål och indikatorer", "Målområde Trygghet") makes a
  goal section; "Indikatorer", "Nyckeltal", "Mått", "Målvärden" an indicator section;
  "Bakgrund", "Inledning", "Syfte", "Uppföljning", "Ordlista" … a background section where nothing
  is a goal; any other heading inherits from the heading above it;
- a heading that is itself a goal ("Mål 1: Tryggare skolvägar", or a heading with "ska" in a goal
  section) is a goal.

In a goal section every list item of two words or more is a goal ("Hög tillgänglighet"), and so is a paragraph of one
sentence (at most 60 words); a paragraph of several sentences is prose. Outside goal sections only
what looks like a goal counts: a list item or one-sentence paragraph with "ska"/"skall" and four
words or more, or a paragraph or item labelled "Mål:", "Mål 2:", "Nämndmål:", "Vision:" ….

Items and paragraphs labelled "Indikator:", "Nyckeltal:", "Mått:", "Målvärde:", "Ingångsvärde:" —
and the items of a list under a label "Indikatorer:" or under an indicator heading — belong to the
goal above them (`context_indicators`); they are not analyzed as goals. Items under a label
"Aktiviteter:" / "Åtgärder:" / "Motivering:" are not goals. A list nested under a goal item is a
list of sub-goals unless it is labelled as above. A table is read by its header row, as in Word and
Excel (`malkoll.ingest.structure.find_header`): a Mål / KF-mål / Nämndmål column gives the goals,
Indikator / Nyckeltal / Målvärde columns their indicators, Ansvarig the owner, Nr the label and
Koppling the link upwards; a table without such a header is not read. Code blocks, block quotes and
YAML front matter are skipped.

Suppressions: `<!-- malkoll: ignore MK501, hedge -->` on the line(s) before a goal (or at the end of
the goal's own line) suppresses those rules (ids, names or dimensions) for that one goal;
`<!-- malkoll: ignore -->` without rules suppresses every rule for it; `<!-- malkoll: ignore-file
RULE … -->` anywhere suppresses them for every goal in the file. Suppressed findings are counted.

`source.line`/`source.column` point at the first character of the goal text in the file (1-based).
Inline markup (`**fet**`, `[länk](url)`, `` `kod` ``) is removed from the text, so a column inside a
line with markup before the finding is approximate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import note_counts, reader
from malkoll.ingest.decode import split_lines
from malkoll.ingest.plain import read_text_file
from malkoll.report import GoalInput, Source

# --- block splitting -------------------------------------------------------------------------

# The opening hashes of an ATX heading ("## Mål"); the closing ones are stripped in atx_heading.
# (A single pattern with a lazy title between \s+ and \s*#*\s*$ backtracked cubically on long
# runs of spaces: 3 KB froze the reader.)
ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?=\s|#*\s*$)")
SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)\s*$")
HR_RE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
ITEM_RE = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])(\s+|$)(.*)$")
TASK_RE = re.compile(r"^\[[ xX]\]\s+")
FENCE_RE = re.compile(r"^\s*(```+|~~~+)")
# A comment ends at the first "-->" and its body never runs past the next "<!--" (else every
# unclosed opener scans to the end of the text: quadratic).
DIRECTIVE_RE = re.compile(r"<!--\s*malkoll:\s*(ignore-file|ignore|disable-next-line|disable-file)\b"
                          r"((?:(?!<!--).)*?)-->", re.S | re.I)
COMMENT_RE = re.compile(r"<!--(?:(?!<!--).)*?-->", re.S)


@dataclass
class Block:
    kind: str  # heading | item | para | comment
    line: int  # 1-based line of the first content character
    column: int  # 1-based column of the first content character
    text: str = ""
    depth: int = 0  # heading depth, or the item's indentation
    end_line: int = 0
    in_item: bool = False  # a paragraph indented under a list item
    directives: list[tuple[str, list[str]]] = field(default_factory=list)
    rows: list[tuple[int, list[tuple[str, int]]]] = field(default_factory=list)  # table: (line, [(cell, column)])


def atx_heading(raw: str) -> tuple[int, str] | None:
    """(depth, title) of an ATX heading line, or None. The title loses its closing hashes and the
    white space around it, as CommonMark has it ("## Mål ##" -> (2, "Mål"))."""
    m = ATX_RE.match(raw)
    if m is None:
        return None
    return len(m.group(1)), raw[m.end():].rstrip().rstrip("#").strip()


def _expand(line: str) -> str:
    return line.expandtabs(4)


def split_blocks(text: str) -> list[Block]:
    lines = [_expand(x) for x in split_lines(text)]
    blocks: list[Block] = []
    cur: Block | None = None
    fence: str | None = None
    comment: list[str] | None = None
    comment_line = 0
    last_item_indent: int | None = None
    blank_before = True
    i = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        for j in range(1, len(lines)):
            if lines[j].strip() in ("---", "..."):
                i = j + 1
                break

    def close() -> None:
        nonlocal cur
        if cur is not None:
            blocks.append(cur)
            cur = None

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
                blocks.append(_comment_block("\n".join(comment), comment_line))
                comment = None
            continue
        m = FENCE_RE.match(raw)
        if m:
            close()
            fence = m.group(1)[:3]
            continue
        if stripped.startswith("<!--"):
            close()
            rest = COMMENT_RE.sub("", stripped).strip()
            if "-->" not in stripped:
                comment, comment_line = [raw], lineno
            elif not rest:
                blocks.append(_comment_block(stripped, lineno))
                continue
            else:
                blocks.append(_comment_block(stripped, lineno))
                continue
            continue
        if not stripped:
            close()
            blank_before = True
            continue
        atx = atx_heading(raw)
        if atx and (atx[1] or raw.strip("# ") == ""):
            close()
            depth, content = atx
            col = raw.find(content) + 1 if content else 1
            blocks.append(Block("heading", lineno, col, content, depth=depth, end_line=lineno))
            last_item_indent = None
            blank_before = False
            continue
        if cur is not None and cur.kind == "para" and cur.line == cur.end_line and SETEXT_RE.match(raw) \
                and not cur.in_item:
            cur.kind, cur.depth = "heading", 1 if stripped.startswith("=") else 2
            close()
            last_item_indent = None
            continue
        if HR_RE.match(raw):
            close()
            continue
        if stripped.startswith("|"):
            if cur is None or cur.kind != "table":
                close()
                cur = Block("table", lineno, 1, end_line=lineno)
            if not TABLE_RULE_RE.match(stripped):
                cur.rows.append((lineno, _cells(raw)))
            cur.end_line = lineno
            continue
        if cur is not None and cur.kind == "table":
            close()
        if stripped.startswith(">"):
            close()  # block quotes are not read
            continue
        m = ITEM_RE.match(raw)
        if m and m.group(4).strip():
            close()
            indent = len(m.group(1))
            content = TASK_RE.sub("", m.group(4))
            col = len(raw) - len(raw.lstrip()) + len(m.group(2)) + len(m.group(3)) + 1
            col += len(m.group(4)) - len(content)
            cur = Block("item", lineno, col, content.strip(), depth=indent, end_line=lineno)
            last_item_indent = indent
            blank_before = False
            continue
        indent = len(raw) - len(raw.lstrip())
        if cur is not None and cur.kind in ("item", "para"):
            cur.text += " " + stripped  # continuation (lazy or indented)
            cur.end_line = lineno
            continue
        in_item = last_item_indent is not None and indent > last_item_indent and blank_before
        if not in_item:
            last_item_indent = None
        cur = Block("para", lineno, indent + 1, stripped, end_line=lineno, in_item=in_item)
        blank_before = False
    close()
    if comment is not None:  # an unclosed comment: nothing after it is read, like a browser
        pass
    return blocks


TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(raw: str) -> list[tuple[str, int]]:
    """The cells of a table row with the 1-based column where each cell's text starts."""
    out = []
    pos = raw.index("|") + 1
    parts = re.split(r"(?<!\\)\|", raw[pos:])
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    for part in parts:
        lead = len(part) - len(part.lstrip())
        out.append((part.strip(), pos + lead + 1))
        pos += len(part) + 1
    return out


def _comment_block(text: str, lineno: int) -> Block:
    directives = [(m.group(1).lower(), _rule_list(m.group(2))) for m in DIRECTIVE_RE.finditer(text)]
    return Block("comment", lineno, 1, text, directives=directives)


def _rule_list(s: str) -> list[str]:
    return [r for r in re.split(r"[\s,]+", s.strip()) if r]


# --- inline markup ---------------------------------------------------------------------------

INLINE = [
    # Each pattern stops at the next opening delimiter ([^[\]], [^*] …): a lazy .+? between two
    # delimiters scanned to the end of the text from every opener, quadratic on "*a *a *a …".
    (re.compile(r"!\[([^\[\]]*)\]\([^()]*\)"), ""),  # images
    (re.compile(r"\[([^\[\]]+)\]\([^()]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<(https?://[^<>]+)>"), r"\1"),
    (re.compile(r"<br\s*/?>", re.I), " "),
    (re.compile(r"</?[a-zA-Z][^<>]*>"), ""),  # other inline HTML tags
    (re.compile(r"\*\*(?=[^\s*])([^*]*[^\s*])\*\*"), r"\1"),
    (re.compile(r"__(?=[^\s_])([^_]*[^\s_])__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]*[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_]*[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~([^~]+)~~"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),
]


def clean_inline(s: str) -> str:
    s = COMMENT_RE.sub(" ", s)
    for pattern, repl in INLINE:
        s = pattern.sub(repl, s)
    return re.sub(r"\s+", " ", s).strip()


# --- classification --------------------------------------------------------------------------

LEVEL_PATTERNS = [
    ("vision", re.compile(r"^(vår |kommunens |regionens )?vision(en)?\b")),
    ("financial", re.compile(r"\bfinansiell(a|t)? (mål|målen)\b|\bfinansiella målen\b")),
    ("overarching", re.compile(r"övergripande mål|\b(kommun|region)?fullmäktiges mål|inriktningsmål|"
                               r"strategiska mål|långsiktiga mål|\bkf[-:]?s? ?mål|\bkf-mål")),
    ("committee", re.compile(r"nämndmål|\bnämndens mål|\bstyrelsens mål|\bnämndernas mål|\bbolagets mål|"
                             r"\bnämndsmål")),
    ("operational", re.compile(r"verksamhetsmål|enhetsmål|förvaltningsmål|\bförvaltningens mål|"
                               r"\bverksamhetens mål|\benhetens mål")),
]
# Labels that make a paragraph or list item a goal, with the level they give (None: no level).
GOAL_LABEL_RE = re.compile(
    r"^(?P<label>vision|mål|delmål|övergripande mål|inriktningsmål|strategiskt mål|kf-mål|kf mål|fullmäktigemål|"
    r"nämndmål|verksamhetsmål|enhetsmål|finansiellt mål|effektmål|resultatmål)"
    r"(?:\s*(?:nr\.?\s*)?(?P<num>[0-9]+(?:\.[0-9]+)*[a-z]?))?\s*[:.–—-]\s+(?P<rest>\S.*)$", re.I)
LABEL_LEVEL = {"vision": "vision", "övergripande mål": "overarching", "inriktningsmål": "overarching",
               "strategiskt mål": "overarching", "kf-mål": "overarching", "kf mål": "overarching",
               "fullmäktigemål": "overarching", "nämndmål": "committee",
               "verksamhetsmål": "operational", "enhetsmål": "operational", "finansiellt mål": "financial"}
RANK = {"vision": 0, "overarching": 1, "financial": 1, "committee": 2, "operational": 3, "indicator_target": 4}
# "(Koppling till KF-mål 1.1)", "bidrar till mål 2 och 3": a link to the goal(s) with that number above
REF_RE = re.compile(r"\b(?:koppl\w*|bidrar|hör)\s+(?:(?:till|mot)\s*)?(?:kf-?mål|mål|övergripande mål|inriktningsmål|"
                    r"fullmäktiges mål|målområde)\s*(?:nr\.?\s*)?(?P<nums>\d+(?:\.\d+)*[a-z]?"
                    r"(?:\s*(?:,|och|&)\s*\d+(?:\.\d+)*[a-z]?)*)", re.I)
TRAILING_REF_RE = re.compile(r"(?<!\s)\s*[(\[]\s*(?:koppl\w*|bidrar|hör)\b[^()\[\]]*[)\]]\s*(?:\.\s*)?$", re.I)
LINK_LABEL_RE = re.compile(r"^(koppling|kopplat till|kopplas till|kopplad till|bidrar till)\s*[:–—-]?\s*(.*)$", re.I)
INDICATOR_LABEL_RE = re.compile(
    r"^(indikatorer|indikator|nyckeltal|mått|mätetal|målvärden|målvärde|målnivå|ingångsvärde|startvärde|"
    r"basvärde|utgångsvärde|utfall|mätmetod|källa)\b\s*(?:\([^)]*\)\s*)?[:–—-]\s*(.*)$", re.I)
NON_GOAL_LABEL_RE = re.compile(
    r"^(aktiviteter|aktivitet|åtgärder|åtgärd|insatser|motivering|bakgrund|kommentar|beskrivning|"
    r"ansvar|ansvarig|uppdrag|analys|not|obs)\b\s*[:–—-]\s*(.*)$", re.I)
INDICATOR_HEADING_RE = re.compile(r"^(indikatorer|indikator|nyckeltal|mått|mätetal|målvärden|målvärde|"
                                  r"indikatorer och målvärden|uppföljningsmått)\b", re.I)
BACKGROUND_HEADING_RE = re.compile(
    r"^(bakgrund|inledning|syfte|sammanfattning|om (dokumentet|planen|programmet|strategin)|läsanvisning|"
    r"innehåll|innehållsförteckning|ordlista|definitioner|begrepp|bilaga|bilagor|uppföljning|förord|"
    r"motivering|beskrivning|omvärldsanalys|omvärld|nulägesanalys|nuläge|ekonomi|budget|driftbudget|"
    r"investeringar|kontakt|referenser|källor|styrmodell|så här|ansvarsfördelning|uppdrag|aktiviteter|"
    r"åtgärder|organisation|process|tidplan|historik|revisionshistorik|ändringar)\b", re.I)
GOAL_HEADING_RE = re.compile(r"(^|\s)(mål|målen|målet|målområde|målområden|fokusområde|fokusområden|"
                             r"mål och indikatorer|prioriterade mål)(\s|$|:)", re.I)
HEADING_NUMBER_RE = re.compile(r"^(\d+(\.\d+)*\.?|[A-ZÅÄÖ]\.|[IVX]+\.)\s+")
OWNER_SUFFIXES = ("nämnden", "nämnd", "styrelsen", "förvaltningen", "utskottet", "kontoret", "bolaget",
                  "direktionen", "förbundet", "enheten", "avdelningen", "stiftelsen")
WHOLE_ORG_RE = re.compile(r"^(kommun|region|landstings)?fullmäktige", re.I)
SKA_RE = re.compile(r"\b(ska|skall|ska\s+vara|skall\s+vara)\b", re.I)
SENTENCE_END_RE = re.compile(r"[.!?](?:\s+)(?=[A-ZÅÄÖ0-9”\"«])")
WORD_RE = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]{2,}")
MAX_PARAGRAPH_WORDS = 60


def _words(s: str) -> int:
    return len(WORD_RE.findall(s))


def _sentences(s: str) -> int:
    # "t.ex. Skolan" is rare in goal text; abbreviations followed by lower case don't split
    return 1 + len(SENTENCE_END_RE.findall(s.strip()))


def heading_level(text: str) -> str | None:
    low = text.lower()
    for level, pattern in LEVEL_PATTERNS:
        if pattern.search(low):
            return level
    return None


def _genitive_to_base(word: str) -> str:
    if word.endswith(":s"):
        return word[:-2]
    for suf in OWNER_SUFFIXES:
        if word.lower().endswith(suf + "s"):
            return word[:-1]
    return word


def heading_owner(text: str, config_owners: list[str] = ()) -> str | None:
    """The owner a heading names: "Barn- och utbildningsnämnden", "Socialnämndens mål" ->
    "Socialnämnden", "Tekniska förvaltningen", "Bostäder i Ort AB", or a configured name."""
    low = text.lower()
    for name in config_owners:
        if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?::?s)?(?!\w)", low):
            return name
    words = text.replace("–", " ").split()
    for k, w in enumerate(words):
        base = _genitive_to_base(w.strip(",.;:()"))
        lowb = base.lower()
        is_owner = any(lowb.endswith(s) for s in OWNER_SUFFIXES) or base == "AB"
        if not is_owner or WHOLE_ORG_RE.match(base):
            continue
        start = k
        while start > 0:
            prev = words[start - 1]
            if prev.lower() in ("och", "samt", "&") or prev.endswith("-") or prev.endswith(","):
                start -= 1
            elif (words[start][:1].islower() or base == "AB" and start == k) and prev[:1].isupper() \
                    and not GOAL_HEADING_RE.search(prev):
                start -= 1
            else:
                break
        if base == "AB" and start == k:
            continue
        if start == k and lowb in OWNER_SUFFIXES:
            continue  # "Nämndens mål", "Förvaltningen": generic, no name
        name = " ".join(words[start:k] + [base]).strip(",.;:() ")
        return name[0].upper() + name[1:] if name else None
    return None


def _strip_heading(text: str) -> str:
    text = clean_inline(text)
    return HEADING_NUMBER_RE.sub("", text).strip().rstrip(":").strip()


@dataclass
class Section:
    depth: int
    kind: str  # goals | goal_heading | indicators | background | neutral
    owner: str | None = None
    level: str | None = None
    goal: "_Goal | None" = None  # the goal a goal heading states (the goals below it stand under it)


@dataclass
class _Goal:
    text: str
    line: int
    column: int
    end_line: int
    owner: str | None
    level: str | None
    suppress: list[str]
    indicators: list[str] = field(default_factory=list)
    parent: "_Goal | None" = None  # the goal it stands under (nested list, goal heading)
    label: str | None = None  # its number, "1.2" in "KF-mål 1.2:"
    refs: list[str] = field(default_factory=list)  # numbers it links to ("Koppling till KF-mål 1")
    gid: str = ""

    @property
    def rank(self) -> int:
        return RANK.get(self.level or "", 2)


class _Builder:
    def __init__(self, config: Config):
        self.config = config
        self.goals: list[_Goal] = []
        self.sections: list[Section] = [Section(0, "neutral")]
        self.pending: list[str] = []
        self.file_suppress: list[str] = []
        self.last_goal: _Goal | None = None
        # list context: indent of an "Indikatorer:" / "Aktiviteter:" label item, and goals by indent
        self.label_indent: tuple[int, str] | None = None
        self.item_goals: list[tuple[int, _Goal]] = []
        self.indicator_para = False  # a paragraph "Indikatorer:" makes the next list indicators
        self.n_indicators = 0
        self.n_background = 0

    @property
    def section(self) -> Section:
        return self.sections[-1]

    def add_goal(self, text: str, block: Block, level: str | None = None, parent: _Goal | None = None,
                 label: str | None = None) -> _Goal:
        sec = self.section
        refs = [n for m in REF_RE.finditer(text) for n in re.findall(r"\d+(?:\.\d+)*[a-z]?", m.group("nums"))]
        ref = TRAILING_REF_RE.search(text)
        if ref and ref.start() > 0:  # "… 2027 (Koppling till KF-mål 1)." -> "… 2027."
            text = text[:ref.start()].rstrip() + ("." if ref.group(0).rstrip().endswith(".") else "")
        if parent is None:
            parent = next((x.goal for x in reversed(self.sections) if x.goal is not None), None)
        column = block.column
        first = WORD_RE.search(text)
        if first:  # skip leading markup ("**Tryggheten**") so the column points at the text
            pos = block.text.find(first.group(0))
            if 0 < pos <= 12 and first.start() == 0:
                column += pos
        goal = _Goal(text=text, line=block.line, column=column, end_line=block.end_line or block.line,
                     owner=sec.owner, level=level or sec.level, suppress=self.pending, parent=parent,
                     label=label, refs=refs)
        self.pending = []
        self.goals.append(goal)
        self.last_goal = goal
        return goal

    def add_indicator(self, text: str, target: _Goal | None = None) -> None:
        target = target or self.last_goal
        if target is not None and text:
            target.indicators.append(text)
            self.n_indicators += 1

    def add_link(self, text: str, target: _Goal | None = None) -> bool:
        """A line "Koppling: KF-mål 1.1" under a goal links that goal upwards."""
        m = LINK_LABEL_RE.match(text)
        target = target or self.last_goal
        if not m or target is None:
            return False
        nums = re.findall(r"\d+(?:\.\d+)*[a-z]?", m.group(2))
        target.refs += nums
        return bool(nums)

    # -- blocks --
    def heading(self, b: Block) -> None:
        while len(self.sections) > 1 and self.section.depth >= b.depth:
            self.sections.pop()
        parent = self.section
        title = _strip_heading(b.text)
        self.label_indent, self.item_goals, self.indicator_para = None, [], False
        sec = Section(b.depth, parent.kind if parent.kind != "indicators" else "neutral", parent.owner, parent.level)
        label = GOAL_LABEL_RE.match(title)
        low = title.lower()
        level = heading_level(title)
        owner = heading_owner(title, self.config.owners)
        if label and not INDICATOR_HEADING_RE.match(title):
            # "Mål 1: Tryggare skolvägar" is a goal; its section holds its indicators and prose
            lvl = LABEL_LEVEL.get(label.group("label").lower()) or sec.level
            goal = self.add_goal(clean_inline(label.group("rest")), _shift(b, b.text, label.group("rest")), lvl,
                                 label=label.group("num"))
            self.sections.append(Section(b.depth, "goal_heading", sec.owner, lvl, goal=goal))
            return
        if INDICATOR_HEADING_RE.match(low):
            sec.kind = "indicators"
        elif BACKGROUND_HEADING_RE.match(low) and not level:
            sec.kind = "background"
        elif level or owner or GOAL_HEADING_RE.search(title):
            if owner and not level and re.search(r"\bmål", low):  # "Socialnämndens mål"
                level = "operational" if re.search(r"förvaltning|enhet|avdelning|kontor", owner.lower()) else "committee"
            sec.kind = "goals"
            sec.level = level or sec.level
            sec.owner = owner or sec.owner
        elif sec.kind in ("goals", "goal_heading") and SKA_RE.search(title) and _words(title) >= 4:
            goal = self.add_goal(title, b)
            self.sections.append(Section(b.depth, "goal_heading", sec.owner, sec.level, goal=goal))
            return
        self.sections.append(sec)

    def item(self, b: Block) -> None:
        text = clean_inline(b.text)
        directives = DIRECTIVE_RE.findall(b.text)
        indent = b.depth
        # leave list contexts the item is not nested in
        self.item_goals = [(i, g) for i, g in self.item_goals if i < indent]
        if self.label_indent is not None and indent <= self.label_indent[0]:
            self.label_indent = None
        parent_goal = self.item_goals[-1][1] if self.item_goals else None
        if self.label_indent is not None:
            if self.label_indent[1] == "indicator":
                self.add_indicator(text, parent_goal)
            return
        if self.indicator_para and not self.item_goals:
            self.add_indicator(text)
            return
        ind = INDICATOR_LABEL_RE.match(text)
        if ind:
            if ind.group(2).strip():
                self.add_indicator(text, parent_goal)
            else:
                self.label_indent = (indent, "indicator")
            return
        if self.add_link(text, parent_goal):
            return
        non = NON_GOAL_LABEL_RE.match(text)
        if non:
            if not non.group(2).strip():
                self.label_indent = (indent, "skip")
            return
        kind = self.section.kind
        if kind == "indicators":
            self.add_indicator(text)
            return
        if kind == "background" or text.endswith(":"):
            return
        label = GOAL_LABEL_RE.match(text)
        is_goal = bool(label) or (kind == "goals" and len(text.split()) >= 2 and _words(text) >= 1) \
            or _looks_like_goal(text)
        if not is_goal:
            return
        level = LABEL_LEVEL.get(label.group("label").lower()) if label else None
        goal_text = clean_inline(label.group("rest")) if label else text
        block = _shift(b, b.text, label.group("rest")) if label else b
        self._inline_directives(directives)
        goal = self.add_goal(goal_text, block, level, parent=parent_goal, label=label.group("num") if label else None)
        self.item_goals.append((indent, goal))

    def para(self, b: Block) -> None:
        text = clean_inline(b.text)
        directives = DIRECTIVE_RE.findall(b.text)
        self.indicator_para = False
        self.label_indent, self.item_goals = None, []
        if not text:
            return
        ind = INDICATOR_LABEL_RE.match(text)
        if ind:
            if ind.group(2).strip():
                self.add_indicator(text)
            else:
                self.indicator_para = True
            return
        if self.add_link(text):
            return
        if NON_GOAL_LABEL_RE.match(text):
            self.n_background += 1
            return
        kind = self.section.kind
        if kind == "indicators":
            if _words(text) <= 25:
                self.add_indicator(text)
            return
        if kind == "background":
            self.n_background += 1
            return
        label = GOAL_LABEL_RE.match(text)
        if label:
            level = LABEL_LEVEL.get(label.group("label").lower())
            self._inline_directives(directives)
            self.add_goal(clean_inline(label.group("rest")), _shift(b, b.text, label.group("rest")), level,
                          label=label.group("num"))
            return
        if b.in_item or text.endswith(":"):
            self.n_background += 1
            return
        one_sentence = _sentences(text) == 1 and 3 <= _words(text) <= MAX_PARAGRAPH_WORDS
        if kind == "goals" and one_sentence or kind in ("neutral", "goal_heading") and one_sentence and _looks_like_goal(text):
            self._inline_directives(directives)
            self.add_goal(text, b)
        else:
            self.n_background += 1

    def table(self, b: Block) -> None:
        """A Markdown table is read by its header row, like a table in Word or Excel: a Mål /
        Nämndmål / KF-mål column holds the goals; Indikator, Nyckeltal, Målvärde columns their
        indicators; Ansvarig the owner; Nr the label; Koppling the link upwards. A table without
        such a header is not read."""
        from malkoll.ingest.structure import find_header

        self.label_indent, self.item_goals, self.indicator_para = None, [], False
        rows = [[c for c, _ in cells] for _, cells in b.rows]
        found = find_header(rows, self.config.text_column)
        if self.section.kind == "background" or found is None:
            self.n_background += len(b.rows)
            return
        head, roles = found
        header = rows[head]
        goal_cols = [i for i, (role, _) in roles.items() if role == "goal"]
        if not goal_cols:
            return
        for lineno, cells in b.rows[head + 1:]:
            texts = [c for c, _ in cells]

            def cell(i):
                return clean_inline(texts[i]) if i < len(texts) else ""

            gi = next((i for i in goal_cols if cell(i)), None)
            if gi is None:
                continue
            text, column = cell(gi), cells[gi][1]
            level = roles[gi][1]
            for i, (role, _) in roles.items():
                if role == "level" and cell(i):
                    level = heading_level(cell(i)) or LABEL_LEVEL.get(cell(i).lower()) or level
            sec_owner = self.section.owner
            owner = next((cell(i) for i, (role, _) in roles.items() if role == "owner" and cell(i)), None)
            if owner:
                self.section.owner = owner
            block = Block("table", lineno, column, texts[gi], end_line=lineno)
            label = next((cell(i) for i, (role, _) in roles.items() if role == "label" and cell(i)), None)
            goal = self.add_goal(text, block, level, label=label.rstrip(".") if label else None)
            self.section.owner = sec_owner
            for i, (role, _) in roles.items():
                value = cell(i)
                if not value:
                    continue
                if role in ("indicator", "target"):
                    self.add_indicator(f"{clean_inline(header[i])}: {value}", goal)
                elif role == "ref":
                    goal.refs += re.findall(r"\d+(?:\.\d+)*[a-z]?", value)

    def comment(self, b: Block) -> None:
        for verb, rules in b.directives:
            rules = rules or ["all"]
            if verb in ("ignore-file", "disable-file"):
                self.file_suppress += [r for r in rules if r not in self.file_suppress]
            else:
                self.pending += [r for r in rules if r not in self.pending]

    def _inline_directives(self, found: list[tuple[str, str]]) -> None:
        for verb, rest in found:
            self.comment(Block("comment", 0, 0, directives=[(verb.lower(), _rule_list(rest))]))


def _looks_like_goal(text: str) -> bool:
    return bool(SKA_RE.search(text)) and _words(text) >= 4 and _sentences(text) <= 2


def _shift(b: Block, raw: str, rest: str) -> Block:
    """The block moved to where `rest` (the text after a label such as "Mål 1:") starts."""
    pos = raw.find(rest[:20]) if rest else -1
    if pos <= 0 or "\n" in raw[:pos]:
        return b
    return Block(b.kind, b.line, b.column + pos, rest, depth=b.depth, end_line=b.end_line)


def goals_from_markdown(text: str, file: str | None, config: Config | None = None) -> list[GoalInput]:
    config = config or Config()
    builder = _Builder(config)
    for block in split_blocks(text):
        getattr(builder, block.kind)(block)
    goals = [g for g in builder.goals if g.text]
    for n, g in enumerate(goals, start=1):
        g.gid = f"g{n}"
    labels: dict[str, list[_Goal]] = {}
    for g in goals:
        if g.label:
            labels.setdefault(g.label.lower(), []).append(g)
    for g in goals:  # a reference "Koppling till KF-mål 1.1" wins over the structure
        for ref in g.refs:
            target = next((t for t in labels.get(ref.lower(), []) if t is not g and t.rank < g.rank), None)
            if target is not None:
                g.parent = target
                break
    note_counts(indicators=builder.n_indicators, background=builder.n_background)
    out = []
    for g in goals:
        suppress = list(dict.fromkeys(g.suppress + builder.file_suppress))
        location = f"rad {g.line}" if g.end_line <= g.line else f"rad {g.line}–{g.end_line}"
        out.append(GoalInput(
            text=g.text, id=g.gid, level=g.level, level_from="document" if g.level else None, owner=g.owner,
            parent=g.parent.gid if g.parent is not None and g.parent.gid else None,
            source=Source(file=file, location=location, level=g.level, owner=g.owner, line=g.line, column=g.column),
            context_indicators=g.indicators, suppress=suppress))
    return out


@reader(".md", ".markdown")
def read_markdown(path: Path, config: Config, budget=None) -> Iterator[GoalInput]:
    yield from goals_from_markdown(read_text_file(path), file=str(path), config=config)
