"""Service settings: one pydantic-settings object, read from the environment (prefix `MALKOLL_`).

    MALKOLL_HOST=0.0.0.0 MALKOLL_PORT=8080 MALKOLL_WORKERS=2 MALKOLL_API_TOKEN=... malkoll serve

`MALKOLL_CORS_ORIGINS` takes a comma-separated list (or a JSON list).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MALKOLL_", extra="ignore")

    host: str = Field("127.0.0.1", description="address to listen on (loopback by default)")
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64, description="uvicorn worker processes; each loads the model once")
    max_goal_chars: int = Field(5000, ge=10, description="characters per goal")
    max_goals: int = Field(200, ge=1, description="goals per POST /v1/analyze")
    max_body_bytes: int = Field(262_144, ge=1024,
                                description="request body size for JSON endpoints (bounds the work of one request)")
    max_upload_bytes: int = Field(10 * 1_048_576, ge=1024, description="file size for POST /v1/documents")
    max_document_goals: int = Field(2000, ge=1, description="goals analyzed from one uploaded document")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list,
                                                          description="origins allowed by CORS (empty = none)")
    api_token: str | None = Field(None, description="when set, /v1/* requires 'Authorization: Bearer <token>'")
    preload: bool = Field(True, description="load the language model and indicator index at start-up")
    request_seconds: float = Field(30.0, gt=0, description="time limit of POST /v1/analyze, waiting included (504)")
    document_seconds: float = Field(120.0, gt=0, description="time limit of POST /v1/documents, waiting included (504)")
    document_cpu_seconds: float = Field(20.0, gt=0, description="CPU time for reading an uploaded document (422 beyond)")
    document_memory_mb: int = Field(1024, ge=64, description="memory for reading an uploaded document (422 beyond)")
    queue_interactive: int = Field(64, ge=1, description="waiting short requests (one goal or a few); more get 503")
    queue_bulk: int = Field(4, ge=1, description="waiting long lists and documents; more get 503")
    interactive_goals: int = Field(10, ge=1, description="a request with at most this many goals is served first")
    batch_goals: int = Field(32, ge=1, le=1000, description="goals of short requests in flight analysed together in "
                                                           "one batch (1: each request alone)")
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Host headers accepted (empty: loopback names when listening on loopback, "
                                          "else any)")

    @field_validator("cors_origins", "allowed_hosts", mode="before")
    @classmethod
    def _split_origins(cls, value):
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("["):
                import json

                return json.loads(value)
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("api_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value):
        return value or None

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK_HOSTS or self.host.startswith("127.")

    def document_budget(self):
        """What reading one upload may cost (malkoll.ingest.safety.Budget): every format is read in a
        worker process under these CPU and memory limits, and no larger than an upload may be."""
        from malkoll.ingest.safety import Budget

        return Budget(file_bytes=self.max_upload_bytes, cpu_seconds=self.document_cpu_seconds,
                      memory_bytes=self.document_memory_mb * 1024 * 1024, chars=10_000_000,
                      content_bytes=32 * 1024 * 1024, isolate=(".docx", ".xlsx", ".pdf", ".csv", ".md", ".markdown"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
