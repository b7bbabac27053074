"""Assembles the app: settings, middleware, error handlers, routers, static files. Nothing else."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from malkoll import __version__
from malkoll.parallel import one_blas_thread
from malkoll.service import analysis, errors
from malkoll.service.middleware import BodyLimit, Security
from malkoll.service.routers import analyze, documents, health, indicators, rules, web
from malkoll.service.settings import Settings, get_settings

log = logging.getLogger("malkoll.service")

DESCRIPTION = """Målkoll granskar svenska måltexter: går målet att följa upp? Är det mätbart, har det en
målnivå och en tidpunkt, en ansvarig, är det fritt från vaga ord, är begreppen definierade, och är det
ett mål eller flera?

Alla fel har ett svenskt meddelande (`message`) och ett engelskt (`message_en`). Indikatorförslag:
Källa: Kolada. Målkoll är ett fristående verktyg och ingen tjänst från RKA eller Kolada.

*Målkoll checks Swedish municipal goal texts. Errors carry a Swedish `message` and an English `message_en`.*"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    one_blas_thread()  # each worker process analyses on one core

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.preload:
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(analysis.warm_up, settings)
        app.state.ready = True
        yield

    app = FastAPI(title="Målkoll API", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.settings = settings
    app.state.ready = False
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], expose_headers=["X-Malkoll-Fails"])
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(Security, settings=settings)  # outermost: before CORS and the body is read
    for module in (analyze, documents, rules, indicators, health, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    if web.swagger_dir() is not None:  # /docs without a CDN
        app.mount(web.DOCS_ASSETS, StaticFiles(directory=web.swagger_dir()), name="docs-assets")
    app.openapi = lambda: _openapi(app, settings)
    return app


def _openapi(app: FastAPI, settings: Settings) -> dict:
    """The generated schema with the deployment's limits written in (maxLength, maxItems)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    comps = schema.get("components", {}).get("schemas", {})
    req = comps.get("AnalyzeRequest", {}).get("properties", {})
    if "text" in req:
        req["text"]["maxLength"] = settings.max_goal_chars
    if "goals" in req:
        req["goals"]["maxItems"] = settings.max_goals
    if settings.api_token is None:  # no token in this deployment: the spec must not ask for one
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                if isinstance(op, dict):
                    op.pop("security", None)
                    op.get("responses", {}).pop("401", None)
        schema.get("components", {}).pop("securitySchemes", None)
    app.openapi_schema = schema
    return schema


def app_factory() -> FastAPI:
    """For `uvicorn --factory malkoll.service.main:app_factory` (used by `malkoll serve`)."""
    return create_app()
