"""The HTTP service: the JSON contract over HTTP, every limit, malformed requests, token, CORS, the page."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from malkoll.config import Config
from malkoll.engine import analyze, analyze_many
from malkoll.service.main import create_app
from malkoll.service.settings import Settings

VAGUE = "Vi ska verka för en god kvalitet i skolan."
GOOD = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."
LIMITS = dict(max_goal_chars=400, max_goals=4, max_body_bytes=8_000, max_upload_bytes=6_000, max_document_goals=5)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(**LIMITS)), base_url="http://localhost") as c:
        yield c


def post(client, body, **kw):
    return client.post("/v1/analyze", json=body, **kw)


def assert_error(r, status, code=None):
    assert r.status_code == status, r.text
    data = r.json()
    assert data["message"] and data["message_en"], data
    assert data["message"] != data["message_en"]
    if code:
        assert data["code"] == code, data
    return data


# --------------------------------------------------------------------------- #
# the contract
# --------------------------------------------------------------------------- #
def test_one_goal_returns_exactly_the_report(client):
    r = post(client, {"text": VAGUE, "options": {"suggestions": False}})
    assert r.status_code == 200, r.text
    expected = analyze(VAGUE, config=Config(max_goal_chars=400, suggestions=False)).model_dump(mode="json")
    assert r.json() == expected
    goal = r.json()["goals"][0]
    assert goal["grade"] == "vague" and goal["level"]["from"] == "inferred"
    assert {"verka för", "god kvalitet"} <= {f["excerpt"] for f in goal["findings"]}
    assert r.headers["x-malkoll-fails"] == "1"


def test_batch_keeps_order_ids_and_reports_bad_goals(client):
    goals = [{"text": GOOD, "id": "bun-1", "level": "committee", "owner": "Barn- och utbildningsnämnden"},
             {"text": "   "},
             {"text": "x" * 401, "id": "lang"},
             {"text": VAGUE}]
    r = post(client, {"goals": goals, "options": {"suggestions": False}})
    assert r.status_code == 200, r.text
    out = r.json()["goals"]
    assert [g["id"] for g in out] == ["bun-1", "g2", "lang", "g4"]
    assert out[0]["grade"] == "good" and out[0]["level"] == {"value": "committee", "from": "caller"}
    assert out[1]["error"] and out[1]["grade"] is None
    assert "400" in out[2]["error"]
    assert out[3]["grade"] == "vague" and out[3]["error"] is None
    assert r.json()["summary"]["errors"] == 2
    expected = analyze_many(goals, config=Config(max_goal_chars=400, suggestions=False)).model_dump(mode="json")
    assert r.json() == expected


def test_english_messages(client):
    sv = post(client, {"text": VAGUE, "options": {"suggestions": False}}).json()["goals"][0]["findings"]
    en = post(client, {"text": VAGUE, "lang": "en", "options": {"suggestions": False}}).json()["goals"][0]["findings"]
    assert [f["rule"] for f in sv] == [f["rule"] for f in en]
    assert sv[0]["message"] != en[0]["message"]


def test_options_map_onto_config(client):
    r = post(client, {"text": VAGUE, "options": {"level": "committee", "ignore": ["no_vagueness"],
                                                   "fail_on": "never", "suggestions": False}})
    goal = r.json()["goals"][0]
    assert goal["level"] == {"value": "committee", "from": "caller"}
    assert not [f for f in goal["findings"] if f["dimension"] == "no_vagueness"]
    assert goal["indicators"] == [] and goal["rewrite"] is None
    assert r.headers["x-malkoll-fails"] == "0"


def test_suggestions_carry_kolada_indicators(client):
    goal = post(client, {"text": "Andelen elever som är behöriga till gymnasiet ska öka."}).json()["goals"][0]
    assert goal["indicators"], goal
    assert {i["source"] for i in goal["indicators"]} <= {"kolada", "constructed"}


# --------------------------------------------------------------------------- #
# bad requests: always 4xx with a Swedish and an English message
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("body", [
    {}, {"text": ""}, {"text": "   \n"}, {"text": 5}, {"text": None}, {"text": ["a"]},
    {"goals": []}, {"goals": "Vi ska"}, {"goals": [{"id": "x"}]}, {"goals": [{"text": 5}]}, {"goals": ["Vi ska"]},
    {"text": VAGUE, "goals": [{"text": VAGUE}]}, {"text": VAGUE, "lang": "de"}, {"text": VAGUE, "colour": 1},
    {"text": VAGUE, "options": {"level": "kommun"}}, {"text": VAGUE, "options": {"unknown": True}},
    {"text": VAGUE, "options": {"suggestions": "kanske"}}, {"text": VAGUE, "options": "all"},
    {"goals": [{"text": VAGUE, "level": "top"}]}, [VAGUE], VAGUE, 42, None,
])
def test_invalid_bodies_get_422(client, body):
    assert_error(post(client, body), 422)


def test_invalid_json_gets_400(client):
    r = client.post("/v1/analyze", content=b'{"text": "Vi ska', headers={"content-type": "application/json"})
    assert_error(r, 400, "invalid_json")


def test_empty_body_is_refused(client):
    r = client.post("/v1/analyze", content=b"", headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500 and r.json()["message"]


@pytest.mark.parametrize("ctype,payload", [("text/plain", VAGUE.encode()), ("application/x-www-form-urlencoded", b"text=hej"),
                                           ("application/xml", b"<text>hej</text>")])
def test_non_json_content_type_gets_415(client, ctype, payload):
    assert_error(client.post("/v1/analyze", content=payload, headers={"content-type": ctype}), 415)


def test_too_many_goals(client):
    data = assert_error(post(client, {"goals": [{"text": VAGUE}] * 5}), 422, "too_many_goals")
    assert "4" in data["message"]


def test_one_goal_too_long(client):
    data = assert_error(post(client, {"text": "å" * 401}), 422, "goal_too_long")
    assert "400" in data["message"] and "401" in data["message"]


def test_body_too_large_by_content_length(client):
    assert_error(post(client, {"goals": [{"text": "a" * 300}] * 30}), 413, "body_too_large")


def test_body_too_large_when_streamed(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(20):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413, "body_too_large")


def test_unknown_rule_in_options(client):
    data = assert_error(post(client, {"text": VAGUE, "options": {"select": ["MK999"]}}), 422, "invalid_options")
    assert "MK999" in data["message"] and data["details"][0]["field"] == "options.select"


def test_wrong_method_and_unknown_path(client):
    assert_error(client.get("/v1/analyze"), 405)
    assert_error(client.get("/v2/analyze"), 404)


# --------------------------------------------------------------------------- #
# rules, indicators, health
# --------------------------------------------------------------------------- #
def test_rules_catalogue_and_one_rule(client):
    from malkoll.rules.base import all_rules

    rules = client.get("/v1/rules").json()
    assert [r["id"] for r in rules] == [r.meta.id for r in all_rules()]
    by_id = client.get("/v1/rules/MK501").json()
    by_name = client.get("/v1/rules/weak-verb").json()
    assert by_id == by_name and by_id["name"] == "weak-verb"
    assert "## Varför" in by_id["markdown"]
    en = client.get("/v1/rules/MK501?lang=en").json()
    assert en["doc"]["why"] != by_id["doc"]["why"] and "## Why" in en["markdown"]


def test_unknown_rule_and_bad_lang(client):
    data = assert_error(client.get("/v1/rules/MK999"), 404, "unknown_rule")
    assert "MK999" in data["message"]
    assert_error(client.get("/v1/rules?lang=fi"), 422)


def test_indicator_search_names_kolada_as_source(client):
    r = client.get("/v1/indicators", params={"q": "behöriga till gymnasiet", "k": 3})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["attribution"] == "Källa: Kolada"
    assert "RKA" in data["disclaimer"] and "ingen tjänst" in data["disclaimer"]
    assert 1 <= len(data["indicators"]) <= 3 and data["indicators"][0]["id"].startswith(("N", "U"))


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "skola", "k": 0}, {"q": "skola", "k": 500},
                                    {"q": "skola", "municipality_type": "X"}, {"q": "  "}])
def test_indicator_search_bad_queries(client, params):
    assert_error(client.get("/v1/indicators", params=params), 422)


def test_health_and_readiness(client):
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_not_ready_before_start_up():
    c = TestClient(create_app(Settings(preload=False)), base_url="http://localhost")  # no `with`: the lifespan has not run
    r = c.get("/readyz")
    assert r.status_code == 503 and r.json()["message"]
    assert c.get("/healthz").status_code == 200


# --------------------------------------------------------------------------- #
# documents
# --------------------------------------------------------------------------- #
def test_document_upload_txt(client):
    data = f"{GOOD}\n\n{VAGUE}\n".encode()
    r = client.post("/v1/documents", files={"file": ("mål 2027.txt", data, "text/plain")},
                    data={"suggestions": "false"})
    assert r.status_code == 200, r.text
    goals = r.json()["goals"]
    assert [g["grade"] for g in goals] == ["good", "vague"]
    assert goals[1]["source"]["file"] == "mål 2027.txt" and goals[1]["source"]["line"] == 3


def test_document_upload_docx_has_hierarchy_and_cascade(tmp_path):
    from fixtures_bsp import write_bsp_docx

    path = tmp_path / "bsp.docx"
    write_bsp_docx(path)
    with TestClient(create_app(Settings()), base_url="http://localhost") as client:
        r = client.post("/v1/documents", files={"file": ("Mål och budget.docx", path.read_bytes(),
                                                         "application/octet-stream")},
                        data={"suggestions": "false"})
    assert r.status_code == 200, r.text
    body = r.json()
    levels = {g["level"]["value"] for g in body["goals"]}
    assert {"overarching", "committee"} <= levels
    assert any(g["source"]["owner"] for g in body["goals"])
    assert any(g.get("parent") for g in body["goals"])  # links up the chain, as the CLI gives them
    docs = body["documents"]
    assert len(docs) == 1 and docs[0]["file"] == "Mål och budget.docx"
    assert docs[0]["findings"], "the planted cascade problems are reported"
    assert "/tmp" not in r.text  # the temporary path never leaks


@pytest.mark.parametrize("name,data,status,code", [
    ("program.exe", b"MZ\x00\x00", 415, "unsupported_file_type"),
    ("utan-typ", b"Vi ska", 415, "unsupported_file_type"),
    ("tom.txt", b"", 422, "empty_file"),
    ("blank.txt", b"\n \n", 422, "no_goals"),
    ("binar.txt", b"\x00\x01\x02" * 10, 422, "unreadable_document"),
    ("trasig.docx", b"inte en zip-fil", 422, None),
    ("manga.txt", ("Mål nummer ett ska nås.\n" * 6).encode(), 422, "too_many_goals"),
])
def test_document_upload_errors(client, name, data, status, code):
    r = client.post("/v1/documents", files={"file": (name, data, "application/octet-stream")})
    body = assert_error(r, status, code)
    assert "/tmp" not in body["message"]


KF_PLAN = """# Mål och budget 2026

## Kommunfullmäktiges mål

- KF-mål 1.1: Alla barn och elever ska känna sig trygga i förskolan och skolan.
- KF-mål 2.1: Äldre ska kunna bo kvar hemma med god livskvalitet så länge de önskar.
"""
SON_PLAN = """# Socialnämndens nämndplan

## Bakgrund

Kommunen ska bli klimatneutral till 2030.

## Nämndmål

- Andelen brukare i hemtjänsten som kan bo kvar i ordinärt boende ska öka till 85 procent (KF-mål 2.1).
"""


def test_several_documents_are_one_chain_linked_across_files(client):
    """The field `file` repeated: the budget and a nämnd plan are one steering chain, as a folder is
    for `malkoll check`; the nämndmål links to the KF goal of the other file, with its evidence."""
    r = client.post("/v1/documents", data={"suggestions": "false"},
                    files=[("file", ("budget.md", KF_PLAN.encode(), "text/markdown")),
                           ("file", ("socialnämnden.md", SON_PLAN.encode(), "text/markdown"))])
    assert r.status_code == 200, r.text
    body = r.json()
    assert [d["file"] for d in body["documents"]] == ["budget.md", "socialnämnden.md"]
    kf = {g["source"]["label"]: g for g in body["goals"] if g["source"]["file"] == "budget.md"}
    (son,) = [g for g in body["goals"] if g["source"]["file"] == "socialnämnden.md"]
    assert son["parent"] == kf["2.1"]["id"] and son["link"] == {"by": "reference", "evidence": "2.1", "score": None}
    # the passage that reads like a goal under Bakgrund is reported, with where it stands
    (passage,) = body["documents"][1]["uncertain"]
    assert passage["text"] == "Kommunen ska bli klimatneutral till 2030."
    assert passage["location"] == "rad 5" and passage["source"]["line"] == 5
    assert passage["source"]["file"] == "socialnämnden.md"
    assert passage["source"]["heading_path"] == ["Socialnämndens nämndplan", "Bakgrund"]
    assert "bakgrundsavsnitt" in passage["reason"] and passage["why"] == "background_section"
    assert "/tmp" not in r.text and "malkoll-upload" not in r.text
    # one file alone: no chain, no link
    alone = client.post("/v1/documents", data={"suggestions": "false"},
                        files={"file": ("socialnämnden.md", SON_PLAN.encode(), "text/markdown")}).json()
    assert alone["goals"][0]["link"] is None and alone["goals"][0]["parent"] is None


def test_several_documents_same_name_too_many_and_one_bad(client):
    same = client.post("/v1/documents", data={"suggestions": "false"},
                       files=[("file", ("plan.md", KF_PLAN.encode(), "text/markdown")),
                              ("file", ("plan.md", SON_PLAN.encode(), "text/markdown"))])
    assert same.status_code == 200, same.text
    assert [d["file"] for d in same.json()["documents"]] == ["plan.md", "plan (2).md"]
    many = [("file", (f"{i}.txt", b"Mal", "text/plain")) for i in range(21)]
    assert_error(client.post("/v1/documents", files=many), 422, "too_many_files")
    bad = [("file", ("budget.md", KF_PLAN.encode(), "text/markdown")), ("file", ("program.exe", b"MZ", "application/octet-stream"))]
    assert "Filtypen .exe stöds inte" in assert_error(client.post("/v1/documents", files=bad), 415, "unsupported_file_type")["message"]
    empty = [("file", ("budget.md", KF_PLAN.encode(), "text/markdown")), ("file", ("tom.md", b"", "text/markdown"))]
    assert "tom.md" in assert_error(client.post("/v1/documents", files=empty), 422, "empty_file")["message"]


def test_a_broken_file_among_several_is_skipped_with_its_reason_and_the_others_are_read(client):
    """A budget and a broken appendix: the budget's goals are analysed, the appendix is in `documents`
    as skipped with why (as a file in a folder on the command line); alone, the broken file is a 422."""
    broken = b"PK\x03\x04 not a real Word file"
    both = client.post("/v1/documents", data={"suggestions": "false"},
                       files=[("file", ("budget.md", KF_PLAN.encode(), "text/markdown")),
                              ("file", ("bilaga.docx", broken, "application/octet-stream"))])
    assert both.status_code == 200, both.text
    docs = {d["file"]: d for d in both.json()["documents"]}
    assert docs["bilaga.docx"]["status"] == "skipped" and docs["bilaga.docx"]["reason"]
    assert "/tmp" not in docs["bilaga.docx"]["reason"] and "malkoll-upload" not in both.text
    assert both.json()["goals"] and all(g["source"]["file"] == "budget.md" for g in both.json()["goals"])
    alone = client.post("/v1/documents", files={"file": ("bilaga.docx", broken, "application/octet-stream")})
    assert_error(alone, 422, "unreadable_document")
    none = client.post("/v1/documents", files=[("file", ("a.docx", broken, "application/octet-stream")),
                                               ("file", ("b.docx", broken, "application/octet-stream"))])
    body = assert_error(none, 422, "no_goals")
    assert "a.docx" in body["message"] and "malkoll-upload" not in body["message"]


def test_document_upload_limits_and_content_type(client):
    big = (VAGUE + "\n").encode() * 200
    assert_error(client.post("/v1/documents", files={"file": ("stor.txt", big, "text/plain")}), 413)
    assert_error(client.post("/v1/documents", json={"text": VAGUE}), 415)
    assert_error(client.post("/v1/documents", data={"lang": "sv"}, files={"other": ("a.txt", b"x", "text/plain")}), 422)


# --------------------------------------------------------------------------- #
# token, CORS
# --------------------------------------------------------------------------- #
def test_api_token_when_configured():
    with TestClient(create_app(Settings(api_token="hemligt", preload=False)), base_url="http://localhost") as c:
        assert_error(c.post("/v1/analyze", json={"text": VAGUE}), 401, "unauthorized")
        assert_error(c.post("/v1/analyze", json={"text": VAGUE}, headers={"Authorization": "Bearer fel"}), 401)
        assert_error(c.get("/v1/rules"), 401)
        ok = c.post("/v1/analyze", json={"text": VAGUE, "options": {"suggestions": False}},
                    headers={"Authorization": "Bearer hemligt"})
        assert ok.status_code == 200
        assert c.get("/healthz").status_code == 200 and c.get("/").status_code == 200


def test_no_token_by_default(client):
    assert Settings().api_token is None and Settings().host == "127.0.0.1"
    assert client.get("/v1/rules").status_code == 200


def test_cors_only_for_configured_origins():
    with TestClient(create_app(Settings(cors_origins=["https://intra.kommun.se"], preload=False)), base_url="http://localhost") as c:
        pre = c.options("/v1/analyze", headers={"Origin": "https://intra.kommun.se", "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"})
        assert pre.headers.get("access-control-allow-origin") == "https://intra.kommun.se"
        other = c.get("/healthz", headers={"Origin": "https://annan.example"})
        assert "access-control-allow-origin" not in other.headers
    with TestClient(create_app(Settings(preload=False)), base_url="http://localhost") as c:
        assert "access-control-allow-origin" not in c.get("/healthz", headers={"Origin": "https://x.se"}).headers


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("MALKOLL_PORT", "9001")
    monkeypatch.setenv("MALKOLL_CORS_ORIGINS", "https://a.se, https://b.se")
    monkeypatch.setenv("MALKOLL_MAX_GOALS", "7")
    s = Settings()
    assert (s.port, s.cors_origins, s.max_goals) == (9001, ["https://a.se", "https://b.se"], 7)


# --------------------------------------------------------------------------- #
# the page and the docs
# --------------------------------------------------------------------------- #
def test_page_is_swedish_accessible_and_local(client):
    from malkoll.service.routers.web import STATIC_DIR

    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="sv">' in html and 'data-max-chars="400"' in html
    assert '<label for="goal"' in html and 'id="goal"' in html and 'name="viewport"' in html
    for path in STATIC_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), f"{path.name} loads something remote"
        assert "@import" not in text and "fonts.g" not in text
    for asset in ("/static/app.js", "/static/app.css", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200


def test_openapi_has_swedish_examples_and_limits(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/v1/analyze"]["post"]
    examples = op["requestBody"]["content"]["application/json"]["examples"]
    assert examples["ett_mal"]["value"]["text"].startswith("Vi ska")
    req = spec["components"]["schemas"]["AnalyzeRequest"]["properties"]
    assert req["text"]["maxLength"] == 400 and req["goals"]["maxItems"] == 4
    assert {"/v1/rules", "/v1/rules/{rule_id}", "/v1/indicators", "/v1/documents", "/healthz", "/readyz"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from malkoll.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "--workers" in result.output


def test_serve_rejects_bad_port(monkeypatch):
    from typer.testing import CliRunner

    from malkoll.cli import app

    monkeypatch.setenv("MALKOLL_PORT", "8000")  # restored afterwards: serve writes the option into the env
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "port" in result.output
