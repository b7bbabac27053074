"""JUnit XML for CI test reports: one test suite per source file, one test case per goal; a goal
fails when it has findings at or above fail-on, and is an error when it could not be analyzed."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from malkoll.i18n import t
from malkoll.renderers._locate import display_path, document_items, file_of, region
from malkoll.report import Report

from malkoll.vocabulary import SEVERITY_RANK as RANK  # noqa: E402


NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _fails(finding, fail_on: str) -> bool:
    return fail_on != "never" and RANK[finding.severity] >= RANK[fail_on]


def render(report: Report, lang: str = "sv", config=None, **_) -> str:
    fail_on = getattr(config, "fail_on", "warning")
    suites: dict[str, ET.Element] = {}
    counts: dict[str, dict[str, int]] = {}
    root = ET.Element("testsuites", name="Målkoll")
    for goal in report.goals:
        name = display_path(file_of(goal)) if file_of(goal) else ("stdin" if goal.source else "text")
        if name not in suites:
            suites[name] = ET.SubElement(root, "testsuite", name=name)
            counts[name] = {"tests": 0, "failures": 0, "errors": 0}
        c = counts[name]
        c["tests"] += 1
        where = goal.source.location if goal.source and goal.source.location else ""
        label = goal.text if len(goal.text) <= 80 else goal.text[:77] + "…"
        case = ET.SubElement(suites[name], "testcase", classname=name,
                             name=f"{goal.id}{' (' + where + ')' if where else ''}: {label}")
        if file_of(goal):
            case.set("file", display_path(file_of(goal)))
            if goal.source.line:
                case.set("line", str(goal.source.line))
        if goal.error:
            c["errors"] += 1
            ET.SubElement(case, "error", message=goal.error, type="input")
            continue
        failing = [f for f in goal.findings if _fails(f, fail_on)]
        lines = []
        for f in goal.findings:
            reg = region(goal, f)
            pos = f"{reg['startLine']}:{reg.get('startColumn', 1)}" if "startLine" in reg else f"{f.start}-{f.end}"
            lines.append(f"{pos} {f.severity} {f.rule} {f.name}: {f.message}")
        if failing:
            c["failures"] += 1
            worst = max(failing, key=lambda f: RANK[f.severity])
            fail = ET.SubElement(case, "failure", type=worst.severity,
                                 message=t("junit.failure", lang, verdict=f"{goal.grade} ({goal.score}/100)",
                                           n=len(failing), fail_on=fail_on))
            fail.text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
        if goal.suppressed:
            props = ET.Element("properties")
            case.insert(0, props)
            ET.SubElement(props, "property", name="suppressed", value=str(goal.suppressed))
    by_doc: dict[str, list] = {}
    for doc, f, goal in document_items(report):  # the cascade checks and skipped files, one case per file
        by_doc.setdefault(doc.file, []).append((doc, f))
    for file, items in by_doc.items():
        name = display_path(file)
        if name not in suites:
            suites[name] = ET.SubElement(root, "testsuite", name=name)
            counts[name] = {"tests": 0, "failures": 0, "errors": 0}
        c = counts[name]
        c["tests"] += 1
        case = ET.SubElement(suites[name], "testcase", classname=name,
                             name=t("dim.cascade", lang).lower(), file=name)
        skipped = [doc for doc, f in items if f is None]
        findings = [f for doc, f in items if f is not None]
        if skipped:
            c["errors"] += 1
            ET.SubElement(case, "error", message=skipped[0].reason or t("doc.status_skipped", lang), type="input")
            continue
        text = "\n".join(f"{f.severity} {f.rule} {f.name} ({f.goal}): {f.message}" for f in findings)
        if any(_fails(f, fail_on) for f in findings):
            c["failures"] += 1
            ET.SubElement(case, "failure", type=max(findings, key=lambda f: RANK[f.severity]).severity,
                          message=t("junit.cascade", lang, n=len(findings))).text = text
        else:
            ET.SubElement(case, "system-out").text = text
    for name, suite in suites.items():
        for k, v in counts[name].items():
            suite.set(k, str(v))
    root.set("tests", str(sum(c["tests"] for c in counts.values())))
    root.set("failures", str(sum(c["failures"] for c in counts.values())))
    root.set("errors", str(sum(c["errors"] for c in counts.values())))
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    # XML 1.0 has no place for most control characters (a goal text may hold a form feed or a
    # vertical tab) or lone surrogates; ElementTree writes them as they are, making the file invalid
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + NOT_XML_RE.sub("\ufffd", xml) + "\n"
