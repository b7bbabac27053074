"""`malkoll serve`: uvicorn with `settings.workers` processes, each building the app (and loading the
pipeline) once; one process serves on its own, several share one listening socket and take turns at
accepting connections from it (malkoll.service.eventloop)."""
from __future__ import annotations

import copy
import logging
import multiprocessing
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
    """uvicorn's Config whose shared socket is TCP (`as_tcp`) and whose event loop is the service's
    (malkoll.service.eventloop); module level: the workers unpickle it."""

    balance: tuple | None = None  # (shared counts, slot) of a worker that takes turns with others (BalancedWorkers)

    def bind_socket(self) -> socket.socket:
        return as_tcp(super().bind_socket())

    def get_loop_factory(self):
        from malkoll.service.eventloop import Balance, ServiceLoop

        balance = Balance(*self.balance) if self.balance is not None else None
        return lambda: ServiceLoop(balance)


class BalancedWorkers(Multiprocess):
    """uvicorn's supervisor (signals, health checks, restarts) whose workers share one listening socket
    and take turns at accepting from it (malkoll.service.eventloop.Balance): each worker gets a slot
    in a small array of open-connection counts shared by all (one slot per live process, so that a
    worker replaced on SIGHUP and its replacement, serving side by side for a moment, count apart)."""

    def __init__(self, config: TcpConfig):
        self.counts = multiprocessing.get_context("spawn").RawArray("q", 2 * config.workers)
        for i in range(len(self.counts)):
            self.counts[i] = -1  # no worker there (yet)
        self.slots: dict[int, int] = {}  # id of a Process -> its slot
        super().__init__(config, sockets=[config.bind_socket()])

    def _start(self) -> Process:
        used = set(self.slots.values())  # the live processes' (a retired one gave its slot back)
        slot = next(i for i in range(len(self.counts)) if i not in used)
        self.counts[slot] = -1  # until the worker accepts
        config = copy.copy(self.config)
        config.balance = (self.counts, slot)
        process = Process(config, self.sockets)
        self.slots[id(process)] = slot
        process.start()
        return process

    def _retire(self, process: Process) -> None:
        slot = self.slots.pop(id(process), None)
        if slot is not None:
            self.counts[slot] = -1  # a worker that died cannot say so itself

    def init_processes(self) -> None:
        self.processes = [self._start() for _ in range(self.processes_num)]

    def restart_all(self) -> None:
        """SIGHUP: each worker replaced in turn, the old one serving until the new one is ready (as uvicorn's)."""
        for idx, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._start()
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                self._retire(new)
                if not self.should_exit.is_set():
                    log.error(f"New child process [{new.pid}] was not ready in time; keeping worker [{old.pid}] "
                              "and aborting the restart.")
                return
            old.terminate()
            old.join()
            self._retire(old)
            self.processes[idx] = new

    def keep_subprocess_alive(self) -> None:
        """As uvicorn's: a worker that died or hangs is replaced; one that could not start stops the service."""
        if self.should_exit.is_set():
            return
        for idx, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            self._retire(process)
            if process.exitcode == STARTUP_FAILURE:  # the app cannot start: it would fail again
                log.error(f"Child process [{process.pid}] failed to start, stopping the parent process.")
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.info(f"Child process [{process.pid}] died")
            self.processes[idx] = self._start()


def serve(settings: Settings) -> None:
    config = TcpConfig("malkoll.service.main:app_factory", factory=True, host=settings.host, port=settings.port,
                       workers=settings.workers, log_level="info", proxy_headers=False,
                       http="h11")  # h11 bounds a request head (16 kB); httptools would take any
    if config.workers > 1:
        BalancedWorkers(config).run()
        return
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        sys.exit(3)  # uvicorn's STARTUP_FAILURE, as uvicorn.run
