"""GET /v1/rules and /v1/rules/{id}: the rule catalogue and one rule's documentation."""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Path, Query

from malkoll.service.deps import Authorized
from malkoll.service.errors import api_error, responses
from malkoll.service.schemas import Lang, RuleDoc, RuleDocFull

router = APIRouter(prefix="/v1/rules", tags=["regler"], dependencies=[Authorized])

LangQuery = Annotated[Lang, Query(description="sv (standard) eller en")]


@lru_cache(maxsize=4)
def _catalogue(lang: str) -> list[dict]:
    from malkoll.rules.base import all_rules
    from malkoll.rules.docs import rule_dict

    return [rule_dict(r.meta, lang) for r in all_rules()]


@router.get("", response_model=list[RuleDoc], summary="Regelkatalogen (rule catalogue)",
            responses=responses(401, 422))
def list_rules(lang: LangQuery = "sv") -> list[dict]:
    """Alla regler med id, namn, dimension, allvarlighet, meddelande och exempel."""
    return _catalogue(lang)


@router.get("/{rule_id}", response_model=RuleDocFull, summary="En regels dokumentation (one rule)",
            responses=responses(401, 404, 422))
def get_rule(rule_id: Annotated[str, Path(description="id eller namn, t.ex. MK501 eller weak-verb",
                                          examples=["MK501"], max_length=100)],
             lang: LangQuery = "sv") -> dict:
    """Samma text som `malkoll explain`: Vad regeln gör / Varför / Exempel / Skriv i stället.
    Ett pensionerat id leder till regeln som ersatt det."""
    from malkoll.rules.base import find_rule
    from malkoll.rules.docs import rule_dict, rule_markdown

    found = find_rule(rule_id)
    if found is None:
        raise api_error(404, "unknown_rule", "api.unknown_rule", rule=rule_id)
    return {**rule_dict(found.meta, lang), "markdown": rule_markdown(found.meta, lang)}
