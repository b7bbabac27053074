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
from malkoll.i18n import t
from malkoll.service.errors import ApiError, api_error, responses
from malkoll.service.schemas import Lang

router = APIRouter(prefix="/v1", tags=["dokument"], dependencies=[Authorized])

MAX_FILES = 20  # files in one upload (a budget and its nämnd plans); the upload's size limit holds for all of them

DESCRIPTION = """Ladda upp ett styrdokument (multipart/form-data, fältet `file`) – t.ex. en budget, en
nämndplan eller en Excel-export – och få JSON-kontraktet för varje mål som hittas, med plats, nivå och
ansvarig ur dokumentets struktur. Vilka filtyper som stöds står i felmeddelandet för en okänd typ.
Fältet `file` kan upprepas (högst 20 filer): fullmäktiges budget och nämndernas planer granskas då som en
styrkedja, som en mapp med `malkoll check`; nämndmål kopplas till fullmäktiges mål i en annan fil
(`goals[].link`) och `documents` har en post per fil.
Med `?format=html` eller `?format=xlsx` kommer rapporten som fil, samma som `malkoll check FIL --format html|xlsx`
(Excelrapporten har en rad per mål med källans blad, rad och kolumn).

*Upload a goal document (or several: repeat the field `file`); the response is the JSON contract for
every goal found, with goals linked across the files.*"""


def _safe_name(filename: str) -> str:
    base = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^\w.\- ]", "_", base)[:120] or "dokument"


def _named(err: InputError, paths: list[str], names: list[str]) -> InputError:
    """The error with each upload's temporary path replaced by the file's own name."""
    for path, name in zip(paths, names):
        err = err.replace(path, name)
    return err


def _unique(names: list[str]) -> list[str]:
    """The files' names, a second "plan.docx" shown as "plan (2).docx"."""
    out: list[str] = []
    for name in names:
        stem, suffix = Path(name).stem, Path(name).suffix
        shown, n = name, 1
        while shown in out:
            n += 1
            shown = f"{stem} ({n}){suffix}"
        out.append(shown)
    return out


@router.post("/documents", response_model=Report, summary="Granska dokument (analyze documents)",
             description=DESCRIPTION, responses={**OK_REPORT_FILES, **responses(400, 401, 403, 413, 415, 422, 503, 504)}, dependencies=[MultipartBody])
def analyze_document(
    settings: SettingsDep,
    file: Annotated[list[UploadFile], File(description="dokumentet; fältet kan upprepas för flera filer")],
    lang: Annotated[Lang, Form(description="sv (standard) eller en")] = None,
    level: Annotated[LevelName, Form(description="nivå för mål där dokumentet inte anger någon")] = None,
    suggestions: Annotated[bool, Form(description="föreslå indikatorer, delmål och omskrivning")] = True,
    fmt: FormatQuery = "json",
) -> Response:
    from malkoll.batch import NoGoals, TooManyGoals
    from malkoll.ingest import READERS, RECORD_READERS, InputError, supported_suffixes
    from malkoll.service.schemas import AnalyzeOptions

    if not file:
        raise api_error(422, "no_file", "api.no_file")
    if len(file) > MAX_FILES:
        raise api_error(422, "too_many_files", "api.too_many_files", n=len(file), max=MAX_FILES)
    names = _unique([_safe_name(f.filename or "") for f in file])
    for name in names:
        suffix = Path(name).suffix.lower()
        if suffix not in READERS and suffix not in RECORD_READERS:
            kinds = ", ".join(supported_suffixes())
            raise ApiError(415, "unsupported_file_type",
                           t("api.unsupported_file_type", "sv", suffix=suffix or t("read.no_suffix", "sv"), kinds=kinds),
                           t("api.unsupported_file_type", "en", suffix=suffix or t("read.no_suffix", "en"), kinds=kinds))
    opts = {"suggestions": suggestions}
    if level:
        opts["level"] = level
    config = analysis.build_config(settings, AnalyzeOptions(**opts), lang)
    shown = names[0] if len(names) == 1 else ", ".join(names)
    with tempfile.TemporaryDirectory(prefix="malkoll-upload-") as tmp:
        paths: list[str] = []
        for k, (upload, name) in enumerate(zip(file, names)):
            folder = Path(tmp) / str(k)  # each file in its own folder: the names stay the uploads' own
            folder.mkdir()
            path = folder / name
            data = upload.file.read()
            if not data:
                raise api_error(422, "empty_file", "api.empty_file", name=name)
            path.write_bytes(data)
            paths.append(str(path))
        try:
            data, failed = analysis.run_document(paths, names, config, settings, lang, fmt)
        except TooManyGoals as exc:
            raise ApiError(422, "too_many_goals", t("api.in_file", "sv", name=shown, text=exc.sv),
                           t("api.in_file", "en", name=shown, text=exc.en)) from exc
        except NoGoals as exc:
            if len(paths) > 1:  # every file skipped or empty: the reasons are in the message
                err = _named(exc, paths, names)
                raise ApiError(422, "no_goals", err.sv, err.en) from exc
            raise api_error(422, "no_goals", "api.no_goals", name=shown) from exc
        except InputError as exc:
            err = _named(exc, paths, names)
            raise ApiError(422, "unreadable_document", err.sv, err.en) from exc
        except (ValueError, OSError, UnicodeError) as exc:  # a reader that fails on a broken file
            raise api_error(422, "unreadable_document", "api.unreadable_file", name=shown, why=type(exc).__name__) from exc
    if fmt != "json":  # the same renderers as the CLI, reading the same Report
        return file_response(data, fmt, filename(Path(names[0]).stem, fmt), failed)
    return Response(data, media_type="application/json", headers={"X-Malkoll-Fails": "1" if failed else "0"})
