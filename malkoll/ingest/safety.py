"""Checks made before a file is opened by a parser: size, zip bombs, XML entity tricks, encryption.

Office files (.docx, .xlsx) are zip archives of XML parts. Before python-docx or openpyxl sees
one, `check_office_zip` verifies that it is a zip at all (a password-protected Office file is an
OLE2 container, not a zip), that the members' total uncompressed size and compression ratio are
sane (a zip bomb inflates a few kB into gigabytes), that no member is encrypted, and that no XML
part declares a DOCTYPE or ENTITY (billion laughs, external entities). XML we parse ourselves
goes through defusedxml; openpyxl uses defusedxml on its own when it is installed.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from malkoll.ingest import InputError

MAX_FILE_BYTES = 100 * 1024 * 1024  # on disk
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # all zip members together
MAX_RATIO = 150  # uncompressed / compressed, for members bigger than RATIO_FLOOR
RATIO_FLOOR = 5 * 1024 * 1024
MAX_MEMBERS = 20000
MAX_XML_PART = 64 * 1024 * 1024  # one XML part, uncompressed: parsers hold much of it in memory
XML_HEAD = 64 * 1024  # the prolog, where a DOCTYPE must be, lies in the first bytes
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

KIND_SV = {"docx": "Word-fil (.docx)", "xlsx": "Excel-fil (.xlsx)"}


def check_size(path: Path, limit: int | None = None) -> int:
    limit = limit or MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: kan inte läsa filen ({exc.strerror or exc})") from exc
    if size > limit:
        raise InputError(f"{path}: filen är för stor ({size // (1024 * 1024)} MB; högst {limit // (1024 * 1024)} MB)")
    if size == 0:
        raise InputError(f"{path}: filen är tom")
    return size


ROOT_START = re.compile(rb"<[A-Za-z_]")
MAX_PROLOG = 4 * 1024 * 1024


def _prolog_problem(member) -> str | None:
    """Scan an XML part up to its root element: 'doctype' if the prolog declares a DOCTYPE or an
    ENTITY (wherever in the prolog, however much padding comes first), another reason if the part
    cannot be checked (not UTF-8, a prolog without end), None if it is clean."""
    head = member.read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:
        return "UTF-16"  # Office writes UTF-8; a byte scan cannot see declarations in UTF-16
    buf = head
    scanned = 0
    while True:
        m = ROOT_START.search(buf)
        prolog = buf[:m.start()] if m else buf
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            return "doctype"
        if m:
            return None
        chunk = member.read(XML_HEAD)
        if not chunk:
            return None
        scanned += len(chunk)
        if scanned > MAX_PROLOG:
            return "för lång inledning"
        buf = buf[-16:] + chunk


def check_office_zip(path: Path, kind: str) -> None:
    """Raise InputError with a clear Swedish message unless `path` is a safe-looking Office zip."""
    check_size(path)
    what = KIND_SV.get(kind, kind)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise InputError(f"{path}: filen är lösenordsskyddad (krypterad) eller i det gamla binära formatet "
                         f"(.doc/.xls); spara den utan lösenord som {what}")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: filen är skadad eller ingen {what}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputError(f"{path}: filen innehåller orimligt många delar ({len(infos)}); den läses inte")
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise InputError(f"{path}: filen är krypterad; spara den utan lösenord")
                total += info.file_size
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise InputError(f"{path}: filen packas upp till orimlig storlek (misstänkt zip-bomb); den läses inte")
                if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size > MAX_XML_PART:
                    raise InputError(f"{path}: en del av filen ({info.filename}) är för stor "
                                     f"({info.file_size // (1024 * 1024)} MB uppackad; högst "
                                     f"{MAX_XML_PART // (1024 * 1024)} MB); dela upp dokumentet")
            if total > MAX_UNCOMPRESSED:
                raise InputError(f"{path}: filen packas upp till {total // (1024 * 1024)} MB (högst "
                                 f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB; misstänkt zip-bomb); den läses inte")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise InputError(f"{path}: filen är skadad eller ingen {what} (saknar [Content_Types].xml)")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as member:
                        problem = _prolog_problem(member)
                    if problem == "doctype":
                        raise InputError(f"{path}: filen innehåller XML-deklarationer (DOCTYPE/ENTITY) som inte hör "
                                         f"hemma i en {what} och kan vara ett angrepp; den läses inte")
                    if problem:
                        raise InputError(f"{path}: filen har en XML-del som inte kan kontrolleras ({problem}); "
                                         f"den läses inte")
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: filen är skadad ({exc})") from exc
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise InputError(f"{path}: filen är skadad eller använder en komprimering som inte stöds "
                         f"({type(exc).__name__})") from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise InputError(f"{path}: filen är krypterad; spara den utan lösenord") from exc
