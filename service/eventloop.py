"""The event loop of `malkoll serve`: asyncio's, named to uvicorn as `loop` (`ServiceLoop`), with one
addition for the analysis thread beside it.

It says when it is idle (`wait_idle`): waiting for the network with nothing ready to run. The
analysis thread starts a batch of short requests once the loop is idle (malkoll.service.analysis),
not while the loop is still reading requests that came in together. Answers go out together when a
batch is done, so the clients' next requests come in together too; the first of them used to start
a batch of one at once, and the others then waited behind it, read by a loop that had to wait for
the interpreter lock the analysis held (up to the switch interval, 5 ms, at every socket call).
Waiting for the idle loop costs no time of the process: the loop holds the lock meanwhile anyway.

With several workers (`--workers N`, one listening socket they share), it also takes turns with the
other workers at accepting connections (`Balance`): a worker accepts a waiting connection only while
it holds no more open connections than the least busy other worker, otherwise it leaves the
connection to that worker for a moment (`DEFER`; after `DEFER_MAX` it accepts anyway, so a worker
that hangs or restarts holds nothing up). Clients that keep their connection (keep-alive) are thereby
spread evenly: 8 connections opened together are 4 and 4. asyncio's own accepting gave nearly all of
a burst to the worker that woke first (every worker is woken, and each accepts all that wait), and
a listening socket per worker (SO_REUSEPORT: the kernel picks by a hash of the addresses, a coin
toss per connection) split 8 connections 4 and 4 in about one burst of four, 6 or more on one
worker in nearly one of three: that worker's clients waited for each other on one core while the
other core had little to do.
"""
from __future__ import annotations

import asyncio
import selectors
import socket
import threading
import time

_IDLE = threading.Event()
_LOOPS = 0  # ServiceLoops open in this process (without one, nothing waits for it)


class _IdleSelector(selectors.DefaultSelector):
    """The platform's selector, marking the time the loop blocks in it: asyncio selects with a timeout
    of 0 while callbacks are ready to run, so any other timeout means that nothing is left to do."""

    def select(self, timeout=None):
        if timeout is not None and timeout <= 0:
            return super().select(timeout)
        _IDLE.set()
        try:
            return super().select(timeout)
        finally:
            _IDLE.clear()


DEFER = 0.002  # a worker whose turn it is not looks again after this long
DEFER_MAX = 0.05  # and accepts anyway once a connection has waited this long


class Balance:
    """The open connections of each worker, in memory the workers share (`counts`, made by the
    supervisor: malkoll.service.serving), and this worker's `slot` in it. A slot is -1 while its
    worker does not accept (loading, stopped)."""

    def __init__(self, counts, slot: int):
        self.counts, self.slot = counts, slot

    def serving(self, on: bool) -> None:
        if not on:
            self.counts[self.slot] = -1
        elif self.counts[self.slot] < 0:
            self.counts[self.slot] = 0

    def add(self, n: int) -> None:
        self.counts[self.slot] += n

    def my_turn(self) -> bool:
        """Whether this worker holds no more connections than every other worker that accepts."""
        mine = self.counts[self.slot]
        return all(n < 0 or mine <= n for i, n in enumerate(self.counts) if i != self.slot)


class ServiceLoop(asyncio.SelectorEventLoop):
    """asyncio's selector event loop whose idle moments `wait_idle` sees, and which, given a
    `Balance`, accepts connections in turn with the other workers (see the module's docstring)."""

    def __init__(self, balance: Balance | None = None) -> None:
        global _LOOPS
        super().__init__(_IdleSelector())
        _LOOPS += 1
        self._balance = balance
        self._waiting_since: dict[int, float] = {}  # listening socket -> since when a connection waits

    def close(self) -> None:
        global _LOOPS
        if not self.is_closed():
            _LOOPS -= 1
        super().close()

    # asyncio's hooks for a listening socket (private, the same in Python 3.11 and 3.12)
    def _start_serving(self, protocol_factory, sock, *args, **kwargs):
        if self._balance is not None:
            self._balance.serving(True)
        super()._start_serving(protocol_factory, sock, *args, **kwargs)

    def _stop_serving(self, sock):
        if self._balance is not None:
            self._balance.serving(False)
        super()._stop_serving(sock)

    def _accept_connection(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100, *args):
        if self._balance is None:
            return super()._accept_connection(protocol_factory, sock, sslcontext, server, backlog, *args)
        fd = sock.fileno()
        since = self._waiting_since.setdefault(fd, time.monotonic())
        if not self._balance.my_turn() and time.monotonic() - since < DEFER_MAX:
            self._remove_reader(fd)  # the others' turn: look again in a moment
            self.call_later(DEFER, self._look_again, protocol_factory, sock, sslcontext, server, backlog, *args)
            return None
        self._waiting_since.pop(fd, None)
        # one connection per turn, counted from its protocol's start to its end
        return super()._accept_connection(self._counted(protocol_factory), sock, sslcontext, server, 1, *args)

    def _look_again(self, protocol_factory, sock, *args):
        if sock.fileno() < 0:  # closed meanwhile (the worker stops)
            return
        if not _pending(sock):  # another worker took it
            self._waiting_since.pop(sock.fileno(), None)
        self._add_reader(sock.fileno(), self._accept_connection, protocol_factory, sock, *args)

    def _counted(self, protocol_factory):
        balance = self._balance

        def make(*args, **kwargs):
            protocol = protocol_factory(*args, **kwargs)
            balance.add(1)
            lost = protocol.connection_lost

            def connection_lost(exc):
                balance.add(-1)
                lost(exc)

            protocol.connection_lost = connection_lost
            return protocol

        return make


def _pending(sock: socket.socket) -> bool:
    """Whether a connection waits to be accepted on a listening socket (without accepting it)."""
    import select

    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return bool(poller.poll(0))


def wait_idle(seconds: float) -> bool:
    """Until the service's event loop is idle, at most `seconds`; at once without a ServiceLoop in this
    process (tests, another ASGI server). Whether it was idle."""
    return _IDLE.wait(seconds) if _LOOPS else True
