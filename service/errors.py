"""Errors: every 4xx carries a Swedish message and its English twin, never a stack trace; both come
from the one sv/en catalogue (malkoll/i18n.py, keys `api.*`).

Body of every error response::

    {"code": "too_many_goals", "message": "För många mål …", "message_en": "Too many goals …",
     "details": [{"field": "goals", "message": "…", "message_en": "…"}]}
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from malkoll.i18n import STRINGS, t

log = logging.getLogger("malkoll.service")


class ErrorDetail(BaseModel):
    field: str
    message: str
    message_en: str


class ErrorBody(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{
        "code": "too_many_goals", "message": t("api.too_many_goals", "sv", n=250, max=200),
        "message_en": t("api.too_many_goals", "en", n=250, max=200), "details": []}]}}
    code: str
    message: str
    message_en: str
    details: list[ErrorDetail] = []


class ApiError(Exception):
    """Raised by routers for a request the service refuses: status, code, Swedish and English text."""

    def __init__(self, status: int, code: str, sv: str, en: str, details: list[dict] | None = None,
                 headers: dict | None = None):
        super().__init__(sv)
        self.status, self.code, self.sv, self.en = status, code, sv, en
        self.details = details or []
        self.headers = headers


def api_error(status: int, code: str, key: str, *, details: list[dict] | None = None, headers: dict | None = None,
              **args) -> ApiError:
    """An ApiError whose Swedish and English texts are the catalogue's `key` (malkoll/i18n.py)."""
    return ApiError(status, code, t(key, "sv", **args), t(key, "en", **args), details, headers)


def error_response(status: int, code: str, sv: str, en: str, details: list[dict] | None = None,
                   headers: dict | None = None) -> JSONResponse:
    body = {"code": code, "message": sv, "message_en": en, "details": details or []}
    return JSONResponse(body, status_code=status, headers=headers)


def catalogue_response(status: int, code: str, key: str, headers: dict | None = None, **args) -> JSONResponse:
    """An error response whose texts are the catalogue's `key`."""
    return error_response(status, code, t(key, "sv", **args), t(key, "en", **args), headers=headers)


def responses(*statuses: int) -> dict:
    """OpenAPI `responses=` for the error statuses a route can give (described in Swedish)."""
    return {s: {"model": ErrorBody, "description": t(f"api.status.{s}") if f"api.status.{s}" in STRINGS else t("api.error")}
            for s in statuses}


OK_REPORT = {200: {"description": t("api.ok_report")}}


# --------------------------------------------------------------------------- #
# validation errors in plain Swedish and English
# --------------------------------------------------------------------------- #
def field_name(loc, lang: str = "sv") -> str:
    parts = [p for p in loc if p not in ("body", "query", "path", "header", "form")]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or t("api.request", lang)


# pydantic's error types -> the catalogue's words for them (api.type.<…>)
TYPE_TEXT = {
    "string_type": "text", "int_type": "integer", "int_parsing": "integer", "bool_type": "bool",
    "bool_parsing": "bool", "list_type": "list", "dict_type": "object", "model_type": "object",
    "model_attributes_type": "object", "missing": "missing", "extra_forbidden": "unknown_field",
    "string_pattern_mismatch": "empty", "float_type": "number", "float_parsing": "number",
    "string_unicode": "surrogates",
}
SIGNS = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}


def _problem(err: dict, lang: str) -> str:
    """What is wrong with the field, in `lang`."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in TYPE_TEXT:
        return t("api.type." + TYPE_TEXT[kind], lang)
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return t("api.type.empty", lang) if n <= 1 else t("api.type.min_chars", lang, n=n)
    if kind == "string_too_long":
        return t("api.type.max_chars", lang, n=ctx.get("max_length"))
    if kind == "too_short":
        return t("api.type.min_items", lang, n=ctx.get("min_length"))
    if kind == "too_long":
        return t("api.type.max_items", lang, n=ctx.get("max_length"))
    if kind in ("literal_error", "enum"):
        allowed = str(ctx.get("expected", "")).replace(" or ", t("api.type.or", lang))
        return t("api.type.allowed", lang, allowed=allowed)
    if kind in SIGNS:
        return t("api.type.compare", lang, sign=SIGNS[kind], limit=next(iter(ctx.values()), ""))
    if kind in ("value_error", "assertion_error"):  # a validator's own (Swedish) message
        msg = str((ctx.get("error") if ctx else None) or err.get("msg", "")).removeprefix("Value error, ")
        return t("api.type.invalid_because", lang, why=msg) if msg else t("api.type.invalid", lang)
    return t("api.type.other", lang, why=str(err.get("msg", "")) or t("api.type.invalid", lang))


def translate(err: dict) -> dict:
    where = field_name(err.get("loc", ()))
    return {"field": where, "message": t("api.field", "sv", field=where, text=_problem(err, "sv")),
            "message_en": t("api.field", "en", field=field_name(err.get("loc", ()), "en"), text=_problem(err, "en"))}


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return catalogue_response(400, "invalid_json", "api.invalid_json")
    details = [translate(e) for e in errors][:20]
    if details:
        sv = t("api.invalid_request", "sv", details="; ".join(d["message"] for d in details[:3]))
        en = t("api.invalid_request", "en", details="; ".join(d["message_en"] for d in details[:3]))
    else:
        sv, en = t("api.invalid_request_plain", "sv"), t("api.invalid_request_plain", "en")
    return error_response(422, "invalid_request", sv, en, details)


# the statuses Starlette and FastAPI answer themselves -> our code (texts: api.http.<status>)
HTTP_TEXT = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed",
             413: "body_too_large", 415: "unsupported_media_type"}


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's and FastAPI's own errors (a multipart body without boundary, a wrong method …) in
    the documented shape; their English detail only in `message_en`, the Swedish text our own."""
    detail = str(exc.detail or "")
    headers = getattr(exc, "headers", None)
    status = exc.status_code
    if status in HTTP_TEXT:
        if status == 400 and detail and detail != "Bad Request":
            return error_response(status, HTTP_TEXT[status], t("api.http.400", "sv"),  # Starlette's detail is English
                                  f'{t("api.http.400", "en")[:-1]} ({detail[:200]}).', headers=headers)
        return catalogue_response(status, HTTP_TEXT[status], f"api.http.{status}", headers=headers)
    return error_response(status, "http_error", t("api.http.other", "sv", status=status),
                          detail or t("api.http.other", "en", status=status), headers=headers)


async def _api_handler(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.sv, exc.en, exc.details, exc.headers)


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return catalogue_response(500, "internal_error", "api.internal_error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(ApiError, _api_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
