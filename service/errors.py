"""Errors: every 4xx carries a Swedish message and its English twin, never a stack trace.

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

log = logging.getLogger("malkoll.service")


class ErrorDetail(BaseModel):
    field: str
    message: str
    message_en: str


class ErrorBody(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{
        "code": "too_many_goals", "message": "För många mål i en begäran (250; högst 200). Dela upp listan.",
        "message_en": "Too many goals in one request (250; at most 200). Split the list.", "details": []}]}}
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


def error_response(status: int, code: str, sv: str, en: str, details: list[dict] | None = None,
                   headers: dict | None = None) -> JSONResponse:
    body = {"code": code, "message": sv, "message_en": en, "details": details or []}
    return JSONResponse(body, status_code=status, headers=headers)


def responses(*statuses: int) -> dict:
    """OpenAPI `responses=` for the error statuses a route can give."""
    text = {400: "Ogiltig JSON, trasig kropp eller okänd värd", 401: "Saknad eller fel API-nyckel",
            403: "Anrop från en annan webbplats", 404: "Finns inte",
            413: "För stor begäran", 415: "Fel innehållstyp", 422: "Ogiltig begäran",
            503: "Tjänsten startar eller är upptagen", 504: "Granskningen tog för lång tid"}
    return {s: {"model": ErrorBody, "description": text.get(s, "Fel")} for s in statuses}


OK_REPORT = {200: {"description": "Granskningen: JSON-kontraktet (samma som `malkoll check --format json`)"}}


# --------------------------------------------------------------------------- #
# validation errors in plain Swedish and English
# --------------------------------------------------------------------------- #
def field_name(loc) -> str:
    parts = [p for p in loc if p not in ("body", "query", "path", "header", "form")]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "(begäran)"


TYPE_TEXT = {
    "string_type": ("ska vara text", "must be text"),
    "int_type": ("ska vara ett heltal", "must be an integer"),
    "int_parsing": ("ska vara ett heltal", "must be an integer"),
    "bool_type": ("ska vara true eller false", "must be true or false"),
    "bool_parsing": ("ska vara true eller false", "must be true or false"),
    "list_type": ("ska vara en lista", "must be a list"),
    "dict_type": ("ska vara ett JSON-objekt", "must be a JSON object"),
    "model_type": ("ska vara ett JSON-objekt", "must be a JSON object"),
    "model_attributes_type": ("ska vara ett JSON-objekt", "must be a JSON object"),
    "missing": ("saknas", "is missing"),
    "extra_forbidden": ("är inte ett känt fält", "is not a known field"),
    "string_pattern_mismatch": ("får inte vara tom", "must not be empty"),
    "float_type": ("ska vara ett tal", "must be a number"),
    "float_parsing": ("ska vara ett tal", "must be a number"),
    "string_unicode": ("innehåller ogiltiga tecken (ensamma surrogattecken)", "contains invalid characters (lone surrogates)"),
}


def translate(err: dict) -> dict:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    where = field_name(err.get("loc", ()))
    if kind in TYPE_TEXT:
        sv, en = TYPE_TEXT[kind]
    elif kind == "string_too_short":
        sv, en = ("får inte vara tom", "must not be empty") if ctx.get("min_length", 1) <= 1 else (
            f"ska ha minst {ctx.get('min_length')} tecken", f"must have at least {ctx.get('min_length')} characters")
    elif kind == "string_too_long":
        sv, en = f"får ha högst {ctx.get('max_length')} tecken", f"may have at most {ctx.get('max_length')} characters"
    elif kind == "too_short":
        sv, en = (f"ska ha minst {ctx.get('min_length')} element", f"must have at least {ctx.get('min_length')} item(s)")
    elif kind == "too_long":
        sv, en = (f"får ha högst {ctx.get('max_length')} element", f"may have at most {ctx.get('max_length')} items")
    elif kind == "literal_error" or kind == "enum":
        allowed = str(ctx.get("expected", ""))
        sv, en = (f"har ett ogiltigt värde (tillåtet: {allowed.replace(' or ', ' eller ')})",
                  f"has an invalid value (allowed: {allowed})")
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        limit = next(iter(ctx.values()), "")
        sv, en = f"ska vara {sign} {limit}", f"must be {sign} {limit}"
    elif kind in ("value_error", "assertion_error"):  # a validator's own (Swedish) message
        msg = str((ctx.get("error") if ctx else None) or err.get("msg", "")).removeprefix("Value error, ")
        sv, en = msg or "har ett ogiltigt värde", f"is invalid ({msg})" if msg else "is invalid"
    else:
        msg = str(err.get("msg", "ogiltigt värde"))
        sv, en = f"är ogiltigt ({msg})", f"is invalid ({msg})"
    return {"field": where, "message": f"{where}: {sv}", "message_en": f"{where}: {en}"}


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "invalid_json", "Begäran är inte giltig JSON.", "The request body is not valid JSON.")
    details = [translate(e) for e in errors][:20]
    if details:
        sv = "Ogiltig begäran: " + "; ".join(d["message"] for d in details[:3])
        en = "Invalid request: " + "; ".join(d["message_en"] for d in details[:3])
    else:
        sv, en = "Ogiltig begäran.", "Invalid request."
    return error_response(422, "invalid_request", sv, en, details)


HTTP_TEXT = {
    400: ("bad_request", "Begäran kunde inte tolkas (trasig kropp: JSON, formulär eller multipart).",
          "The request body could not be parsed."),
    401: ("unauthorized", "API-nyckel saknas eller är fel.", "Missing or wrong API token."),
    404: ("not_found", "Sidan eller resursen finns inte.", "No such page or resource."),
    405: ("method_not_allowed", "Metoden är inte tillåten här.", "Method not allowed here."),
    413: ("body_too_large", "Begäran är för stor.", "The request body is too large."),
    415: ("unsupported_media_type", "Fel innehållstyp.", "Unsupported content type."),
}


async def _http_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's and FastAPI's own errors (a multipart body without boundary, a wrong method …) in
    the documented shape; their English detail only in `message_en`, the Swedish text our own."""
    detail = str(exc.detail or "")
    if exc.status_code in HTTP_TEXT:
        code, sv, en = HTTP_TEXT[exc.status_code]
        if exc.status_code == 400 and detail and detail != "Bad Request":
            en = f"{en[:-1]} ({detail[:200]})."
    else:
        code, sv, en = "http_error", f"Begäran kunde inte behandlas (HTTP {exc.status_code}).", detail or "HTTP error"
    return error_response(exc.status_code, code, sv, en, headers=getattr(exc, "headers", None))


async def _api_handler(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.sv, exc.en, exc.details, exc.headers)


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "Ett oväntat fel uppstod i Målkoll.", "An unexpected error occurred.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(ApiError, _api_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
