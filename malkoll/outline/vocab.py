"""The outline's vocabulary (analyzer/lexicons/outline.yaml), loaded once, with lookups.

Headings, labels, column names and lead-ins are compared with the lexicon word by word: `words()`
lower-cases a short text and splits it into words (hyphenated words kept whole: "KF-mål"); an
entry matches when its words stand in that order, and a `compound` entry also matches a word that
ends with it ("Nämndmålen" for "nämndmål"). Patterns for labels ("KF-mål 1.1:", "Indikator:") and
references ("(Koppling till KF-mål 1.1)") are built from the same entries; every one of them is
linear (no nested repetition), whatever the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from malkoll.analyzer.lexicon import SWEDISH_ENDINGS, load_yaml
from malkoll.outline.giveway import checkpoint

WORD_RE = re.compile(r"[^\W_]+(?:[-–][^\W_]+)*")
NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)*$")


def _lexicon_path() -> Path:
    from malkoll import analyzer  # the lexicon is the analyzer's, found through the package

    return Path(analyzer.__file__).resolve().parent / "lexicons" / "outline.yaml"


def words(text: str) -> list[str]:
    """The lower-cased words of a short text, numbers left out ("Mål 2030" -> ["mål"])."""
    return [w for w in WORD_RE.findall(text.lower().replace("–", "-")) if not NUMBER_RE.match(w)]


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    compound: bool = False
    value: str | None = None  # a level, a value kind, a column role


def _entries(raw: list[dict], value_key: str | None = None, value: str | None = None) -> tuple[Entry, ...]:
    out = []
    for e in raw:
        ws = tuple(words(str(e["words"])))
        if ws:
            out.append(Entry(ws, bool(e.get("compound")), e.get(value_key) if value_key else value))
    return tuple(out)


def _word_matches(word: str, entry_word: str, compound: bool) -> bool:
    if word == entry_word:
        return True
    if compound and word.endswith(entry_word) and len(word) > len(entry_word) + 1:
        return True
    # inflected forms of a compound entry ("nämndmålen", "indikatorerna")
    for ending in SWEDISH_ENDINGS:
        if ending and word.endswith(ending):
            stem = word[: -len(ending)]
            if stem == entry_word or (compound and stem.endswith(entry_word) and len(stem) > len(entry_word) + 1):
                return True
    return False


def find(entries: tuple[Entry, ...], ws: list[str]) -> Entry | None:
    """The first entry whose words stand in `ws` (the last word of a phrase may be inflected or a
    compound; the first word of a compound phrase may be a compound: "effektmål … för nämnder")."""
    best: Entry | None = None
    long = len(ws) > 256  # a paragraph of thousands of words: give way between entries
    for e in entries:
        if long:
            checkpoint()
        n = len(e.words)
        for i in range(len(ws) - n + 1):
            ok = True
            for k, ew in enumerate(e.words):
                w = ws[i + k]
                last = k == n - 1
                if not (w == ew or (last and _word_matches(w, ew, e.compound))
                        or (k == 0 and e.compound and n > 1 and w.endswith(ew))):
                    ok = False
                    break
            if ok:
                if best is None or len(e.words) > len(best.words):
                    best = e
                break
    return best


class Vocabulary:
    """Everything the outline knows about Swedish steering documents' wording."""

    def __init__(self, data: dict):
        self._cache: dict[tuple[str, str], object] = {}
        self.levels = _entries(data["levels"], "level")
        self.goal_nouns = _entries(data["goal_nouns"])
        self.area_nouns = _entries(data["area_nouns"])
        self.background = _entries(data["background_sections"])
        self.document_titles = _entries(data["document_titles"])
        self.indicator_words = _entries(data["indicator_words"])
        self.value_words = _entries(data["value_words"], "kind")
        self.non_goal_labels = _entries(data["non_goal_labels"])
        self.columns = {role: _entries(items, value=role) for role, items in data["columns"].items()}
        self.reference_words = tuple(w for e in data["reference_words"] for w in words(e["words"]))
        self.steering_lemmas = frozenset(str(e["lemma"]).lower() for e in data["steering_nouns"])
        self.declarations = tuple(tuple(words(e["words"])) for e in data["goal_declarations"])
        self.decision_verbs = {str(e["lemma"]).lower(): e.get("with") for e in data["decision_verbs"]}
        self.modals = frozenset(str(e["form"]).lower() for e in data["modals"])
        self.distributive = frozenset(str(e["form"]).lower() for e in data["distributive"])
        self.report_markers = frozenset(str(e["form"]).lower() for e in data["report_markers"])
        self.page_lemmas = frozenset(str(e["lemma"]).lower() for e in data["page_words"])
        self.generic_owner_lemmas = frozenset(str(e["lemma"]).lower() for e in data["generic_owners"])
        self._label_re = self._build_label_re()
        self._indicator_label_re = self._build_prefix_re(self.indicator_words + tuple(
            e for e in self.value_words if e.value == "target"))
        self._non_goal_label_re = self._build_prefix_re(self.non_goal_labels)
        self._reference_re = self._build_reference_re()

    # --- lookups on words (cached: a table repeats the same few values on every row) -------------
    def level_of(self, text: str) -> str | None:
        key = ("level", text)
        if key not in self._cache:
            e = find(self.levels, words(text))
            self._cache[key] = e.value if e else None
        return self._cache[key]

    def levels_in(self, text: str) -> set[str]:
        """Every level a text names ("Vision och inriktningsmål" -> vision, overarching)."""
        ws = words(text)
        return {e.value for e in self.levels if find((e,), ws) is not None}

    def has(self, kind: str, text: str) -> bool:
        key = (kind, text)
        if key not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = find(getattr(self, kind), words(text)) is not None
        return self._cache[key]

    def column_role(self, text: str) -> tuple[str, str | None] | None:
        """(role, level) of a column name: goal (with its level), indicator, target, baseline, note,
        owner, label, reference, level, area, text; None for a column the outline does not read."""
        ws = words(text)
        if not ws:
            return None
        for role in ("reference", "owner", "label", "level"):
            if find(self.columns[role], ws):
                return role, None
        level = find(self.levels, ws)
        if level is not None:
            return "goal", level.value
        if find(self.indicator_words, ws):
            return "indicator", None
        value = find(self.value_words, ws)
        if value is not None:
            return value.value, None
        if find(self.area_nouns, ws):
            return "area", None
        if find(self.goal_nouns, ws) or find(self.columns["text"], ws):
            return "goal", None
        return None

    # --- patterns built from the entries ------------------------------------------------------
    @staticmethod
    def _alternatives(entries) -> str:
        alts = sorted({r"[\s-]+".join(re.escape(w) for w in e.words) for e in entries}, key=len, reverse=True)
        return "|".join(alts)

    def _build_label_re(self) -> re.Pattern:
        # "KF-mål 1.1: …", "Nämndmål 2 – …", "Mål 3: …", "Vision 2030: …", "Strategiskt mål 2. …"
        words_alt = self._alternatives(self.levels + self.goal_nouns)
        return re.compile(
            r"^\s*(?P<label>" + words_alt + r")(?:[ \t]+(?:nr\.?[ \t]*)?(?P<num>\d{1,4}(?:\.\d{1,3}){0,4}[a-z]?))?"
            r"[ \t]*(?P<sep>[:.)–—-])[ \t]*(?=\S)", re.IGNORECASE)

    @classmethod
    def _build_prefix_re(cls, entries) -> re.Pattern:
        return re.compile(r"^\s*(?P<label>" + cls._alternatives(entries) + r")[a-zåäö]{0,6}"
                          r"(?:[ \t]+\d{1,4}(?:\.\d{1,3}){0,4})?[ \t]*(?:\([^()\n]{0,80}\)[ \t]*)?[:–—][ \t]*",
                          re.IGNORECASE)

    def _build_reference_re(self) -> re.Pattern:
        ref = "|".join(sorted(map(re.escape, self.reference_words), key=len, reverse=True))
        goal = self._alternatives(self.levels + self.goal_nouns + self.area_nouns)
        levels = self._alternatives(self.levels)
        return re.compile(
            r"(?:(?:" + ref + r")[a-zåäö]{0,3}[ \t]*(?:(?:till|mot|med)[ \t]*)?(?::[ \t]*)?(?:(?:" + goal + r")[ \t]*)?"
            r"|\((?:" + levels + r")[ \t]*)"
            r"(?:nr\.?[ \t]*)?(?P<nums>\d{1,4}(?:\.\d{1,3}){0,4}[a-z]?(?:[ \t]*(?:,|och|&)[ \t]*\d{1,4}(?:\.\d{1,3}){0,4}[a-z]?){0,20})",
            re.IGNORECASE)

    def goal_label(self, text: str) -> tuple[str, str | None, str | None] | None:
        """("KF-mål 1.1: Alla …") -> ("Alla …", "overarching", "1.1"); None without such a label.
        A label needs a number or a separator, and a statement of three words or more after it."""
        m = self._label_re.match(text)
        if not m:
            return None
        rest = text[m.end():].strip()
        if len(rest.split()) < 3 and not (m.group("num") and len(rest.split()) >= 1 and m.group("sep") == ":"):
            return None
        label_words = words(m.group("label"))
        level = self.level_of(m.group("label"))
        if level is None and find(self.goal_nouns, label_words) is None:
            return None
        num = m.group("num")
        if num and len(num) == 4 and num.startswith(("19", "20")):
            num = None  # "Vision 2030:" names a year, not a number
        return rest, level, num

    def indicator_label(self, text: str) -> str | None:
        """The text after "Indikator:", "Nyckeltal 2:", "Målvärde (2027):" …; None without one."""
        m = self._indicator_label_re.match(text)
        return text[m.end():].strip() if m else None

    def strip_indicator_word(self, text: str) -> str:
        """"Indikator: Andel elever …" -> "Andel elever …"; a value label stays ("Målvärde: 80 procent")."""
        m = self._indicator_label_re.match(text)
        if m and find(self.indicator_words, words(m.group("label"))) is not None and text[m.end():].strip():
            return text[m.end():].strip()
        return text

    def non_goal_label(self, text: str) -> str | None:
        m = self._non_goal_label_re.match(text)
        return text[m.end():].strip() if m else None

    def references(self, text: str) -> list[str]:
        """Numbers of the goals a text links to: "(Koppling till KF-mål 1.1)" -> ["1.1"]."""
        out = []
        for m in self._reference_re.finditer(text):
            out += re.findall(r"\d{1,4}(?:\.\d{1,3}){0,4}[a-z]?", m.group("nums"))
        return out

    def reference_span(self, text: str) -> tuple[int, int] | None:
        """Where a trailing reference in brackets stands ("… 2027 (Koppling till KF-mål 1)."), to cut it."""
        m = TRAILING_BRACKET_RE.search(text)
        if m and self._reference_re.search(m.group(0)):
            return m.start(), m.end()
        return None


TRAILING_BRACKET_RE = re.compile(r"[(\[][^()\[\]\n]{1,200}[)\]][ \t]*(?:\.[ \t]*)?$")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary(load_yaml(str(_lexicon_path())))
