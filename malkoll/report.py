"""The Report types: `Report.model_dump()` is exactly the JSON contract in DESIGN.md."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

Grade = Literal["good", "needs_work", "vague"]
Severity = Literal["suggestion", "warning", "error"]
GoalType = Literal["effect", "result", "activity"]
LevelName = Literal["vision", "overarching", "committee", "operational", "indicator_target", "financial"]
LevelFrom = Literal["caller", "document", "inferred"]
KOLADA_ATTRIBUTION = "Källa: Kolada"
GRADES: tuple[str, ...] = ("good", "needs_work", "vague")
DIMENSIONS: tuple[str, ...] = ("measurable", "target_level", "time_bound", "owner", "no_vagueness",
                               "terms_defined", "single_goal")


class Source(BaseModel):
    file: str | None = None
    location: str | None = None
    level: str | None = None
    owner: str | None = None
    line: int | None = None
    column: int | None = None


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
    context_indicators: list[str] = Field(default_factory=list)  # batch: indicators the document lists under the goal


class Summary(BaseModel):
    goals: int
    by_grade: dict[str, int]
    errors: int = 0
    findings_by_severity: dict[str, int] = Field(default_factory=dict)
    suppressed: int = 0


class SkippedItem(BaseModel):
    """Something in a source that was not analyzed, and why (a whole file, a sheet, a page, a row)."""
    location: str | None = None
    reason: str


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


def summarize(goals: list[GoalReport]) -> Summary:
    by_grade = {g: 0 for g in GRADES}
    sev = {"error": 0, "warning": 0, "suggestion": 0}
    for g in goals:
        if g.grade:
            by_grade[g.grade] += 1
        for f in g.findings:
            sev[f.severity] += 1
    return Summary(goals=len(goals), by_grade=by_grade, errors=sum(1 for g in goals if g.error),
                   findings_by_severity=sev, suppressed=sum(g.suppressed for g in goals))
