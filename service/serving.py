"""`malkoll serve`: uvicorn with `settings.workers` processes, each building the app (and loading the
pipeline) once; one process serves on its own, several share one listening socket."""
from __future__ import annotations

import socket
import sys

import uvicorn
from uvicorn.supervisors import Multiprocess

from malkoll.service.settings import Settings


def as_tcp(sock: socket.socket) -> socket.socket:
    """The same listening socket, marked TCP. uvicorn binds the socket that several workers share with
    proto 0; asyncio then leaves Nagle's algorithm on for every connection accepted from it, and each
    keep-alive request after the first waited ~45 ms for the client's delayed ACK (uvicorn issue 3149)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM and sock.proto == 0:
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


class TcpConfig(uvicorn.Config):
    """uvicorn's Config whose shared socket is TCP (`as_tcp`); module level: the workers unpickle it."""

    def bind_socket(self) -> socket.socket:
        return as_tcp(super().bind_socket())


def serve(settings: Settings) -> None:
    config = TcpConfig("malkoll.service.main:app_factory", factory=True, host=settings.host, port=settings.port,
                       workers=settings.workers, log_level="info", proxy_headers=False)
    if config.workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        sys.exit(3)  # uvicorn's STARTUP_FAILURE, as uvicorn.run
