"""Request body size limit as a pure ASGI middleware: 413 with a message before any parsing."""
from __future__ import annotations

from malkoll.service.errors import error_response
from malkoll.service.settings import Settings

UPLOAD_PATHS = ("/v1/documents",)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB".replace(".", ",") if n >= 1_048_576 else f"{max(1, round(n / 1024))} kB"


class BodyLimit:
    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    def _too_large(self, limit: int, got: int | None):
        got_sv = f" ({_size(got)})" if got else ""
        return error_response(413, "body_too_large",
                              f"Begäran är för stor{got_sv}; högst {_size(limit)} tillåts.",
                              f"The request body is too large{got_sv}; at most {_size(limit)} is allowed.")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        limit = self.settings.max_upload_bytes if path.startswith(UPLOAD_PATHS) else self.settings.max_body_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                n = int(declared)
            except ValueError:
                n = -1
            if n < 0:
                return await error_response(400, "bad_content_length", "Ogiltig Content-Length.",
                                            "Invalid Content-Length.")(scope, receive, send)
            if n > limit:
                return await self._too_large(limit, n)(scope, receive, send)
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > limit:
                return await self._too_large(limit, None)(scope, receive, send)
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)
