"""Load and soak of the HTTP service (not a test; loopback only). Starts `malkoll serve` on a free
port and prints figures:

1. soak: --clients concurrent clients send --requests POST /v1/analyze, every goal with new words
   (the vocabulary and the word caches meet words they have never seen), while --slow clients
   trickle their bodies and headers a byte at a time; status counts, latency p50/p95/p99, the
   server's RSS after warm-up, at the end and its peak;
2. attack: every adversarial upload (tests/hostile_files.py: the regex attacks, zip bombs of one
   and of many parts, corrupt deflate data, surrogates, huge PDF content streams, deep JSONL) is
   posted, one after the other, while a probe sends one-goal requests all the time; per upload
   its status and time, and the probe's p50/p95.

    python benchmarks/soak_service.py [--requests 10000] [--clients 32] [--slow 4] [--no-suggestions]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files as H  # noqa: E402
from load_service import free_port, stop_server  # noqa: E402  (this folder: the script's own)

SYLLABLES = ["bo", "ka", "mi", "lu", "se", "ta", "vi", "rö", "nä", "gå", "fle", "stra", "kol", "pen", "dyr", "sk"]


def rss_mb(pid: int, with_children: bool = True) -> float:
    """The server's resident set (the uvicorn process, and its children: the document readers)."""
    total = 0
    for p in [pid] + (children(pid) if with_children else []):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def children(pid: int) -> list[int]:
    """All descendants (children of every thread: the forkserver is started from a worker thread)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out + [g for c in out for g in children(c)]


def new_goal(rnd: random.Random) -> str:
    def word() -> str:
        return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4)))

    return (f"Andelen {word()}are i {word()}nämnden som är nöjda med {word()}en ska öka från "
            f"{rnd.randint(10, 60)} till {rnd.randint(61, 99)} procent senast {rnd.randint(2026, 2035)}.")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def soak(base: str, n: int, clients: int, suggestions: bool, seed: int, every=None) -> tuple[Counter, list[float]]:
    rnd = random.Random(seed)
    bodies = [{"text": new_goal(rnd), "options": {"suggestions": suggestions}} for _ in range(n)]
    status: Counter = Counter()
    latencies: list[float] = []
    queue: asyncio.Queue = asyncio.Queue()
    for b in bodies:
        queue.put_nowait(b)

    async def client() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            while True:
                try:
                    body = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t0 = time.perf_counter()
                try:
                    r = await c.post("/v1/analyze", json=body)
                    status[r.status_code] += 1
                except httpx.HTTPError as exc:
                    status[type(exc).__name__] += 1
                latencies.append(time.perf_counter() - t0)
                if every is not None and len(latencies) % max(1, n // 5) == 0:
                    every(len(latencies))

    await asyncio.gather(*(client() for _ in range(clients)))
    return status, latencies


def slow_clients(host: str, port: int, n: int, stop: threading.Event) -> list[threading.Thread]:
    """Clients that send a request a byte at a time (a slow body, slow headers) until stopped."""
    def trickle(kind: int) -> None:
        body = json.dumps({"text": "Vi ska verka för en god kvalitet i skolan."}).encode()
        head = (f"POST /v1/analyze HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        data = head + body
        while not stop.is_set():
            try:
                with socket.create_connection((host, port), timeout=10) as s:
                    start = 0 if kind % 2 else len(head)  # slow headers, or slow body after quick headers
                    s.sendall(data[:start])
                    for i in range(start, len(data)):
                        if stop.is_set():
                            return
                        s.sendall(data[i:i + 1])
                        time.sleep(0.2)
                    s.recv(65536)
            except OSError:
                time.sleep(0.5)

    threads = [threading.Thread(target=trickle, args=(k,), daemon=True) for k in range(n)]
    for t in threads:
        t.start()
    return threads


def attack_files() -> list[tuple[str, str, bytes]]:
    """(label, file name, bytes) of the adversarial uploads."""
    nested = H.jsonl_nested()
    surrogate_jsonl = (b'{"text": "M\\u00e5l \\ud800 ska \\u00f6ka."}\n' + json.dumps({"text": "Vi ska verka f\u00f6r trygghet."}).encode() + b"\n")
    md_regex = b"# a" + b" " * 3000 + b"x\n\n" + b"*a " * 20000 + b"\n\n" + b"[" * 20000 + b"\n"
    return [
        ("markdown: heading of spaces, *a *a, [[[", "regex.md", md_regex),
        ("docx: 20,000 digits", "siffror.docx", H.docx_digits(20_000)),
        ("docx: zip bomb, one part (600 MB)", "bomb.docx", _one_part_bomb()),
        ("docx: 80 header parts of 4.9 MB", "rubriker.docx", H.docx_many_headers(80, 4_900_000)),
        ("docx: one flipped deflate byte", "trasig.docx", H.flip_deflate_byte(H.minimal_docx(), "word/document.xml")),
        ("xlsx: one flipped deflate byte", "trasig.xlsx", H.flip_deflate_byte(H.minimal_xlsx(), "xl/worksheets/sheet1.xml")),
        ("pdf: 5 MB content stream", "tung.pdf", H.pdf_heavy_streams(5)),
        ("jsonl: 100,000 levels deep", "djup.jsonl", nested),
        ("jsonl: lone surrogate", "surrogat.jsonl", surrogate_jsonl),
        ("txt: Latin-1 bytes", "latin1.txt", "Vi ska verka för en god kvalitet.\n".encode("latin-1")),
        ("csv: UTF-16", "mal.csv", "Mål;Ansvarig\nAndelen ska öka till 90 procent 2027.;Socialnämnden\n".encode("utf-16")),
    ]


def _one_part_bomb() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(600):
                member.write(chunk)
    return out.getvalue()


def attack(base: str, files, probe_interval: float = 0.02) -> tuple[list, list[float], Counter]:
    stop = threading.Event()
    probe_lat: list[float] = []
    probe_status: Counter = Counter()

    def probe() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            i = 0
            while not stop.is_set():
                t0 = time.perf_counter()
                r = c.post("/v1/analyze", json={"text": f"Andelen elever ska öka till {60 + i % 40} procent senast 2027.",
                                                 "options": {"suggestions": False}})
                probe_lat.append(time.perf_counter() - t0)
                probe_status[r.status_code] += 1
                i += 1
                time.sleep(probe_interval)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    time.sleep(1.0)
    results = []
    with httpx.Client(base_url=base, timeout=120) as c:
        for label, name, data in files:
            t0 = time.perf_counter()
            r = c.post("/v1/documents", files={"file": (name, data)})
            code = r.json().get("code") if r.headers.get("content-type", "").startswith("application/json") else None
            results.append((label, len(data), r.status_code, code, time.perf_counter() - t0))
            time.sleep(0.3)
    time.sleep(1.0)
    stop.set()
    thread.join(30)
    return results, probe_lat, probe_status


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--slow", type=int, default=4, help="clients that send a byte at a time")
    ap.add_argument("--no-suggestions", action="store_true")
    ap.add_argument("--skip-soak", action="store_true")
    ap.add_argument("--skip-attack", action="store_true")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    port = free_port()
    env = {**os.environ, "MALKOLL_PORT": str(port), "MALKOLL_HOST": "127.0.0.1",
           "MALKOLL_QUEUE_INTERACTIVE": str(max(64, 2 * args.clients))}
    server = subprocess.Popen([sys.executable, "-m", "malkoll.cli", "serve"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.perf_counter()
        while True:
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - t0 > 180:
                sys.exit("the server did not start")
            time.sleep(0.5)
        print(f"server ready in {time.perf_counter() - t0:.1f} s, pid {server.pid}", flush=True)
        with httpx.Client(base_url=base, timeout=60) as c:  # warm every path once before measuring
            for i in range(20):
                c.post("/v1/analyze", json={"text": new_goal(random.Random(i))})
        if not args.skip_soak:
            rss_before = rss_mb(server.pid)
            rss_main_before = rss_mb(server.pid, False)
            peak = [rss_before]
            trend: list = []
            stop = threading.Event()

            def sample() -> None:
                while not stop.is_set():
                    peak[0] = max(peak[0], rss_mb(server.pid))
                    time.sleep(1)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            slow_stop = threading.Event()
            slow = slow_clients("127.0.0.1", port, args.slow, slow_stop)
            t0 = time.perf_counter()
            status, lat = asyncio.run(soak(base, args.requests, args.clients, not args.no_suggestions, args.seed,
                                           lambda n: trend.append((n, rss_mb(server.pid)))))
            wall = time.perf_counter() - t0
            slow_stop.set()
            stop.set()
            for t in slow:
                t.join(5)
            rss_after = rss_mb(server.pid)
            errors = sum(v for k, v in status.items() if k != 200)
            print(f"soak: {args.requests} requests (new words in each), {args.clients} clients, {args.slow} slow "
                  f"clients, suggestions {'off' if args.no_suggestions else 'on'}: {wall:.0f} s, "
                  f"{args.requests / wall:.1f} req/s", flush=True)
            print(f"  status: {dict(status)}; errors (not 200): {errors}")
            print(f"  latency p50 {pct(lat, .5) * 1000:.0f} ms, p95 {pct(lat, .95) * 1000:.0f} ms, "
                  f"p99 {pct(lat, .99) * 1000:.0f} ms")
            print(f"  server RSS after warm-up {rss_before:.0f} MB, at the end {rss_after:.0f} MB "
                  f"({(rss_after / rss_before - 1) * 100:+.1f} %), peak {peak[0]:.0f} MB; the serving process alone "
                  f"{rss_main_before:.0f} -> {rss_mb(server.pid, False):.0f} MB; along the way: "
                  + ", ".join(f"{n}: {m:.0f}" for n, m in trend), flush=True)
        if not args.skip_attack:
            results, probe_lat, probe_status = attack(base, attack_files())
            print("attack (each upload while a probe sends one-goal requests):")
            for label, size, status_code, code, secs in results:
                print(f"  {label:42} {size / 1024:8.0f} kB -> {status_code} {code or '':22} {secs:5.2f} s")
            print(f"  slowest upload answer {max(r[4] for r in results):.2f} s; probe: {len(probe_lat)} requests "
                  f"{dict(probe_status)}, p50 {pct(probe_lat, .5) * 1000:.0f} ms, p95 {pct(probe_lat, .95) * 1000:.0f} ms, "
                  f"max {max(probe_lat) * 1000:.0f} ms")
            print(f"  server RSS after the attack {rss_mb(server.pid):.0f} MB")
        r = httpx.get(base + "/healthz", timeout=5)
        print(f"healthz after all: {r.status_code}")
    finally:
        stop_server(server, wait=20)


if __name__ == "__main__":
    main()
