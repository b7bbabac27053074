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
    "progress.label": {"sv": "Granskar mål", "en": "Checking goals"},
    "progress.done": {"sv": "mål granskade", "en": "goals checked"},
    # where a goal stands in its source (Source.location_text)
    "loc.sheet": {"sv": "blad {sheet}", "en": "sheet {sheet}"},
    "loc.cell": {"sv": "cell {cell}", "en": "cell {cell}"},
    "loc.table": {"sv": "tabell {n}", "en": "table {n}"},
    "loc.row": {"sv": "rad {n}", "en": "row {n}"},
    "loc.column": {"sv": "kolumn {n}", "en": "column {n}"},
    "loc.paragraph": {"sv": "stycke {n}", "en": "paragraph {n}"},
    "loc.page": {"sv": "sida {n}", "en": "page {n}"},
    "loc.line": {"sv": "rad {n}", "en": "line {n}"},
    "loc.lines": {"sv": "rad {a}–{b}", "en": "lines {a}–{b}"},
    "loc.whole_file": {"sv": "hela filen", "en": "the whole file"},
    # parts of a file that were not read (DocumentReport.skipped)
    "ingest.skipped.chart_sheet": {"sv": "bladet är ett diagramblad utan celler", "en": "the sheet is a chart sheet without cells"},
    "ingest.skipped.sheet_unreadable": {"sv": "bladet kunde inte läsas ({why})", "en": "the sheet could not be read ({why})"},
    "ingest.skipped.too_many_rows": {"sv": "bladet har fler än {max} rader; resten lästes inte",
                                     "en": "the sheet has more than {max} rows; the rest was not read"},
    "ingest.skipped.too_many_pages": {"sv": "fler än {max} sidor ({n}); resten lästes inte",
                                      "en": "more than {max} pages ({n}); the rest was not read"},
    "ingest.skipped.page_unreadable": {"sv": "sidan kunde inte läsas ({why})", "en": "the page could not be read ({why})"},
    "ingest.skipped.page_without_text": {"sv": "ingen text att läsa ut (en inskannad bild?)",
                                         "en": "no text to extract (a scanned image?)"},
    "ingest.no_goal_column": {"sv": "hittar ingen kolumn med mål (rubriker som {names}, Mål, KF-mål, Nämndmål, Indikator)",
                              "en": "no column with goals found (headers such as {names}, Mål, KF-mål, Nämndmål, Indikator)"},
    "outline.skipped.no_goal_columns": {"sv": "inga kolumner med mål eller indikatorer hittades (t.ex. Mål, KF-mål, Nämndmål, Indikator)",
                                        "en": "no columns with goals or indicators found (e.g. Mål, KF-mål, Nämndmål, Indikator)"},
    # what made the outline take a text for a goal (Source.evidence)
    "outline.label": {"sv": "etikett (t.ex. ”KF-mål 1.1:”)", "en": "a label (e.g. “KF-mål 1.1:”)"},
    "outline.goal_column": {"sv": "målkolumn i en tabell", "en": "a goal column of a table"},
    "outline.goal_list": {"sv": "lista under en målrubrik eller en inledning om mål", "en": "a list under a goal heading or lead-in"},
    "outline.goal_heading": {"sv": "rubrik som är ett mål", "en": "a heading that is a goal"},
    "outline.goal_statement": {"sv": "mening som uttrycker ett mål", "en": "a sentence that states a goal"},
    "outline.statement_in_paragraph": {"sv": "målmening i ett stycke med flera målmeningar",
                                       "en": "a goal sentence in a paragraph of goal sentences"},
    "outline.declaration": {"sv": "mening som anger ett mål (”har som mål att”)", "en": "a sentence that declares a goal"},
    "outline.vision_section": {"sv": "text under rubriken Vision", "en": "text under a Vision heading"},
    "outline.nested_goal": {"sv": "delmål under ett mål", "en": "a sub-goal under a goal"},
    "outline.label_line": {"sv": "text bredvid en ensam etikett (”Vision”, ”Mål”)", "en": "text beside a lone label (“Vision”, “Mål”)"},
    "outline.flattened_table": {"sv": "målkolumn i en tabell som blivit rader (t.ex. ur en PDF)",
                                "en": "a goal column of a table flattened into lines (e.g. from a PDF)"},
    "outline.indicator_without_goal": {"sv": "indikator med målvärde utan mål ovanför", "en": "an indicator with a target and no goal above it"},
    # goal-like passages the outline did not take (DocumentReport.uncertain)
    "outline.uncertain.background_section": {"sv": "låter som ett mål men står i ett bakgrundsavsnitt",
                                              "en": "reads like a goal but stands in a background section"},
    "outline.uncertain.explanation": {"sv": "låter som ett mål men står i texten som förklarar målet ovanför",
                                      "en": "reads like a goal but stands in the text explaining the goal above"},
    "outline.uncertain.prose": {"sv": "låter som ett mål men står i löptext", "en": "reads like a goal but stands in running text"},
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
