/* Målkoll web page: one goal, several goals (one per line) or a dropped document, through the same API as
   every other client (POST /v1/analyze, POST /v1/documents; ?format=html|xlsx for the report downloads).
   Plain JS, no build step, no CDN, no inline script or style (CSP-clean). All text a person reads comes
   from the one string catalogue (GET /i18n.json); user text is inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var DIMENSIONS = ["measurable", "target_level", "time_bound", "owner", "no_vagueness", "terms_defined", "single_goal"];
  var DIM_ORDER = DIMENSIONS.concat(["goal_type", "style", "cascade"]);
  var SEV_ORDER = { error: 0, warning: 1, suggestion: 2 };
  var GRADES = ["good", "needs_work", "vague"];
  var LEVELS = ["vision", "overarching", "financial", "committee", "operational", "indicator_target"];
  var GRADE_ICON = { good: "✓", needs_work: "!", vague: "✗", error: "–" };
  var SUFFIXES = [".docx", ".xlsx", ".csv", ".md", ".markdown", ".pdf", ".txt"];
  var DEBOUNCE_MS = 450;

  var $ = function (id) { return document.getElementById(id); };
  var goal = $("goal"), level = $("level"), form = $("goal-form"), fileInput = $("file");
  var maxChars = parseInt(document.body.getAttribute("data-max-chars"), 10) || 5000;
  var STRINGS = null;
  var lang = initialLang();
  var timer = null, controller = null, seq = 0;
  var last = null;      // {kind: "text"|"document", body|file, key}
  var lastReport = null;

  function initialLang() {
    var q = new URLSearchParams(window.location.search).get("lang");
    if (q === "sv" || q === "en") return q;
    try { var s = window.localStorage.getItem("malkoll.lang"); if (s === "sv" || s === "en") return s; } catch (e) { /* private mode */ }
    return document.body.getAttribute("data-lang") === "en" ? "en" : "sv";
  }

  function t(key, args) {
    var table = STRINGS ? (STRINGS[lang] || STRINGS.sv) : {};
    var s = table[key];
    if (s == null && STRINGS) s = STRINGS.sv[key];
    if (s == null) s = key;
    if (args) Object.keys(args).forEach(function (k) { s = s.split("{" + k + "}").join(String(args[k])); });
    return s;
  }
  function cap(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "className") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function safeId(s) { return String(s).replace(/[^A-Za-z0-9_-]/g, "_"); }

  // ---------------------------------------------------------------- language
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      var s = t(node.getAttribute("data-i18n"));
      node.textContent = node.hasAttribute("data-cap") ? cap(s) : s;
    });
    var toggle = $("lang-toggle");
    toggle.setAttribute("lang", lang === "sv" ? "en" : "sv");
    document.title = t("page_title");
    updateCount();
  }

  $("lang-toggle").addEventListener("click", function () {
    lang = lang === "sv" ? "en" : "sv";
    try { window.localStorage.setItem("malkoll.lang", lang); } catch (e) { /* ignore */ }
    applyLang();
    if (last) { last.key = null; rerun(); } else setStatus(t("empty"));
  });

  // ---------------------------------------------------------------- input
  function goalLines() {
    return goal.value.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function updateCount() {
    var node = $("goal-count"), lines = goalLines();
    if (lines.length > 1) {
      node.textContent = t("lines", { n: lines.length });
      node.classList.remove("over");
      return;
    }
    var n = goal.value.length;
    node.textContent = t(n > maxChars ? "too_many_chars" : "chars", { n: n, max: maxChars });
    node.classList.toggle("over", n > maxChars);
  }

  goal.addEventListener("input", function () {
    updateCount();
    clearTimeout(timer);
    timer = setTimeout(analyzeText, DEBOUNCE_MS);
  });
  level.addEventListener("change", function () { if (last) { last.key = null; rerun(); } });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); if (last && last.kind === "document" && !goal.value.trim()) { last.key = null; rerun(); } else analyzeText(true); });
  $("example").addEventListener("click", function () {
    goal.value = t("example_text");
    updateCount();
    goal.focus();
    analyzeText(true);
  });
  $("token").addEventListener("change", function () { if (last) { last.key = null; rerun(); } });
  fileInput.addEventListener("change", function () {
    if (fileInput.files && fileInput.files.length) checkDocuments(Array.prototype.slice.call(fileInput.files));
  });

  // a document dropped anywhere on the page
  var dragDepth = 0;
  document.addEventListener("dragenter", function (ev) {
    if (!hasFiles(ev)) return;
    ev.preventDefault(); dragDepth++; $("drop-overlay").hidden = false;
  });
  document.addEventListener("dragover", function (ev) { if (hasFiles(ev)) ev.preventDefault(); });
  document.addEventListener("dragleave", function () { dragDepth = Math.max(0, dragDepth - 1); if (!dragDepth) $("drop-overlay").hidden = true; });
  document.addEventListener("drop", function (ev) {
    dragDepth = 0; $("drop-overlay").hidden = true;
    var files = ev.dataTransfer && ev.dataTransfer.files;
    if (!files || !files.length) return;
    ev.preventDefault();
    checkDocuments(Array.prototype.slice.call(files));
  });
  function hasFiles(ev) {
    var types = ev.dataTransfer && ev.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") >= 0;
  }

  function setStatus(text) { $("status").textContent = text; }
  function showError(message) {
    var box = $("error");
    if (!message) { box.hidden = true; clear(box); return; }
    box.textContent = message;
    box.hidden = false;
  }
  function token() {
    var v = $("token").value.trim();
    if (v) { try { window.sessionStorage.setItem("malkoll.token", v); } catch (e) { /* ignore */ } return v; }
    try { return window.sessionStorage.getItem("malkoll.token") || ""; } catch (e) { return ""; }
  }
  function authHeaders(extra) {
    var headers = extra || {};
    var tok = token();
    if (tok) headers.Authorization = "Bearer " + tok;
    return headers;
  }
  function apiMessage(data) { return data ? (lang === "en" ? data.message_en : data.message) : null; }

  // ---------------------------------------------------------------- requests
  function textRequest() {
    var lines = goalLines();
    var body = lines.length > 1 ? { goals: lines.map(function (s) { return { text: s }; }) } : { text: goal.value };
    body.lang = lang;
    if (level.value) body.options = { level: level.value };
    return body;
  }

  function analyzeText(force) {
    clearTimeout(timer);
    if (!goal.value.trim()) {
      if (last && last.kind === "document") return;  // the document stays on screen
      if (controller) controller.abort();
      $("result").hidden = true; showError(null); setStatus(t("empty")); last = null; lastReport = null;
      document.body.classList.remove("has-result");
      return;
    }
    var body = textRequest();
    var key = JSON.stringify(body);
    if (!force && last && last.kind === "text" && last.key === key) return;
    last = { kind: "text", key: key };
    send(body.goals ? "many" : "one", function (signal) {
      return fetch("/v1/analyze", { method: "POST", signal: signal, body: JSON.stringify(textRequest()),
        headers: authHeaders({ "Content-Type": "application/json", "Accept": "application/json" }) });
    });
  }

  // several files are one steering chain: the budget and the nämnd plans, goals linked across them
  function documentForm(files) {
    var data = new FormData();
    files.forEach(function (file) { data.append("file", file, file.name); });
    data.append("lang", lang);
    if (level.value) data.append("level", level.value);
    return data;
  }

  function checkDocuments(files) {
    for (var i = 0; i < files.length; i++) {
      var name = files[i].name || "";
      var suffix = name.lastIndexOf(".") >= 0 ? name.slice(name.lastIndexOf(".")).toLowerCase() : "";
      if (SUFFIXES.indexOf(suffix) < 0) {
        showError(t("unsupported_file", { suffix: suffix || "(–)" }));
        return;
      }
    }
    clearTimeout(timer);
    goal.value = ""; updateCount();
    last = { kind: "document", files: files, key: null };
    setStatus(t("reading", { file: files.map(function (f) { return f.name; }).join(", ") }));
    send("document", function (signal) {
      return fetch("/v1/documents", { method: "POST", signal: signal, body: documentForm(files),
        headers: authHeaders({ "Accept": "application/json" }) });
    });
  }

  function rerun() {
    if (!last) return;
    if (last.kind === "document") checkDocuments(last.files); else analyzeText(true);
  }

  function send(kind, request) {
    if (controller) controller.abort();
    controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var mine = ++seq;
    if (kind !== "document") setStatus(t("checking"));
    $("result").setAttribute("aria-busy", "true");
    request(controller ? controller.signal : undefined)
      .then(function (resp) {
        return resp.json().catch(function () { return null; }).then(function (data) { return { resp: resp, data: data }; });
      })
      .then(function (r) {
        if (mine !== seq) return;
        $("result").removeAttribute("aria-busy");
        if (r.resp.status === 401) {
          $("token-box").hidden = false;
          if (last) last.key = null;
          showError(apiMessage(r.data) || t("need_token"));
          setStatus(t("need_token"));
          $("token").focus();
          return;
        }
        if (!r.resp.ok || !r.data) {
          if (last) last.key = null;
          showError(apiMessage(r.data) || t("network"));
          setStatus("");
          return;
        }
        showError(null);
        lastReport = r.data;
        if (kind === "one") renderOne(r.data); else renderMany(r.data, kind);
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") return;
        if (mine !== seq) return;
        $("result").removeAttribute("aria-busy");
        if (last) last.key = null;
        showError(t("network"));
        setStatus("");
      });
  }

  // ---------------------------------------------------------------- presenting one goal
  // The same order as the terminal and the HTML report (malkoll/renderers/_present.py): findings that
  // mark words first, in reading order, then those about the whole goal; marks carry their numbers.
  function chars(text) { return Array.from(text); }
  function pointsAtWords(g, f) {
    var n = chars(g.text).length;
    if (!(f.start >= 0 && f.start < f.end && f.end <= n)) return false;
    var text = g.text;
    var lead = chars(text).length - chars(text.replace(/^\s+/, "")).length;
    var end = chars(text.replace(/\s+$/, "")).length;
    return !(f.start <= lead && f.end >= end);
  }
  function numbered(g) {
    var marked = g.findings.filter(function (f) { return pointsAtWords(g, f); })
      .sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var whole = g.findings.filter(function (f) { return !pointsAtWords(g, f); })
      .sort(function (a, b) {
        return (DIM_ORDER.indexOf(a.dimension) + 99) % 109 - (DIM_ORDER.indexOf(b.dimension) + 99) % 109 ||
          SEV_ORDER[a.severity] - SEV_ORDER[b.severity];
      });
    return marked.concat(whole).map(function (f, i) { return { n: i + 1, f: f, marks: i < marked.length }; });
  }
  function markedRuns(items) {
    var runs = [];
    items.forEach(function (it) {
      if (!it.marks) return;
      var r = runs[runs.length - 1];
      if (r && it.f.start < r.end) {
        r.end = Math.max(r.end, it.f.end); r.numbers.push(it.n);
        if (SEV_ORDER[it.f.severity] < SEV_ORDER[r.severity]) r.severity = it.f.severity;
      } else runs.push({ start: it.f.start, end: it.f.end, numbers: [it.n], severity: it.f.severity, dimension: it.f.dimension });
    });
    return runs;
  }
  function mainProblem(g) {
    if (!g.findings || !g.findings.length) return null;
    return g.findings.slice().sort(function (a, b) {
      return SEV_ORDER[a.severity] - SEV_ORDER[b.severity] ||
        (DIM_ORDER.indexOf(a.dimension) + 99) % 109 - (DIM_ORDER.indexOf(b.dimension) + 99) % 109 || a.start - b.start;
    })[0];
  }
  // How a goal is presented (malkoll/renderers/_present.py): the report's headline, rendered again in the
  // page's language when it is one of the catalogue's; badges show its short form (the grade, or "Vision").
  function standardHeadline(g, lg) {
    var table = STRINGS[lg] || STRINGS.sv;
    return table["headline.goal"].split("{grade}").join(table["grade." + g.grade]).split("{score}").join(String(g.score));
  }
  function headlineKind(g) {
    var kind = null;
    ["sv", "en"].forEach(function (lg) {
      if (g.headline === standardHeadline(g, lg)) kind = kind || "goal";
      else if (g.headline === (STRINGS[lg] || {})["headline.vision"]) kind = kind || "vision";
    });
    return kind;
  }
  function headline(g) {
    if (g.error || !g.grade) return t("grade.error");
    if (!g.headline) return standardHeadline(g, lang);
    var kind = headlineKind(g);
    return kind === "goal" ? standardHeadline(g, lang) : kind === "vision" ? t("headline.vision") : g.headline;
  }
  function verdict(g) {
    if (g.error || !g.grade) return t("grade.error");
    if (!g.headline || headlineKind(g) === "goal") return t("grade." + g.grade);
    return headline(g).split(" – ")[0];
  }
  function specialHeadline(g) {
    if (g.error || !g.grade || !g.headline || headlineKind(g) === "goal") return null;
    return headline(g);
  }
  function ruleTitle(f) { var s = t("rule." + f.rule); return s === "rule." + f.rule ? f.name : s; }
  function gradeKey(g) { return g.error || !g.grade ? "error" : g.grade; }

  function badge(g) {
    var key = gradeKey(g);
    return el("span", { className: "badge " + key }, [el("span", { "aria-hidden": "true", text: GRADE_ICON[key] + " " }), verdict(g)]);
  }

  function copyButton(text, what) {
    // visible "Kopiera", and for screen readers what is copied ("Kopiera delmål 1"): the name contains the visible text
    var b = el("button", { type: "button", className: "secondary copy" }, [el("span", { className: "copy-label", text: t("copy") }),
      el("span", { className: "visually-hidden", text: " " + what })]);
    b.addEventListener("click", function () { copy(text, b); });
    return b;
  }

  function goalDetail(g, h) {
    // h: the heading level for the sections of the detail (3 for one goal, 4 in the tree)
    var pid = "g-" + safeId(g.id);
    var wrap = el("article", { className: "goal-detail", "data-goal-id": g.id });
    if (g.error) {
      wrap.appendChild(el("p", { className: "error-text", text: g.error }));
      return wrap;
    }
    var key = gradeKey(g);
    var problem = mainProblem(g);
    wrap.appendChild(el("div", { className: "verdict card" }, [
      el("p", { className: "grade " + key }, [el("span", { className: "grade-icon", "aria-hidden": "true", text: GRADE_ICON[key] }), " ",
        el("span", { className: "grade-text", text: verdict(g) })]),
      el("div", { className: "score" }, [
        el("p", {}, [el("strong", { className: "score-value", text: String(g.score) }), " ", el("span", { text: t("of100") })]),
        scoreBar(g.score)]),
      el("p", { className: "level-text hint", text: t("level_line", {
        level: t("level." + g.level.value), from: t("from." + g.level.from), type: t("type." + g.type) }) }),
      specialHeadline(g) ? el("p", { className: "headline", text: specialHeadline(g) }) : null,
      problem ? el("p", { className: "main-problem" }, [el("span", { className: "hint", text: t("main_problem") + ": " }), ruleTitle(problem)]) : null
    ]));

    var up = parentAcross(g);
    if (up) {
      var showUp = el("button", { type: "button", className: "text-button show-goal", "data-goal": up.id, text: t("show_parent") });
      showUp.addEventListener("click", function () { openGoal(up.id); });
      wrap.appendChild(el("div", { className: "goal-link card" }, [
        el("p", {}, [el("strong", { text: t("link.breaks_down_label") + ": " }), el("span", { lang: "sv", text: up.text }), " (" + up.source.file + ")"]),
        el("p", { className: "hint", text: cap(linkHow(g)) + "." }), showUp]));
    }
    if (isUncertain(g)) {
      var ev = g.source.evidence ? t("outline." + g.source.evidence) : null;
      wrap.appendChild(el("p", { className: "goal-doubt card", text: ev && ev !== "outline." + g.source.evidence
        ? t("doc.uncertain_goal_why", { evidence: ev }) : t("doc.uncertain_goal") + "." }));
    }
    var items = numbered(g);
    var headId = pid + "-marked";
    wrap.appendChild(el("h" + h, { id: headId, text: t("marked_heading") }));
    var marked = el("p", { className: "marked card", lang: "sv", "aria-describedby": pid + "-marked-hint" });
    renderMarked(marked, g, items, pid);
    wrap.appendChild(marked);
    var anyMarks = items.some(function (it) { return it.marks; });
    wrap.appendChild(el("p", { id: pid + "-marked-hint", className: "hint", text: anyMarks ? t("marked_hint") : t("no_marks") }));

    if (g.rewrite) {
      wrap.appendChild(el("section", { className: "suggest rewrite-section", "aria-labelledby": pid + "-rw" }, [
        el("h" + h, { id: pid + "-rw", text: t("suggested_rewrite") }),
        el("div", { className: "card rewrite" }, [el("p", { className: "rewrite-text", lang: "sv", text: g.rewrite }),
          copyButton(g.rewrite, t("copy_what_rewrite"))]),
        el("p", { className: "hint", text: t("rewrite_hint") })
      ]));
    }

    var findings = el("ol", { className: "findings" });
    items.forEach(function (it) { findings.appendChild(findingItem(g, it, pid)); });
    var checklist = el("ul", { className: "checklist", "aria-labelledby": pid + "-cl" });
    DIMENSIONS.forEach(function (d) {
      var ok = g.dimensions && g.dimensions[d];
      checklist.appendChild(el("li", { className: ok ? "ok" : "no", "data-dimension": d }, [
        el("span", { className: "mark-icon", "aria-hidden": "true", text: ok ? "✓" : "✗" }),
        el("span", {}, [el("strong", { text: t("dim." + d) }), el("br"), el("span", { className: "hint", text: t("dimhelp." + d) })]),
        el("span", { className: "state", text: t(ok ? "met" : "missing") })
      ]));
    });
    wrap.appendChild(el("div", { className: "columns" }, [
      el("div", { className: "col-main" }, [el("h" + h, { text: t("findings_heading") }),
        items.length ? findings : el("p", { className: "hint", text: t("no_findings") })]),
      el("div", { className: "col-side" }, [el("h" + h, { id: pid + "-cl", text: t("checklist") }), checklist])
    ]));

    if (g.context_indicators && g.context_indicators.length) {
      wrap.appendChild(el("section", { className: "suggest", "aria-labelledby": pid + "-ci" }, [
        el("h" + h, { id: pid + "-ci", text: t("doc_indicators") }),
        el("ul", { className: "plain-list" }, g.context_indicators.map(function (s) { return el("li", { lang: "sv", text: s }); }))]));
    }
    if (g.subgoals && g.subgoals.length) {
      var subs = el("ul", { className: "plain-list subgoals" });
      g.subgoals.forEach(function (s, i) {
        var extra = [];
        if (s.owner) extra.push(t("subgoal_owner", { owner: s.owner }));
        if (s.indicator) extra.push(t("subgoal_indicator", { indicator: s.indicator }));
        subs.appendChild(el("li", { className: "subgoal" }, [
          el("div", { className: "subgoal-text" }, [el("span", { lang: "sv", text: s.text }),
            extra.length ? el("span", { className: "why", text: extra.join(" · ") }) : null]),
          copyButton(s.text, t("copy_what_subgoal", { n: i + 1 }))]));
      });
      wrap.appendChild(el("section", { className: "suggest", "aria-labelledby": pid + "-sg" }, [
        el("h" + h, { id: pid + "-sg", text: t("suggested_subgoals") }), subs]));
    }
    if (g.indicators && g.indicators.length) {
      var inds = el("ul", { className: "plain-list indicators" });
      var anyKolada = false;
      g.indicators.forEach(function (ind) {
        var kolada = ind.source === "kolada";
        anyKolada = anyKolada || kolada;
        var title = kolada ? [el("span", { className: "kpi-id", text: ind.id }), " ", el("span", { lang: "sv", text: ind.title })]
                           : [el("span", { lang: "sv", text: ind.title }), " ", el("em", { text: "(" + t("constructed") + ")" })];
        var why = [ind.operating_area, typeof ind.reason === "string" ? ind.reason : null].filter(Boolean).join(" · ");
        inds.appendChild(el("li", { "data-source": ind.source }, title.concat([why ? el("span", { className: "why", lang: "sv", text: why }) : null])));
      });
      var sec = el("section", { className: "suggest", "aria-labelledby": pid + "-in" }, [
        el("h" + h, { id: pid + "-in", text: t("suggested_indicators") }), inds]);
      if (anyKolada) sec.appendChild(el("p", { className: "source" }, [el("strong", { text: "Källa: Kolada" }), ". ", t("kolada_disclaimer")]));
      wrap.appendChild(sec);
    }
    return wrap;
  }

  function scoreBar(score) {
    var bar = el("div", { className: "bar", "aria-hidden": "true" });
    var fill = el("div");
    fill.style.width = Math.max(0, Math.min(100, score)) + "%";  // CSSOM: allowed under a strict CSP
    bar.appendChild(fill);
    return bar;
  }

  function renderMarked(box, g, items, pid) {
    var text = chars(g.text), pos = 0;
    markedRuns(items).forEach(function (run) {
      if (run.start > pos) box.appendChild(document.createTextNode(text.slice(pos, run.start).join("")));
      var mark = el("mark", { className: "dim-" + run.dimension + " sev-" + run.severity }, [text.slice(run.start, run.end).join("")]);
      var sup = el("sup");
      run.numbers.forEach(function (n, k) {
        var it = items[n - 1];
        var label = t("finding_ref", { n: n, title: ruleTitle(it.f) });
        if (k) sup.appendChild(document.createTextNode(","));
        var a = el("a", { href: "#" + pid + "-f" + n, "aria-label": label, title: label, text: String(n) });
        a.addEventListener("click", function (ev) {
          var target = document.getElementById(pid + "-f" + n);
          if (!target) return;
          ev.preventDefault();
          target.scrollIntoView({ block: "start" });
          target.focus();
        });
        sup.appendChild(a);
      });
      mark.appendChild(sup);
      box.appendChild(mark);
      pos = run.end;
    });
    if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos).join("")));
  }

  function findingItem(g, it, pid) {
    var f = it.f;
    var head = el("div", { className: "finding-head" }, [
      el("strong", { className: "finding-title", text: ruleTitle(f) }),
      el("span", { className: "tag " + f.severity, text: cap(t("sev." + f.severity)) }),
      el("span", { className: "dimname" }, [el("span", { className: "swatch dim-" + f.dimension, "aria-hidden": "true" }), t("dim." + f.dimension)])
    ]);
    var details = el("details", { className: "rule-more" }, [el("summary", { text: t("read_more") })]);
    details.addEventListener("toggle", function () { if (details.open) loadRule(details, f.rule); });
    return el("li", { id: pid + "-f" + it.n, value: String(it.n), "data-rule": f.rule, "data-dimension": f.dimension, tabindex: "-1" }, [
      head,
      it.marks && f.excerpt && f.message.indexOf(f.excerpt) < 0 ? el("p", { className: "excerpt" }, [el("q", { lang: "sv", text: f.excerpt })]) : null,
      el("p", { className: "finding-msg", text: f.message }),
      f.suggestion ? el("p", { className: "finding-fix" }, [el("span", { className: "visually-hidden", text: t("fix") + " " }), f.suggestion]) : null,
      details
    ]);
  }

  var ruleCache = {};
  function loadRule(details, id) {
    if (details.querySelector(".rule-doc")) return;
    var box = el("div", { className: "rule-doc", text: t("loading") });
    details.appendChild(box);
    var key = id + "/" + lang;
    var p = ruleCache[key] || fetch("/v1/rules/" + encodeURIComponent(id) + "?lang=" + lang, { headers: authHeaders() })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); });
    ruleCache[key] = p;
    p.then(function (rule) {
      clear(box);
      [["what", rule.doc.what], ["why", rule.doc.why], ["instead", rule.doc.instead]].forEach(function (pair) {
        if (!pair[1]) return;
        box.appendChild(el("p", { className: "rule-doc-head", text: t("docs." + pair[0]) }));
        box.appendChild(el("p", { text: pair[1] }));
      });
    }).catch(function () { delete ruleCache[key]; box.textContent = t("network"); });
  }

  function renderOne(report) {
    var g = report.goals[0];
    $("overview").hidden = true; clear($("overview"));
    var single = $("single");
    clear(single);
    if (g.error) { showError(g.error); setStatus(""); $("result").hidden = true; return; }
    single.appendChild(goalDetail(g, 3));
    single.hidden = false;
    $("result").hidden = false;
    document.body.classList.add("has-result");
    setStatus(t("done_one", { grade: verdict(g), score: g.score, n: g.findings.length }));
  }

  // ---------------------------------------------------------------- several goals, a document
  var filters = { grade: "", level: "", owner: "" };

  function ownerOf(g) { return g.source && g.source.owner ? g.source.owner : ""; }
  function levelOf(g) { return g.level ? g.level.value : ""; }

  function countList(rows, headId) {
    // one line per level or nämnd: its name, its number of goals, and how many of each grade (zeros left out)
    return el("ul", { className: "count-list", "aria-labelledby": headId }, rows.map(function (r) {
      var parts = GRADES.filter(function (gr) { return r.counts[gr]; }).map(function (gr) {
        return el("span", { className: "mini " + gr }, [el("span", { "aria-hidden": "true", text: GRADE_ICON[gr] + " " }), String(r.counts[gr]),
          el("span", { className: "visually-hidden", text: " " + t("grade." + gr).toLowerCase() })]);
      });
      return el("li", {}, [el("span", { className: "cl-label", text: r.label }),
        el("span", { className: "cl-total", text: t("count_goals", { n: r.total }) }), el("span", { className: "cl-grades" }, parts)]);
    }));
  }

  function tally(goals, keyOf, labelOf, order) {
    var map = {}, keys = [];
    goals.forEach(function (g) {
      var k = keyOf(g);
      if (!map[k]) { map[k] = { label: labelOf(k), counts: {}, total: 0 }; keys.push(k); }
      if (!g.error && g.grade) map[k].counts[g.grade] = (map[k].counts[g.grade] || 0) + 1;
      map[k].total++;
    });
    if (order) keys.sort(function (a, b) { return (order.indexOf(a) + 99) % 105 - (order.indexOf(b) + 99) % 105; });
    return keys.map(function (k) { return map[k]; });
  }

  function option(value, label, selected) {
    var o = el("option", { value: value, text: label });
    if (selected) o.selected = true;
    return o;
  }

  function renderMany(report, kind) {
    var goals = report.goals;
    var ov = $("overview");
    clear(ov); clear($("single"));
    filters = { grade: "", level: "", owner: "" };
    var docs = report.documents || [];
    var several = docs.length > 1;
    var names = docs.map(function (d) { return d.file; });
    var title = t("overview") + ": " + (kind !== "document" || !docs.length ? t("overview_pasted", { n: goals.length })
      : several ? t("overview_files", { n: docs.length }) + " (" + names.join(", ") + ")" : names[0]);
    ov.appendChild(el("h2", { id: "overview-heading", text: title }));
    if (docs.length) {
      var sum = function (field) { return docs.reduce(function (n, d) { return n + (d[field] || 0); }, 0); };
      ov.appendChild(el("p", { className: "hint", id: "doc-counts", text: t("document_counts", { found: sum("goals_found"), indicators: sum("indicators") }) +
        (sum("background") ? " " + t("document_background", { background: sum("background") }) : "") }));
      var skipped = [];
      docs.forEach(function (d) {
        (d.skipped || []).forEach(function (x) { skipped.push([several ? d.file : null, x.location, x.reason].filter(Boolean).join(": ")); });
      });
      if (skipped.length) {
        ov.appendChild(el("details", { className: "skipped" }, [el("summary", { text: t("doc.skipped_parts") + " (" + skipped.length + ")" }),
          el("ul", {}, skipped.map(function (x) { return el("li", { text: x }); }))]));
      }
    }
    // passages that read like goals but were not taken as goals, with where they stand and why
    var uncertain = [];
    docs.forEach(function (d) { (d.uncertain || []).forEach(function (x) { uncertain.push({ doc: d, passage: x }); }); });
    var cascade = [];
    (report.documents || []).forEach(function (d) { (d.findings || []).forEach(function (f) { cascade.push(f); }); });
    // counts by grade, level and nämnd
    var byGrade = el("ul", { className: "grade-counts", "aria-labelledby": "by-grade-h" });
    GRADES.forEach(function (gr) {
      var n = report.summary.by_grade[gr] || 0;
      byGrade.appendChild(el("li", { className: "grade-count " + gr }, [el("strong", { className: "count-n", text: String(n) }), " ",
        el("span", { className: "badge " + gr }, [el("span", { "aria-hidden": "true", text: GRADE_ICON[gr] + " " }), t("grade." + gr)])]));
    });
    if (report.summary.errors) byGrade.appendChild(el("li", { className: "grade-count error" }, [
      el("strong", { className: "count-n", text: String(report.summary.errors) }), " ", el("span", { className: "badge error", text: t("grade.error") })]));
    var counts = el("div", { className: "overview-grid" }, [
      el("section", { className: "card", "aria-labelledby": "by-grade-h" }, [el("h3", { id: "by-grade-h", text: t("by_grade") }), byGrade,
        cascade.length ? el("p", { className: "cascade-link" }, [el("a", { href: "#cascade-h", text: t("cascade_count", { n: cascade.length }) })]) : null,
        uncertain.length ? el("p", { className: "uncertain-link" }, [el("a", { href: "#uncertain-h", text: t("doc.uncertain_count", { n: uncertain.length }) })]) : null]),
      el("section", { className: "card", "aria-labelledby": "by-level-h" }, [el("h3", { id: "by-level-h", text: t("by_level") }),
        countList(tally(goals, levelOf, function (k) { return k ? cap(t("level." + k)) : t("level.none"); }, LEVELS), "by-level-h")])
    ]);
    var owners = tally(goals, ownerOf, function (k) { return k || t("no_owner"); });
    if (goals.some(ownerOf)) {
      counts.appendChild(el("section", { className: "card", "aria-labelledby": "by-owner-h" }, [el("h3", { id: "by-owner-h", text: t("by_owner") }),
        countList(owners, "by-owner-h")]));
    }
    ov.appendChild(counts);

    // filters and the tree
    var gradeSel = el("select", { id: "filter-grade" }, [option("", t("filter_all"))].concat(GRADES.map(function (gr) { return option(gr, t("grade." + gr)); }))
      .concat(report.summary.errors ? [option("error", t("grade.error"))] : []));
    var levelsPresent = LEVELS.filter(function (lv) { return goals.some(function (g) { return levelOf(g) === lv; }); });
    var levelSel = el("select", { id: "filter-level" }, [option("", t("filter_all"))].concat(levelsPresent.map(function (lv) { return option(lv, cap(t("level." + lv))); })));
    var filterBox = el("fieldset", { className: "filters" }, [el("legend", { text: t("filters") }),
      el("div", { className: "control" }, [el("label", { "for": "filter-grade", className: "small-label", text: t("filter_grade") }), gradeSel]),
      el("div", { className: "control" }, [el("label", { "for": "filter-level", className: "small-label", text: t("filter_level") }), levelSel])]);
    if (goals.some(ownerOf)) {
      var ownerSel = el("select", { id: "filter-owner" }, [option("", t("filter_all"))].concat(owners.map(function (o) {
        return option(o.label === t("no_owner") ? "-" : o.label, o.label); })));
      filterBox.appendChild(el("div", { className: "control" }, [el("label", { "for": "filter-owner", className: "small-label", text: t("filter_owner") }), ownerSel]));
      ownerSel.addEventListener("change", function () { filters.owner = ownerSel.value; applyFilters(); });
    }
    var reset = el("button", { type: "button", className: "secondary", id: "filter-reset", text: t("filter_reset") });
    filterBox.appendChild(el("div", { className: "control" }, [reset]));
    gradeSel.addEventListener("change", function () { filters.grade = gradeSel.value; applyFilters(); });
    levelSel.addEventListener("change", function () { filters.level = levelSel.value; applyFilters(); });
    reset.addEventListener("click", function () { resetFilters(); });

    var hasTree = goals.some(function (g) { return g.parent; });
    ov.appendChild(el("section", { className: "goals", "aria-labelledby": "tree-h" }, [
      el("h3", { id: "tree-h", text: hasTree ? t("tree") : t("goal_list") }),
      el("p", { className: "hint", text: t("tree_hint") }),
      filterBox,
      el("p", { id: "filter-status", className: "filter-status", role: "status", "aria-live": "polite" }),
      buildTree(goals)]));
    // the cascade findings, each with a way to its goal
    if (cascade.length) {
      var list = el("ul", { className: "cascade-list" });
      cascade.forEach(function (f) {
        var g = goals.filter(function (x) { return x.id === f.goal; })[0];
        var show = g ? el("button", { type: "button", className: "text-button show-goal", "data-goal": g.id, text: t("show_goal") }) : null;
        if (show) show.addEventListener("click", function () { openGoal(g.id); });
        list.appendChild(el("li", { "data-rule": f.rule }, [
          el("div", { className: "finding-head" }, [el("strong", { text: ruleTitle(f) }), el("span", { className: "tag " + f.severity, text: cap(t("sev." + f.severity)) })]),
          el("p", { className: "finding-msg", text: f.message }),
          g ? el("p", { className: "hint cascade-goal", lang: "sv", text: "”" + shorten(g.text, 120) + "”" }) : null,
          show]));
      });
      ov.appendChild(el("section", { className: "cascade", "aria-labelledby": "cascade-h" }, [
        el("h3", { id: "cascade-h", text: t("cascade") + " (" + cascade.length + ")" }),
        el("p", { className: "hint", text: t("cascade_hint") }), list]));
    }
    if (uncertain.length) ov.appendChild(uncertainSection(uncertain, several));

    ov.hidden = false;
    $("single").hidden = true;
    $("result").hidden = false;
    document.body.classList.add("has-result");
    applyFilters();
    var s = report.summary.by_grade;
    setStatus(t("done_many", { n: goals.length, good: s.good || 0, needs_work: s.needs_work || 0, vague: s.vague || 0 }));
  }

  function uncertainSection(items, several) {
    var list = el("ul", { className: "uncertain-list" });
    items.forEach(function (it) {
      var x = it.passage, heading = ((x.source && x.source.heading_path) || []).join(" › ");
      var where = [several ? it.doc.file : null, x.location, heading ? t("doc.under_heading", { heading: heading }) : null]
        .filter(Boolean).join(" · ");
      list.appendChild(el("li", { className: "uncertain-item" }, [
        el("p", { className: "uncertain-text" }, [el("q", { lang: "sv", text: x.text })]),
        where ? el("p", { className: "hint uncertain-where", text: where }) : null,
        el("p", { className: "uncertain-why", text: t("doc.why_uncertain", { reason: x.why ? t("outline.uncertain." + x.why) : x.reason }) })]));
    });
    return el("section", { className: "uncertain card", "aria-labelledby": "uncertain-h" }, [
      el("h3", { id: "uncertain-h", text: t("doc.uncertain_heading") + " (" + items.length + ")" }),
      el("p", { className: "hint", text: t("doc.uncertain_hint") }), list]);
  }

  // a goal linked to the goal above it in another file of the run: "Bryter ned: <mål> (<fil>)"
  function parentAcross(g) {
    if (!g.link || !g.parent || !lastReport) return null;
    var p = (lastReport.goals || []).filter(function (x) { return x.id === g.parent; })[0];
    return p && p.source && g.source && p.source.file !== g.source.file ? p : null;
  }
  function linkHow(g) { return t("link." + g.link.by, { evidence: g.link.evidence }); }

  function shorten(s, n) { var c = chars(s); return c.length <= n ? s : c.slice(0, n - 1).join("") + "…"; }

  function buildTree(goals) {
    var ids = {}, children = {}, roots = [];
    goals.forEach(function (g) { ids[g.id] = g; });
    goals.forEach(function (g) {
      if (g.parent && ids[g.parent] && g.parent !== g.id) (children[g.parent] = children[g.parent] || []).push(g);
      else roots.push(g);
    });
    var seen = {};
    function node(g) {
      seen[g.id] = true;
      var did = "detail-" + safeId(g.id);
      var toggle = el("button", { type: "button", className: "goal-toggle", "aria-expanded": "false", "aria-controls": did, "data-goal": g.id }, [
        el("span", { className: "goal-text", lang: "sv", text: g.text })]);
      var meta = [g.level ? cap(t("level." + g.level.value)) : null, ownerOf(g) || null].filter(Boolean).join(" · ");
      var problem = g.error ? null : mainProblem(g);
      var row = el("div", { className: "node-row" }, [badge(g), g.error ? null : el("span", { className: "node-score", text: g.score + "/100" }), toggle,
        el("span", { className: "node-meta hint" }, [meta, problem ? " · " + t("main_problem") + ": " + ruleTitle(problem) : "",
          g.error ? " · " + g.error : "", el("span", { className: "visually-hidden context-note", text: " (" + t("context_goal") + ")" })])]);
      var up = parentAcross(g);
      if (up) row.appendChild(el("span", { className: "node-link hint" }, [
        el("span", { className: "link-label", text: t("link.breaks_down_label") + ": " }),
        el("span", { lang: "sv", text: shorten(up.text, 90) }), " (" + up.source.file + ")"]));
      if (isUncertain(g)) row.appendChild(el("span", { className: "node-doubt hint", text: t("doc.uncertain_goal") }));
      var detail = el("div", { id: did, className: "node-detail", hidden: true });
      toggle.addEventListener("click", function () { setOpen(g, toggle, detail, toggle.getAttribute("aria-expanded") !== "true"); });
      var li = el("li", { className: "goal-node", "data-goal": g.id, "data-grade": gradeKey(g), "data-level": levelOf(g), "data-owner": ownerOf(g) || "-" },
        [row, detail]);
      var kids = (children[g.id] || []).filter(function (c) { return !seen[c.id]; });
      if (kids.length) li.appendChild(el("ul", {}, kids.map(node)));
      return li;
    }
    return el("ul", { className: "tree", id: "tree" }, roots.filter(function (g) { return !seen[g.id]; }).map(node));
  }

  function isUncertain(g) { return !!(g.source && g.source.certainty === "uncertain"); }

  function setOpen(g, toggle, detail, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && !detail.firstChild) detail.appendChild(goalDetail(g, 4));
    detail.hidden = !open;
  }

  function openGoal(id) {
    var li = document.querySelector('.goal-node[data-goal="' + CSS.escape(id) + '"]');
    if (!li) return;
    if (li.hidden) resetFilters();
    var toggle = li.querySelector(".goal-toggle"), detail = li.querySelector(".node-detail");
    var g = (lastReport.goals || []).filter(function (x) { return x.id === id; })[0];
    setOpen(g, toggle, detail, true);
    li.scrollIntoView({ block: "start" });
    toggle.focus();
  }

  function resetFilters() {
    filters = { grade: "", level: "", owner: "" };
    ["filter-grade", "filter-level", "filter-owner"].forEach(function (id) { var s = $(id); if (s) s.value = ""; });
    applyFilters();
  }

  function matches(li) {
    return (!filters.grade || li.getAttribute("data-grade") === filters.grade) &&
      (!filters.level || li.getAttribute("data-level") === filters.level) &&
      (!filters.owner || li.getAttribute("data-owner") === filters.owner);
  }

  function applyFilters() {
    var tree = $("tree");
    if (!tree) return;
    var shown = 0, total = 0;
    function walk(li) {
      var kids = li.querySelector(":scope > ul");
      var anyChild = false;
      if (kids) Array.prototype.forEach.call(kids.children, function (c) { if (walk(c)) anyChild = true; });
      var own = matches(li);
      total++;
      if (own) shown++;
      li.hidden = !own && !anyChild;
      li.classList.toggle("context", !own && anyChild);
      return own || anyChild;
    }
    Array.prototype.forEach.call(tree.children, walk);
    var status = $("filter-status");
    if (status) status.textContent = t("showing", { shown: shown, n: total });
  }

  // ---------------------------------------------------------------- copy
  function copy(text, button) {
    var done = function (ok) {
      $("copy-status").textContent = ok ? t("copied_status") : t("copy_failed");
      document.querySelectorAll("button.copy.copied").forEach(function (b) {
        b.classList.remove("copied"); b.querySelector(".copy-label").textContent = t("copy");
      });
      if (ok) { button.classList.add("copied"); button.querySelector(".copy-label").textContent = t("copied"); }
    };
    var fallback = function () {
      var area = el("textarea", { "aria-hidden": "true", className: "copy-area" });
      area.value = text;
      document.body.appendChild(area); area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      button.focus();
      done(ok);
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    else fallback();
  }

  // ---------------------------------------------------------------- downloads: the reports of what is on screen
  document.querySelectorAll("#downloads button[data-format]").forEach(function (button) {
    button.addEventListener("click", function () { download(button.getAttribute("data-format")); });
  });

  function download(fmt) {
    if (!last) return;
    var status = $("download-status");
    status.textContent = t("downloading");
    var req = last.kind === "document"
      ? fetch("/v1/documents?format=" + fmt, { method: "POST", body: documentForm(last.files), headers: authHeaders() })
      : fetch("/v1/analyze?format=" + fmt, { method: "POST", body: JSON.stringify(textRequest()),
        headers: authHeaders({ "Content-Type": "application/json" }) });
    req.then(function (resp) {
      if (!resp.ok) return resp.json().catch(function () { return null; }).then(function (data) { throw new Error(apiMessage(data) || t("network")); });
      var name = fileName(resp.headers.get("Content-Disposition")) || ("malkoll." + fmt);
      return resp.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = el("a", { href: url, download: name, className: "visually-hidden", text: name });
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        status.textContent = t("downloaded", { file: name });
      });
    }).catch(function (err) { status.textContent = (err && err.message) || t("network"); });
  }

  function fileName(header) {
    if (!header) return null;
    var star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) { try { return decodeURIComponent(star[1]); } catch (e) { /* fall through */ } }
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : null;
  }

  // ---------------------------------------------------------------- start
  fetch("/i18n.json").then(function (r) { return r.json(); }).then(function (data) {
    STRINGS = data;
    applyLang();
    document.body.classList.add("ready");
    if (goal.value.trim()) analyzeText(true); else setStatus(t("empty"));
  }).catch(function () {  // without the catalogue there is nothing to translate with: both languages
    showError("Sidans texter kunde inte laddas. / The page's texts could not be loaded. (/i18n.json)");
  });
})();
