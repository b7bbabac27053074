"""The rule engine: one rule, one class; its metadata and examples are data.

A rule class names itself (`name`, kebab-case) and implements `check(goal)`, yielding
`Hit`s (a span and optional message arguments). Everything a person reads about the rule —
its stable ID, dimension, severity (by goal level), Swedish and English message, the
documentation headings (Vad regeln gör / Varför / Exempel / Skriv i stället) and its good and
bad examples — lives in `rules/catalogue.yaml`, which feeds `malkoll explain`, the generated
docs, SARIF and the web page. The bad examples mark the faulty words with [[...]]: the rule
must report exactly there; the good examples must give no finding of the rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Iterable

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.lexicon import load_yaml

HERE = Path(__file__).parent
from malkoll.vocabulary import DIMENSIONS, EXTRA_DIMENSIONS, LEVELS, SEVERITIES  # noqa: E402,F401  (the contract's words)

MARK_RE = re.compile(r"\[\[([^\[\]]+)\]\]")  # no brackets inside: linear on "[[[[…"


@dataclass
class Hit:
    start: int  # character offsets into the goal text
    end: int
    args: dict = field(default_factory=dict)
    weak: bool = False  # a candidate only the learned gate may keep (malkoll.gate)
    kind: str = ""  # what kind of evidence a weak candidate is (a feature of the gate)
    keeps: tuple[str, ...] = ()  # dimensions the rule fails but this hit does not ("känna sig trygga": a survey item)


@dataclass(frozen=True)
class Example:
    text: str  # without markers
    spans: tuple[tuple[int, int], ...]  # marked faulty words (bad examples)
    level: str | None = None

    @classmethod
    def parse(cls, raw: str | dict) -> "Example":
        level = None
        if isinstance(raw, dict):
            level = raw.get("level")
            raw = raw["text"]
        spans, out, pos = [], [], 0
        for m in MARK_RE.finditer(raw):
            out.append(raw[pos:m.start()])
            start = sum(len(p) for p in out)
            out.append(m.group(1))
            spans.append((start, start + len(m.group(1))))
            pos = m.end()
        out.append(raw[pos:])
        return cls("".join(out), tuple(spans), level)


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    dimension: str
    severity: str
    severity_by_level: dict
    fails_dimension: bool
    message: dict
    suggestion: dict
    doc: dict  # lang -> {what, why, instead}
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    also_fails: tuple[str, ...] = ()
    indicators_carry: bool = False
    suggestion_by_level: dict = field(default_factory=dict)  # level -> {lang: text}: advice for that level
    title: dict = field(default_factory=dict)  # lang -> a short plain name of the problem (no id)

    @property
    def failed_dimensions(self) -> tuple[str, ...]:
        """The dimensions a finding of this rule makes false."""
        if not self.fails_dimension:
            return ()
        return (self.dimension,) + self.also_fails

    def severity_for(self, level: str | None) -> str:
        return self.severity_by_level.get(level or "", self.severity)

    def text(self, key: str, lang: str, for_level: str | None = None, **args) -> str:
        """The message or suggestion with its placeholders filled; `for_level` picks a suggestion
        written for the goal's level (a vision's advice) where the catalogue has one."""
        src = getattr(self, key)
        if key == "suggestion" and for_level in self.suggestion_by_level:
            src = self.suggestion_by_level[for_level]
        template = src.get(lang) or src.get("sv", "")
        try:
            return template.format(**args)
        except (KeyError, IndexError):
            return template


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, RuleMeta]:
    raw = load_yaml(str(HERE / "catalogue.yaml"))
    metas: dict[str, RuleMeta] = {}
    ids: set[str] = set()
    for name, m in raw["rules"].items():
        if m["id"] in ids:
            raise ValueError(f"duplicate rule id {m['id']}")
        ids.add(m["id"])
        if m["dimension"] not in DIMENSIONS + EXTRA_DIMENSIONS:
            raise ValueError(f"{name}: unknown dimension {m['dimension']}")
        if not (m.get("title") or {}).get("sv") or not m["title"].get("en"):
            raise ValueError(f"{name}: a title in sv and en is required")
        metas[name] = RuleMeta(
            id=m["id"], name=name, dimension=m["dimension"], severity=m["severity"],
            severity_by_level=m.get("severity_by_level", {}), fails_dimension=m.get("fails_dimension", True),
            message=m["message"], suggestion=m.get("suggestion", {}), doc=m["doc"],
            bad=tuple(Example.parse(e) for e in m.get("bad", [])),
            good=tuple(Example.parse(e) for e in m.get("good", [])),
            also_fails=tuple(m.get("also_fails", [])),
            indicators_carry=bool(m.get("indicators_carry", False)),
            suggestion_by_level=m.get("suggestion_by_level", {}) or {},
            title=m.get("title") or {},
        )
    return metas


def retired_ids() -> dict[str, str]:
    """Retired rule codes and the code that replaced them: never reused."""
    return dict(load_yaml(str(HERE / "catalogue.yaml")).get("retired", {}) or {})


class Rule:
    """Base class: subclasses set `name` and implement `check`."""

    name: ClassVar[str]
    registry: ClassVar[dict[str, "Rule"]] = {}

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if getattr(cls, "name", None):
            Rule.registry[cls.name] = cls()

    @property
    def meta(self) -> RuleMeta:
        return load_catalogue()[self.name]

    def check(self, goal: ParsedGoal) -> Iterable[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError

    # helpers for subclasses
    @staticmethod
    def hit_span(span, weak: bool = False, kind: str = "", **args) -> Hit:
        """A hit on a spaCy Span or Token (`weak`: a candidate only the learned gate may keep,
        `kind` the kind of evidence it is)."""
        if hasattr(span, "start_char"):
            return Hit(span.start_char, span.end_char, args, weak, kind)
        return Hit(span.idx, span.idx + len(span.text), args, weak, kind)

    @staticmethod
    def whole(goal: ParsedGoal, weak: bool = False, kind: str = "", **args) -> Hit:
        text = goal.text
        start = len(text) - len(text.lstrip())
        return Hit(start, len(text.rstrip()), args, weak, kind)


_ALL: list = [None, None, ()]  # the catalogue and the registered rules the list was made from, the list


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule in id order; checked and sorted once per registry and catalogue (the
    service asks at every request)."""
    cat = load_catalogue()
    if _ALL[0] is not cat or _ALL[1] != tuple(Rule.registry.values()):
        rules = _all_rules()
        _ALL[:] = [cat, tuple(Rule.registry.values()), rules]
    return _ALL[2]


def _all_rules() -> tuple[Rule, ...]:
    import importlib

    from malkoll.rules.families import FAMILIES

    for family in FAMILIES:  # importing a family registers its rule classes
        importlib.import_module(f"malkoll.rules.families.{family}")

    cat = load_catalogue()
    for name in cat:
        if name not in Rule.registry:
            raise RuntimeError(f"rule {name} has metadata but no implementation")
    for name in Rule.registry:
        if name not in cat:
            raise RuntimeError(f"rule {name} has no metadata in catalogue.yaml")
    return tuple(sorted(Rule.registry.values(), key=lambda r: r.meta.id))


def find_rule(key: str) -> Rule | None:
    """Look a rule up by ID or name (case-insensitive); retired IDs redirect."""
    key = key.strip()
    redirects = retired_ids()
    key = redirects.get(key.upper(), key)
    for rule in all_rules():
        if key.upper() == rule.meta.id or key.lower() == rule.name:
            return rule
    return None
