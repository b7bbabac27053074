"""POST /v1/documents: upload a goal document (.docx, .xlsx, .csv, .md, .txt, .pdf …), get the report."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from malkoll.report import LevelName, Report
from malkoll.service import analysis
from malkoll.service.deps import Authorized, MultipartBody, SettingsDep
from malkoll.service.downloads import OK_REPORT_FILES, FormatQuery, file_response, filename
from malkoll.service.errors import ApiError, responses
from malkoll.service.schemas import Lang

router = APIRouter(prefix="/v1", tags=["dokument"], dependencies=[Authorized])

DESCRIPTION = """Ladda upp ett styrdokument (multipart/form-data, fältet `file`) – t.ex. en budget, en
nämndplan eller en Excel-export – och få JSON-kontraktet för varje mål som hittas, med plats, nivå och
ansvarig ur dokumentets struktur. Vilka filtyper som stöds står i felmeddelandet för en okänd typ.
Med `?format=html` eller `?format=xlsx` kommer rapporten som fil, samma som `malkoll check FIL --format html|xlsx`
(Excelrapporten har en rad per mål med källans blad, rad och kolumn).

*Upload a goal document; the response is the JSON contract for every goal found.*"""


def _safe_name(filename: str) -> str:
    base = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^\w.\- ]", "_", base)[:120] or "dokument"


@router.post("/documents", response_model=Report, summary="Granska ett dokument (analyze a document)",
             description=DESCRIPTION, responses={**OK_REPORT_FILES, **responses(400, 401, 403, 413, 415, 422, 503, 504)}, dependencies=[MultipartBody])
def analyze_document(
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="dokumentet")],
    lang: Annotated[Lang, Form(description="sv (standard) eller en")] = None,
    level: Annotated[LevelName, Form(description="nivå för mål där dokumentet inte anger någon")] = None,
    suggestions: Annotated[bool, Form(description="föreslå indikatorer, delmål och omskrivning")] = True,
    fmt: FormatQuery = "json",
) -> Response:
    from malkoll.batch import NoGoals, TooManyGoals
    from malkoll.ingest import READERS, RECORD_READERS, InputError, supported_suffixes
    from malkoll.service.schemas import AnalyzeOptions

    name = _safe_name(file.filename or "")
    suffix = Path(name).suffix.lower()
    if suffix not in READERS and suffix not in RECORD_READERS:
        kinds = ", ".join(supported_suffixes())
        raise ApiError(415, "unsupported_file_type",
                       f"Filtypen {suffix or '(ingen)'} stöds inte (stöds: {kinds}).",
                       f"File type {suffix or '(none)'} is not supported (supported: {kinds}).")
    opts = {"suggestions": suggestions}
    if level:
        opts["level"] = level
    config = analysis.build_config(settings, AnalyzeOptions(**opts), lang)
    with tempfile.TemporaryDirectory(prefix="malkoll-upload-") as tmp:
        path = Path(tmp) / name
        data = file.file.read()
        if not data:
            raise ApiError(422, "empty_file", f"Filen {name} är tom.", f"The file {name} is empty.")
        path.write_bytes(data)
        try:
            data, failed = analysis.run_document(str(path), name, config, settings, lang, fmt)
        except TooManyGoals as exc:
            raise ApiError(422, "too_many_goals", f"{name}: {exc.sv}.", f"{name}: {exc.en}.") from exc
        except NoGoals as exc:
            raise ApiError(422, "no_goals", f"Inga mål hittades i {name}.", f"No goals were found in {name}.") from exc
        except InputError as exc:
            err = exc.replace(str(path), name)
            raise ApiError(422, "unreadable_document", err.sv, err.en) from exc
        except (ValueError, OSError, UnicodeError) as exc:  # a reader that fails on a broken file
            raise ApiError(422, "unreadable_document", f"{name}: filen kunde inte läsas ({type(exc).__name__}).",
                           f"{name}: the file could not be read ({type(exc).__name__}).") from exc
    if fmt != "json":  # the same renderers as the CLI, reading the same Report
        return file_response(data, fmt, filename(Path(name).stem, fmt), failed)
    return Response(data, media_type="application/json", headers={"X-Malkoll-Fails": "1" if failed else "0"})
