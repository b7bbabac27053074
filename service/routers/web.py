"""GET /: the web page (plain HTML/CSS/JS from service/static, no CDN, no inline script or style), its
strings (GET /i18n.json, from the one catalogue in malkoll.i18n) and GET /docs.

The page is served with its text already in the asked language (`?lang=en`, Swedish otherwise):
index.html holds `{{key}}` placeholders that are filled from the catalogue's `web.` strings and
shared words (`{{level.committee|cap}}` capitalises); app.js reads /i18n.json for everything it
writes later and for the language switch.
"""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from malkoll import __version__
from malkoll.i18n import t
from malkoll.service.deps import SettingsDep

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DOCS_ASSETS = "/docs-assets"
PLACEHOLDER = re.compile(r"\{\{([A-Za-z_.]+)(\|cap)?\}\}")


def swagger_dir() -> Path | None:
    """Swagger UI's files from the swagger-ui-bundle-v2 package: /docs works without a CDN."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - dependency missing
        return None
    path = Path(swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    from malkoll.i18n import web_strings

    return web_strings()


@lru_cache(maxsize=8)
def _page(max_goal_chars: int, lang: str) -> str:
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    table = _strings()[lang]
    values = {"LANG": lang, "OTHER_LANG": "en" if lang == "sv" else "sv", "MAX_GOAL_CHARS": str(max_goal_chars),
              "VERSION": __version__}

    def fill(m: re.Match) -> str:
        key = m.group(1)
        if key in values:
            return values[key]
        text = table.get(key)
        if text is None:
            raise KeyError(f"index.html: {{{{{key}}}}} is not in the string catalogue")
        if m.group(2):
            text = text[:1].upper() + text[1:]
        return html.escape(text, quote=True)

    return PLACEHOLDER.sub(fill, page)


@router.get("/", response_class=HTMLResponse)
def index(settings: SettingsDep, lang: Annotated[Literal["sv", "en"], Query()] = "sv") -> HTMLResponse:
    return HTMLResponse(_page(settings.max_goal_chars, lang), headers={"Cache-Control": "no-cache"})


@router.get("/i18n.json")
def strings() -> Response:
    """The page's strings in Swedish and English (from malkoll.i18n)."""
    body = json.dumps(_strings(), ensure_ascii=False, separators=(",", ":"))
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    if swagger_dir() is None:  # pragma: no cover - dependency missing
        return HTMLResponse(f'<!doctype html><html lang="sv"><title>Målkoll API</title><p>{t("api.docs_fallback")} '
                            '<a href="/openapi.json">/openapi.json</a>.</p></html>')
    page = get_swagger_ui_html(openapi_url="/openapi.json", title="Målkoll API – dokumentation",
                               swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                               swagger_favicon_url="/static/favicon.svg",
                               swagger_ui_parameters={"defaultModelsExpandDepth": 0, "validatorUrl": None})
    body = page.body.decode("utf-8").replace('<html>', '<html lang="sv">', 1)
    return HTMLResponse(body)
