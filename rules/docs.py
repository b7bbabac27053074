"""Rule documentation generated from the catalogue: one text for `malkoll explain`, docs/rules,
SARIF help and the web page."""
from __future__ import annotations

import json

from malkoll.i18n import t
from malkoll.rules.base import RuleMeta, all_rules


def _heads(lang: str) -> dict[str, str]:
    """The documentation's headings from the one string catalogue (malkoll.i18n, `docs.`)."""
    return {k: t(f"docs.{k}", lang) for k in ("what", "why", "examples", "instead", "bad", "good",
                                                "dimension", "severity", "by_level")}


def _marked(ex) -> str:
    text, out, pos = ex.text, [], 0
    for s, e in ex.spans:
        out.append(text[pos:s] + "**" + text[s:e] + "**")
        pos = e
    return "".join(out) + text[pos:]


def _example_item(ex, marked: bool) -> str:
    """One example as a list item; a multi-line example (a document outline) as a text block in
    the item, with the flagged words between ⟦ ⟧."""
    if "\n" not in ex.text:
        return f"- {_marked(ex) if marked else ex.text}"
    text = ex.text
    if marked:
        out, pos = [], 0
        for s, e in ex.spans:
            out.append(text[pos:s] + "⟦" + text[s:e] + "⟧")
            pos = e
        text = "".join(out) + text[pos:]
    body = "\n".join(("  " + line) if line.strip() else "" for line in text.strip("\n").splitlines())
    return f"-\n  ```text\n{body}\n  ```"


def rule_markdown(meta: RuleMeta, lang: str = "sv") -> str:
    h = _heads(lang)
    doc = meta.doc.get(lang) or meta.doc["sv"]
    sev = meta.severity
    if meta.severity_by_level:
        sev += f" ({h['by_level']}: " + ", ".join(f"{k} {v}" for k, v in meta.severity_by_level.items()) + ")"
    title = meta.title.get(lang) or meta.title.get("sv")
    lines = [f"# {meta.id} {meta.name}" + (f": {title}" if title else ""), "",
             f"{h['dimension']}: `{meta.dimension}` · {h['severity']}: {sev}", "",
             f"## {h['what']}", "", doc["what"], "", f"## {h['why']}", "", doc["why"], "",
             f"## {h['examples']}", "", f"{h['bad']}:", ""]
    lines += [_example_item(ex, marked=True) for ex in meta.bad]
    lines += ["", f"{h['good']}:", ""]
    lines += [_example_item(ex, marked=False) for ex in meta.good]
    lines += ["", f"## {h['instead']}", "", doc["instead"], ""]
    return "\n".join(lines)


def rule_dict(meta: RuleMeta, lang: str = "sv") -> dict:
    doc = meta.doc.get(lang) or meta.doc["sv"]
    return {"id": meta.id, "name": meta.name, "dimension": meta.dimension, "severity": meta.severity,
            "severity_by_level": meta.severity_by_level, "fails_dimension": meta.fails_dimension,
            "message": meta.message.get(lang) or meta.message["sv"],
            "suggestion": (meta.suggestion.get(lang) or meta.suggestion.get("sv")),
            "title": meta.title.get(lang) or meta.title.get("sv"),
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


# --- generated documentation: docs/rules/<ID>-<name>.md (Swedish), docs/rules/en/ (English) -----

def rule_filename(meta: RuleMeta) -> str:
    return f"{meta.id}-{meta.name}.md"


def generated_docs() -> dict[str, str]:
    """Relative path -> content of every generated page (Swedish at the top, English under en/)."""
    metas = [r.meta for r in all_rules()]
    pages: dict[str, str] = {}
    for lang, prefix in (("sv", ""), ("en", "en/")):
        other = "en/" if lang == "sv" else "../"
        note, title, intro, head = (t(f"docs.{k}", lang) for k in ("generated", "index_title", "index_intro", "index_head"))
        rows = []
        for m in metas:
            page = rule_markdown(m, lang).rstrip("\n")
            link = t("docs.other_lang", lang)
            pages[prefix + rule_filename(m)] = (f"{note}\n\n{page}\n\n"
                                                f"[{link}]({other}{rule_filename(m)})\n")
            what = (m.doc.get(lang) or m.doc["sv"])["what"].split(". ")[0].rstrip(".").replace("|", "\\|")
            rows.append(f"| [{m.id}]({rule_filename(m)}) | `{m.name}` | `{m.dimension}` | {m.severity} | {what}. |")
        pages[prefix + "README.md"] = "\n".join([note, "", title, "", intro, "", head,
                                                 "|---|---|---|---|---|", *rows, ""])
    return pages


def write_docs(folder) -> list[str]:
    """Write the generated pages under `folder`, removing stale pages; returns the written paths."""
    from pathlib import Path

    folder = Path(folder)
    pages = generated_docs()
    for sub in (folder, folder / "en"):
        if sub.is_dir():
            for old in sub.glob("MK*.md"):
                if str(old.relative_to(folder).as_posix()) not in pages:
                    old.unlink()
    for rel, text in pages.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(pages)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m malkoll.rules.docs",
                                 description="Skriv regeldokumentationen (docs/rules) från regelkatalogen.")
    ap.add_argument("--write", metavar="MAPP", help="mappen att skriva till, t.ex. docs/rules")
    ap.add_argument("--check", metavar="MAPP", help="avsluta med 1 om mappen inte stämmer med katalogen")
    args = ap.parse_args(argv)
    if args.write:
        written = write_docs(args.write)
        print(f"{len(written)} sidor skrivna till {args.write}")
        return 0
    if args.check:
        from pathlib import Path

        stale = [rel for rel, text in generated_docs().items()
                 if not (Path(args.check) / rel).is_file() or (Path(args.check) / rel).read_text(encoding="utf-8") != text]
        for rel in stale:
            print(f"inaktuell: {rel}", file=sys.stderr)
        return 1 if stale else 0
    ap.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
