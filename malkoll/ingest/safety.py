"""Budgets for reading a document, checked before and while a parser sees it; the read itself runs
in a worker process that is stopped at the limit.

Office files (.docx, .xlsx) are zip archives of XML parts. Before python-docx or openpyxl sees
one, `check_office_zip` verifies that it is a zip at all (a password-protected Office file is an
OLE2 container, not a zip), that no part is encrypted, that the number of parts, every part's
uncompressed size, every part's compression ratio and the total uncompressed size stay within the
`Budget` (a zip bomb inflates a few kB into gigabytes, in one part or in many medium ones), and that
no XML part declares a DOCTYPE or ENTITY (billion laughs, external entities); corrupt deflate data
found on the way is a clear error. XML we parse ourselves goes through defusedxml; openpyxl uses
defusedxml on its own when it is installed.

What no check made before parsing can bound — CPU time (a PDF of 127 kB can hold 5 MB of content
streams) and memory (python-docx parses every XML part it finds) — is bounded by `read_isolated`:
the reader runs in a child process with a CPU-time and an address-space limit and a wall-clock
deadline; over the limit the child is stopped, the file is reported as unreadable with the reason,
and the memory goes back with the process. Which formats are read so is part of the budget
(`isolate`): by default the binary formats; the service reads every upload so.
"""
from __future__ import annotations

import os
import signal
import zipfile
import zlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from malkoll.i18n import STRINGS, t
from malkoll.ingest import InputError, read_error

MAX_FILE_BYTES = 100 * 1024 * 1024  # on disk
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all zip parts together
MAX_PART = 128 * 1024 * 1024  # one zip part, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for every part bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_XML_PART = 64 * 1024 * 1024  # one XML part, uncompressed: parsers hold much of it in memory
XML_HEAD = 64 * 1024  # the prolog, where a DOCTYPE must be, lies in the first bytes
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1024 * 1024

LONG_PROLOG = "long_prolog"  # an XML part whose prolog runs on too long to be checked


def _default(name: str):
    """A field whose default is read from the module constant when the Budget is made (so a test or
    a caller can change the constant for a run)."""
    return field(default_factory=lambda: globals()[name])


@dataclass(frozen=True)
class Budget:
    """What one document may cost. The defaults suit the command line on a workstation; the service
    makes a smaller one from its settings (`malkoll.service.settings.Settings.document_budget`)."""
    file_bytes: int = _default("MAX_FILE_BYTES")  # on disk
    total_bytes: int = _default("MAX_UNCOMPRESSED")  # zip: all parts uncompressed
    part_bytes: int = _default("MAX_PART")  # zip: one part uncompressed
    xml_part_bytes: int = _default("MAX_XML_PART")  # zip: one XML part uncompressed
    ratio: int = _default("MAX_RATIO")  # zip: per part above ratio_floor
    ratio_floor: int = _default("RATIO_FLOOR")
    parts: int = _default("MAX_MEMBERS")  # zip: number of parts
    pages: int = 3000  # PDF: pages read (the rest is noted as skipped)
    page_content_bytes: int = 2 * MB  # PDF: one page's content streams, decompressed (a bigger page is skipped)
    content_bytes: int = 128 * MB  # PDF: all pages' content streams (the rest is skipped)
    chars: int = 50_000_000  # characters of text taken from one document (the rest is skipped)
    cpu_seconds: float = 120.0  # the worker's CPU time
    memory_bytes: int = 2048 * MB  # the worker's address space, beyond what it starts with
    isolate: tuple[str, ...] = (".docx", ".xlsx", ".pdf")  # formats read in a worker process

    @property
    def wall_seconds(self) -> float:
        """The worker's wall-clock deadline: its CPU time with room for a busy machine."""
        return 3 * self.cpu_seconds + 5


def _mb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(1, n // 1024)} kB"


def check_size(path: Path, limit: int | None = None) -> int:
    limit = limit or MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise read_error(path, "read.cannot_read_file", why=exc.strerror or exc) from exc
    if size > limit:
        raise read_error(path, "read.too_large", size=_mb(size), limit=_mb(limit))
    if size == 0:
        raise read_error(path, "read.empty")
    return size


MAX_PROLOG = 4 * 1024 * 1024


def _prolog_problem(member) -> str | None:
    """Read an XML part's prolog up to its root element: 'doctype' if it declares a DOCTYPE or an
    ENTITY (wherever, however much padding or comment comes first), another reason if the part
    cannot be checked (UTF-16, a prolog without end, too long), None if it is clean. The prolog is
    read as XML has it — white space, <?…?>, <!--…--> and <!DOCTYPE …> — so a comment holding
    "<a" hides nothing."""
    head = member.read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
        return "UTF-16"  # Office writes UTF-8; a byte scan cannot see declarations in UTF-16
    buf, pos, scanned = head, 0, len(head)

    def need(n: int) -> bool:  # at least n bytes from pos, reading on as needed
        nonlocal buf, scanned
        while len(buf) - pos < n:
            chunk = member.read(XML_HEAD)
            if not chunk:
                return False
            buf += chunk
            scanned += len(chunk)
        return True

    def skip_to(end: bytes) -> bool:
        nonlocal pos, buf, scanned
        while True:
            i = buf.find(end, pos)
            if i >= 0:
                pos = i + len(end)
                return True
            if scanned > MAX_PROLOG:
                return False
            chunk = member.read(XML_HEAD)
            if not chunk:
                return False
            buf += chunk
            scanned += len(chunk)

    while True:
        if scanned > MAX_PROLOG:
            return LONG_PROLOG
        while need(1) and buf[pos:pos + 1] in (b" ", b"\t", b"\r", b"\n", b"\xef", b"\xbb", b"\xbf"):
            pos += 1  # white space (and a UTF-8 byte order mark)
        if not need(2):
            return None  # an empty part: the parser will say so
        if buf[pos:pos + 1] != b"<":
            return None  # text before the root: not well-formed, the parser refuses it
        if buf[pos:pos + 2] == b"<?":
            if not skip_to(b"?>"):
                return LONG_PROLOG
        elif need(4) and buf[pos:pos + 4] == b"<!--":
            if not skip_to(b"-->"):
                return LONG_PROLOG
        elif buf[pos:pos + 2] == b"<!":
            return "doctype"  # <!DOCTYPE, <!ENTITY, or anything else declared before the root
        else:
            return None  # the root element
        if len(buf) > 2 * XML_HEAD and pos > XML_HEAD:  # keep the buffer small on long padding
            buf, pos = buf[pos:], 0


def check_office_zip(path: Path, kind: str, budget: Budget | None = None) -> None:
    """Raise InputError with a clear message unless `path` is a safe-looking Office zip within the
    budget (parts, per-part and total size, ratio of every part over the floor)."""
    budget = budget or Budget()
    check_size(path, budget.file_bytes)
    what = {lang: t(f"read.kind.{kind}", lang) if f"read.kind.{kind}" in STRINGS else kind for lang in ("sv", "en")}

    def refuse(key: str, **args) -> InputError:  # the file's kind ("Word-fil (.docx)") in each language
        return InputError(*(f"{path}: " + t(key, lang, what=what[lang], **args) for lang in ("sv", "en")))

    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise refuse("read.protected_or_old")
    if not zipfile.is_zipfile(path):
        raise refuse("read.damaged_or_not")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > budget.parts:
                raise read_error(path, "read.too_many_parts", n=len(infos), max=budget.parts)
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise read_error(path, "read.encrypted")
                total += info.file_size
                if info.file_size > budget.ratio_floor and info.file_size > budget.ratio * max(info.compress_size, 1):
                    sizes = f"{info.filename}: {_mb(info.file_size)} / {_mb(info.compress_size)}"
                    raise read_error(path, "read.zip_bomb_part", sizes=sizes)
                limit = budget.xml_part_bytes if info.filename.endswith((".xml", ".rels", ".vml")) else budget.part_bytes
                if info.file_size > limit:
                    raise read_error(path, "read.part_too_large", part=info.filename, size=_mb(info.file_size), limit=_mb(limit))
            if total > budget.total_bytes:
                raise read_error(path, "read.zip_bomb_total", size=_mb(total), limit=_mb(budget.total_bytes))
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise refuse("read.no_content_types")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as member:
                        problem = _prolog_problem(member)
                    if problem == "doctype":
                        raise refuse("read.xml_declarations")
                    if problem:
                        raise InputError(*(f"{path}: " + t("read.xml_unchecked", lang, problem=t("read.xml_long_prolog", lang)
                                                                            if problem == LONG_PROLOG else problem)
                                           for lang in ("sv", "en")))
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise read_error(path, "read.damaged", why=_one_line(exc)) from exc
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise read_error(path, "read.damaged_compression", why=type(exc).__name__) from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise read_error(path, "read.encrypted") from exc


def _one_line(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _out_of_memory(exc: BaseException | None) -> bool:
    """A MemoryError anywhere in the chain, or lxml's way of saying so (a syntax error whose log says
    ERR_NO_MEMORY when the worker's address space is used up)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError) or "NO_MEMORY" in str(getattr(exc, "error_log", "")):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def reader_failure(path, exc: BaseException) -> InputError:
    """Any exception a reader raised on a malformed file (zlib.error, RecursionError, a pypdf or
    openpyxl error …) as a one-line InputError in both languages."""
    if _out_of_memory(exc):
        return read_error(path, "read.out_of_memory")
    if isinstance(exc, InputError):
        return exc
    if isinstance(exc, RecursionError):
        return read_error(path, "read.too_deep")
    if isinstance(exc, PermissionError):
        return read_error(path, "read.no_permission")
    return read_error(path, "read.unreadable", why=_one_line(exc))


# --------------------------------------------------------------------------- the worker process
def _context():
    """fork where it is safe (no other thread in this process: the command line) — it is fast and
    needs no imports; otherwise forkserver (the service, which starts it once at start-up)."""
    import multiprocessing
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


PRELOAD = ["malkoll.ingest", "docx", "openpyxl", "pypdf", "lxml.etree"]  # imported once by the forkserver


def _apply_limits(budget: Budget) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Linux/macOS: the wall-clock deadline still holds
        return
    cpu = max(1, int(budget.cpu_seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU at the soft limit, SIGKILL 2 s later
    try:
        with open("/proc/self/statm") as fh:
            vm = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        vm = 0
    limit = vm + budget.memory_bytes
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # pragma: no cover - a platform without RLIMIT_AS
        pass


def _materialized(block):
    """A block whose table rows are a list (a reader may stream them), so it can cross to the parent."""
    if block.rows is not None and not isinstance(block.rows, list):
        block.rows = list(block.rows)
    return block


def _child(conn, reader, path: str, config, budget: Budget) -> None:
    """In the worker: read the file's blocks and send back ("ok", blocks, notes) or ("error", sv, en)."""
    import logging
    import warnings

    from malkoll.ingest import FileRecord, _current

    _apply_limits(budget)
    logging.disable(logging.CRITICAL)  # pypdf and openpyxl complain about broken files on stderr
    warnings.simplefilter("ignore")
    rec = FileRecord(file=path, format=Path(path).suffix.lower().lstrip("."))
    _current.set(rec)
    try:
        blocks = [_materialized(b) for b in reader(Path(path), config, budget)]
        reply = ("ok", blocks, {"skipped": rec.skipped, "warnings": rec.warnings})
    except BaseException as exc:  # noqa: BLE001 - everything becomes one line for the parent
        err = reader_failure(path, exc)
        reply = ("error", err.sv, err.en)
    try:
        conn.send(reply)
    except BaseException as exc:  # noqa: BLE001 - e.g. MemoryError while pickling a huge result
        err = reader_failure(path, exc)
        conn.send(("error", err.sv, err.en))
    conn.close()


WHILE_READING: ContextVar[Callable[[], None] | None] = ContextVar("malkoll_while_reading", default=None)


def _while_reading() -> None:
    """The caller's work for the main process while a worker reads a file (`WHILE_READING`: the
    command line loads the analysis meanwhile); run once, and never the cause of a failed read."""
    work = WHILE_READING.get()
    if work is None:
        return
    WHILE_READING.set(None)
    import gc

    paused = not gc.isenabled()
    try:
        work()
    except Exception:  # noqa: BLE001 - the analysis loads (and reports a failure) when it runs
        pass
    finally:
        if paused:  # loading a spaCy pipeline turns the collector back on (srsly's msgpack reader)
            gc.disable()


def read_isolated(reader, path: Path, config, budget: Budget) -> list:
    """The blocks of `reader(path, config, budget)`, read in a worker process under the budget's CPU,
    memory and wall-clock limits (the outline then runs here, on the blocks). The file's notes
    (skipped parts, warnings) are added to the current file record. Raises InputError when the
    worker fails or is stopped."""
    from malkoll.ingest import _current

    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, reader, str(path), config, budget), daemon=True,
                       name="malkoll-reader")
    proc.start()
    send.close()
    _while_reading()
    try:
        if not receive.poll(budget.wall_seconds):
            raise read_error(path, "read.too_slow", seconds=f"{budget.wall_seconds:.0f}")
        reply = receive.recv()
    except EOFError:  # the worker died without a word: a limit stopped it
        proc.join(5)
        code = proc.exitcode
        if code == -signal.SIGXCPU:
            raise read_error(path, "read.too_much_cpu", seconds=f"{budget.cpu_seconds:.0f}") from None
        if code == -signal.SIGKILL:
            raise read_error(path, "read.stopped") from None
        raise read_error(path, "read.worker_ended", code=code) from None
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if reply[0] != "ok":
        raise InputError(reply[1], reply[2])
    _, blocks, notes = reply
    rec = _current.get()
    if rec is not None:
        rec.skipped += notes["skipped"]
        rec.warnings += notes["warnings"]
    return blocks


def start_worker_server() -> None:
    """Start the forkserver now (the service calls this at start-up, so the first upload does not
    wait for it)."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
        forkserver.ensure_running()
