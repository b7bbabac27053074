"""Reports for batch runs: the self-contained HTML report (rendered in headless Chromium, offline:
readable charts, expandable rows, print styles, axe-core; screenshots in test-artifacts/), the Excel report that keeps the input rows and adds Målkoll's columns, and the
JSON contract with `source`, `parent`, `context_indicators` and `documents`."""
from __future__ import annotations

import io
import json
import re
import subprocess

import openpyxl
import pytest

import fixtures_bsp as F
from browser import axe_violations, browser, shot  # noqa: F401  (browser is a fixture)
from malkoll.renderers import render


@pytest.fixture(scope="session")
def docx_report():
    return F.analyzed("docx", suggestions=True)


@pytest.fixture(scope="session")
def html_sv(docx_report):
    return render(docx_report, "html", lang="sv")


def test_html_is_self_contained(html_sv):
    assert html_sv.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html_sv
    # no external asset: the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html_sv)) <= {"http://www.w3.org/2000/svg"}
    assert "<script" not in html_sv and "<link" not in html_sv and "<img" not in html_sv
    assert "@import" not in html_sv and "url(" not in html_sv


def _visible_text(page_html: str) -> str:
    body = page_html.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)


def test_html_has_totals_charts_tree_and_every_goal(html_sv, docx_report):
    for section in ('id="totals"', 'id="chart-level"', 'id="chart-owner"', 'id="chart-problems"', 'id="documents"',
                    'id="tree"', 'id="goals"', 'id="contents"', 'id="remarks"'):
        assert section in html_sv
    assert html_sv.count('<table class="chart">') == 3
    assert html_sv.count("bar-problem") >= 5
    for g in docx_report.goals:
        assert f'id="goal-{g.id}"' in html_sv
    # per nämnd and per level, in Swedish
    assert "Barn- och utbildningsnämnden" in html_sv and "nämndmål" in html_sv and "övergripande mål" in html_sv
    assert "Luddigt mål" in html_sv and "Målkedjan" in html_sv
    # plain words where people read: the cascade problems by name, no rule ids in the text
    text = _visible_text(html_sv)
    for title in ("Inte kopplat till ett mål ovanför", "Inget nämndmål eller ingen indikator bär målet",
                  "Indikatorn mäter inte målet", "Samma mål två gånger", "Ingen ansvarig någonstans"):
        assert title in text
    assert not re.search(r"\bMK\d{3}\b", text), re.findall(r".{40}MK\d{3}.{20}", text)[:3]
    # the tree nests a nämndmål under its KF-mål
    kf = next(g for g in docx_report.goals if g.text.startswith("Alla barn och elever"))
    child = next(g for g in docx_report.goals if g.parent == kf.id)
    tree = html_sv.split('id="tree"')[1].split('id="goals"')[0]
    assert tree.index(f'href="#goal-{kf.id}"') < tree.index(f'href="#goal-{child.id}"')


def test_html_goals_are_expandable_rows_grouped_by_level_and_namnd(html_sv, docx_report):
    assert html_sv.count('<details class="goal"') == len(docx_report.goals)
    assert '<details class="goal" open' not in html_sv  # collapsed until clicked
    # the table of contents lists each level and, under it, each nämnd with its number of goals
    toc = html_sv.split('id="contents"')[1].split("</nav>")[0]
    committee = [g for g in docx_report.goals if g.level and g.level.value == "committee"]
    assert f"nämndmål</a> <span class=\"n\">({len(committee)})</span>" in toc
    bun = [g for g in committee if g.source and g.source.owner == "Barn- och utbildningsnämnden"]
    assert f"Barn- och utbildningsnämnden</a> <span class=\"n\">({len(bun)})</span>" in toc
    # and the goals stand in that order: a level heading, the nämnd heading, its goals
    goals = html_sv.split('id="goals"')[1]
    m = re.search(r'<h3 id="(level-committee)">', goals)
    assert m
    section = goals[m.end():].split("<h3 ")[0]
    assert section.index("Barn- och utbildningsnämnden") < section.index(f'id="goal-{bun[0].id}"')
    # every finding links to what the remark means
    assert 'href="#rule-MK501"' in html_sv or 'href="#rule-MK503"' in html_sv
    assert '<div id="rule-MK101">' in html_sv or '<div id="rule-MK503">' in html_sv


def test_html_marks_are_numbered_in_reading_order_and_link_to_their_finding(docx_report, html_sv):
    from malkoll.renderers._present import numbered

    g = next(g for g in docx_report.goals if any(m for _, _, m in numbered(g)))
    row = html_sv.split(f'id="goal-{g.id}"')[1].split("</details>")[0]
    marks = [int(n) for n in re.findall(r'<sup>(?:<a href="#f-[^"]+">\d+</a>,?)+</sup>', row) for n in
             re.findall(r">(\d+)</a>", n)]
    assert marks == list(range(1, len(marks) + 1)) and marks
    for n in marks:
        assert f'id="f-{g.id}-{n}" value="{n}"' in row


def test_html_names_kolada_as_source_where_kolada_indicators_are_shown(html_sv, docx_report):
    if not any(i.source == "kolada" for g in docx_report.goals for i in g.indicators):
        pytest.skip("no Kolada indicator suggested for these goals")
    assert "Källa: Kolada" in html_sv
    assert "RKA" not in html_sv


def test_html_in_english(docx_report):
    page = render(docx_report, "html", lang="en")
    assert '<html lang="en">' in page and "Goal tree" in page and "Verdict by level" in page


def test_html_escapes_goal_text():
    from malkoll.report import GoalReport, Report, Source, summarize

    goals = [GoalReport(id="g1", text="<script>alert(1)</script>", source=Source(file="x.docx"), error="trasig")]
    page = render(Report(malkoll_version="0", goals=goals, summary=summarize(goals)), "html")
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_html_report_in_chromium_readable_charts_rows_and_print(html_sv, tmp_path, browser, capsys):
    """Offline in Chromium: nothing is fetched; chart text is body text and the axes are labelled;
    the rows open on click; printed, every row is open; screenshots at desktop and phone width."""
    page_file = tmp_path / "rapport.html"
    page_file.write_text(html_sv, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    fetched = []
    page.route("**/*", lambda route: (fetched.append(route.request.url), route.continue_()
                                      if route.request.url.startswith("file:") else route.abort()))
    page.goto(page_file.as_uri())
    assert [u for u in fetched if not u.startswith("file:")] == []
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    for sel in ("#chart-level tbody th", "#chart-level .seg", "#chart-level .tick", "#chart-level .axis-label",
                "#chart-owner tbody th", "#chart-problems tbody th", "#chart-level ul.legend li"):
        size = page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({sel!r})).fontSize)")
        assert size >= body, (sel, size, body)
    assert page.locator("#chart-level .axis-label").inner_text() == "Antal mål"
    assert page.locator("#chart-level thead th").first.inner_text() == "Nivå"
    assert page.locator("#chart-level .tick").count() >= 2
    good = page.locator("#chart-level .seg-good").first
    assert good.bounding_box()["width"] > 10
    assert page.evaluate("getComputedStyle(document.querySelector('#chart-level .seg-good')).backgroundColor") == "rgb(46, 125, 50)"
    # rows: collapsed, open on click
    row = page.locator("details.goal").first
    assert not row.locator(".goal-body").is_visible()
    row.locator("summary").click()
    assert row.locator(".goal-body").is_visible()
    # a finding's "read more" opens the remark's documentation
    link = row.locator(".goal-body a[href^='#rule-']").first
    target = link.get_attribute("href")
    link.click()
    assert page.locator(target).is_visible()
    shot(page, "html-report.png", capsys)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "html-report-phone.png", capsys)
    # printed: every goal's details are shown
    page.emulate_media(media="print")
    bodies = page.locator("details.goal .goal-body")
    assert all(bodies.nth(i).is_visible() for i in range(bodies.count()))
    # collapsed rows keep the page short on screen: well under the page with every row open
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1200, "height": 900})
    page.evaluate("document.querySelectorAll('details.goal').forEach(d => d.open = true)")
    all_open = page.evaluate("document.documentElement.scrollHeight")
    assert height < all_open / 2, (height, all_open)
    context.close()


def test_html_report_has_no_wcag_violations(html_sv, tmp_path, browser):
    page_file = tmp_path / "rapport.html"
    page_file.write_text(html_sv, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(page_file.as_uri())
    page.locator("details.goal summary").first.click()
    problems = axe_violations(page, "html report, a row open")
    assert not problems, problems
    page.close()


# --- a steering chain across files: uncertain passages and links to the goal above ------------------
@pytest.fixture(scope="module")
def chain_report(tmp_path_factory):
    import fixtures_chain as C
    from malkoll.batch import review
    from malkoll.config import Config

    budget, plan = C.write_docx(tmp_path_factory.mktemp("chain"))
    return review([str(budget), str(plan)], config=Config(suggestions=False), rename={str(budget): budget.name, str(plan): plan.name})


def test_html_shows_uncertain_passages_with_place_heading_and_reason(chain_report):
    import fixtures_chain as C

    plan = f"{C.PLAN_NAME}.docx"
    page = render(chain_report, "html", lang="sv")
    section = page.split(f'<h3 id="uncertain-{plan.replace(" ", "_").replace(".", "_")}">', 1)[1].split("</ul>", 1)[0]
    assert section.startswith(f"Osäkra stycken: {plan}</h3>")
    assert f"<q>{C.UNCERTAIN}</q>" in section
    assert "stycke 3 · under rubriken ”Socialnämndens nämndplan 2026 › Bakgrund”" in section
    assert "Varför osäkert: låter som ett mål men står i ett bakgrundsavsnitt" in section
    assert re.search(r'<div class="card"><b>1</b>Osäkra stycken</div>', page)  # in the totals
    assert f'href="#uncertain-' in page.split('id="contents"', 1)[1].split("</nav>", 1)[0]  # and in the contents
    assert C.UNCERTAIN not in page.split('id="tree"', 1)[1]  # not taken as a goal
    en = render(chain_report, "html", lang="en")
    assert f"Uncertain passages: {plan}" in en and "under the heading" in en and "paragraph 3" in en
    assert "Why uncertain: reads like a goal but stands in a background section" in en


def test_text_and_excel_show_uncertain_passages_with_place_heading_and_reason_in_the_language(chain_report):
    """The text and Excel reports said the raw location and the Swedish reason; now as the page does."""
    import io

    import fixtures_chain as C
    from openpyxl import load_workbook

    for lang, place, why in (("sv", "stycke 3 · under rubriken ”Socialnämndens nämndplan 2026 › Bakgrund”",
                              "låter som ett mål men står i ett bakgrundsavsnitt"),
                             ("en", "paragraph 3 · under the heading", "reads like a goal but stands in a background section")):
        text = render(chain_report, "text", lang=lang)
        line = next(x for x in text.splitlines() if C.UNCERTAIN in x)
        assert place in line and why in line, line
        wb = load_workbook(io.BytesIO(render(chain_report, "xlsx", lang=lang)), read_only=True)
        rows = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True) if C.UNCERTAIN in r]
        assert rows and place in rows[0][1] and why in rows[0][3], rows


def test_html_shows_the_goal_a_linked_goal_breaks_down_in_the_tree_and_its_row(chain_report):
    import fixtures_chain as C

    by_text = {g.text: g for g in chain_report.goals}
    kf, linked = by_text[C.KF_GOAL], by_text[C.LINKED]
    assert linked.parent == kf.id and linked.link.by == "reference"
    page = render(chain_report, "html", lang="sv")
    expected = (f'Bryter ned: <a href="#goal-{kf.id}">{C.KF_GOAL}</a> ({C.BUDGET_NAME}.docx) '
                '<span class="lvl">– kopplat genom hänvisningen ”2.1”</span>')
    tree = page.split('id="tree"', 1)[1].split('id="goals"', 1)[0]
    assert expected in tree
    # in the tree the nämndmål stands under the KF goal of the other file
    kf_item = tree.split(f'<a href="#goal-{kf.id}">{C.KF_GOAL}</a>', 1)[1].split("</li></ul></li>", 1)[0]
    assert f'<a href="#goal-{linked.id}">' in kf_item
    row = page.split(f'<details class="goal" id="goal-{linked.id}">', 1)[1].split("</details>", 1)[0]
    assert expected in row and "Mål ovanför" not in row
    unlinked = by_text["Socialnämnden ska verka för en god arbetsmiljö i hemtjänsten."]
    assert "Bryter ned" not in page.split(f'<details class="goal" id="goal-{unlinked.id}">', 1)[1].split("</details>", 1)[0]
    en = render(chain_report, "html", lang="en")
    assert f"Breaks down: <a href=\"#goal-{kf.id}\">" in en and "linked by the reference “2.1”" in en


def test_html_says_when_a_goal_was_taken_on_weaker_evidence():
    from malkoll.report import GoalReport, Level, Report, Source, summarize

    def goal(i, certainty, evidence):
        return GoalReport(id=f"g{i}", text=f"Mål {i} ska nås senast 2027.", score=50, grade="needs_work", type="result",
                          level=Level(value="committee", from_="document"), dimensions={},
                          source=Source(file="plan.pdf", certainty=certainty, evidence=evidence))

    goals = [goal(1, "uncertain", "statement_in_paragraph"), goal(2, "certain", "goal_list")]
    page = render(Report(malkoll_version="0", goals=goals, summary=summarize(goals)), "html")
    rows = page.split('<details class="goal"')[1:]
    assert ("Osäkert om detta är ett mål; det togs med som målmening i ett stycke med flera målmeningar." in rows[0])
    assert "Osäkert" not in rows[1]
    en = render(Report(malkoll_version="0", goals=goals, summary=summarize(goals)), "html", lang="en")
    assert "Uncertain whether this is a goal; it was taken as a goal sentence in a paragraph of goal sentences." in en


def test_html_report_of_a_chain_in_chromium(chain_report, tmp_path, browser, capsys):
    page_file = tmp_path / "kedja.html"
    page_file.write_text(render(chain_report, "html", lang="sv"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(page_file.as_uri())
    page.locator("details.goal", has_text="Bryter ned").locator("summary").click()
    problems = axe_violations(page, "html report of a chain, the linked goal open")
    assert not problems, problems
    page.locator("ul.uncertain").scroll_into_view_if_needed()
    shot(page, "html-report-chain-uncertain-and-link.png", capsys)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "html-report-chain-phone.png", capsys)
    page.close()


def _sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_xlsx_report_one_row_per_goal_from_the_report_alone():
    fixture = F.generated("xlsx")
    report = F.analyzed("xlsx")
    data = render(report, "xlsx", lang="sv")
    assert isinstance(data, bytes)
    out = openpyxl.load_workbook(io.BytesIO(data))
    assert out.sheetnames == ["Målkoll – mål", "Målkoll – sammanfattning"]
    ws = out["Målkoll – mål"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    rows = _sheet_rows(ws)
    assert len(rows) == len(report.goals) == len(fixture.goals)
    by_id = {g.id: g for g in report.goals}
    for exp, row in zip(fixture.goals, rows):
        g = by_id[row["Id"]]
        assert row["Mål"] == g.text == exp.text
        assert (row["Blad"], row["Rad"], row["Kolumn"]) == ("Mål och indikatorer", int(exp.location[-2:].lstrip("D")), 4)
        assert row["Poäng"] == g.score and row["Mätbart"] == ("ja" if g.dimensions["measurable"] else "nej")
        assert row["Ansvarig enligt dokumentet"] == exp.owner
    cascade = [r["Målkedjan"] for r in rows if r["Målkedjan"]]
    assert sum(v.count("MK90") for v in cascade) == 6
    summary = [c for row in out["Målkoll – sammanfattning"].iter_rows(values_only=True) for c in row if c]
    assert "blad Instruktioner" in summary  # the skipped sheet, with its reason


def test_xlsx_report_two_goals_of_one_row_get_a_row_each(tmp_path):
    """A hierarchical export (KF-mål | Nämndmål on one row): the report has a row per goal."""
    from malkoll.batch import review
    from malkoll.config import Config

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KF-mål", "Nämndmål", "Ansvarig"])
    ws.append(["Alla barn ska ha en trygg uppväxt senast 2030.",
               "Andelen elever som känner sig trygga ska vara minst 90 procent 2027.", "Barn- och utbildningsnämnden"])
    wb.save(tmp_path / "plan.xlsx")
    report = review([str(tmp_path / "plan.xlsx")], config=Config(suggestions=False))
    rows = _sheet_rows(openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))["Målkoll – mål"])
    assert [(r["Rad"], r["Kolumn"], r["Nivå"]) for r in rows] == [(2, 1, "övergripande mål"), (2, 2, "nämndmål")]
    assert rows[1]["Mål ovanför"] == rows[0]["Id"]


def test_xlsx_report_for_a_word_source_and_formula_text_stays_text():
    report = F.analyzed("docx").model_copy(deep=True)
    report.goals[0].text = "=HYPERLINK(\"x\")"
    out = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", lang="en")))
    assert out.sheetnames == ["Målkoll – goals", "Målkoll – summary"]
    ws = out["Målkoll – goals"]
    assert ws.max_row == 1 + len(report.goals)
    header = [c.value for c in ws[1]]
    goal_col = header.index("Goal") + 1
    assert ws.cell(row=2, column=goal_col).value == "=HYPERLINK(\"x\")" and ws.cell(row=2, column=goal_col).data_type == "s"
    assert ws.cell(row=2, column=header.index("Paragraph") + 1).value == report.goals[0].source.paragraph


def test_json_contract_for_documents():
    report = F.analyzed("docx")
    data = json.loads(render(report, "json"))
    assert {"malkoll_version", "goals", "summary", "documents"} <= set(data)
    g = data["goals"][4]
    assert g["source"]["file"].endswith(".docx") and g["source"]["location"] == "tabell 1, rad 3, kolumn 1"
    assert (g["source"]["table"], g["source"]["row"], g["source"]["column"], g["source"]["format"]) == (1, 3, 1, "docx")
    assert g["source"]["owner"] == "Barn- och utbildningsnämnden" and g["level"] == {"value": "committee", "from": "document"}
    assert g["parent"] == "g3" and g["context_indicators"] == ["Antal beviljade bygglov inom tio veckor – målvärde: 120"]
    (doc,) = data["documents"]
    assert (doc["goals_found"], doc["goals_analyzed"], doc["goals_failed"], doc["indicators"]) == (16, 16, 0, 11)
    assert doc["by_level"] == {"vision": 1, "overarching": 5, "committee": 8, "financial": 2}
    assert {f["rule"] for f in doc["findings"]} == {"MK901", "MK902", "MK903", "MK904", "MK905"}


def test_cli_writes_xlsx_with_output(tmp_path):
    import sys

    src = F.generated("csv").path
    out = tmp_path / "rapport.xlsx"
    proc = subprocess.run([sys.executable, "-m", "malkoll.cli", "check", str(src), "--format", "xlsx",
                           "--no-suggestions", "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr  # the fixture has warnings and cascade findings
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Målkoll – mål", "Målkoll – sammanfattning"] and wb["Målkoll – mål"].max_row == 17


def test_text_format_lists_documents_and_cascade_findings():
    out = render(F.analyzed("xlsx"), "text", lang="sv", color=False, width=200)
    assert "Dokument " in out and "16 mål hittade, 16 granskade, 11 indikatorer kopplade" in out
    assert "inte läst: blad Instruktioner" in out
    for rule in ("MK901", "MK902", "MK903", "MK904", "MK905"):
        assert rule in out
    assert out.index("Målkedjan") < out.index("Sammanfattning") < out.index("Totalt: 16 mål")
