"""User-facing strings of the core, Swedish first."""
from __future__ import annotations

STRINGS = {
    "empty_goal": {"sv": "Tom måltext: det finns inget att granska.", "en": "Empty goal text: nothing to check."},
    "too_long": {"sv": "Måltexten är för lång ({n} tecken; högst {max}). Dela upp den i enskilda mål.",
                 "en": "The goal text is too long ({n} characters; at most {max}). Split it into single goals."},
    "not_text": {"sv": "Målet är inte text.", "en": "The goal is not text."},
    "analysis_failed": {"sv": "Målet kunde inte analyseras: {why}", "en": "The goal could not be analyzed: {why}"},
    "grade.good": {"sv": "Går att följa upp", "en": "Can be followed up"},
    "grade.needs_work": {"sv": "Behöver arbete", "en": "Needs work"},
    "grade.vague": {"sv": "Luddigt mål", "en": "Vague goal"},
    "headline.goal": {"sv": "{grade} {score}/100", "en": "{grade} {score}/100"},
    "headline.vision": {"sv": "Vision – en vision följs upp genom de mål och indikatorer som knyts till den",
                        "en": "Vision – a vision is followed up through the goals and indicators attached to it"},
    "dim.measurable": {"sv": "Mätbart", "en": "Measurable"},
    "dim.target_level": {"sv": "Målnivå", "en": "Target level"},
    "dim.time_bound": {"sv": "Tidsatt", "en": "Time-bound"},
    "dim.owner": {"sv": "Ansvarig", "en": "Owner"},
    "dim.no_vagueness": {"sv": "Inga vaga ord", "en": "No vague wording"},
    "dim.terms_defined": {"sv": "Definierade begrepp", "en": "Terms defined"},
    "dim.single_goal": {"sv": "Ett mål", "en": "Single goal"},
    "dim.style": {"sv": "Språk", "en": "Language"},
    "dim.goal_type": {"sv": "Måltyp", "en": "Goal type"},
    "dim.cascade": {"sv": "Målkedjan", "en": "Goal cascade"},
    "type.effect": {"sv": "effektmål", "en": "effect goal"},
    "type.result": {"sv": "resultatmål", "en": "result goal"},
    "type.activity": {"sv": "aktivitet", "en": "activity"},
    "level.vision": {"sv": "vision", "en": "vision"},
    "level.overarching": {"sv": "övergripande mål", "en": "overarching goal"},
    "level.committee": {"sv": "nämndmål", "en": "committee goal"},
    "level.operational": {"sv": "verksamhetsmål", "en": "operational goal"},
    "level.indicator_target": {"sv": "indikator med målvärde", "en": "indicator target"},
    "level.financial": {"sv": "finansiellt mål", "en": "financial goal"},
    "from.caller": {"sv": "angiven", "en": "given"},
    "from.document": {"sv": "från dokumentet", "en": "from the document"},
    "from.inferred": {"sv": "antagen utifrån texten", "en": "inferred from the text"},
    "sev.error": {"sv": "fel", "en": "error"},
    "sev.warning": {"sv": "varning", "en": "warning"},
    "sev.suggestion": {"sv": "förslag", "en": "suggestion"},
    "owner_from_structure": {"sv": "ansvarig enligt dokumentet: {owner}", "en": "owner from the document: {owner}"},
    "indicators_carry": {"sv": "Målet har {n} indikator(er) kopplade i dokumentet; för ett övergripande mål kan de bära mätningen.",
                         "en": "The goal has {n} indicator(s) attached in the document; for an overarching goal they may carry the measurement."},
    "kolada_source": {"sv": "Källa: Kolada", "en": "Källa: Kolada (source: Kolada)"},
}


def pick(table: dict, key: str, lang: str = "sv", **args) -> str:
    """The text for `lang` (Swedish when missing) from a {key: {"sv": …, "en": …}} table."""
    entry = table.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["sv"]
    return text.format(**args) if args else text


def t(key: str, lang: str = "sv", **args) -> str:
    """A shared user-facing string; modules with strings of their own keep a table and use `pick`."""
    return pick(STRINGS, key, lang, **args)
