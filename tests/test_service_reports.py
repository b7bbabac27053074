"""What the web page needs from the service, tested over HTTP: the reports as files
(`?format=html|xlsx` on POST /v1/analyze and /v1/documents, the CLI's renderers), the page's strings
from the one catalogue (GET /i18n.json, filled into the page in the asked language), and a page
without inline script or style (so a strict Content-Security-Policy holds)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from malkoll.i18n import STRINGS, web_strings
from malkoll.service.main import create_app
from malkoll.service.routers.web import STATIC_DIR
from malkoll.service.settings import Settings

VAGUE = "Vi ska verka för en god kvalitet i skolan."
GOOD = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings()), base_url="http://localhost") as c:
        yield c


def test_analyze_as_html_report(client):
    r = client.post("/v1/analyze?format=html", json={"goals": [{"text": VAGUE}, {"text": GOOD}],
                                                     "options": {"suggestions": False}})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"].startswith("attachment;") and "granskning-malkoll.html" in r.headers["content-disposition"]
    assert r.headers["x-malkoll-fails"] == "1"
    assert '<html lang="sv">' in r.text and r.text.count('<details class="goal"') == 2 and VAGUE in r.text
    en = client.post("/v1/analyze?format=html", json={"text": VAGUE, "lang": "en", "options": {"suggestions": False}})
    assert '<html lang="en">' in en.text and "review-malkoll.html" in en.headers["content-disposition"]


def test_analyze_as_excel_report(client):
    r = client.post("/v1/analyze?format=xlsx", json={"goals": [{"text": VAGUE}, {"text": GOOD}],
                                                     "options": {"suggestions": False}})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    rows = list(book["Målkoll – mål"].iter_rows(values_only=True))
    goal_col = rows[0].index("Mål")
    assert [row[goal_col] for row in rows[1:]] == [VAGUE, GOOD]


def test_json_stays_the_default_and_unknown_formats_are_refused(client):
    r = client.post("/v1/analyze", json={"text": VAGUE, "options": {"suggestions": False}})
    assert r.headers["content-type"].startswith("application/json") and r.json()["goals"][0]["text"] == VAGUE
    assert client.post("/v1/analyze?format=json", json={"text": VAGUE, "options": {"suggestions": False}}).json() == r.json()
    bad = client.post("/v1/analyze?format=pdf", json={"text": VAGUE})
    assert bad.status_code == 422 and bad.json()["message"] and bad.json()["message_en"]


def test_uploaded_workbook_as_excel_report_a_row_per_goal_named_as_uploaded(client):
    import fixtures_bsp as F

    fixture = F.generated("xlsx")
    r = client.post("/v1/documents?format=xlsx", data={"suggestions": "false"},
                    files={"file": ("Mål och budget.xlsx", fixture.path.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200, r.text
    assert "filename*=UTF-8''M%C3%A5l%20och%20budget-malkoll.xlsx" in r.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == ["Målkoll – mål", "Målkoll – sammanfattning"]
    rows = list(book["Målkoll – mål"].iter_rows(values_only=True))
    assert len(rows) == len(fixture.goals) + 1
    head = rows[0]
    assert [(r[head.index("Blad")], r[head.index("Rad")]) for r in rows[1:]] == [
        ("Mål och indikatorer", int(g.location.rsplit("D", 1)[1])) for g in fixture.goals]
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert "Mål och budget.xlsx" in cells and not any("/tmp" in c or "malkoll-upload" in c for c in cells)
    html = client.post("/v1/documents?format=html", data={"suggestions": "false"},
                       files={"file": ("Mål och budget.xlsx", fixture.path.read_bytes(), "application/octet-stream")})
    assert html.status_code == 200 and "Mål och budget.xlsx" in html.text and "/tmp" not in html.text


def test_page_strings_come_from_the_one_catalogue(client):
    data = client.get("/i18n.json").json()
    assert set(data) == {"sv", "en"} and set(data["sv"]) == set(data["en"])
    assert data["sv"] == web_strings()["sv"]
    assert data["sv"]["rule.MK501"] == "Lovar en ansträngning, inte ett resultat"
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    app = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    keys = set(re.findall(r'data-i18n="([^"]+)"', page)) | set(re.findall(r'\bt\("([^"]+)"', app))
    # t("grade." + …) names a prefix: some key must start with it
    missing = sorted(k for k in keys if k not in data["sv"] and not (k.endswith(".") and any(x.startswith(k) for x in data["sv"])))
    assert not missing, missing
    # app.js writes no words of its own: every Swedish word a person reads comes from the catalogue
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", app, flags=re.S)
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', code)
    swedish = [s for s in literals if re.search(r"[åäöÅÄÖ]", s)]
    assert set(swedish) <= {"Källa: Kolada"}, swedish  # Kolada's attribution is the same in every language


SERVICE = Path(__file__).resolve().parents[1] / "service"
RENDERERS = Path(__file__).resolve().parents[1] / "malkoll" / "renderers"
INGEST = Path(__file__).resolve().parents[1] / "malkoll" / "ingest"
DOC_ARGS = {"description", "summary", "examples", "openapi_examples", "title"}  # OpenAPI documentation, for developers
NAMES = ("Målkoll", "Källa: Kolada")  # the same in every language


def _swedish_literals(path: Path) -> list[str]:
    """String literals with Swedish letters a person could read: not docstrings, not OpenAPI
    documentation (descriptions, summaries, examples), not names that are the same in every language."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # a docstring
        doc_values = [k.value for k in getattr(node, "keywords", []) if k.arg in DOC_ARGS]
        if isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and x.id.isupper() and
                                                (x.id.startswith("EX_") or "DESCRIPTION" in x.id or "EXAMPLE" in x.id)
                                                for x in node.targets):
            doc_values.append(node.value)
        for value in doc_values:
            skip.update(id(n) for n in ast.walk(value))
    return [f"{path.name}:{n.lineno}: {n.value[:60]!r}" for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
            and re.search(r"[åäöÅÄÖ]", re.sub(r"\[[^\]]*\]", "", re.sub("|".join(NAMES), "", n.value)))]  # not a regex's [A-ZÅÄÖ]


def test_every_catalogue_string_has_swedish_and_english():
    incomplete = [k for k, v in STRINGS.items() if not (v.get("sv") and v.get("en"))]
    assert not incomplete, incomplete
    same_shape = [k for k, v in STRINGS.items() if isinstance(v["sv"], str) and
                  set(re.findall(r"\{(\w+)\}", v["sv"])) != set(re.findall(r"\{(\w+)\}", v["en"]))]
    assert not same_shape, same_shape  # both languages take the same placeholders


def test_service_and_report_texts_come_from_the_one_catalogue():
    """The service's error texts (api.*), the indicator disclaimer, the readers' errors (read.*) and
    the renderers' words are the catalogue's: every key the code names exists, and no Swedish
    sentence is written in the code."""
    files = [p for p in sorted(SERVICE.rglob("*.py")) if p.name not in ("main.py", "settings.py")]
    files += sorted(RENDERERS.glob("*.py")) + sorted(INGEST.glob("*.py"))
    keys: set[str] = set()
    for path in files:
        code = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'\b(?:api_error|catalogue_response)\(\s*\d+,\s*"[^"]+",\s*"([^"]+)"', code))
        keys |= set(re.findall(r'\bread_error\([^,()]+(?:\([^()]*\))?,\s*"([^"]+)"', code))
        keys |= set(re.findall(r'\brefuse\(\s*"([^"]+)"', code))
        keys |= set(re.findall(r'\bt\(\s*"([a-z_]+(?:\.[a-z_.0-9]+)?)"', code))
    assert {"api.unauthorized", "api.no_goals", "api.http.400", "kolada_disclaimer", "doc.uncertain_heading",
            "link.breaks_down", "api.busy", "api.too_slow", "read.empty", "read.missing", "read.xml_declarations", "read.pdf_no_text"} <= keys
    # t("api.type." + …) names a prefix: the words it is completed with must be there
    from malkoll.service.errors import HTTP_TEXT, TYPE_TEXT

    keys |= {f"api.type.{v}" for v in TYPE_TEXT.values()} | {f"api.http.{s}" for s in HTTP_TEXT}
    missing = sorted(k for k in keys if k not in STRINGS and not (k.endswith(".") and any(x.startswith(k) for x in STRINGS)))
    assert not missing, missing
    # analysis.py is scanned for its keys; its Swedish literals are goal texts the service warms up on (data)
    swedish = [s for path in files if path.name != "analysis.py" for s in _swedish_literals(path)]
    assert not swedish, swedish


def test_error_bodies_and_the_disclaimer_are_the_catalogues(client):
    wrong = client.put("/v1/analyze", json={"text": VAGUE})
    assert wrong.status_code == 405
    assert (wrong.json()["message"], wrong.json()["message_en"]) == (STRINGS["api.http.405"]["sv"], STRINGS["api.http.405"]["en"])
    bad = client.post("/v1/analyze", json={"text": 5})
    detail = bad.json()["details"][0]
    assert (detail["message"], detail["message_en"]) == ("text: ska vara text", "text: must be text")
    long = client.post("/v1/analyze", json={"goals": [{"text": VAGUE}], "options": {"fail_on": "allt"}})
    assert long.status_code == 422 and "tillåtet: " in long.json()["message"] and "allowed: " in long.json()["message_en"]
    for lang in ("sv", "en"):
        r = client.get("/v1/indicators", params={"q": "andel elever behöriga till gymnasiet", "lang": lang})
        assert r.status_code == 200, r.text  # the index ships with the package
        assert r.json()["disclaimer"] == STRINGS["kolada_disclaimer"][lang] and r.json()["attribution"] == "Källa: Kolada"


def test_page_is_filled_in_the_asked_language(client):
    sv = client.get("/").text
    en = client.get("/?lang=en").text
    assert '<html lang="sv">' in sv and f"<h1 data-i18n=\"title\">{STRINGS['web.title']['sv']}</h1>" in sv
    assert '<html lang="en">' in en and f"<h1 data-i18n=\"title\">{STRINGS['web.title']['en']}</h1>" in en
    assert "{{" not in sv and "{{" not in en
    assert ">Nämndmål</option>" in sv and ">Committee goal</option>" in en


def test_page_has_no_inline_script_or_style():
    """A strict CSP (script-src 'self'; style-src 'self') must hold: no inline code anywhere."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert "<style" not in page and " style=" not in page and not re.search(r"\son[a-z]+=", page)
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", page))
    app = (STATIC_DIR / "app.js").read_text(encoding="utf-8")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", 'setAttribute("style"',
                      "document.write", "cssText"):
        assert forbidden not in app, forbidden


def test_openapi_documents_the_report_files(client):
    spec = client.get("/openapi.json").json()
    for path in ("/v1/analyze", "/v1/documents"):
        op = spec["paths"][path]["post"]
        assert any(p["name"] == "format" for p in op["parameters"])
        assert {"application/json", "text/html"} <= set(op["responses"]["200"]["content"])


def test_static_assets_are_local(client):
    for path in Path(STATIC_DIR).iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), path.name
        assert "url(http" not in text and "@import" not in text
