"""Load script (not a test): latency of POST /v1/analyze at 1, 8 and 32 concurrent clients on loopback.

    python benchmarks/load_service.py                       # starts `malkoll serve` on a free loopback port
    python benchmarks/load_service.py --requests 300 --workers 2 --no-suggestions
    python benchmarks/load_service.py --url http://127.0.0.1:8000   # a server you started (loopback only)

For each concurrency level it sends a fixed number of requests (one goal each, drawn in order from the
annotated corpora) from that many closed-loop clients (each sends its next request when the answer to
the last has come; one kept-alive connection each) and prints p50/p95/p99/max latency, errors and
throughput. Bounded in count and time. The clients are coroutines on raw sockets in one event loop,
~0.1-0.3 ms of CPU a request on the same cores as the server (an httpx client in threads cost 1-5 ms a
request, and its threads waited for each other's interpreter lock inside the measured time).

Server CPU per request (user + system time of the server's processes; with `--url`, give `--pid`) is
split by thread: `loop`, the event loop (HTTP, validation, sending), and `analysis`, the analysis
thread. On a shared machine this split is the figure that does not move with the load of others.

Reference, measured in the same run (in this process, before the server starts, so that the two do
not compete): the analysis alone, `malkoll.batch.review` of one goal (p50/p95 over the same texts) and
of eight goals together (per goal) — what a request costs without HTTP, JSON and waiting.
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parents[1]
REQUEST_TIMEOUT = 120.0


def corpus_texts() -> list[str]:
    texts = []
    for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    if not texts:
        texts = [t for t in (ROOT / "examples" / "mal.txt").read_text(encoding="utf-8").splitlines() if t.strip()]
    return texts


def loopback_only(url: str) -> str:
    host = urlparse(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        sys.exit(f"load_service: only loopback addresses (127.0.0.0/8, ::1, localhost), not {host!r}")
    return url.rstrip("/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_server(proc: subprocess.Popen, wait: float = 15) -> None:
    """Stop a server this script (or bench_speed, soak_service) started: terminate, then kill."""
    proc.terminate()
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MALKOLL_HOST": "127.0.0.1", "MALKOLL_PORT": str(port), "MALKOLL_WORKERS": str(workers)}
    proc = subprocess.Popen([sys.executable, "-m", "malkoll.cli", "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    while time.perf_counter() - started < 300:
        if proc.poll() is not None:
            sys.exit("load_service: the server exited during start-up")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                settle(proc.pid)
                print(f"server ready in {time.perf_counter() - started:.1f} s ({workers} worker(s)) at {url}")
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.terminate()
    sys.exit("load_service: the server was not ready within 300 s")


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) of a process and its descendants so far (Linux; 0 elsewhere or when
    the server was not started here). On a shared machine, the server's CPU per request is the figure
    that does not move with the load of others."""
    if pid is None or not Path(f"/proc/{pid}").exists():
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def thread_cpu(pid: int | None) -> dict[str, float]:
    """CPU seconds so far of the server split by thread (Linux): `loop`, the main thread of each of its
    processes (uvicorn's event loop: HTTP, validation, sending), and `analysis`, every other thread of
    them (the analysis thread; the thread pool and the document readers are idle in this load)."""
    out = {"loop": 0.0, "analysis": 0.0}
    if pid is None or not Path(f"/proc/{pid}").exists():
        return {}
    tick = os.sysconf("SC_CLK_TCK")
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                out["loop" if int(task.name) == p else "analysis"] += (int(fields[11]) + int(fields[12])) / tick
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return out


def settle(pid: int, limit: float = 180.0) -> None:
    """Until the server's processes are idle: /readyz answers from the first worker that is ready,
    while the others may still be loading the pipeline (they would compete with the first figures)."""
    end = time.perf_counter() + limit
    last = cpu_seconds(pid)
    while time.perf_counter() < end:
        time.sleep(1.0)
        now = cpu_seconds(pid)
        if now - last < 0.15:  # under 15 % of a core for a second
            return
        last = now


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def reference(texts: list[str], suggestions: bool, n: int = 200) -> dict:
    """The analysis alone in this process: one goal per call (p50/p95 ms), eight goals per call (ms a goal)."""
    from malkoll.batch import review
    from malkoll.config import Config

    config = Config(suggestions=suggestions)
    for text in texts[:20]:  # load the pipeline, the rules and the index first
        review(goals=[text], config=config)
    one = []
    cpu0 = time.process_time()
    for text in texts[:n]:
        t0 = time.perf_counter()
        review(goals=[text], config=config).model_dump_json()
        one.append((time.perf_counter() - t0) * 1000)
    one_cpu = (time.process_time() - cpu0) * 1000 / len(one)
    t0, cpu0 = time.perf_counter(), time.process_time()
    groups = 0
    for i in range(0, n, 8):
        review(goals=texts[i:i + 8], config=config).model_dump_json()
        groups += len(texts[i:i + 8])
    eight = (time.perf_counter() - t0) * 1000 / groups
    eight_cpu = (time.process_time() - cpu0) * 1000 / groups
    return {"one_p50": pct(one, 50), "one_p95": pct(one, 95), "eight_per_goal": eight, "one_cpu": one_cpu,
            "eight_cpu": eight_cpu}


def _request(host: str, port: int, body: dict) -> bytes:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return (f"POST /v1/analyze HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n").encode("ascii") + data


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bool]:
    """One request on a kept-alive connection: its status once the whole response is read, and
    whether the server keeps the connection open."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    if "content-length" not in headers:
        raise ConnectionError("response without Content-Length")
    await reader.readexactly(int(headers["content-length"]))
    return status, headers.get("connection", "").lower() != "close"


def run_level(url: str, texts: list[str], concurrency: int, n: int, suggestions: bool, pid: int | None = None) -> dict:
    """`n` requests from `concurrency` closed-loop clients (each sends its next request once the answer
    to the last has arrived), each on its own kept-alive connection. The clients are coroutines of one
    event loop on raw sockets: a request costs the load generator a fraction of a millisecond and no
    client waits for another's interpreter lock, so the times are the server's (the load generator
    runs on the same cores)."""
    parts = urlparse(url)
    host, port = parts.hostname, parts.port or 80
    requests = [_request(host, port, {"text": t, "options": {"suggestions": suggestions}}) for t in texts]
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = iter(range(n))

    async def client() -> None:
        conn = None
        for i in counter:  # shared iterator: exactly n requests over all clients
            t0 = time.perf_counter()
            try:
                if conn is None:
                    conn = await asyncio.open_connection(host, port)
                status, keep = await asyncio.wait_for(_exchange(*conn, requests[i % len(requests)]), REQUEST_TIMEOUT)
                kind = None if status == 200 else f"HTTP {status}"
                if not keep:
                    conn[1].close()
                    conn = None
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                    ConnectionError, ValueError, IndexError) as exc:
                kind = type(exc).__name__
                if conn is not None:
                    conn[1].close()
                conn = None
            latencies.append(time.perf_counter() - t0)
            if kind:
                errors[kind] = errors.get(kind, 0) + 1
        if conn is not None:
            conn[1].close()

    async def clients() -> None:
        await asyncio.gather(*(client() for _ in range(concurrency)))

    started, cpu0, own0 = time.perf_counter(), cpu_seconds(pid), time.process_time()
    threads0 = thread_cpu(pid)
    asyncio.run(clients())
    wall = time.perf_counter() - started
    cpu = (cpu_seconds(pid) - cpu0) * 1000 / max(1, len(latencies))
    threads = {k: (v - threads0.get(k, 0.0)) * 1000 / max(1, len(latencies)) for k, v in thread_cpu(pid).items()}
    own = (time.process_time() - own0) * 1000 / max(1, len(latencies))  # this client's CPU, on the same cores
    ms = [x * 1000 for x in latencies]
    return {"concurrency": concurrency, "requests": len(ms), "errors": sum(errors.values()), "error_kinds": errors,
            "p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99), "max": max(ms),
            "mean": statistics.fmean(ms), "rps": len(ms) / wall, "cpu_ms": cpu,
            "loop_cpu_ms": threads.get("loop", float("nan")), "analysis_cpu_ms": threads.get("analysis", float("nan")),
            "client_cpu_ms": own, "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running server on loopback (default: start one)")
    ap.add_argument("--requests", type=int, default=200, help="requests per concurrency level (default 200)")
    ap.add_argument("--concurrency", default="1,8,32", help="comma-separated levels (default 1,8,32)")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn workers of the started server (default 1)")
    ap.add_argument("--no-suggestions", action="store_true", help="skip indicators, sub-goals and rewrite")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--pid", type=int, help="with --url: the server's process id, for its CPU per request")
    ap.add_argument("--no-reference", action="store_true", help="skip the analysis-alone reference")
    args = ap.parse_args()
    if args.requests < 1 or args.requests > 10_000:
        sys.exit("load_service: --requests must be 1..10000")
    levels = [int(c) for c in args.concurrency.split(",") if c.strip()]
    if not levels or min(levels) < 1 or max(levels) > 256:
        sys.exit("load_service: --concurrency levels must be 1..256")

    texts = corpus_texts()
    ref = None
    if not args.no_reference:
        ref = reference(texts, not args.no_suggestions)
        print(f"reference, the analysis alone in this process (review + JSON, no HTTP): one goal p50 "
              f"{ref['one_p50']:.1f} ms, p95 {ref['one_p95']:.1f} ms; eight goals together {ref['eight_per_goal']:.1f} "
              f"ms a goal; CPU {ref['one_cpu']:.1f} ms a goal alone, {ref['eight_cpu']:.1f} ms in eights", flush=True)
    proc = None
    url = loopback_only(args.url) if args.url else None
    if url is None:
        proc, url = start_server(args.workers)
    try:
        suggestions = not args.no_suggestions
        run_level(url, texts, args.workers, 10 * args.workers, suggestions)  # warm-up, not counted
        print(f"POST /v1/analyze, one goal per request, suggestions {'on' if suggestions else 'off'}, "
              f"{args.requests} requests per level, {len(texts)} distinct goals")
        print(f"{'clients':>7} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'req/s':>7} {'server CPU ms/req':>17} {'loop':>5} {'analysis':>8} {'client CPU ms/req':>17} "
              f"{'load':>5}")
        results = []
        for c in levels:
            r = run_level(url, texts, c, args.requests, suggestions, proc.pid if proc is not None else args.pid)
            results.append(r)
            print(f"{r['concurrency']:>7} {r['requests']:>8} {r['errors']:>6} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                  f"{r['p99']:>8.1f} {r['max']:>8.1f} {r['rps']:>7.1f} {r['cpu_ms'] if proc is not None or args.pid else float('nan'):>17.1f} "
                  f"{r['loop_cpu_ms']:>5.1f} {r['analysis_cpu_ms']:>8.1f} {r['client_cpu_ms']:>17.1f} {r['load']:>5.1f}"
                  + (f"  {r['error_kinds']}" if r["errors"] else ""))
        if args.json:
            print(json.dumps({"reference": ref, "levels": results}, indent=2))
    finally:
        if proc is not None:
            stop_server(proc)


if __name__ == "__main__":
    main()
