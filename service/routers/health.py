"""GET /healthz (the process answers) and GET /readyz (the model is loaded)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from malkoll import __version__
from malkoll.service.errors import catalogue_response, responses
from malkoll.service.schemas import Health, Ready

router = APIRouter(tags=["drift"])


@router.get("/healthz", response_model=Health, summary="Lever tjänsten? (liveness)")
async def healthz() -> dict:  # on the event loop: no thread hop, answered even while the analysis runs
    return {"status": "ok", "version": __version__}


@router.get("/readyz", response_model=Ready, summary="Är modellen laddad? (readiness)", responses=responses(503))
def readyz(request: Request):
    if not getattr(request.app.state, "ready", False):
        return catalogue_response(503, "starting", "api.starting")
    from malkoll.analyzer import engine_info

    return {"status": "ready", "version": __version__, "engine": engine_info()}
