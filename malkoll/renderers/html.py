"""A self-contained HTML report: one file, inline CSS and inline SVG charts, no script, no external
asset (it opens offline and can be mailed or put on an intranet as it is).

Contents: document totals (found, analyzed, could not be analyzed, indicators, background text,
skipped files and parts with the reasons), charts (grades per level, grades per nämnd, the most
common problems), the cascade findings per document, the goal tree (the document's hierarchy)
and every goal with its verdict, checklist, marked words, findings, attached and suggested
indicators ("Källa: Kolada" where Kolada indicators are shown), sub-goals and rewrite.
Swedish first; lang="en" gives English.
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from datetime import datetime, timezone

from malkoll.i18n import pick, t
from malkoll.report import DIMENSIONS, GRADES, GoalReport, Report

COLORS = {"good": "#2e7d32", "needs_work": "#b26a00", "vague": "#c62828"}
SEV_ORDER = {"error": 0, "warning": 1, "suggestion": 2}
LEVEL_ORDER = ("vision", "overarching", "financial", "committee", "operational", "indicator_target")

S = {
    "title": {"sv": "Målkoll – granskning av mål", "en": "Målkoll – goal review"},
    "generated": {"sv": "Skapad {when} med Målkoll {version}", "en": "Generated {when} by Målkoll {version}"},
    "totals": {"sv": "Sammanfattning", "en": "Summary"},
    "found": {"sv": "mål hittade", "en": "goals found"},
    "analyzed": {"sv": "granskade", "en": "analyzed"},
    "failed": {"sv": "kunde inte granskas", "en": "could not be analyzed"},
    "indicators": {"sv": "indikatorer kopplade till mål", "en": "indicators attached to goals"},
    "background": {"sv": "stycken/rader bakgrundstext", "en": "background passages/rows"},
    "files": {"sv": "filer", "en": "files"},
    "file": {"sv": "Fil", "en": "File"},
    "files_skipped": {"sv": "filer överhoppade", "en": "files skipped"},
    "cascade": {"sv": "fynd i målkedjan", "en": "cascade findings"},
    "charts": {"sv": "Diagram", "en": "Charts"},
    "by_level": {"sv": "Bedömning per nivå", "en": "Verdict by level"},
    "by_owner": {"sv": "Bedömning per nämnd (ansvarig)", "en": "Verdict by committee (owner)"},
    "problems": {"sv": "Vanligaste problemen", "en": "Most common problems"},
    "no_owner": {"sv": "(ingen ansvarig)", "en": "(no owner)"},
    "no_level": {"sv": "(okänd nivå)", "en": "(unknown level)"},
    "documents": {"sv": "Dokument", "en": "Documents"},
    "status_ok": {"sv": "läst", "en": "read"},
    "status_skipped": {"sv": "överhoppad", "en": "skipped"},
    "skipped_parts": {"sv": "Delar som inte lästes", "en": "Parts not read"},
    "cascade_head": {"sv": "Målkedjan", "en": "Goal cascade"},
    "no_cascade": {"sv": "Inga fynd i målkedjan.", "en": "No cascade findings."},
    "tree": {"sv": "Målträdet", "en": "Goal tree"},
    "goals": {"sv": "Alla mål", "en": "All goals"},
    "location": {"sv": "Plats", "en": "Location"},
    "owner": {"sv": "Ansvarig", "en": "Owner"},
    "parent": {"sv": "Mål ovanför", "en": "Goal above"},
    "doc_indicators": {"sv": "Indikatorer i dokumentet", "en": "Indicators in the document"},
    "suggested": {"sv": "Förslag på indikatorer", "en": "Suggested indicators"},
    "constructed": {"sv": "egen", "en": "constructed"},
    "subgoals": {"sv": "Förslag på delmål", "en": "Suggested sub-goals"},
    "rewrite": {"sv": "Förslag på omskrivning", "en": "Suggested rewrite"},
    "error": {"sv": "Kunde inte granskas", "en": "Could not be analyzed"},
    "findings": {"sv": "Fynd", "en": "Findings"},
    "none": {"sv": "Inga fynd.", "en": "No findings."},
    "count": {"sv": "antal", "en": "count"},
    "goals_word": {"sv": "mål", "en": "goals"},
    "legend": {"sv": "Färgen upprepar texten: varje stapel har sitt antal utskrivet.",
               "en": "Colour repeats the text: every bar has its number written out."},
    "kolada_note": {"sv": "Indikatorförslagen med id kommer ur Koladas nyckeltalskatalog.",
                    "en": "Suggested indicators with an id come from the Kolada KPI catalogue."},
    "about": {"sv": "Målkoll granskar om mål går att följa upp. Bedömningen gäller texten, inte verksamheten.",
              "en": "Målkoll checks whether goals can be followed up. The verdict is about the text, not the work."},
}

CSS = """
:root{--good:#2e7d32;--needs:#b26a00;--vague:#c62828;--muted:#555;--line:#ddd}
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1b1b1b;background:#fafafa;line-height:1.45}main{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.7rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
.muted{color:var(--muted)}.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{background:#fff;border:1px solid var(--line);
border-radius:8px;padding:.6rem .9rem;min-width:9rem}.card b{display:block;font-size:1.5rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:1rem}figure{margin:0;background:#fff;
border:1px solid var(--line);border-radius:8px;padding:.6rem}figcaption{font-weight:600;margin-bottom:.3rem}
figure svg{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:.3rem .5rem;
text-align:left;vertical-align:top}.grade{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;font-weight:600}
.grade-good{background:var(--good)}.grade-needs_work{background:var(--needs)}.grade-vague{background:var(--vague)}
.grade-error{background:#444}article{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;
margin:.8rem 0}article h3{font-size:1rem;margin:0 0 .3rem}.goaltext{font-size:1.05rem;margin:.4rem 0}
mark{background:#fff3c4;border-bottom:2px solid #b26a00;padding:0 .1rem}mark.sev-error{background:#fde0e0;border-color:#c62828}
mark.sev-suggestion{background:#e3f2fd;border-color:#1565c0}ul.checks{list-style:none;padding:0;display:flex;flex-wrap:wrap;
gap:.3rem .9rem;margin:.3rem 0}.ok{color:var(--good)}.no{color:var(--vague)}.sev{font-weight:600;text-transform:uppercase;
font-size:.75rem;margin-right:.3rem}.sev-error{color:#c62828}.sev-warning{color:#8a5300}.sev-suggestion{color:#1565c0}
.tree ul{list-style:none;padding-left:1.2rem;border-left:1px dashed #bbb;margin:.2rem 0}.tree>ul{border:0;padding-left:0}
.tree li{margin:.15rem 0}.tree a{color:inherit}.lvl{font-size:.8rem;color:var(--muted)}footer{margin-top:2rem;color:var(--muted);
font-size:.9rem}.source-kolada{font-size:.85rem;color:var(--muted)}
@media print{body{background:#fff}article,figure,.card{break-inside:avoid}}
"""


def s(key: str, lang: str, **args) -> str:
    return pick(S, key, lang, **args)


def e(text) -> str:
    return html.escape(str(text), quote=True)


# --- charts (inline SVG) -----------------------------------------------------------------------
def stacked_bars(rows: list[tuple[str, dict[str, int]]], lang: str, title: str) -> str:
    """Horizontal stacked bars of grade counts, one row per label, numbers written on the bars."""
    if not rows:
        return f'<svg role="img" aria-label="{e(title)}" width="10" height="10"></svg>'
    label_w, bar_w, row_h = 190, 300, 26
    total_max = max(sum(c.values()) for _, c in rows) or 1
    height = row_h * len(rows) + 34
    out = [f'<svg role="img" aria-label="{e(title)}" xmlns="http://www.w3.org/2000/svg" width="100%" '
           f'viewBox="0 0 {label_w + bar_w + 50} {height}" font-size="12">']
    for i, (label, counts) in enumerate(rows):
        y = i * row_h + 4
        short = label if len(label) <= 30 else label[:29] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end"><title>{e(label)}</title>{e(short)}</text>')
        x = label_w
        for g in GRADES:
            n = counts.get(g, 0)
            if not n:
                continue
            w = max(2, round(bar_w * n / total_max))
            out.append(f'<rect class="bar-{g}" x="{x}" y="{y}" width="{w}" height="{row_h - 8}" fill="{COLORS[g]}">'
                       f'<title>{e(t("grade." + g, lang))}: {n}</title></rect>')
            if w >= 16:
                out.append(f'<text x="{x + w / 2}" y="{y + 14}" text-anchor="middle" fill="#fff">{n}</text>')
            x += w
        out.append(f'<text x="{x + 4}" y="{y + 15}" fill="#333">{sum(counts.values())}</text>')
    ly = len(rows) * row_h + 18
    lx = 0
    for g in GRADES:
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{COLORS[g]}"/>'
                   f'<text x="{lx + 16}" y="{ly}">{e(t("grade." + g, lang))}</text>')
        lx += 16 + 7 * len(t("grade." + g, lang)) + 14
    out.append("</svg>")
    return "".join(out)


def simple_bars(rows: list[tuple[str, int]], title: str, color: str = "#37474f") -> str:
    if not rows:
        return f'<svg role="img" aria-label="{e(title)}" width="10" height="10"></svg>'
    label_w, bar_w, row_h = 250, 230, 22
    top = max(n for _, n in rows) or 1
    height = row_h * len(rows) + 6
    out = [f'<svg role="img" aria-label="{e(title)}" xmlns="http://www.w3.org/2000/svg" width="100%" '
           f'viewBox="0 0 {label_w + bar_w + 50} {height}" font-size="12">']
    for i, (label, n) in enumerate(rows):
        y = i * row_h + 3
        short = label if len(label) <= 40 else label[:39] + "…"
        w = max(2, round(bar_w * n / top))
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end"><title>{e(label)}</title>{e(short)}</text>'
                   f'<rect class="bar-problem" x="{label_w}" y="{y}" width="{w}" height="{row_h - 7}" fill="{color}">'
                   f'<title>{e(label)}: {n}</title></rect><text x="{label_w + w + 4}" y="{y + 13}">{n}</text>')
    out.append("</svg>")
    return "".join(out)


# --- pieces ------------------------------------------------------------------------------------
def _grade_badge(g: GoalReport, lang: str) -> str:
    if g.error:
        return f'<span class="grade grade-error">{e(s("error", lang))}</span>'
    return f'<span class="grade grade-{g.grade}">{e(g.headline or t("grade." + g.grade, lang))}</span>'


def _marked(g: GoalReport) -> str:
    text = g.text
    spans = sorted({(f.start, f.end, f.severity, f.rule) for f in g.findings
                    if 0 <= f.start < f.end <= len(text) and f.end - f.start < len(text.strip())},
                   key=lambda x: (x[0], -x[1]))
    out, pos, n = [], 0, 0
    for start, end, sev, rule in spans:
        if start < pos:
            continue
        n += 1
        out.append(e(text[pos:start]))
        out.append(f'<mark class="sev-{sev}" title="{e(rule)}">{e(text[start:end])}</mark><sup>{n}</sup>')
        pos = end
    out.append(e(text[pos:]))
    return "".join(out)


def _location(g: GoalReport) -> str:
    if not g.source:
        return ""
    parts = [p for p in (g.source.file, g.source.location) if p]
    return " · ".join(parts)


def _goal_article(g: GoalReport, cascade: list, by_id: dict, lang: str) -> str:
    out = [f'<article id="goal-{e(g.id)}"><h3>{e(g.id)} {_grade_badge(g, lang)}']
    if not g.error:
        out.append(f' <span class="muted">{e(t("level." + g.level.value, lang))} '
                   f'({e(t("from." + g.level.from_, lang))}) · {e(t("type." + g.type, lang))}</span>')
    out.append("</h3>")
    meta = []
    loc = _location(g)
    if loc:
        meta.append(f'{e(s("location", lang))}: {e(loc)}')
    if g.source and g.source.owner:
        meta.append(f'{e(s("owner", lang))}: {e(g.source.owner)}')
    if g.parent and g.parent in by_id:
        meta.append(f'{e(s("parent", lang))}: <a href="#goal-{e(g.parent)}">{e(g.parent)}</a>')
    if meta:
        out.append(f'<div class="muted">{" · ".join(meta)}</div>')
    out.append(f'<p class="goaltext">{_marked(g) if not g.error else e(g.text)}</p>')
    if g.error:
        out.append(f'<p class="sev-error">{e(g.error)}</p></article>')
        return "".join(out)
    out.append('<ul class="checks">')
    for d in DIMENSIONS:
        ok = g.dimensions.get(d)
        out.append(f'<li class="{"ok" if ok else "no"}">{"✓" if ok else "✗"} {e(t("dim." + d, lang))}</li>')
    out.append("</ul>")
    items = sorted(g.findings, key=lambda f: (SEV_ORDER[f.severity], f.start))
    if items or cascade:
        out.append(f'<h4>{e(s("findings", lang))}</h4><ul>')
        for f in items:
            out.append(f'<li><span class="sev sev-{f.severity}">{e(t("sev." + f.severity, lang))}</span>'
                       f'<code>{e(f.rule)} {e(f.name)}</code>: {e(f.message)}'
                       + (f'<br><span class="muted">→ {e(f.suggestion)}</span>' if f.suggestion else "") + "</li>")
        for f in cascade:
            out.append(f'<li><span class="sev sev-{f.severity}">{e(t("sev." + f.severity, lang))}</span>'
                       f'<code>{e(f.rule)} {e(f.name)}</code> ({e(t("dim.cascade", lang))}): {e(f.message)}'
                       + (f'<br><span class="muted">→ {e(f.suggestion)}</span>' if f.suggestion else "") + "</li>")
        out.append("</ul>")
    if g.context_indicators:
        out.append(f'<h4>{e(s("doc_indicators", lang))}</h4><ul>'
                   + "".join(f"<li>{e(i)}</li>" for i in g.context_indicators) + "</ul>")
    if g.indicators:
        out.append(f'<h4>{e(s("suggested", lang))}</h4><ul>')
        for ind in g.indicators:
            label = f"{ind.id} {ind.title}" if ind.source == "kolada" else f"({s('constructed', lang)}) {ind.title}"
            out.append(f"<li>{e(label)}</li>")
        out.append("</ul>")
        if any(i.source == "kolada" for i in g.indicators):
            out.append(f'<p class="source-kolada">{e(t("kolada_source", lang))}</p>')
    if g.subgoals:
        out.append(f'<h4>{e(s("subgoals", lang))}</h4><ul>'
                   + "".join(f"<li>{e(sg.text)}" + (f" ({e(sg.owner)})" if sg.owner else "") + "</li>"
                             for sg in g.subgoals) + "</ul>")
    if g.rewrite:
        out.append(f'<h4>{e(s("rewrite", lang))}</h4><p>{e(g.rewrite)}</p>')
    out.append("</article>")
    return "".join(out)


def _tree(report: Report, lang: str) -> str:
    goals = report.goals
    ids = {g.id for g in goals}
    children: dict[str | None, list[GoalReport]] = defaultdict(list)
    for g in goals:
        children[g.parent if g.parent in ids else None].append(g)
    seen: set[str] = set()

    def node(g: GoalReport) -> str:
        seen.add(g.id)
        level = t("level." + g.level.value, lang) if g.level else s("no_level", lang)
        owner = f" · {g.source.owner}" if g.source and g.source.owner else ""
        text = g.text if len(g.text) <= 110 else g.text[:109] + "…"
        kids = [c for c in children.get(g.id, []) if c.id not in seen]
        inner = "<ul>" + "".join(node(c) for c in kids) + "</ul>" if kids else ""
        return (f'<li>{_grade_badge(g, lang)} <a href="#goal-{e(g.id)}">{e(text)}</a> '
                f'<span class="lvl">{e(level)}{e(owner)}</span>{inner}</li>')

    by_file: dict[str, list[GoalReport]] = defaultdict(list)
    for g in children.get(None, []):
        by_file[(g.source.file if g.source and g.source.file else "")].append(g)
    out = []
    for file, roots in by_file.items():
        if file:
            out.append(f"<h3>{e(file)}</h3>")
        out.append("<ul>" + "".join(node(g) for g in roots if g.id not in seen) + "</ul>")
    return '<div class="tree">' + "".join(out) + "</div>"


def _documents(report: Report, lang: str) -> str:
    if not report.documents:
        return ""
    out = [f'<h2 id="documents">{e(s("documents", lang))}</h2><table><thead><tr>'
           f'<th>{e(s("file", lang))}</th><th>Status</th><th>{e(s("found", lang))}</th><th>{e(s("analyzed", lang))}</th>'
           f'<th>{e(s("failed", lang))}</th><th>{e(s("indicators", lang))}</th><th>{e(s("background", lang))}</th>'
           f'<th>{e(s("cascade", lang))}</th></tr></thead><tbody>']
    for d in report.documents:
        status = s("status_ok", lang) if d.status == "ok" else s("status_skipped", lang)
        out.append(f"<tr><td>{e(d.file)}</td><td>{e(status)}" + (f"<br><small>{e(d.reason)}</small>" if d.reason else "")
                   + f"</td><td>{d.goals_found}</td><td>{d.goals_analyzed}</td><td>{d.goals_failed}</td>"
                     f"<td>{d.indicators}</td><td>{d.background}</td><td>{len(d.findings)}</td></tr>")
    out.append("</tbody></table>")
    for d in report.documents:
        if d.skipped:
            out.append(f"<h3>{e(s('skipped_parts', lang))}: {e(d.file)}</h3><ul>"
                       + "".join(f"<li>{e(x.location or '')}: {e(x.reason)}</li>" for x in d.skipped) + "</ul>")
        if d.status == "ok":
            out.append(f"<h3>{e(s('cascade_head', lang))}: {e(d.file)}</h3>")
            if not d.findings:
                out.append(f"<p>{e(s('no_cascade', lang))}</p>")
            else:
                out.append("<ul>" + "".join(
                    f'<li><span class="sev sev-{f.severity}">{e(t("sev." + f.severity, lang))}</span>'
                    f'<code>{e(f.rule)} {e(f.name)}</code>: {e(f.message)} '
                    + (f'<a href="#goal-{e(f.goal)}">{e(f.goal)}</a>' if f.goal else "") + "</li>"
                    for f in d.findings) + "</ul>")
    return "".join(out)


def render(report: Report, lang: str = "sv", **_) -> str:
    goals = report.goals
    ok = [g for g in goals if not g.error]
    cascade_by_goal: dict[str, list] = defaultdict(list)
    for d in report.documents or []:
        for f in d.findings:
            if f.goal:
                cascade_by_goal[f.goal].append(f)
    by_id = {g.id: g for g in goals}
    docs = report.documents or []
    n_cascade = sum(len(d.findings) for d in docs)
    cards = [(len(goals), s("found", lang)), (len(ok), s("analyzed", lang)), (len(goals) - len(ok), s("failed", lang))]
    cards += [(report.summary.by_grade.get(g, 0), t("grade." + g, lang)) for g in GRADES]
    if docs:
        cards += [(len(docs), s("files", lang)), (sum(1 for d in docs if d.status == "skipped"), s("files_skipped", lang)),
                  (sum(d.indicators for d in docs), s("indicators", lang)), (sum(d.background for d in docs), s("background", lang)),
                  (n_cascade, s("cascade", lang))]
    # charts
    per_level: dict[str, Counter] = defaultdict(Counter)
    per_owner: dict[str, Counter] = defaultdict(Counter)
    for g in ok:
        per_level[g.level.value][g.grade] += 1
        owner = g.source.owner if g.source and g.source.owner else s("no_owner", lang)
        per_owner[owner][g.grade] += 1
    level_rows = [(t("level." + lv, lang), dict(per_level[lv])) for lv in LEVEL_ORDER if lv in per_level]
    owner_rows = sorted(per_owner.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:15]
    owner_rows = [(name, dict(c)) for name, c in owner_rows]
    problems: Counter = Counter()
    for g in ok:
        for f in {(f.rule, f.name) for f in g.findings}:
            problems[f] += 1
    for d in docs:
        for f in d.findings:
            problems[(f.rule, f.name)] += 1
    problem_rows = [(f"{rule} {name}", n) for (rule, name), n in problems.most_common(10)]
    files = sorted({g.source.file for g in goals if g.source and g.source.file})
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    kolada = any(i.source == "kolada" for g in goals for i in g.indicators)
    parts = [
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(s("title", lang))}{(" – " + e(", ".join(files)[:120])) if files else ""}</title>'
        f"<style>{CSS}</style></head><body><main>",
        f'<header><h1>{e(s("title", lang))}</h1><p class="muted">{e(", ".join(files))}</p>'
        f'<p class="muted">{e(s("generated", lang, when=when, version=report.malkoll_version))}. {e(s("about", lang))}</p></header>',
        f'<h2 id="totals">{e(s("totals", lang))}</h2><div class="cards">'
        + "".join(f"<div class=\"card\"><b>{n}</b>{e(label)}</div>" for n, label in cards) + "</div>",
        f'<h2 id="charts">{e(s("charts", lang))}</h2><div class="charts">'
        f'<figure id="chart-level"><figcaption>{e(s("by_level", lang))}</figcaption>'
        f'{stacked_bars(level_rows, lang, s("by_level", lang))}</figure>'
        f'<figure id="chart-owner"><figcaption>{e(s("by_owner", lang))}</figcaption>'
        f'{stacked_bars(owner_rows, lang, s("by_owner", lang))}</figure>'
        f'<figure id="chart-problems"><figcaption>{e(s("problems", lang))}</figcaption>'
        f'{simple_bars(problem_rows, s("problems", lang))}</figure></div>'
        f'<p class="muted">{e(s("legend", lang))}</p>',
        _documents(report, lang),
        f'<h2 id="tree">{e(s("tree", lang))}</h2>{_tree(report, lang)}',
        f'<h2 id="goals">{e(s("goals", lang))}</h2>',
        "".join(_goal_article(g, cascade_by_goal.get(g.id, []), by_id, lang) for g in goals),
        "<footer>" + (f"<p>{e(s('kolada_note', lang))} {e(t('kolada_source', lang))}</p>" if kolada else "")
        + f"<p>Målkoll {e(report.malkoll_version)}</p></footer></main></body></html>\n",
    ]
    return "".join(parts)
