"""Giving way during a long outline. The outline of a large or hostile document (80 kB of `*a *a`)
holds its thread for most of a second; a caller that shares the thread with other work (the
service's analysis thread, where one-goal requests wait) sets what to do at the outline's
checkpoints with `giving_way`, and the outline calls `checkpoint()` between its steps — at most
every `EVERY` seconds, so the outline of an ordinary document costs nothing more."""
from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

EVERY = 0.02  # seconds between two calls of the caller's checkpoint
_HOOK: ContextVar[list | None] = ContextVar("malkoll_outline_checkpoint", default=None)


class Interrupted(BaseException):
    """The caller's checkpoint stopped the outline (its deadline passed). Not a failure of the file,
    so no reader turns it into a read error; `giving_way` raises the caller's own exception again."""


def checkpoint() -> None:
    hook = _HOOK.get()
    if hook is None:
        return
    now = time.monotonic()
    if now - hook[1] < EVERY:
        return
    hook[1] = now
    try:
        hook[0]()
    except Exception as exc:  # noqa: BLE001 - handed back to the caller by giving_way
        raise Interrupted(exc) from None


@contextmanager
def giving_way(hook: Callable[[], None] | None) -> Iterator[None]:
    """`hook()` at the outline's checkpoints within the block (none with None)."""
    token = _HOOK.set([hook, time.monotonic()] if hook is not None else None)
    try:
        yield
    except Interrupted as stop:
        raise stop.args[0] from None
    finally:
        _HOOK.reset(token)
