"""A self-contained HTML report: one file, inline CSS, no script, no external asset (it opens
offline and can be mailed, put on an intranet or printed for a nämnd meeting as it is).

Contents: a table of contents by level and nämnd; document totals (found, analyzed, could not be
analyzed, indicators, background text, skipped files and parts with the reasons; the uncertain
passages: text that reads like a goal but was not taken, with where it stands and why); charts drawn
with HTML and CSS so that their text is body text (grades per level, grades per nämnd, the most
common problems; axes labelled, every bar with its number written out); the cascade findings per
document; the goal tree (the documents' hierarchy; a goal linked to the goal above it in another
file says so: "Bryter ned: <mål> (<fil>)", with how it was linked); every goal as an expandable row, grouped by
level and nämnd, with its verdict, checklist, numbered marks, findings in plain words, attached
and suggested indicators ("Källa: Kolada" where Kolada indicators are shown), sub-goals and
rewrite; and what each remark means (the rule documentation, one click from every finding).
Printed, every row is expanded. Swedish first; lang="en" gives English.
"""
from __future__ import annotations

import html
import re
import math
from collections import Counter, defaultdict
from datetime import datetime, timezone
from functools import lru_cache

from malkoll.i18n import rule_doc, rule_title, t
from malkoll.renderers._present import (location, main_problem, marked_runs, numbered, passage_place, passage_reason,
                                       special_headline, verdict)
from malkoll.report import DIMENSIONS, GRADES, GoalReport, Report
from malkoll.vocabulary import LEVEL_RANK, LEVELS

COLORS = {"good": "#2e7d32", "needs_work": "#8a5300", "vague": "#c62828"}
LEVEL_ORDER = sorted(LEVELS, key=lambda lv: (LEVEL_RANK[lv], LEVELS.index(lv)))  # down the chain

CSS = """
:root{--good:#2e7d32;--needs:#8a5300;--vague:#c62828;--muted:#4a4a4a;--line:#c9ced3;--soft:#f4f6f8}
*{box-sizing:border-box}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:1.5rem}
h1{font-size:1.75rem;margin:.2rem 0}h2{font-size:1.4rem;margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.15rem;margin:1.4rem 0 .4rem}h4{font-size:1rem;margin:.9rem 0 .3rem}
a{color:#0b4f9c}.muted{color:var(--muted)}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
nav.toc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem 1.2rem}
nav.toc h2{margin:.2rem 0 .4rem;border:0;font-size:1.15rem}nav.toc ol{margin:.1rem 0;padding-left:1.3rem}
nav.toc li{margin:.1rem 0}.n{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{background:#fff;border:1px solid var(--line);border-radius:8px;
padding:.6rem .9rem;min-width:9rem}.card b{display:block;font-size:1.5rem}
.charts{display:grid;gap:1rem}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:.8rem;min-width:0}
.table-wrap{overflow-x:auto}
figcaption{font-weight:700;margin-bottom:.4rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
table.chart{table-layout:auto}table.chart th,table.chart td{border:0;padding:.25rem .4rem;vertical-align:middle}
table.chart thead th{font-weight:600;border-bottom:1px solid var(--line)}table.chart tbody th{font-weight:400;width:16rem;max-width:40vw}
table.chart td.barcell{width:100%;min-width:8rem}table.chart td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;height:1.7rem;background:var(--soft)}
.seg{display:flex;align-items:center;justify-content:center;color:#fff;font-weight:600;min-width:1.8em;overflow:hidden;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.seg-good{background:var(--good)}.seg-needs_work{background:var(--needs)}.seg-vague{background:var(--vague)}
.seg-problem{background:#37474f}
.axis{position:relative;height:1.4rem;border-top:1px solid #1b1b1b;margin-top:.15rem}
.tick{position:absolute;top:0;transform:translateX(-50%);padding-top:.1rem;font-variant-numeric:tabular-nums}
.tick::before{content:"";position:absolute;left:50%;top:-.35rem;height:.35rem;border-left:1px solid #1b1b1b}
.axis-label{text-align:center;font-weight:600;margin-top:.1rem}
ul.legend{list-style:none;padding:0;margin:.6rem 0 0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
.swatch{display:inline-block;width:1rem;height:1rem;vertical-align:-.15rem;margin-right:.35rem;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.swatch-good{background:var(--good)}.swatch-needs_work{background:var(--needs)}.swatch-vague{background:var(--vague)}
.grade{display:inline-block;border-radius:4px;padding:0 .45rem;color:#fff;font-weight:600;white-space:nowrap;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.grade-good{background:var(--good)}.grade-needs_work{background:var(--needs)}.grade-vague{background:var(--vague)}
.grade-error{background:#444}
details.goal{background:#fff;border:1px solid var(--line);border-radius:8px;margin:.5rem 0}
details.goal>summary{display:grid;grid-template-columns:1rem 3rem 11.5rem 4.5rem 1fr;gap:.2rem .6rem;align-items:baseline;
padding:.55rem .8rem;cursor:pointer;list-style:none}
details.goal>summary::-webkit-details-marker{display:none}
details.goal>summary::before{content:"▸";color:var(--muted)}
details.goal[open]>summary::before{content:"▾"}
details.goal>summary .gid{font-weight:700}details.goal>summary .grade{white-space:normal;justify-self:start}details.goal>summary .gtext{grid-column:5}
details.goal>summary .problem{grid-column:5;color:var(--muted)}
details.goal>summary:hover .gtext{text-decoration:underline}
.goal-body{padding:.2rem 1rem .9rem;border-top:1px solid var(--line)}
.goaltext{font-size:1.05rem;margin:.5rem 0;line-height:1.9}
mark{background:#fff3c4;border-bottom:2px solid #8a5300;padding:0 .1rem;color:inherit}
mark.sev-error{background:#fde0e0;border-color:#c62828}mark.sev-suggestion{background:#e3f2fd;border-color:#1565c0}
sup a{text-decoration:none;font-weight:700}
ul.checks{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .9rem;margin:.3rem 0}
.ok{color:var(--good)}.no{color:var(--vague)}
.sev{font-weight:700;font-size:.9rem;margin-right:.3rem}.sev-error{color:#c62828}.sev-warning{color:#8a5300}
.sev-suggestion{color:#1565c0}ol.findings li{margin:.35rem 0}.fix{color:var(--muted)}
.tree ul{list-style:none;padding-left:1.2rem;border-left:1px dashed #999;margin:.2rem 0}.tree>ul{border:0;padding-left:0}
.tree li{margin:.2rem 0}.tree a{color:inherit}.lvl{color:var(--muted)}
.rule-doc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.3rem 1rem;margin:.4rem 0}
.rule-doc>summary{cursor:pointer}.rule-doc>summary h3{display:inline;font-size:1.05rem;margin:0}
ul.uncertain{list-style:none;padding:0}ul.uncertain li{background:#fff;border-left:4px solid var(--line);padding:.35rem .8rem;margin:.5rem 0}
.link-up .lvl,.doubt{color:var(--muted)}p.doubt::before,span.doubt::before{content:"? ";font-weight:700}
footer{margin-top:2rem;color:var(--muted)}.source-kolada{color:var(--muted)}
@media (max-width:640px){main{padding:.8rem}figure{padding:.5rem}
table.chart,table.chart thead,table.chart tbody,table.chart tfoot{display:block}
table.chart tr{display:grid;grid-template-columns:1fr 3rem;align-items:center}
table.chart tr>:first-child{grid-column:1/-1;width:auto;max-width:none}table.chart tfoot tr>:first-child{display:none}
table.chart td.barcell{min-width:0}table.chart th,table.chart td{padding:.15rem .2rem}
details.goal>summary{grid-template-columns:1rem auto auto 1fr}
details.goal>summary .gtext,details.goal>summary .problem{grid-column:2/-1}}
@page{margin:16mm}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
a{color:inherit;text-decoration:none}h2{break-after:avoid}h3,h4{break-after:avoid}
figure,.card,.rule-doc,tr{break-inside:avoid}details.goal{break-inside:avoid-page}
details.goal>summary::before{content:""}
details::details-content{content-visibility:visible;display:block}
nav.toc{break-after:page}}
"""


_SPECIAL_RE = re.compile(r"[&<>\"']")


def e(text) -> str:
    text = text if type(text) is str else str(text)
    return html.escape(text, quote=True) if _SPECIAL_RE.search(text) else text


_ET: dict[tuple[str, str], str] = {}
_NOT_ID_RE = re.compile(r"[^\w-]")  # \w: str.isalnum() and "_"


def et(key: str, lang: str) -> str:
    """e(t(key, lang)) of a catalogue string without arguments, escaped once per run."""
    out = _ET.get((key, lang))
    if out is None:
        out = _ET[(key, lang)] = e(t(key, lang))
    return out


@lru_cache(maxsize=None)
def _rule_bits(rule: str, lang: str) -> tuple[str, str]:
    """(escaped title, anchor) of a rule, made once per process."""
    return e(rule_title(rule, lang)), _anchor("rule", rule)


def _anchor(kind: str, *parts) -> str:
    """An id for an anchor: kind and parts joined, no whitespace."""
    return "-".join([kind] + [_NOT_ID_RE.sub("_", str(p)) for p in parts])


def _goal_anchor(goal_id: str) -> str:
    return "goal-" + "".join(c if not c.isspace() else "_" for c in goal_id)


# --- charts (HTML and CSS: their text is body text) --------------------------------------------
def _ticks(top: int) -> list[int]:
    if top <= 0:
        return [0]
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return list(range(0, top + 1, max(1, int(step))))


def _axis(top: int, label: str) -> str:
    ticks = "".join(f'<span class="tick" style="left:{100 * v / top:.2f}%">{v}</span>' for v in _ticks(top)) if top else ""
    return f'<div class="axis" aria-hidden="true">{ticks}</div><div class="axis-label">{e(label)}</div>'


def grade_chart(chart_id: str, caption: str, row_head: str, rows: list[tuple[str, dict[str, int]]], lang: str) -> str:
    """Stacked bars of grade counts, one row per label; the numbers are written on the bars and as
    the total; the x axis (number of goals) has ticks and a label."""
    top = max((sum(c.values()) for _, c in rows), default=0)
    out = [f'<figure id="{chart_id}"><figcaption>{e(caption)}</figcaption><table class="chart"><thead><tr>'
           f'<th scope="col">{e(row_head)}</th><th scope="col">{et("html.axis_goals", lang)}</th>'
           f'<th scope="col" class="num">{et("total", lang)}</th></tr></thead><tbody>']
    for label, counts in rows:
        total = sum(counts.values())
        segs = []
        for g in GRADES:
            n = counts.get(g, 0)
            if n:
                segs.append(f'<span class="seg seg-{g}" style="width:{100 * n / top:.2f}%" title="{et("grade." + g, lang)}: {n}">'
                            f'{n}<span class="visually-hidden"> {et("grade." + g, lang)}</span></span>')
        out.append(f'<tr><th scope="row">{e(label)}</th><td class="barcell"><div class="bar">{"".join(segs)}</div></td>'
                   f'<td class="num">{total}</td></tr>')
    out.append(f'</tbody><tfoot><tr><td></td><td>{_axis(top, t("html.axis_goals", lang))}</td><td></td></tr></tfoot></table>'
               '<ul class="legend">' + "".join(f'<li><span class="swatch swatch-{g}" aria-hidden="true"></span>'
                                               f'{et("grade." + g, lang)}</li>' for g in GRADES) + "</ul></figure>")
    return "".join(out)


def count_chart(chart_id: str, caption: str, rows: list[tuple[str, str | None, int]], lang: str) -> str:
    """Simple bars: (label, link or None, count)."""
    top = max((n for _, _, n in rows), default=0)
    out = [f'<figure id="{chart_id}"><figcaption>{e(caption)}</figcaption><table class="chart"><thead><tr>'
           f'<th scope="col">{et("html.axis_problem", lang)}</th><th scope="col">{et("html.axis_count", lang)}</th>'
           f'<th scope="col" class="num">{et("total", lang)}</th></tr></thead><tbody>']
    for label, link, n in rows:
        name = f'<a href="#{link}">{e(label)}</a>' if link else e(label)
        out.append(f'<tr><th scope="row">{name}</th><td class="barcell"><div class="bar">'
                   f'<span class="seg seg-problem bar-problem" style="width:{100 * n / top:.2f}%">{n}</span></div></td>'
                   f'<td class="num">{n}</td></tr>')
    out.append(f'</tbody><tfoot><tr><td></td><td>{_axis(top, t("html.axis_count", lang))}</td><td></td></tr></tfoot>'
               "</table></figure>")
    return "".join(out)


# --- one goal ----------------------------------------------------------------------------------
def _grade_badge(g: GoalReport, lang: str) -> str:
    if g.error:
        return f'<span class="grade grade-error">{et("grade.error", lang)}</span>'
    return f'<span class="grade grade-{g.grade}">{e(verdict(g, lang))}</span>'


def _marked(g: GoalReport, items, finding_anchor: str) -> str:
    """The goal text with its marked runs, each with the numbers of its findings linked
    (`finding_anchor`: `_anchor("f", g.id)`, a number's anchor is it and "-<number>")."""
    text = g.text
    out, pos = [], 0
    for run in marked_runs(g, items):
        out.append(e(text[pos:run.start]))
        links = ",".join(f'<a href="#{finding_anchor}-{n}">{n}</a>' for n in run.numbers)
        out.append(f'<mark class="sev-{run.severity}">{e(text[run.start:run.end])}</mark><sup>{links}</sup>')
        pos = run.end
    out.append(e(text[pos:]))
    return "".join(out)


@lru_cache(maxsize=None)
def _check(dim: str, ok: bool, lang: str) -> str:
    """A dimension met or missing in a goal's list of checks, made once per process."""
    return (f'<li class="{"ok" if ok else "no"}"><span aria-hidden="true">{"✓" if ok else "✗"}</span> '
            f'{et("dim." + dim, lang)}<span class="visually-hidden">: {et("met" if ok else "missing", lang)}</span></li>')


def _finding_item(anchor: str | None, f, lang: str, number: int | None = None) -> str:
    value = f' value="{number}"' if number is not None else ""
    ident = f' id="{anchor}"' if anchor else ""
    title, rule_anchor = _rule_bits(f.rule, lang)
    return (f'<li{ident}{value}><span class="sev sev-{f.severity}">{et("sev." + f.severity, lang)}</span> '
            f'<strong>{title}</strong> <span class="muted">({et("dim." + f.dimension, lang)})</span>'
            f'<br>{e(f.message)}' + (f'<br><span class="fix">→ {e(f.suggestion)}</span>' if f.suggestion else "")
            + f' <a href="#{rule_anchor}">{et("html.read_more", lang)}</a></li>')


def _goal_row(g: GoalReport, cascade: list, by_id: dict, lang: str) -> str:
    problem = None if g.error else main_problem(g)
    score = "" if g.error else f'{g.score}/100'
    out = [f'<details class="goal" id="{e(_goal_anchor(g.id))}"><summary><span class="gid">{e(g.id)}</span>'
           f'{_grade_badge(g, lang)}<span class="score">{e(score)}</span><span class="gtext">{e(g.text)}</span>']
    if problem is not None:
        out.append(f'<span class="problem">{et("main_problem", lang)}: {_rule_bits(problem.rule, lang)[0]}</span>')
    elif g.error:
        out.append(f'<span class="problem">{e(g.error)}</span>')
    out.append('</summary><div class="goal-body">')
    meta = []
    if not g.error:
        meta.append(f'{et("level", lang)}: {et("level." + g.level.value, lang)} ({et("from." + g.level.from_, lang)})'
                    f' · {et("type." + g.type, lang)}')
    loc = location(g, lang)
    if loc:
        meta.append(f'{et("location", lang)}: {e(loc)}')
    if g.source and g.source.owner:
        meta.append(f'{et("owner", lang)}: {e(g.source.owner)}')
    up = parent_across(g, by_id)
    if g.parent and g.parent in by_id and up is None:
        meta.append(f'{et("parent", lang)}: <a href="#{e(_goal_anchor(g.parent))}">{e(g.parent)}</a>')
    if meta:
        out.append(f'<p class="muted">{" · ".join(meta)}</p>')
    if up is not None:
        out.append(f'<p class="link-up">{_breaks_down(g, up, lang)}</p>')
    doubt = _doubt(g, lang)
    if doubt:
        out.append(f'<p class="doubt">{e(doubt)}</p>')
    special = special_headline(g, lang)
    if special:  # a vision presented as a vision, with its advice
        out.append(f'<p class="headline"><strong>{e(special)}</strong></p>')
    if g.error:
        out.append(f'<p class="goaltext">{e(g.text)}</p><p class="sev-error">{e(g.error)}</p></div></details>')
        return "".join(out)
    items = numbered(g)
    fa = _anchor("f", g.id)  # the numbers are ints: _anchor("f", g.id, n) is fa-n
    out.append(f'<p class="goaltext">{_marked(g, items, fa)}</p><ul class="checks">')
    out += [_check(d, bool(g.dimensions.get(d)), lang) for d in DIMENSIONS]
    out.append("</ul>")
    if items:
        out.append(f'<h4>{et("findings", lang)}</h4><ol class="findings">')
        out += [_finding_item(f"{fa}-{n}", f, lang, n) for n, f, _ in items]
        out.append("</ol>")
    if cascade:
        out.append(f'<h4>{et("dim.cascade", lang)}</h4><ul class="findings">')
        out += [_finding_item(None, f, lang) for f in cascade]
        out.append("</ul>")
    if g.context_indicators:
        out.append(f'<h4>{et("doc_indicators", lang)}</h4><ul>'
                   + "".join(f"<li>{e(i)}</li>" for i in g.context_indicators) + "</ul>")
    if g.indicators:
        out.append(f'<h4>{et("suggested_indicators", lang)}</h4><ul>')
        for ind in g.indicators:
            label = f"{ind.id} {ind.title}" if ind.source == "kolada" else f"{ind.title} ({t('constructed', lang)})"
            reason = getattr(ind, "reason", None)
            out.append(f"<li>{e(label)}" + (f'<br><span class="muted">{e(reason)}</span>' if isinstance(reason, str) and reason else "")
                       + "</li>")
        out.append("</ul>")
        if any(i.source == "kolada" for i in g.indicators):
            out.append(f'<p class="source-kolada">{et("kolada_source", lang)}</p>')
    if g.subgoals:
        out.append(f'<h4>{et("suggested_subgoals", lang)}</h4><ul>'
                   + "".join(f"<li>{e(sg.text)}" + (f" ({e(sg.owner)})" if sg.owner else "") + "</li>"
                             for sg in g.subgoals) + "</ul>")
    if g.rewrite:
        out.append(f'<h4>{et("suggested_rewrite", lang)}</h4><p>{e(g.rewrite)}</p>')
    out.append("</div></details>")
    return "".join(out)


def parent_across(g: GoalReport, by_id: dict) -> GoalReport | None:
    """The goal above `g` when the run linked it from another file (a nämndmål under a KF goal of the budget)."""
    up = by_id.get(g.parent) if g.parent and g.link is not None else None
    if up is None or not (up.source and g.source) or up.source.file == g.source.file:
        return None
    return up


def _short(text: str, n: int = 110) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _breaks_down(g: GoalReport, up: GoalReport, lang: str) -> str:
    """"Bryter ned: <the goal above, linked> (<its file>) – kopplat genom hänvisningen ”2.1”"."""
    goal = f'<a href="#{e(_goal_anchor(up.id))}">{e(_short(up.text))}</a>'
    return (e(t("link.breaks_down", lang, goal="\x00", file=up.source.file)).replace("\x00", goal)
            + f' <span class="lvl">– {e(t("link." + g.link.by, lang, evidence=g.link.evidence))}</span>')


def _doubt(g: GoalReport, lang: str) -> str | None:
    """For a goal taken on weaker evidence: that it is uncertain, and what it was taken as."""
    if not (g.source and g.source.certainty == "uncertain"):
        return None
    key = f"outline.{g.source.evidence}" if g.source.evidence else None
    if key and t(key, lang) != key:
        return t("doc.uncertain_goal_why", lang, evidence=t(key, lang))
    return t("doc.uncertain_goal", lang) + "."


def _passages(d, lang: str) -> str:
    """A document's uncertain passages: what the text was, where it stands, why it is uncertain."""
    items = []
    for x in d.uncertain:
        where, reason = passage_place(x, lang), passage_reason(x, lang)
        items.append(f'<li><q>{e(x.text)}</q>' + (f'<br><span class="muted">{e(where)}</span>' if where else "")
                     + f'<br>{e(t("doc.why_uncertain", lang, reason=reason))}</li>')
    return (f'<h3 id="{_anchor("uncertain", d.file)}">{et("doc.uncertain_heading", lang)}: {e(d.file)}</h3>'
            f'<p class="muted">{et("doc.uncertain_hint", lang)}</p><ul class="uncertain">{"".join(items)}</ul>')


# --- sections ----------------------------------------------------------------------------------
def _tree(report: Report, lang: str) -> str:
    goals = report.goals
    by_id = {g.id: g for g in goals}
    ids = set(by_id)
    children: dict[str | None, list[GoalReport]] = defaultdict(list)
    for g in goals:
        children[g.parent if g.parent in ids else None].append(g)
    seen: set[str] = set()

    def node(g: GoalReport) -> str:
        seen.add(g.id)
        level = t("level." + g.level.value, lang) if g.level else t("level.none", lang)
        owner = f" · {g.source.owner}" if g.source and g.source.owner else ""
        text = _short(g.text)
        kids = [c for c in children.get(g.id, []) if c.id not in seen]
        inner = "<ul>" + "".join(node(c) for c in kids) + "</ul>" if kids else ""
        up = parent_across(g, by_id)
        link = f'<br><span class="link-up">{_breaks_down(g, up, lang)}</span>' if up is not None else ""
        doubt = (f' <span class="lvl doubt">{et("doc.uncertain_goal", lang)}</span>'
                 if g.source and g.source.certainty == "uncertain" else "")
        return (f'<li>{_grade_badge(g, lang)} <a href="#{e(_goal_anchor(g.id))}">{e(text)}</a> '
                f'<span class="lvl">{e(level)}{e(owner)}</span>{link}{doubt}{inner}</li>')

    by_file: dict[str, list[GoalReport]] = defaultdict(list)
    for g in children.get(None, []):
        by_file[(g.source.file if g.source and g.source.file else "")].append(g)
    out = []
    for file, roots in by_file.items():
        if file:
            out.append(f"<h3>{e(file)}</h3>")
        out.append("<ul>" + "".join(node(g) for g in roots if g.id not in seen) + "</ul>")
    return '<div class="tree">' + "".join(out) + "</div>"


def _documents(report: Report, by_id: dict, lang: str) -> str:
    if not report.documents:
        return ""
    heads = ("file", "doc.status", "doc.found", "doc.analyzed", "doc.failed", "doc.indicators", "doc.background", "doc.cascade")
    out = [f'<section aria-labelledby="documents"><h2 id="documents">{et("doc.documents", lang)}</h2>'
           f'<div class="table-wrap" tabindex="0" role="region" aria-labelledby="documents"><table><thead><tr>'
           + "".join(f'<th scope="col">{et(k, lang)}</th>' for k in heads) + "</tr></thead><tbody>"]
    for d in report.documents:
        status = t("doc.status_ok" if d.status == "ok" else "doc.status_skipped", lang)
        out.append(f"<tr><td>{e(d.file)}</td><td>{e(status)}" + (f"<br><small>{e(d.reason)}</small>" if d.reason else "")
                   + f"</td><td>{d.goals_found}</td><td>{d.goals_analyzed}</td><td>{d.goals_failed}</td>"
                     f"<td>{d.indicators}</td><td>{d.background}</td><td>{len(d.findings)}</td></tr>")
    out.append("</tbody></table></div>")
    for d in report.documents:
        if d.uncertain:
            out.append(_passages(d, lang))
        if d.skipped:
            out.append(f"<h3>{et('doc.skipped_parts', lang)}: {e(d.file)}</h3><ul>"
                       + "".join(f"<li>{e(x.location or '')}: {e(x.reason)}</li>" for x in d.skipped) + "</ul>")
        if d.status == "ok":
            out.append(f'<h3 id="{_anchor("cascade", d.file)}">{et("html.cascade_head", lang)}: {e(d.file)}</h3>')
            if not d.findings:
                out.append(f"<p>{et('doc.no_cascade', lang)}</p>")
                continue
            out.append('<ul class="findings">')
            for f in d.findings:
                goal = by_id.get(f.goal)
                link = (f' <a href="#{e(_goal_anchor(f.goal))}">{et("html.go_to_goal", lang)} {e(f.goal)}'
                        + (f": {e(goal.text[:80] + ('…' if len(goal.text) > 80 else ''))}" if goal else "") + "</a>") if f.goal else ""
                out.append(_finding_item(None, f, lang).replace("</li>", f"{link}</li>"))
            out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _rule_docs(rules: list[str], lang: str) -> str:
    out = [f'<section aria-labelledby="remarks"><h2 id="remarks">{et("html.about_remarks", lang)}</h2>'
           f'<p class="muted">{et("html.about_remarks_hint", lang)}</p>']
    for rule in rules:
        doc = rule_doc(rule, lang) or {}
        # a link to the content opens the closed <details> (browsers open it for a fragment inside)
        out.append(f'<details class="rule-doc"><summary><h3>{e(rule_title(rule, lang))}</h3></summary>'
                   f'<div id="{_anchor("rule", rule)}">')
        for key in ("what", "why", "instead"):
            if doc.get(key):
                out.append(f'<h4>{et("docs." + key, lang)}</h4><p>{e(doc[key])}</p>')
        out.append("</div></details>")
    out.append("</section>")
    return "".join(out)


def _groups(goals: list[GoalReport], lang: str) -> list[tuple[str, str, list[tuple[str, str, list[GoalReport]]]]]:
    """Goals by level (in the order of the steering chain) and, within a level, by nämnd (owner), in
    document order: [(level anchor, level name, [(owner anchor, owner name, goals)])]."""
    by_level: dict[str, dict[str, list[GoalReport]]] = defaultdict(lambda: defaultdict(list))
    for g in goals:
        level = g.level.value if g.level else "none"
        owner = g.source.owner if g.source and g.source.owner else ""
        by_level[level][owner].append(g)
    order = [lv for lv in LEVEL_ORDER if lv in by_level] + [lv for lv in by_level if lv not in LEVEL_ORDER]
    out = []
    for i, level in enumerate(order):
        owners = [(_anchor("level", level, "owner", j), owner or t("no_owner", lang), gs)
                  for j, (owner, gs) in enumerate(by_level[level].items())]
        out.append((_anchor("level", level), t("level." + level, lang), owners))
    return out


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
    cards = [(len(goals), t("doc.found", lang)), (len(ok), t("doc.analyzed", lang)),
             (len(goals) - len(ok), t("doc.failed", lang))]
    cards += [(report.summary.by_grade.get(g, 0), t("grade." + g, lang)) for g in GRADES]
    if docs:
        cards += [(len(docs), t("doc.files", lang)), (sum(1 for d in docs if d.status == "skipped"), t("doc.files_skipped", lang)),
                  (sum(d.indicators for d in docs), t("doc.indicators", lang)),
                  (sum(d.background for d in docs), t("doc.background", lang)), (n_cascade, t("doc.cascade", lang))]
        n_uncertain = sum(len(d.uncertain) for d in docs)
        if n_uncertain:
            cards.append((n_uncertain, t("doc.uncertain_heading", lang)))
    # charts
    per_level: dict[str, Counter] = defaultdict(Counter)
    per_owner: dict[str, Counter] = defaultdict(Counter)
    for g in ok:
        per_level[g.level.value][g.grade] += 1
        per_owner[g.source.owner if g.source and g.source.owner else t("no_owner", lang)][g.grade] += 1
    level_rows = [(t("level." + lv, lang), dict(per_level[lv])) for lv in LEVEL_ORDER if lv in per_level]
    owner_rows = [(name, dict(c)) for name, c in sorted(per_owner.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:15]]
    problems: Counter = Counter()
    for g in ok:
        for rule in {f.rule for f in g.findings}:
            problems[rule] += 1
    for d in docs:
        for f in d.findings:
            problems[f.rule] += 1
    problem_rows = [(rule_title(rule, lang), _anchor("rule", rule), n) for rule, n in problems.most_common(10)]
    rules = sorted(set(problems), key=lambda r: (r[:2], r))
    files = sorted({g.source.file for g in goals if g.source and g.source.file})
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    kolada = any(i.source == "kolada" for g in goals for i in g.indicators)
    groups = _groups(goals, lang)

    toc = [f'<li><a href="#totals">{et("html.totals", lang)}</a></li>',
           f'<li><a href="#charts">{et("html.charts", lang)}</a></li>']
    if docs:
        toc.append(f'<li><a href="#documents">{et("doc.documents", lang)}</a>'
                   + ("<ol>" + "".join(f'<li><a href="#{_anchor("uncertain", d.file)}">{et("doc.uncertain_heading", lang)}: '
                                       f'{e(d.file)}</a> <span class="n">({len(d.uncertain)})</span></li>'
                                       for d in docs if d.uncertain) + "</ol>" if any(d.uncertain for d in docs) else "")
                   + "</li>")
    toc.append(f'<li><a href="#tree">{et("html.tree", lang)}</a></li>')
    toc.append(f'<li><a href="#goals">{et("html.goals", lang)}</a><ol>'
               + "".join(f'<li><a href="#{a}">{e(name)}</a> <span class="n">({sum(len(gs) for _, _, gs in owners)})</span><ol>'
                         + "".join(f'<li><a href="#{oa}">{e(oname)}</a> <span class="n">({len(gs)})</span></li>'
                                   for oa, oname, gs in owners) + "</ol></li>"
                         for a, name, owners in groups) + "</ol></li>")
    if rules:
        toc.append(f'<li><a href="#remarks">{et("html.about_remarks", lang)}</a></li>')

    goal_sections = []
    for anchor, name, owners in groups:
        goal_sections.append(f'<h3 id="{anchor}">{e(name[:1].upper() + name[1:])}</h3>')
        for oanchor, oname, gs in owners:
            goal_sections.append(f'<h4 id="{oanchor}">{e(oname)} <span class="n">({len(gs)})</span></h4>')
            goal_sections += [_goal_row(g, cascade_by_goal.get(g.id, []), by_id, lang) for g in gs]

    title = t("html.title", lang)
    parts = [
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}{(" – " + e(", ".join(files)[:120])) if files else ""}</title>'
        f"<style>{CSS}</style></head><body><main>",
        f'<header><h1>{e(title)}</h1>' + (f'<p class="muted">{e(", ".join(files))}</p>' if files else "")
        + f'<p class="muted">{e(t("html.generated", lang, when=when, version=report.malkoll_version))}. '
          f'{et("html.about", lang)}</p></header>',
        f'<nav class="toc" aria-labelledby="contents"><h2 id="contents">{et("html.contents", lang)}</h2><ol>{"".join(toc)}</ol></nav>',
        f'<section aria-labelledby="totals"><h2 id="totals">{et("html.totals", lang)}</h2><div class="cards">'
        + "".join(f'<div class="card"><b>{n}</b>{e(label)}</div>' for n, label in cards) + "</div></section>",
        f'<section aria-labelledby="charts"><h2 id="charts">{et("html.charts", lang)}</h2><div class="charts">'
        + grade_chart("chart-level", t("html.by_level", lang), t("html.axis_level", lang), level_rows, lang)
        + grade_chart("chart-owner", t("html.by_owner", lang), t("html.axis_owner", lang), owner_rows, lang)
        + count_chart("chart-problems", t("html.problems", lang), problem_rows, lang)
        + f'</div><p class="muted">{et("html.legend", lang)}</p></section>',
        _documents(report, by_id, lang),
        f'<section aria-labelledby="tree"><h2 id="tree">{et("html.tree", lang)}</h2>{_tree(report, lang)}</section>',
        f'<section aria-labelledby="goals"><h2 id="goals">{et("html.goals", lang)}</h2>'
        f'<p class="muted">{et("html.goals_hint", lang)}</p>{"".join(goal_sections)}</section>',
        _rule_docs(rules, lang) if rules else "",
        "<footer>" + (f"<p>{et('html.kolada_note', lang)} {et('kolada_source', lang)}</p>" if kolada else "")
        + f"<p>Målkoll {e(report.malkoll_version)}</p></footer></main></body></html>\n",
    ]
    return "".join(parts)
