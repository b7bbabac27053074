"""GET /v1/indicators?q=: search the Kolada indicator catalogue (Källa: Kolada)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from malkoll.i18n import t
from malkoll.report import KOLADA_ATTRIBUTION
from malkoll.service import analysis
from malkoll.service.deps import Authorized, SettingsDep
from malkoll.service.errors import api_error, responses
from malkoll.service.schemas import IndicatorResult, Lang

router = APIRouter(prefix="/v1", tags=["indikatorer"], dependencies=[Authorized])



@router.get("/indicators", response_model=IndicatorResult, summary="Sök indikatorer (indicator search)",
            responses=responses(401, 422, 503, 504))
async def search_indicators(
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="ett mål eller sökord",
                            examples=["andel elever som är behöriga till gymnasiet"])],
    k: Annotated[int, Query(ge=1, le=50, description="antal träffar")] = 5,
    municipality_type: Annotated[Literal["K", "L"], Query(description="K = kommun, L = region")] = "K",
    lang: Annotated[Lang, Query(description="sv (standard) eller en")] = "sv",
) -> dict:
    """Nyckeltal ur Koladas katalog som passar ett mål, bäst först, med en förklaring till varje träff.
    Källa: Kolada. Målkoll är ingen tjänst från RKA eller Kolada."""
    if not q.strip():
        raise api_error(422, "empty_query", "api.empty_query")
    try:
        import malkoll.models.indicators  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - the index is optional in a stripped install
        raise api_error(503, "no_index", "api.no_index") from exc
    hits = await analysis.search_indicators(q, k, municipality_type, settings)
    return {"query": q, "attribution": KOLADA_ATTRIBUTION, "disclaimer": t("kolada_disclaimer", lang),
            "indicators": hits}
