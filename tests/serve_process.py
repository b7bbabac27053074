"""`malkoll serve` in a child process for the tests that need the real server (uvicorn, its workers,
its HTTP parser): on a free loopback port, ready once /healthz answers, stopped afterwards."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from typing import Iterator

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def malkoll_serve(*args: str, timeout: float = 120) -> Iterator[tuple[subprocess.Popen, int]]:
    """(the process, its port) of `malkoll serve --port P *args`, without preloading the model
    (MALKOLL_PRELOAD=false) and without the environment's MALKOLL_WORKERS."""
    port = free_port()
    env = {**os.environ, "MALKOLL_PRELOAD": "false"}
    env.pop("MALKOLL_WORKERS", None)
    proc = subprocess.Popen([sys.executable, "-m", "malkoll.cli", "serve", "--port", str(port), *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, proc.stderr.read().decode(errors="replace")[-2000:]
            assert time.monotonic() < end, "no answer from /healthz"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        yield proc, port
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
