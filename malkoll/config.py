"""Configuration: one pydantic object, from defaults, a malkoll.toml / [tool.malkoll], or the CLI."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Severity = Literal["suggestion", "warning", "error"]


class ConfigError(ValueError):
    """A bad config file: the message names the file and the key."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list, description="rule ids, names or dimensions to run (empty = all)")
    ignore: list[str] = Field(default_factory=list, description="rule ids, names or dimensions to skip")
    severity: dict[str, Severity] = Field(default_factory=dict, description="severity per rule id or name")
    fail_on: Severity | Literal["never"] = Field("warning", alias="fail-on")
    lang: Literal["sv", "en"] = "sv"
    level: str | None = None
    glossary: dict[str, str] = Field(default_factory=dict, description="term -> definition; defined terms pass")
    owners: list[str] = Field(default_factory=list, description="the organisation's own names of nämnder etc.")
    naming: dict[str, str] = Field(default_factory=dict, description="operating area -> responsible nämnd")
    extra_vague_words: list[str] = Field(default_factory=list, alias="extra-vague-words")
    municipality_type: Literal["K", "L"] = Field("K", alias="municipality-type")
    text_column: list[str] = Field(default_factory=lambda: ["text", "mål"], alias="text-column")
    max_goal_chars: int = Field(5000, alias="max-goal-chars", ge=10)
    suggestions: bool = True
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")

    @classmethod
    def from_toml(cls, path: str | Path) -> "Config":
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: kan inte läsa konfigurationen ({exc})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: ogiltig TOML ({exc})") from exc
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("malkoll", {})
        return cls.from_mapping(data, origin=str(path))

    @classmethod
    def from_mapping(cls, data: dict, origin: str = "config") -> "Config":
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(p) for p in err["loc"]) or "?"
            raise ConfigError(f"{origin}: fel i nyckeln ”{key}”: {err['msg']}") from exc
