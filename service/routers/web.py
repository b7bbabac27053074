"""GET /: the web page for politicians (plain HTML/CSS/JS from service/static, no CDN)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from malkoll.service.deps import SettingsDep

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=8)
def _page(max_goal_chars: int) -> str:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return html.replace("{{MAX_GOAL_CHARS}}", str(max_goal_chars))


@router.get("/", response_class=HTMLResponse)
def index(settings: SettingsDep) -> HTMLResponse:
    return HTMLResponse(_page(settings.max_goal_chars), headers={"Cache-Control": "no-cache"})
