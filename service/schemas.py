"""Request and response shapes of the API (the analysis response itself is `malkoll.report.Report`)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from malkoll.report import Indicator, LevelName, Severity
from malkoll.vocabulary import FAIL_ON

Lang = Literal["sv", "en"]
FailOn = Literal[FAIL_ON]

EX_VAGUE = "Vi ska verka för en god kvalitet i skolan."
EX_GOOD = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."


class GoalItem(BaseModel):
    """One goal of a batch. An empty or over-long goal is not refused: it comes back with `error`."""

    model_config = ConfigDict(extra="forbid", strict=True)
    text: str = Field(description="måltexten")
    id: str = Field(None, max_length=200, description="ert id för målet (annars g1, g2 …)")
    level: LevelName = Field(None, description="målets nivå; annars antas den utifrån texten")
    owner: str = Field(None, max_length=500, description="ansvarig nämnd e.d. om den är känd")


class AnalyzeOptions(BaseModel):
    """Options mapped onto `malkoll.config.Config`; unset options keep Målkoll's defaults."""

    model_config = ConfigDict(extra="forbid", strict=True)
    suggestions: bool = Field(True, description="föreslå indikatorer, delmål och omskrivning")
    level: LevelName = Field(None, description="nivå för alla mål som inte anger egen nivå")
    fail_on: FailOn = Field(None, description="nivå för svarshuvudet X-Malkoll-Fails (standard warning)")
    select: list[str] = Field(None, max_length=100, description="regel-id, namn eller dimensioner att köra")
    ignore: list[str] = Field(None, max_length=100, description="regel-id, namn eller dimensioner att hoppa över")
    severity: dict[str, Severity] = Field(None, description="allvarlighet per regel-id eller namn")
    glossary: dict[str, str] = Field(None, description="begrepp -> definition; definierade begrepp godtas")
    owners: list[str] = Field(None, max_length=500, description="organisationens egna namn på nämnder m.m.")
    naming: dict[str, str] = Field(None, description="verksamhetsområde -> ansvarig nämnd")
    extra_vague_words: list[str] = Field(None, max_length=500, description="egna vaga ord")
    municipality_type: Literal["K", "L"] = Field(None, description="K = kommun, L = region")


class AnalyzeRequest(BaseModel):
    """Either `text` (one goal) or `goals` (several), never both."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "oneOf": [{"required": ["text"]}, {"required": ["goals"]}]})
    text: str = Field(None, min_length=1, pattern=r"\S", description="ett mål")
    goals: list[GoalItem] = Field(None, min_length=1, description="flera mål, i ordning")
    lang: Lang = Field(None, description="språk för meddelanden: sv (standard) eller en")
    options: AnalyzeOptions = Field(None, description="inställningar (se malkoll.toml)")


ANALYZE_EXAMPLES = {
    "ett_mal": {"summary": "Ett mål", "value": {"text": EX_VAGUE}},
    "flera_mal": {"summary": "Flera mål med nivå och ansvarig", "value": {
        "goals": [
            {"id": "bun-1", "text": EX_GOOD, "level": "committee", "owner": "Barn- och utbildningsnämnden"},
            {"id": "ks-1", "text": "Kommunen ska sträva efter att öka tryggheten i möjligaste mån."},
        ],
        "lang": "sv", "options": {"suggestions": True}}},
    "engelska": {"summary": "Meddelanden på engelska, utan förslag", "value": {
        "text": EX_VAGUE, "lang": "en", "options": {"suggestions": False, "fail_on": "error"}}},
}


class RuleExamples(BaseModel):
    bad: list[str]
    good: list[str]


class RuleDoc(BaseModel):
    id: str = Field(examples=["MK501"])
    name: str = Field(examples=["weak-verb"])
    title: str = Field(description="problemet i klarspråk, utan id", examples=["Lovar en ansträngning, inte ett resultat"])
    dimension: str
    severity: Severity
    severity_by_level: dict[str, Severity]
    fails_dimension: bool
    message: str
    suggestion: str | None
    doc: dict[str, str]
    examples: RuleExamples


class RuleDocFull(RuleDoc):
    markdown: str = Field(description="dokumentationen som Markdown (samma text som `malkoll explain`)")


class IndicatorResult(BaseModel):
    query: str
    attribution: str = Field(description="alltid ”Källa: Kolada”")
    disclaimer: str
    indicators: list[Indicator]


class Health(BaseModel):
    status: str
    version: str


class Ready(Health):
    engine: dict
