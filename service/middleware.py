"""Request body size limit as a pure ASGI middleware: 413 with a message before any parsing."""
from __future__ import annotations

from malkoll.service.errors import catalogue_response
from malkoll.service.settings import Settings

UPLOAD_PATHS = ("/v1/documents",)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB".replace(".", ",") if n >= 1_048_576 else f"{max(1, round(n / 1024))} kB"


class BodyLimit:
    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    def _too_large(self, limit: int, got: int | None):
        got_text = f" ({_size(got)})" if got else ""
        return catalogue_response(413, "body_too_large", "api.body_too_large", got=got_text, limit=_size(limit))

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
                return await catalogue_response(400, "bad_content_length", "api.bad_content_length")(scope, receive, send)
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


# --------------------------------------------------------------------------- security
# The web page loads only its own files (no inline script or style); Swagger UI on /docs starts
# with one inline script. Nothing may frame the page, and nothing is sent to other sites.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
CSP_DOCS = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin")]
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]", "::1")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _host_name(host: str) -> str:
    """'localhost:8000' -> 'localhost', '[::1]:8000' -> '[::1]'."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Security:
    """Security headers on every response (CSP, nosniff, no framing, no referrer), and two checks
    before anything is parsed:

    - Host: a service on loopback answers only to loopback names (a web page that rebinds its own
      DNS name to 127.0.0.1 gets 400), or to `allowed_hosts` when they are set;
    - Origin: a browser's cross-site POST (a form or fetch from another web page: multipart needs no
      CORS preflight) is refused with 403 unless its origin is the service's own or in
      `cors_origins`. Clients that send no Origin (curl, other services) are not affected."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings
        hosts = [h.lower() for h in settings.allowed_hosts]
        if not hosts and settings.loopback:
            hosts = list(LOOPBACK_NAMES)
        self.hosts = set(hosts)
        self.origins = {o.rstrip("/").lower() for o in settings.cors_origins}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        if self.hosts and "*" not in self.hosts and _host_name(host) not in self.hosts:
            return await self._send(catalogue_response(
                400, "bad_host", "api.bad_host", host=host[:100], hosts=", ".join(sorted(self.hosts))), scope, receive, send)
        origin = headers.get(b"origin")
        if origin is not None and scope["method"] not in SAFE_METHODS:
            o = origin.decode("latin-1").strip().rstrip("/").lower()
            own = {f"{scope.get('scheme', 'http')}://{host}"}
            if o not in own and o not in self.origins:
                return await self._send(catalogue_response(403, "forbidden_origin", "api.forbidden_origin", origin=o[:100]),
                                        scope, receive, send)
        csp = CSP_DOCS if scope.get("path", "") == "/docs" else CSP

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", csp.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return await self.app(scope, receive, with_headers)

    async def _send(self, response, scope, receive, send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS,
                                                  (b"content-security-policy", CSP.encode())]}
            await send(message)

        return await response(scope, receive, with_headers)
