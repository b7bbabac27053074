"""Micro-batching in the service (issue 14): short requests in flight are analysed together through
one `nlp.pipe` batch, and each still gets the report it gets alone, its own deadline and its own
errors. And `malkoll serve --workers N` starts N processes. No test measures seconds."""
from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from malkoll.service import analysis
from malkoll.service.main import create_app
from malkoll.service.settings import Settings
from serve_process import malkoll_serve

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Andelen elever som är behöriga till gymnasiet ska öka till 90 procent senast 2027."
VAGUE = "Vi ska verka för en god kvalitet i skolan."


def client(**settings) -> TestClient:
    return TestClient(create_app(Settings(preload=False, **settings)), base_url="http://localhost")


def corpus_goals(n: int) -> list[str]:
    lines = (ROOT / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x)["text"] for x in lines if x.strip()][:n]


class Held:
    """The analysis thread kept busy by a job that does not give way, so that requests pile up."""

    def __init__(self, settings: Settings):
        self.release = threading.Event()
        started = threading.Event()

        def job(checkpoint):
            started.set()
            self.release.wait(60)
            return "held"

        self.job = analysis.submit(settings, job, interactive=False, seconds=120)
        assert started.wait(30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release.set()
        assert self.job.future.result(30) == "held"


@pytest.fixture
def batches(monkeypatch):
    """The requests of every batch the service analysed (a spy on `review_each`)."""
    import malkoll.batch

    seen: list[list[list]] = []
    real = malkoll.batch.review_each

    def spy(requests, **kw):
        seen.append([list(r) for r in requests])
        return real(requests, **kw)

    monkeypatch.setattr(malkoll.batch, "review_each", spy)
    return seen


def waiting(n: int, timeout: float = 30) -> None:
    """Until `n` interactive jobs wait in the queue."""
    end = time.monotonic() + timeout
    while analysis.QUEUE.depth()[0] < n:
        assert time.monotonic() < end, f"{analysis.QUEUE.depth()[0]} of {n} requests queued"
        time.sleep(0.01)


def post_together(c: TestClient, bodies: list[dict]) -> list[httpx.Response]:
    """All the requests in flight at once while the analysis thread is held: they wait together."""
    with ThreadPoolExecutor(len(bodies)) as pool, Held(c.app.state.settings):
        futures = [pool.submit(c.post, "/v1/analyze", json=b) for b in bodies]
        waiting(len(bodies))
    return [f.result(120) for f in futures]


def test_requests_in_flight_are_one_batch_and_get_the_reports_they_get_alone(batches):
    texts = corpus_goals(6)
    bodies = [{"text": t} for t in texts[:4]] + [
        {"goals": [{"text": texts[4], "id": "a"}, {"text": ""}, {"text": texts[5], "level": "committee"}]},
        {"text": VAGUE, "options": {"fail_on": "never"}},  # another configuration: a batch of its own
        {"text": GOOD, "lang": "en"},  # another language: alone
    ]
    with client() as c:
        together = post_together(c, bodies)
        grouped = [len(b) for b in batches]
        batches.clear()
        alone = [c.post("/v1/analyze", json=b) for b in bodies]  # one at a time: no batch forms
    assert batches == [] and grouped == [5]  # the five requests with the default configuration, together
    for t, a in zip(together, alone):
        assert t.status_code == a.status_code == 200
        assert t.json() == a.json() and t.headers["X-Malkoll-Fails"] == a.headers["X-Malkoll-Fails"]
    assert [g["text"] for g in together[4].json()["goals"]] == [texts[4], "", texts[5]]
    assert together[4].json()["goals"][1]["error"]  # the empty goal is an error on that goal only
    assert together[5].headers["X-Malkoll-Fails"] == "0" and together[6].json()["goals"][0]["headline"]


def test_a_batch_holds_at_most_batch_goals(batches):
    texts = corpus_goals(5)
    with client(batch_goals=2) as c:
        together = post_together(c, [{"text": t} for t in texts])
    assert all(r.status_code == 200 for r in together)
    assert [r.json()["goals"][0]["text"] for r in together] == texts
    assert [len(b) for b in batches] == [2, 2]  # and the fifth request alone


def test_a_goal_that_fails_fails_only_itself(monkeypatch, batches):
    import malkoll.engine

    real = malkoll.engine._analyze_one

    def brittle(goal, *args, **kw):
        if "brister" in goal.text:
            raise ValueError("a bug")
        return real(goal, *args, **kw)

    monkeypatch.setattr(malkoll.engine, "_analyze_one", brittle)
    bad = "Målet brister här och ska öka till 90 procent senast 2027."
    bodies = [{"text": GOOD}, {"text": bad}, {"goals": [{"text": VAGUE}, {"text": bad}]}, {"text": VAGUE}]
    with client() as c:
        together = post_together(c, bodies)
        alone = [c.post("/v1/analyze", json=b) for b in bodies]
    assert [len(b) for b in batches] == [4]
    assert [r.status_code for r in together] == [200] * 4
    assert [t.json() for t in together] == [a.json() for a in alone]
    errors = [[g["error"] is not None for g in r.json()["goals"]] for r in together]
    assert errors == [[False], [True], [False, True], [False]]


def test_a_batch_that_fails_as_a_whole_is_analysed_request_by_request(monkeypatch):
    import malkoll.batch

    def broken(requests, **kw):
        raise RuntimeError("the batch path is broken")

    monkeypatch.setattr(malkoll.batch, "review_each", broken)
    bodies = [{"text": t} for t in corpus_goals(3)]
    with client() as c:
        together = post_together(c, bodies)
        alone = [c.post("/v1/analyze", json=b) for b in bodies]
    assert [r.status_code for r in together] == [200] * 3
    assert [t.json() for t in together] == [a.json() for a in alone]


def test_order_and_deadlines_are_kept_in_a_batch(batches):
    """The oldest job opens the next batch; a job already late when its batch starts is a 504 alone;
    a job of another configuration keeps its place behind the batch it could not join."""
    from malkoll.config import Config

    with client() as c:
        settings = c.app.state.settings
        default, other = Config(), Config(suggestions=False)

        def submit(text: str, config: Config, seconds: float) -> analysis.Job:
            goals = [{"text": text}]
            batch = analysis.Batch(goals, config, None, "json", settings.batch_goals)
            return analysis.submit(settings, lambda cp: ("alone", False), interactive=True, seconds=seconds,
                                   batch=batch)

        with Held(settings):
            first = submit(GOOD, default, 60)
            between = submit(VAGUE, other, 60)
            late = submit(VAGUE, default, 0.05)
            last = submit("Alla ska ha en trygg uppväxt.", default, 60)
            time.sleep(0.2)  # `late` passes its deadline while it waits
        texts = [json.loads(f.future.result(60)[0])["goals"][0]["text"] for f in (first, last)]
        assert texts == [GOOD, "Alla ska ha en trygg uppväxt."]
        with pytest.raises(analysis.Late):
            late.future.result(10)
        assert between.future.result(60) == ("alone", False)  # a batch of one runs the job as it is
        assert [[r[0]["text"] for r in b] for b in batches] == [[GOOD, "Alla ska ha en trygg uppväxt."]]


def test_a_batch_whose_requests_are_all_late_analyses_nothing(batches):
    from malkoll.config import Config

    with client() as c:
        settings = c.app.state.settings
        with Held(settings):
            jobs = [analysis.submit(settings, lambda cp: ("alone", False), interactive=True, seconds=0.05,
                                    batch=analysis.Batch([{"text": t}], Config(), None, "json", 32))
                    for t in (GOOD, VAGUE)]
            time.sleep(0.2)
        for job in jobs:
            with pytest.raises(analysis.Late):
                job.future.result(30)
    assert batches == []


def test_short_requests_at_a_bulk_jobs_checkpoint_are_batched_too(batches):
    with client() as c:
        settings = c.app.state.settings
        gate, go = threading.Event(), threading.Event()

        def bulk(checkpoint):
            gate.set()
            go.wait(60)
            checkpoint(1)  # where a long list gives way
            return "bulk"

        long = analysis.submit(settings, bulk, interactive=False, seconds=120)
        assert gate.wait(30)
        texts = corpus_goals(3)
        with ThreadPoolExecutor(3) as pool:
            futures = [pool.submit(c.post, "/v1/analyze", json={"text": t}) for t in texts]
            waiting(3)
            go.set()
            answers = [f.result(120) for f in futures]
        assert long.future.result(60) == "bulk"
    assert [r.json()["goals"][0]["text"] for r in answers] == texts
    assert [len(b) for b in batches] == [3]


# --------------------------------------------------------------------------- malkoll serve --workers
def worker_processes(pid: int) -> list[int]:
    """The uvicorn workers the process started (multiprocessing's spawned children)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == pid and b"spawn_main" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def sockets_held(pid: int, port: int, state: str) -> int:
    """How many TCP sockets on local `port` in `state` (01 established, 0A listening) the process
    `pid` holds (Linux, /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    held = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state and fields[9] in inodes:
                held += 1
    return held


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts processes through /proc")
def test_serve_with_two_workers_starts_two_processes_that_answer_and_share_the_connections():
    """The workers share one listening socket and take turns at accepting (asyncio's own accepting gave
    all 8 connections of a burst to one worker in 11 tries of 12, and they stayed there, keep-alive;
    a socket per worker split them by a hash, 11 or more of 16 on one worker in one try of five).
    16 connections opened together: each worker holds 6 or more, and each is answered."""
    with malkoll_serve("--workers", "2") as (proc, port):
        workers = worker_processes(proc.pid)
        assert len(workers) == 2
        r = httpx.post(f"http://127.0.0.1:{port}/v1/analyze", json={"text": VAGUE}, timeout=120)
        assert r.status_code == 200 and r.json()["goals"][0]["text"] == VAGUE
        end = time.monotonic() + 60
        while not all(sockets_held(pid, port, "0A") for pid in workers):  # both listening
            assert time.monotonic() < end, "a worker does not listen"
            time.sleep(0.2)
        async def burst() -> list[int]:  # 16 connections opened together, each asks once, all kept open
            conns = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(16)))
            for _, writer in conns:
                writer.write(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            heads = await asyncio.gather(*(reader.readuntil(b"\r\n\r\n") for reader, _ in conns))
            held = [sockets_held(pid, port, "01") for pid in workers]
            for _, writer in conns:
                writer.close()
            assert [h.split(b" ", 2)[1] for h in heads] == [b"200"] * 16
            return held

        held = asyncio.run(burst())
        assert sum(held) == 16 and min(held) >= 6, held


def test_workers_take_turns_at_accepting_from_the_socket_they_share(monkeypatch):
    """Two event loops (two workers' in one process here) on one listening socket with shared counts:
    16 connections opened together are spread evenly. asyncio's own accepting gave a burst to the loop
    that woke first, and a socket per worker (SO_REUSEPORT) split by a hash of the addresses."""
    from malkoll.service import eventloop

    monkeypatch.setattr(eventloop, "DEFER_MAX", 60.0)  # no accepting out of turn in this test
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.setblocking(False)
    counts = [-1, -1]
    accepted = [[], []]
    loops = [eventloop.ServiceLoop(eventloop.Balance(counts, slot)) for slot in range(2)]
    ready = [threading.Event(), threading.Event()]

    def serve(slot: int) -> None:
        loop = loops[slot]
        asyncio.set_event_loop(loop)

        class Keep(asyncio.Protocol):
            def connection_made(self, transport):
                accepted[slot].append(transport)

        async def main():
            await loop.create_server(Keep, sock=sock)
            ready[slot].set()
            await asyncio.sleep(3600)

        try:
            loop.run_until_complete(main())
        except RuntimeError:  # stopped
            pass

    threads = [threading.Thread(target=serve, args=(slot,), daemon=True) for slot in range(2)]
    for t in threads:
        t.start()
    assert all(r.wait(30) for r in ready)
    assert counts == [0, 0]  # both accept
    clients = [socket.create_connection(sock.getsockname()) for _ in range(16)]
    end = time.monotonic() + 30
    while sum(map(len, accepted)) < 16 and time.monotonic() < end:
        time.sleep(0.01)
    try:
        assert sorted(map(len, accepted)) == [8, 8] and counts == [8, 8]
        for c in clients[:6]:  # connections that end are counted off
            c.close()
        while sum(counts) > 10 and time.monotonic() < end:
            time.sleep(0.01)
        assert sum(counts) == 10
    finally:
        for c in clients:
            c.close()
        for loop in loops:
            loop.call_soon_threadsafe(loop.stop)
        for t in threads:
            t.join(10)
        for loop in loops:
            loop.close()
        sock.close()


def test_a_worker_takes_a_connection_only_when_no_accepting_worker_holds_fewer():
    from malkoll.service.eventloop import Balance

    counts = [2, 1, -1, 3]  # the third does not accept (loading, stopped)
    assert [Balance(counts, i).my_turn() for i in range(4)] == [False, True, True, False]
    Balance(counts, 1).serving(False)
    assert Balance(counts, 0).my_turn() and counts[1] == -1
    Balance(counts, 1).serving(True)
    assert counts[1] == 0


def test_the_analysis_waits_for_the_event_loop_to_read_the_requests_that_came_together(monkeypatch, batches):
    """Requests read one after the other by a busy event loop go into one batch: the analysis thread
    starts once the loop is idle, not with the first request alone."""
    from malkoll.config import Config
    from malkoll.service import eventloop

    monkeypatch.setattr(analysis, "SETTLE_SECONDS", 60.0)  # wait as long as the loop is busy
    texts = corpus_goals(3)
    with client() as c:
        settings = c.app.state.settings
        c.post("/v1/analyze", json={"text": GOOD})  # the pipeline loaded
        batches.clear()
        loop = eventloop.ServiceLoop()  # after: a ServiceLoop that is not running is never idle

        def read_requests():  # one loop callback: the loop is busy from the first request to the last
            jobs = []
            for text in texts:
                batch = analysis.Batch([{"text": text}], Config(), None, "json", settings.batch_goals)
                jobs.append(analysis.submit(settings, lambda cp: ("alone", False), interactive=True,
                                            seconds=60, batch=batch))
                time.sleep(0.05)  # reading the next one
            return jobs

        async def main():
            jobs = read_requests()
            return [await asyncio.wrap_future(job.future) for job in jobs]

        try:
            answers = loop.run_until_complete(main())
        finally:
            loop.close()
    assert [json.loads(a[0])["goals"][0]["text"] for a in answers] == texts
    assert [[r[0]["text"] for r in b] for b in batches] == [texts]


def test_the_socket_several_workers_share_is_tcp_so_connections_get_nodelay():
    """`--workers 2` answered every keep-alive request after the first ~45 ms late: uvicorn's shared
    socket had proto 0, and asyncio sets TCP_NODELAY only on connections from a TCP socket."""
    import asyncio

    from malkoll.service.serving import as_tcp

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # as uvicorn's Config.bind_socket
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock = as_tcp(sock)
    assert sock.proto == socket.IPPROTO_TCP
    nodelay = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport):
            accepted = transport.get_extra_info("socket")
            nodelay.append(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main():
        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        for _ in range(100):
            if nodelay:
                break
            await asyncio.sleep(0.02)
        writer.close()
        server.close()

    asyncio.run(main())
    assert nodelay and nodelay[0] != 0


@pytest.mark.parametrize("value", ["0", "x"])
def test_serve_refuses_a_bad_number_of_workers(value, monkeypatch):
    from typer.testing import CliRunner

    from malkoll.cli import app

    monkeypatch.setenv("MALKOLL_WORKERS", "1")  # serve writes the option here; restored afterwards
    result = CliRunner().invoke(app, ["serve", "--workers", value])
    assert result.exit_code == 2
