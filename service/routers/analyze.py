"""POST /v1/analyze: one goal or a list of goals in, the JSON contract (`Report.model_dump()`) out."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import Response

from malkoll.report import GoalInput, Report
from malkoll.service import analysis
from malkoll.service.deps import Authorized, JsonBody, SettingsDep
from malkoll.service.downloads import OK_REPORT_FILES, FormatQuery, file_response, filename
from malkoll.service.errors import api_error, responses
from malkoll.service.schemas import ANALYZE_EXAMPLES, AnalyzeRequest

router = APIRouter(prefix="/v1", tags=["granskning"], dependencies=[Authorized])

DESCRIPTION = """Granska ett mål (`{"text": "…"}`) eller flera (`{"goals": [{"text": "…", "id": "…",
"level": "…", "owner": "…"}]}`). Svaret är JSON-kontraktet: samma form som `malkoll check --format json`.

Varje mål i en lista kommer ut i samma ordning; ett tomt eller för långt mål i en lista vägras inte
utan får fältet `error`. Ett ensamt tomt eller för långt `text` ger 422. Svarshuvudet
`X-Malkoll-Fails` är `1` om något fynd är på eller över `options.fail_on` (standard `warning`).
Med `?format=html` eller `?format=xlsx` kommer rapporten som fil, samma som `malkoll check --format html|xlsx`.

*Analyze one goal or several; the response is the JSON contract of `malkoll check --format json`.*"""


@router.post("/analyze", response_model=Report, summary="Granska mål (analyze goals)", description=DESCRIPTION,
             responses={**OK_REPORT_FILES, **responses(400, 401, 403, 413, 415, 422, 503, 504)}, dependencies=[JsonBody])
async def analyze(
    body: Annotated[AnalyzeRequest, Body(openapi_examples=ANALYZE_EXAMPLES)],
    settings: SettingsDep,
    fmt: FormatQuery = "json",
) -> Response:
    fields = body.model_fields_set
    if ("text" in fields) == ("goals" in fields) or (body.text is None and body.goals is None):
        raise api_error(422, "text_or_goals", "api.text_or_goals")
    if body.text is not None:
        if len(body.text) > settings.max_goal_chars:
            raise api_error(422, "goal_too_long", "too_long", n=len(body.text), max=settings.max_goal_chars)
        goals = [GoalInput(text=body.text, id="g1")]
    else:
        if len(body.goals) > settings.max_goals:
            raise api_error(422, "too_many_goals", "api.too_many_goals", n=len(body.goals), max=settings.max_goals)
        goals = [{k: v for k, v in g.model_dump(exclude_unset=True).items() if v is not None} for g in body.goals]
    config = analysis.build_config(settings, body.options, body.lang)
    if fmt != "json":
        data, failed = await analysis.run_rendered(goals, config, settings, body.lang, fmt)
        return file_response(data, fmt, filename("granskning" if config.lang == "sv" else "review", fmt), failed)
    payload, failed = await analysis.run_json(goals, config, settings, body.lang)
    return Response(payload, media_type="application/json", headers={"X-Malkoll-Fails": "1" if failed else "0"})
