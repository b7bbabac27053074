/* Målkoll web page: analysis as you type against POST /v1/analyze. Plain JS, no build step, no CDN.
   All user text is inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var STRINGS = {
    sv: {
      skip: "Hoppa till innehållet", title: "Går målet att följa upp?",
      intro: "Skriv eller klistra in ett mål. Målkoll visar direkt vad som saknas, markerar orden som brister och föreslår hur målet kan skrivas så att det går att följa upp.",
      label: "Måltext", hint: "Granskningen uppdateras medan du skriver.",
      level_label: "Målets nivå", level_auto: "Antas utifrån texten",
      "level.vision": "Vision", "level.overarching": "Övergripande mål", "level.committee": "Nämndmål",
      "level.operational": "Verksamhetsmål", "level.indicator_target": "Indikator med målvärde", "level.financial": "Finansiellt mål",
      check: "Granska", example: "Visa ett exempel", token_label: "API-nyckel",
      token_hint: "Den här installationen kräver en nyckel. Fråga den som driver tjänsten.",
      result: "Resultat", score: "Poäng", of100: "av 100",
      marked_heading: "Målet med markeringar", marked_hint: "Markerade ord brister. Siffran leder till förklaringen nedan.",
      no_marks: "Inga enskilda ord är markerade.", findings_heading: "Vad som brister och hur du rättar det",
      no_findings: "Inga anmärkningar.", checklist: "Checklista",
      rewrite_heading: "Förslag på omskrivning", copy: "Kopiera förslaget", copied: "Kopierat.", copy_failed: "Kunde inte kopiera; markera texten och kopiera själv.",
      rewrite_hint: "Förslaget är en mall: fyll i värden och år inom hakparentes.",
      subgoals_heading: "Förslag på delmål per nämnd", indicators_heading: "Förslag på indikatorer",
      kolada_disclaimer: "Målkoll är ett fristående verktyg och ingen tjänst från RKA eller Kolada; förslagen är Målkolls egen bearbetning.",
      footer: "Målkoll körs lokalt: texten du skriver skickas bara till den här servern.",
      api_link: "API-dokumentation (för utvecklare)", lang_toggle: "English",
      checking: "Granskar …", empty: "Skriv ett mål så granskas det direkt.",
      done: "Granskat: {grade}, {score} av 100 poäng, {n} anmärkningar.",
      network: "Kunde inte nå Målkoll-servern. Försök igen.", need_token: "Ange API-nyckeln och försök igen.",
      chars: "{n} av {max} tecken", too_many_chars: "{n} av {max} tecken – för långt",
      "grade.good": "Går att följa upp", "grade.needs_work": "Behöver arbete", "grade.vague": "Luddigt mål",
      "dim.measurable": "Mätbart", "dim.target_level": "Målnivå", "dim.time_bound": "Tidsatt", "dim.owner": "Ansvarig",
      "dim.no_vagueness": "Inga vaga ord", "dim.terms_defined": "Definierade begrepp", "dim.single_goal": "Ett mål",
      "dim.style": "Språk", "dim.goal_type": "Måltyp", "dim.cascade": "Målkedjan",
      "dimhelp.measurable": "något som kan mätas eller ett målvärde",
      "dimhelp.target_level": "en uttalad nivå, inte bara en riktning",
      "dimhelp.time_bound": "ett år, ett datum eller en period",
      "dimhelp.owner": "en nämnd, förvaltning, ett bolag eller en enhet",
      "dimhelp.no_vagueness": "inga ord som lovar en ansträngning i stället för ett resultat",
      "dimhelp.terms_defined": "nyckelbegreppen är konkreta eller förklarade",
      "dimhelp.single_goal": "ett mål, inte flera i samma mening",
      yes: "uppfyllt", no: "brister",
      "sev.error": "Fel", "sev.warning": "Varning", "sev.suggestion": "Förslag",
      "type.effect": "effektmål", "type.result": "resultatmål", "type.activity": "aktivitet",
      "from.caller": "vald av dig", "from.document": "från dokumentet", "from.inferred": "antagen utifrån texten",
      level_line: "Nivå: {level} ({from}). Måltyp: {type}.",
      fix: "Så här kan du skriva:", why_rule: "Om regeln {id} ({name})",
      what: "Vad regeln gör", why: "Varför", instead: "Skriv i stället", loading: "Laddar …",
      finding_ref: "anmärkning {n}: {dim}",
      constructed: "konstruerad indikator, finns inte i Kolada", owner: "Ansvarig", indicator: "Indikator",
      example_text: "Vi ska verka för en god kvalitet i skolan och öka tryggheten i möjligaste mån."
    },
    en: {
      skip: "Skip to content", title: "Can this goal be followed up?",
      intro: "Write or paste a goal. Målkoll shows at once what is missing, marks the words at fault and proposes how to write the goal so that it can be followed up.",
      label: "Goal text", hint: "The check updates as you type.",
      level_label: "Level of the goal", level_auto: "Inferred from the text",
      "level.vision": "Vision", "level.overarching": "Overarching goal", "level.committee": "Committee goal",
      "level.operational": "Operational goal", "level.indicator_target": "Indicator target", "level.financial": "Financial goal",
      check: "Check", example: "Show an example", token_label: "API token",
      token_hint: "This installation needs a token. Ask whoever runs the service.",
      result: "Result", score: "Score", of100: "out of 100",
      marked_heading: "The goal with marks", marked_hint: "Marked words are at fault. The number leads to the explanation below.",
      no_marks: "No single words are marked.", findings_heading: "What is wrong and how to fix it",
      no_findings: "No remarks.", checklist: "Checklist",
      rewrite_heading: "Suggested rewrite", copy: "Copy the suggestion", copied: "Copied.", copy_failed: "Could not copy; select the text and copy it yourself.",
      rewrite_hint: "The suggestion is a template: fill in the values and years in brackets.",
      subgoals_heading: "Suggested sub-goals per committee", indicators_heading: "Suggested indicators",
      kolada_disclaimer: "Målkoll is an independent tool, not a service of RKA or Kolada; the suggestions are Målkoll's own processing.",
      footer: "Målkoll runs locally: what you type is sent only to this server.",
      api_link: "API documentation (for developers)", lang_toggle: "Svenska",
      checking: "Checking …", empty: "Write a goal and it is checked at once.",
      done: "Checked: {grade}, {score} out of 100, {n} remarks.",
      network: "Could not reach the Målkoll server. Try again.", need_token: "Enter the API token and try again.",
      chars: "{n} of {max} characters", too_many_chars: "{n} of {max} characters – too long",
      "grade.good": "Can be followed up", "grade.needs_work": "Needs work", "grade.vague": "Vague goal",
      "dim.measurable": "Measurable", "dim.target_level": "Target level", "dim.time_bound": "Time-bound", "dim.owner": "Owner",
      "dim.no_vagueness": "No vague wording", "dim.terms_defined": "Terms defined", "dim.single_goal": "Single goal",
      "dim.style": "Language", "dim.goal_type": "Goal type", "dim.cascade": "Goal cascade",
      "dimhelp.measurable": "something that can be measured, or a target value",
      "dimhelp.target_level": "an explicit level, not only a direction",
      "dimhelp.time_bound": "a year, a date or a period",
      "dimhelp.owner": "a committee, department, company or unit",
      "dimhelp.no_vagueness": "no words that promise an effort instead of a result",
      "dimhelp.terms_defined": "key terms are concrete or explained",
      "dimhelp.single_goal": "one goal, not several in one sentence",
      yes: "met", no: "missing",
      "sev.error": "Error", "sev.warning": "Warning", "sev.suggestion": "Suggestion",
      "type.effect": "effect goal", "type.result": "result goal", "type.activity": "activity",
      "from.caller": "chosen by you", "from.document": "from the document", "from.inferred": "inferred from the text",
      level_line: "Level: {level} ({from}). Goal type: {type}.",
      fix: "How to write it:", why_rule: "About rule {id} ({name})",
      what: "What it does", why: "Why", instead: "Write instead", loading: "Loading …",
      finding_ref: "remark {n}: {dim}",
      constructed: "constructed indicator, not in Kolada", owner: "Owner", indicator: "Indicator",
      example_text: "Vi ska verka för en god kvalitet i skolan och öka tryggheten i möjligaste mån."
    }
  };
  var DIMENSIONS = ["measurable", "target_level", "time_bound", "owner", "no_vagueness", "terms_defined", "single_goal"];
  var GRADE_ICON = { good: "✓", needs_work: "!", vague: "✗" };
  var DEBOUNCE_MS = 450;

  var $ = function (id) { return document.getElementById(id); };
  var goal = $("goal"), level = $("level"), form = $("goal-form");
  var maxChars = parseInt(document.body.getAttribute("data-max-chars"), 10) || 5000;
  var lang = initialLang();
  var timer = null, controller = null, lastReport = null, lastKey = null, seq = 0;

  function initialLang() {
    var q = new URLSearchParams(window.location.search).get("lang");
    if (q === "sv" || q === "en") return q;
    try { var s = window.localStorage.getItem("malkoll.lang"); if (s === "sv" || s === "en") return s; } catch (e) { /* private mode */ }
    return "sv";
  }

  function t(key, args) {
    var s = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.sv[key] || key;
    if (args) Object.keys(args).forEach(function (k) { s = s.split("{" + k + "}").join(String(args[k])); });
    return s;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---------------------------------------------------------------- language
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
    var toggle = $("lang-toggle");
    toggle.textContent = t("lang_toggle");
    toggle.setAttribute("lang", lang === "sv" ? "en" : "sv");
    document.title = lang === "sv" ? "Målkoll – går målet att följa upp?" : "Målkoll – can this goal be followed up?";
    updateCount();
  }

  $("lang-toggle").addEventListener("click", function () {
    lang = lang === "sv" ? "en" : "sv";
    try { window.localStorage.setItem("malkoll.lang", lang); } catch (e) { /* ignore */ }
    applyLang();
    lastKey = null;
    if (goal.value.trim()) analyze(); else setStatus(t("empty"));
  });

  // ---------------------------------------------------------------- input
  function updateCount() {
    var n = goal.value.length, node = $("goal-count");
    node.textContent = t(n > maxChars ? "too_many_chars" : "chars", { n: n, max: maxChars });
    node.classList.toggle("over", n > maxChars);
  }

  goal.addEventListener("input", function () {
    updateCount();
    clearTimeout(timer);
    timer = setTimeout(analyze, DEBOUNCE_MS);
  });
  level.addEventListener("change", function () { lastKey = null; analyze(); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); lastKey = null; analyze(); });
  $("example").addEventListener("click", function () {
    goal.value = t("example_text");
    updateCount();
    goal.focus();
    lastKey = null;
    analyze();
  });
  $("token").addEventListener("change", function () { lastKey = null; analyze(); });

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

  // ---------------------------------------------------------------- request
  function analyze() {
    clearTimeout(timer);
    var text = goal.value;
    if (!text.trim()) {
      if (controller) controller.abort();
      $("result").hidden = true; showError(null); setStatus(t("empty")); lastKey = null;
      return;
    }
    var key = lang + "\u0000" + level.value + "\u0000" + text;
    if (key === lastKey) return;
    lastKey = key;
    if (controller) controller.abort();
    controller = typeof AbortController !== "undefined" ? new AbortController() : null;
    var mine = ++seq;
    var body = { text: text, lang: lang };
    if (level.value) body.options = { level: level.value };
    var headers = { "Content-Type": "application/json", "Accept": "application/json" };
    var tok = token();
    if (tok) headers.Authorization = "Bearer " + tok;
    setStatus(t("checking"));
    fetch("/v1/analyze", { method: "POST", headers: headers, body: JSON.stringify(body), signal: controller ? controller.signal : undefined })
      .then(function (resp) {
        return resp.json().catch(function () { return null; }).then(function (data) { return { resp: resp, data: data }; });
      })
      .then(function (r) {
        if (mine !== seq) return;
        if (r.resp.status === 401) {
          $("token-box").hidden = false;
          lastKey = null;
          showError((r.data && (lang === "en" ? r.data.message_en : r.data.message)) || t("need_token"));
          setStatus(t("need_token"));
          $("token").focus();
          return;
        }
        if (!r.resp.ok || !r.data) {
          lastKey = null;
          showError(r.data ? (lang === "en" ? r.data.message_en : r.data.message) : t("network"));
          setStatus("");
          return;
        }
        var g = r.data.goals[0];
        if (g.error) { showError(g.error); setStatus(""); $("result").hidden = true; return; }
        showError(null);
        lastReport = g;
        render(g);
        setStatus(t("done", { grade: t("grade." + g.grade), score: g.score, n: g.findings.length }));
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") return;
        if (mine !== seq) return;
        lastKey = null;
        showError(t("network"));
        setStatus("");
      });
  }

  // ---------------------------------------------------------------- rendering
  function isWhole(f, text) {
    var s = text.length - text.replace(/^\s+/, "").length;
    var e = text.replace(/\s+$/, "").length;
    return f.start <= s && f.end >= e;
  }

  function render(g) {
    $("result").hidden = false;
    var gradeNode = $("grade");
    gradeNode.className = "grade " + g.grade;
    gradeNode.querySelector(".grade-icon").textContent = GRADE_ICON[g.grade] || "";
    gradeNode.querySelector(".grade-text").textContent = t("grade." + g.grade);
    $("score").textContent = g.score;
    $("score-bar").style.width = Math.max(0, Math.min(100, g.score)) + "%";
    $("level-text").textContent = g.level ? t("level_line", {
      level: t("level." + g.level.value).toLowerCase(), from: t("from." + g.level.from), type: t("type." + g.type)
    }) : "";
    renderChecklist(g);
    renderMarked(g);
    renderFindings(g);
    renderSuggestions(g);
  }

  function renderChecklist(g) {
    var list = $("checklist");
    clear(list);
    DIMENSIONS.forEach(function (d) {
      var ok = g.dimensions && g.dimensions[d];
      list.appendChild(el("li", { className: ok ? "ok" : "no", "data-dimension": d }, [
        el("span", { className: "mark-icon", "aria-hidden": "true", text: ok ? "✓" : "✗" }),
        el("span", {}, [el("strong", { text: t("dim." + d) }), el("br"), el("span", { className: "hint", text: t("dimhelp." + d) })]),
        el("span", { className: "state", text: t(ok ? "yes" : "no") })
      ]));
    });
  }

  function renderMarked(g) {
    var text = g.text, box = $("marked");
    clear(box);
    var spans = [];
    g.findings.forEach(function (f, i) {
      if (f.end > f.start && !isWhole(f, text)) spans.push({ start: f.start, end: f.end, dim: f.dimension, n: i + 1 });
    });
    $("no-marks").hidden = spans.length > 0;
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i < cuts.length - 1; i++) {
      var a = cuts[i], b = cuts[i + 1], piece = text.slice(a, b);
      var covering = spans.filter(function (s) { return s.start <= a && s.end >= b; });
      if (!covering.length) { box.appendChild(document.createTextNode(piece)); continue; }
      covering.sort(function (x, y) { return (x.end - x.start) - (y.end - y.start); });
      var mark = el("mark", { className: "dim-" + covering[0].dim, "data-dimension": covering[0].dim }, [piece]);
      var ending = spans.filter(function (s) { return s.end === b; });
      if (ending.length) {
        var sup = el("sup");
        ending.forEach(function (s, k) {
          var label = t("finding_ref", { n: s.n, dim: t("dim." + s.dim) });
          if (k) sup.appendChild(document.createTextNode(","));
          sup.appendChild(el("a", { href: "#finding-" + s.n, "aria-label": label, title: label, text: String(s.n) }));
        });
        mark.appendChild(sup);
      }
      box.appendChild(mark);
    }
  }

  function renderFindings(g) {
    var list = $("findings");
    clear(list);
    $("no-findings").hidden = g.findings.length > 0;
    g.findings.forEach(function (f, i) {
      var n = i + 1;
      var head = el("div", { className: "finding-head" }, [
        el("span", { className: "tag " + f.severity, text: t("sev." + f.severity) }),
        el("span", { className: "dimname" }, [el("span", { className: "swatch dim-" + f.dimension, "aria-hidden": "true" }), t("dim." + f.dimension)]),
        isWhole(f, g.text) ? null : el("q", { lang: "sv", text: f.excerpt })
      ]);
      var details = el("details", { "data-rule": f.rule }, [el("summary", { text: t("why_rule", { id: f.rule, name: f.name }) })]);
      details.addEventListener("toggle", function () { if (details.open) loadRule(details, f.rule); });
      list.appendChild(el("li", { id: "finding-" + n, "data-rule": f.rule, "data-dimension": f.dimension, tabindex: "-1" }, [
        head,
        el("p", { className: "finding-msg", text: f.message }),
        f.suggestion ? el("p", { className: "finding-fix" }, [el("span", { className: "visually-hidden", text: t("fix") + " " }), f.suggestion]) : null,
        details
      ]));
    });
  }

  var ruleCache = {};
  function loadRule(details, id) {
    if (details.querySelector(".rule-doc")) return;
    var box = el("div", { className: "rule-doc", text: t("loading") });
    details.appendChild(box);
    var key = id + "/" + lang;
    var headers = {};
    var tok = token();
    if (tok) headers.Authorization = "Bearer " + tok;
    var p = ruleCache[key] || fetch("/v1/rules/" + encodeURIComponent(id) + "?lang=" + lang, { headers: headers })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); });
    ruleCache[key] = p;
    p.then(function (rule) {
      clear(box);
      [["what", rule.doc.what], ["why", rule.doc.why], ["instead", rule.doc.instead]].forEach(function (pair) {
        if (!pair[1]) return;
        box.appendChild(el("h4", { text: t(pair[0]) }));
        box.appendChild(el("p", { text: pair[1] }));
      });
    }).catch(function () { delete ruleCache[key]; box.textContent = t("network"); });
  }

  function renderSuggestions(g) {
    var rw = $("rewrite-section");
    rw.hidden = !g.rewrite;
    $("rewrite").textContent = g.rewrite || "";
    $("copy-status").textContent = "";

    var subs = $("subgoals");
    clear(subs);
    (g.subgoals || []).forEach(function (s) {
      var extra = [];
      if (s.owner) extra.push(t("owner") + ": " + s.owner);
      if (s.indicator) extra.push(t("indicator") + ": " + s.indicator);
      subs.appendChild(el("li", {}, [el("span", { lang: "sv", text: s.text }), extra.length ? el("span", { className: "why", text: extra.join(" · ") }) : null]));
    });
    $("subgoals-section").hidden = !(g.subgoals && g.subgoals.length);

    var inds = $("indicators");
    clear(inds);
    var anyKolada = false;
    (g.indicators || []).forEach(function (ind) {
      var kolada = ind.source === "kolada";
      anyKolada = anyKolada || kolada;
      var title = kolada ? [el("span", { className: "kpi-id", text: ind.id }), " ", el("span", { lang: "sv", text: ind.title })]
                         : [el("span", { lang: "sv", text: ind.title }), " ", el("em", { text: "(" + t("constructed") + ")" })];
      var why = [ind.operating_area, ind.reason].filter(Boolean).join(" · ");  // plain reason; `why` is evidence for tools
      inds.appendChild(el("li", { "data-source": ind.source }, title.concat([why ? el("span", { className: "why", lang: "sv", text: why }) : null])));
    });
    $("indicators-section").hidden = !(g.indicators && g.indicators.length);
    $("kolada-source").hidden = !anyKolada;
  }

  // ---------------------------------------------------------------- copy
  $("copy").addEventListener("click", function () {
    var text = $("rewrite").textContent;
    var done = function () { $("copy-status").textContent = t("copied"); };
    var fallback = function () {
      var area = el("textarea", { "aria-hidden": "true" });
      area.value = text; area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area); area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      $("copy-status").textContent = ok ? t("copied") : t("copy_failed");
      $("copy").focus();
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  });

  applyLang();
  setStatus(t("empty"));
  if (goal.value.trim()) analyze();
})();
