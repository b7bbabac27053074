"""`malkoll serve`: uvicorn with `settings.workers` processes, each building the app (and loading the
pipeline) once; one process serves on its own, several each listen on a socket of their own on the
same port (Linux; elsewhere they share one)."""
from __future__ import annotations

import logging
import socket
import sys

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess
from uvicorn.supervisors.multiprocess import Process

from malkoll.service.settings import Settings

log = logging.getLogger("uvicorn.error")


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


def spreads(config: uvicorn.Config) -> bool:
    """Whether each worker gets a listening socket of its own (`worker_socket`): on Linux, where the
    kernel spreads the connections over sockets bound with SO_REUSEPORT to one address (macOS and
    the BSDs give them all to one socket), for a host and port (not a Unix socket or a file descriptor)."""
    return (sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
            and config.uds is None and config.fd is None)


def worker_socket(config: uvicorn.Config) -> socket.socket:
    """A TCP socket bound with SO_REUSEPORT to the configured address, for one worker.

    Why not one socket for all: asyncio accepts every connection waiting on a socket at once (up to
    the backlog), so with one shared socket the worker whose event loop woke first took nearly all the
    connections of a burst (8 clients connecting together: all 8 to one worker in 11 tries of 12) and
    kept them for as long as they lived (keep-alive): the second core stood idle. With a socket each,
    the kernel spreads new connections over the workers that listen (a hash of the addresses), and a
    worker that is still loading the pipeline, not yet listening, gets none."""
    family = socket.AF_INET6 if config.host and ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # the kernel shares only between one user's sockets
    try:
        sock.bind((config.host, config.port))
    except OSError as exc:
        sock.close()
        log.error(exc)
        sys.exit(STARTUP_FAILURE)
    sock.set_inheritable(True)
    return sock


class SpreadWorkers(Multiprocess):
    """uvicorn's supervisor (signals, health checks, restarts) with one listening socket per worker
    (`worker_socket`). A worker that dies is replaced on a new socket: the connections that were
    waiting on the old one are refused at once instead of waiting for the new worker to load the
    pipeline, and the others' sockets take the new ones meanwhile."""

    def __init__(self, config: uvicorn.Config):
        # uvicorn's own bind first, closed again: it says where the service runs, and it fails (exit 3) when
        # something already listens there, even a group of SO_REUSEPORT sockets that ours would join
        config.bind_socket().close()
        self.slots = [worker_socket(config) for _ in range(config.workers)]
        super().__init__(config, sockets=self.slots)

    def _start(self, slot: int) -> Process:
        process = Process(self.config, [self.slots[slot]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._start(slot) for slot in range(self.processes_num)]

    def restart_all(self) -> None:
        """SIGHUP: each worker replaced in turn, the new one on the same socket as the old, which
        serves until the new one is ready (as uvicorn's)."""
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._start(slot)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                if not self.should_exit.is_set():
                    log.error(f"New child process [{new.pid}] was not ready in time; keeping worker [{old.pid}] "
                              "and aborting the restart.")
                return
            old.terminate()
            old.join()
            self.processes[slot] = new

    def keep_subprocess_alive(self) -> None:
        """As uvicorn's: a worker that died or hangs is replaced (here on a new socket); one that
        could not start stops the service."""
        if self.should_exit.is_set():
            return
        for slot, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # the app cannot start: it would fail again
                log.error(f"Child process [{process.pid}] failed to start, stopping the parent process.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.info(f"Child process [{process.pid}] died")
            self.slots[slot].close()
            self.slots[slot] = worker_socket(self.config)
            self.sockets = self.slots
            self.processes[slot] = self._start(slot)


def serve(settings: Settings) -> None:
    config = TcpConfig("malkoll.service.main:app_factory", factory=True, host=settings.host, port=settings.port,
                       workers=settings.workers, log_level="info", proxy_headers=False)
    if config.workers > 1:
        if spreads(config):
            SpreadWorkers(config).run()
        else:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        sys.exit(3)  # uvicorn's STARTUP_FAILURE, as uvicorn.run
