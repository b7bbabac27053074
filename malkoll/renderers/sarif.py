"""SARIF 2.1.0 for code-scanning tools: the rule catalogue (with help text) in tool.driver, one
result per finding with its place in the file, goals that could not be analyzed as notifications."""
from __future__ import annotations

import json

from malkoll.i18n import t
from malkoll.renderers._locate import artifact_uri, display_path, document_items, file_of, region
from malkoll.report import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"suggestion": "note", "warning": "warning", "error": "error"}
LANG_TAG = {"sv": "sv-SE", "en": "en-US"}


def _first_sentence(s: str) -> str:
    head = s.split(". ")[0].rstrip(".")
    return head + "."


def driver_rules(lang: str = "sv") -> list[dict]:
    from malkoll.rules.base import all_rules
    from malkoll.rules.docs import rule_markdown

    out = []
    for rule in all_rules():
        meta = rule.meta
        doc = meta.doc.get(lang) or meta.doc["sv"]
        out.append({
            "id": meta.id,
            "name": meta.name,
            "shortDescription": {"text": _first_sentence(doc["what"])},
            "fullDescription": {"text": doc["what"]},
            "help": {"text": f"{doc['what']}\n\n{doc['why']}\n\n{doc['instead']}",
                     "markdown": rule_markdown(meta, lang)},
            "defaultConfiguration": {"level": LEVEL[meta.severity]},
            "properties": {"dimension": meta.dimension, "tags": ["malkoll", meta.dimension],
                           "severityByLevel": meta.severity_by_level},
        })
    return out


def to_sarif(report: Report, lang: str = "sv") -> dict:
    rules = driver_rules(lang)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results, notes = [], []
    for goal in report.goals:
        location = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(goal)}}}
        if goal.error:
            reg = region(goal)
            loc = dict(location["physicalLocation"])
            if reg:
                loc["region"] = reg
            notes.append({"level": "error", "message": {"text": f"{goal.id}: {goal.error}"},
                          "locations": [{"physicalLocation": loc}]})
            continue
        for f in goal.findings:
            phys = {"artifactLocation": {"uri": artifact_uri(goal)}}
            reg = region(goal, f)
            if reg:
                phys["region"] = reg
            text = f.message + (f" {f.suggestion}" if f.suggestion else "")
            results.append({
                "ruleId": f.rule, "ruleIndex": index[f.rule], "level": LEVEL[f.severity],
                "message": {"text": text},
                "locations": [{"physicalLocation": phys}],
                "properties": {"goal": goal.id, "name": f.name, "dimension": f.dimension, "excerpt": f.excerpt,
                               "grade": goal.grade, "score": goal.score,
                               "level": goal.level.value if goal.level else None,
                               **({"file": file_of(goal)} if file_of(goal) else {})},
            })
    for doc, f, goal in document_items(report):
        uri = artifact_uri(goal) if goal is not None else _doc_uri(doc.file)
        phys = {"artifactLocation": {"uri": uri}}
        reg = region(goal) if goal is not None else {}
        if reg:
            phys["region"] = reg
        if f is None:  # a file that could not be read
            notes.append({"level": "error", "message": {"text": f"{doc.file}: {doc.reason or t('doc.status_skipped', lang)}"},
                          "locations": [{"physicalLocation": phys}]})
            continue
        if f.rule not in index:
            continue
        results.append({
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": LEVEL[f.severity],
            "message": {"text": f.message + (f" {f.suggestion}" if f.suggestion else "")},
            "locations": [{"physicalLocation": phys}],
            "properties": {"goal": f.goal, "name": f.name, "dimension": f.dimension, "related": f.related,
                           "file": doc.file},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "Målkoll", "semanticVersion": report.malkoll_version,
                                "version": report.malkoll_version, "language": LANG_TAG.get(lang, "sv-SE"),
                                "rules": rules}},
            "language": LANG_TAG.get(lang, "sv-SE"),
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
            "results": results,
            "properties": {"summary": report.summary.model_dump()},
        }],
    }


def _doc_uri(file: str) -> str:
    from pathlib import Path
    from urllib.parse import quote

    shown = display_path(file)
    return Path(shown).as_uri() if Path(shown).is_absolute() else quote(shown, safe="/-_.~")


def render(report: Report, lang: str = "sv", **_) -> str:
    return json.dumps(to_sarif(report, lang), ensure_ascii=False, indent=2) + "\n"
