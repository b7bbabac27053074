"""GET /: the web page for politicians (plain HTML/CSS/JS from service/static, no CDN)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from malkoll.service.deps import SettingsDep

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DOCS_ASSETS = "/docs-assets"


def swagger_dir() -> Path | None:
    """Swagger UI's files from the swagger-ui-bundle-v2 package: /docs works without a CDN."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - dependency missing
        return None
    path = Path(swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=8)
def _page(max_goal_chars: int) -> str:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return html.replace("{{MAX_GOAL_CHARS}}", str(max_goal_chars))


@router.get("/", response_class=HTMLResponse)
def index(settings: SettingsDep) -> HTMLResponse:
    return HTMLResponse(_page(settings.max_goal_chars), headers={"Cache-Control": "no-cache"})


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    if swagger_dir() is None:  # pragma: no cover - dependency missing
        return HTMLResponse('<!doctype html><html lang="sv"><title>Målkoll API</title><p>API-beskrivningen finns på '
                            '<a href="/openapi.json">/openapi.json</a>.</p></html>')
    page = get_swagger_ui_html(openapi_url="/openapi.json", title="Målkoll API – dokumentation",
                               swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                               swagger_favicon_url="/static/favicon.svg",
                               swagger_ui_parameters={"defaultModelsExpandDepth": 0, "validatorUrl": None})
    body = page.body.decode("utf-8").replace('<html>', '<html lang="sv">', 1)
    return HTMLResponse(body)
