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

from malkoll.ingest import InputError, input_error

MAX_FILE_BYTES = 100 * 1024 * 1024  # on disk
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # all zip members together
MAX_RATIO = 150  # uncompressed / compressed, for members bigger than RATIO_FLOOR
RATIO_FLOOR = 5 * 1024 * 1024
MAX_MEMBERS = 20000
MAX_XML_PART = 64 * 1024 * 1024  # one XML part, uncompressed: parsers hold much of it in memory
XML_HEAD = 64 * 1024  # the prolog, where a DOCTYPE must be, lies in the first bytes
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

KIND_SV = {"docx": "Word-fil (.docx)", "xlsx": "Excel-fil (.xlsx)"}
KIND_EN = {"docx": "Word file (.docx)", "xlsx": "Excel file (.xlsx)"}


def check_size(path: Path, limit: int | None = None) -> int:
    limit = limit or MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise input_error(path, f"kan inte läsa filen ({exc.strerror or exc})",
                          f"cannot read the file ({exc.strerror or exc})") from exc
    if size > limit:
        raise input_error(path, f"filen är för stor ({size // (1024 * 1024)} MB; högst {limit // (1024 * 1024)} MB)",
                          f"the file is too large ({size // (1024 * 1024)} MB; at most {limit // (1024 * 1024)} MB)")
    if size == 0:
        raise input_error(path, "filen är tom", "the file is empty")
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
    what, what_en = KIND_SV.get(kind, kind), KIND_EN.get(kind, kind)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise input_error(path, f"filen är lösenordsskyddad (krypterad) eller i det gamla binära formatet "
                                f"(.doc/.xls); spara den utan lösenord som {what}",
                          f"the file is password-protected (encrypted) or in the old binary format (.doc/.xls); "
                          f"save it without a password as a {what_en}")
    if not zipfile.is_zipfile(path):
        raise input_error(path, f"filen är skadad eller ingen {what}", f"the file is damaged or not a {what_en}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise input_error(path, f"filen innehåller orimligt många delar ({len(infos)}); den läses inte",
                                  f"the file holds an unreasonable number of parts ({len(infos)}); it is not read")
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise input_error(path, "filen är krypterad; spara den utan lösenord",
                                      "the file is encrypted; save it without a password")
                total += info.file_size
                if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise input_error(path, "filen packas upp till orimlig storlek (misstänkt zip-bomb); den läses inte",
                                      "the file unpacks to an unreasonable size (suspected zip bomb); it is not read")
                if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size > MAX_XML_PART:
                    raise input_error(path, f"en del av filen ({info.filename}) är för stor "
                                            f"({info.file_size // (1024 * 1024)} MB uppackad; högst "
                                            f"{MAX_XML_PART // (1024 * 1024)} MB); dela upp dokumentet",
                                      f"a part of the file ({info.filename}) is too large "
                                      f"({info.file_size // (1024 * 1024)} MB unpacked; at most "
                                      f"{MAX_XML_PART // (1024 * 1024)} MB); split the document")
            if total > MAX_UNCOMPRESSED:
                raise input_error(path, f"filen packas upp till {total // (1024 * 1024)} MB (högst "
                                        f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB; misstänkt zip-bomb); den läses inte",
                                  f"the file unpacks to {total // (1024 * 1024)} MB (at most "
                                  f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB; suspected zip bomb); it is not read")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                raise input_error(path, f"filen är skadad eller ingen {what} (saknar [Content_Types].xml)",
                                  f"the file is damaged or not a {what_en} (no [Content_Types].xml)")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as member:
                        problem = _prolog_problem(member)
                    if problem == "doctype":
                        raise input_error(path, f"filen innehåller XML-deklarationer (DOCTYPE/ENTITY) som inte hör "
                                                f"hemma i en {what} och kan vara ett angrepp; den läses inte",
                                          f"the file holds XML declarations (DOCTYPE/ENTITY) that do not belong in a "
                                          f"{what_en} and may be an attack; it is not read")
                    if problem:
                        raise input_error(path, f"filen har en XML-del som inte kan kontrolleras ({problem}); den läses inte",
                                          f"the file has an XML part that cannot be checked ({problem}); it is not read")
    except zipfile.BadZipFile as exc:
        raise input_error(path, f"filen är skadad ({exc})", f"the file is damaged ({exc})") from exc
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise input_error(path, f"filen är skadad eller använder en komprimering som inte stöds ({type(exc).__name__})",
                          f"the file is damaged or uses an unsupported compression ({type(exc).__name__})") from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise input_error(path, "filen är krypterad; spara den utan lösenord",
                          "the file is encrypted; save it without a password") from exc
