"""Reports as files: `?format=html` or `?format=xlsx` on POST /v1/analyze and POST /v1/documents
gives the same report as `malkoll check --format html|xlsx` (the same renderers, reading the same
Report), as an attachment. Without `format` (or `format=json`) the JSON contract is returned."""
from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import Query
from fastapi.responses import Response

ReportFormat = Literal["json", "html", "xlsx"]
MEDIA = {"html": "text/html; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

FormatQuery = Annotated[ReportFormat, Query(
    alias="format", description="json (standard): JSON-kontraktet; html eller xlsx: rapporten som fil, samma som "
                                "`malkoll check --format html|xlsx` (report as a file)")]

OK_REPORT_FILES = {200: {
    "description": "Granskningen: JSON-kontraktet, eller med `format=html|xlsx` rapporten som fil",
    "content": {"application/json": {}, MEDIA["html"].split(";")[0]: {"schema": {"type": "string"}},
                MEDIA["xlsx"]: {"schema": {"type": "string", "format": "binary"}}}}}


def filename(stem: str, fmt: str) -> str:
    return f"{stem}-malkoll.{fmt}"


def file_response(data: str | bytes, fmt: str, name: str, failed: bool) -> Response:
    """The rendered report as an attachment; the file name in plain ASCII and in UTF-8 (RFC 6266)."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    body = data.encode("utf-8") if isinstance(data, str) else data
    return Response(body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": disposition, "X-Malkoll-Fails": "1" if failed else "0"})
