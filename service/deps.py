"""`Annotated` dependencies shared by the routers. All `async`: FastAPI runs a plain `def` dependency in
its thread pool, and each such hop there and back can wait for the GIL that a busy analysis thread
holds (up to the switch interval, 5 ms, each way); these checks are cheap and never block."""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from malkoll.i18n import t
from malkoll.service.errors import ApiError, api_error
from malkoll.service.settings import Settings


async def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]

_bearer = HTTPBearer(auto_error=False, description="Krävs bara om tjänsten har MALKOLL_API_TOKEN satt.")


async def require_token(settings: SettingsDep,
                        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """With `api_token` set, /v1/* needs `Authorization: Bearer <token>`; without it, nothing is checked."""
    if settings.api_token is None:
        return
    given = creds.credentials if creds is not None else ""
    if not hmac.compare_digest(given.encode(), settings.api_token.encode()):
        raise api_error(401, "unauthorized", "api.unauthorized", headers={"WWW-Authenticate": "Bearer"})


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def require_json(request: Request) -> None:
    media = _media_type(request)
    if media and media != "application/json" and not media.endswith("+json"):
        raise api_error(415, "unsupported_media_type", "api.send_json", media=media)


async def require_multipart(request: Request) -> None:
    media = _media_type(request)
    if media != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", t("api.send_multipart", "sv", media=media or t("api.no_content_type", "sv")),
                       t("api.send_multipart", "en", media=media or t("api.no_content_type", "en")))


Authorized = Depends(require_token)
JsonBody = Depends(require_json)
MultipartBody = Depends(require_multipart)
