"""Rule documentation generated from the catalogue: one text for `malkoll explain`, docs/rules,
SARIF help and the web page."""
from __future__ import annotations

import json

from malkoll.rules.base import RuleMeta, all_rules

HEAD = {
    "sv": {"what": "Vad regeln gör", "why": "Varför", "examples": "Exempel", "instead": "Skriv i stället",
           "bad": "Ger träff", "good": "Ger ingen träff", "dimension": "Dimension", "severity": "Allvarlighet",
           "by_level": "per nivå"},
    "en": {"what": "What it does", "why": "Why", "examples": "Examples", "instead": "Write instead",
           "bad": "Flagged", "good": "Not flagged", "dimension": "Dimension", "severity": "Severity",
           "by_level": "by level"},
}


def _marked(ex) -> str:
    text, out, pos = ex.text, [], 0
    for s, e in ex.spans:
        out.append(text[pos:s] + "**" + text[s:e] + "**")
        pos = e
    return "".join(out) + text[pos:]


def rule_markdown(meta: RuleMeta, lang: str = "sv") -> str:
    h = HEAD.get(lang, HEAD["sv"])
    doc = meta.doc.get(lang) or meta.doc["sv"]
    sev = meta.severity
    if meta.severity_by_level:
        sev += f" ({h['by_level']}: " + ", ".join(f"{k} {v}" for k, v in meta.severity_by_level.items()) + ")"
    lines = [f"# {meta.id} {meta.name}", "",
             f"{h['dimension']}: `{meta.dimension}` · {h['severity']}: {sev}", "",
             f"## {h['what']}", "", doc["what"], "", f"## {h['why']}", "", doc["why"], "",
             f"## {h['examples']}", "", f"{h['bad']}:", ""]
    lines += [f"- {_marked(ex)}" for ex in meta.bad]
    lines += ["", f"{h['good']}:", ""]
    lines += [f"- {ex.text}" for ex in meta.good]
    lines += ["", f"## {h['instead']}", "", doc["instead"], ""]
    return "\n".join(lines)


def rule_dict(meta: RuleMeta, lang: str = "sv") -> dict:
    doc = meta.doc.get(lang) or meta.doc["sv"]
    return {"id": meta.id, "name": meta.name, "dimension": meta.dimension, "severity": meta.severity,
            "severity_by_level": meta.severity_by_level, "fails_dimension": meta.fails_dimension,
            "message": meta.message.get(lang) or meta.message["sv"],
            "suggestion": (meta.suggestion.get(lang) or meta.suggestion.get("sv")),
            "doc": doc, "examples": {"bad": [_marked(e) for e in meta.bad], "good": [e.text for e in meta.good]}}


def catalogue_as(fmt: str, lang: str = "sv") -> str:
    metas = [r.meta for r in all_rules()]
    if fmt == "json":
        return json.dumps([rule_dict(m, lang) for m in metas], ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return "\n".join(rule_markdown(m, lang) for m in metas)
    width = max(len(m.name) for m in metas)
    lines = []
    for m in metas:
        msg = (m.doc.get(lang) or m.doc["sv"])["what"].split(". ")[0].rstrip(".")
        lines.append(f"{m.id}  {m.name:<{width}}  {m.dimension:<13} {m.severity:<10} {msg[:90]}")
    return "\n".join(lines) + "\n"
