"""What the speed work must not change: compiled caches follow their sources, one matcher per process
gives what one matcher per list gave, vectorised retrieval gives the term-by-term sums bit for bit.
(No timings here: speed is measured by benchmarks/bench_speed.py.)"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dev_docs():
    from malkoll.analyzer import get_nlp

    texts = [json.loads(x)["text"] for x in (ROOT / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    return list(get_nlp().pipe(texts[:80]))


def test_compiled_yaml_is_never_stale(tmp_path, monkeypatch):
    from malkoll.analyzer.lexicon import compiled_yaml

    cache = tmp_path / "cache"
    monkeypatch.setenv("MALKOLL_CACHE_DIR", str(cache))
    assert compiled_yaml("ord: [verka, sträva]\n".encode()) == {"ord": ["verka", "sträva"]}
    files = list((cache / "compiled").iterdir())
    assert len(files) == 1
    assert compiled_yaml("ord: [verka, sträva]\n".encode()) == {"ord": ["verka", "sträva"]}  # from the cache
    assert compiled_yaml(b"ord: [verka]\n") == {"ord": ["verka"]}  # a changed source is compiled anew
    files[0].write_bytes(b"\x00broken")  # a damaged cache entry costs a parse, never a wrong answer
    assert compiled_yaml("ord: [verka, sträva]\n".encode()) == {"ord": ["verka", "sträva"]}


def test_compiled_cache_can_be_turned_off(tmp_path, monkeypatch):
    from malkoll.analyzer.lexicon import cache_dir, compiled_yaml

    monkeypatch.setenv("MALKOLL_CACHE_DIR", "off")
    assert cache_dir() is None
    assert compiled_yaml(b"a: 1\n") == {"a": 1}
    monkeypatch.setenv("MALKOLL_CACHE_DIR", str(tmp_path / "file-not-dir"))
    (tmp_path / "file-not-dir").write_text("x")  # unwritable: only the parse is paid
    assert compiled_yaml(b"a: 2\n") == {"a": 2}


def test_cached_title_arrays_equal_the_computation():
    from malkoll.models.indicators import get_index

    idx = get_index()
    fresh = idx._per_title()
    assert np.array_equal(fresh["family_id"], idx.family_id)
    assert np.array_equal(fresh["people"], idx.people)
    assert np.array_equal(fresh["head_parts"], idx.head_parts)
    assert np.array_equal(fresh["base_log"], idx.base_log)
    assert np.array_equal(fresh["discontinued"], idx.discontinued)
    assert all(np.array_equal(fresh["variants"][k], m) for k, (m, _, _) in enumerate(idx.variants))


def test_one_matcher_for_all_lists_finds_what_one_per_list_found(dev_docs):
    from malkoll.rules.matching import PHRASE_LISTS, _compiled, find_phrases

    for doc in dev_docs:
        for lst in PHRASE_LISTS:
            alone = _compiled((lst,)).run(doc)[lst]
            together = find_phrases(doc, *lst)
            assert [(s.start, s.end, s.label_) for s in together] == [(s.start, s.end, s.label_) for s in alone]


def test_norm_holds_the_lemma_the_rules_read(dev_docs):
    for doc in dev_docs:
        assert all(t.norm_ == t._.lem for t in doc)


def test_the_token_matcher_is_skipped_only_where_it_could_find_nothing(dev_docs):
    """The goal-feature component runs its token matcher only on goals with a word every pattern
    needs: on the others the matcher finds nothing."""
    from malkoll.analyzer import get_nlp
    from malkoll.analyzer.features import _matcher, _matcher_anchors

    nlp = get_nlp()
    matcher, anchors = _matcher(id(nlp.vocab), nlp.vocab), _matcher_anchors()
    own = ["Kommunen ska vara bland de 10 bästa i landet.", "Från 40 till 60 procent år 2030.",
           "Antalet besök per invånare ska öka.", "Sveriges bästa skolkommun."]
    skipped = 0
    for doc in list(dev_docs) + list(nlp.pipe(own)):
        if anchors.isdisjoint(t.lower_ for t in doc):
            skipped += 1
            assert matcher(doc) == []
    assert 0 < skipped < len(dev_docs)
    assert all(matcher(doc) for doc in nlp.pipe(own))  # each shape of pattern still found


def test_a_doc_out_of_the_pipeline_keeps_nothing_of_malkolls_in_user_data():
    """The goal-feature component drops what it kept of the Doc: the Doc holds nothing of Målkoll's in
    user_data (it serialises), and the rules read the token strings anew, the Doc's own."""
    from malkoll.analyzer import get_nlp
    from malkoll.analyzer.doc_cache import CACHE, Words, forget, words

    doc = get_nlp()("Andelen elever som är behöriga till gymnasiet ska öka till 95 procent år 2027.")
    assert CACHE not in doc.user_data
    assert doc.to_bytes()
    read, fresh = words(doc), Words(list(doc))
    assert all(getattr(read, f) == getattr(fresh, f) for f in Words.__slots__)
    forget(doc)
    assert words(doc) is not read  # read anew once forgotten


def _bm25_term_by_term(idx, q):
    from malkoll.models.indicators import K1

    st, sd, held = np.zeros(idx.n), np.zeros(idx.n), np.zeros(idx.n)
    for term, w in q.terms.items():
        j = idx.term_id.get(term)
        if j is None:
            continue
        idf = idx.idf_all[j]
        ix, tf = idx._rows(idx._t, j)
        st[ix] += w * idf * tf * (K1 + 1) / (tf + idx.tnorm[ix])
        held[ix] += idf * np.minimum(tf, 1.0)
        ix, tf = idx._rows(idx._d, j)
        sd[ix] += w * idf * tf * (K1 + 1) / (tf + idx.dnorm[ix])
    return st, sd, held


def test_vectorised_retrieval_equals_term_by_term_sums(dev_docs):
    from malkoll.models.indicators import get_index

    idx = get_index()
    for doc in dev_docs:
        q = idx.analyse(doc)
        st, sd, held, _ = idx._bm25(q)
        ref = _bm25_term_by_term(idx, q)
        assert np.array_equal(st, ref[0]) and np.array_equal(sd, ref[1]) and np.array_equal(held, ref[2])


def test_the_goal_query_is_read_once_per_doc(dev_docs):
    from malkoll.models.indicators import get_index

    idx = get_index()
    doc = dev_docs[0]
    assert idx.analyse(doc) is idx.analyse(doc)


def test_two_processes_give_the_snapshot_and_one_report_per_input(monkeypatch):
    """The dev set through a pool of two processes (in batches of 16): the stored snapshot exactly,
    and inputs that cannot be goals keep their place with an error."""
    import importlib.util

    from malkoll import analyze_many, parallel
    from malkoll.config import Config

    spec = importlib.util.spec_from_file_location("snapshot_make", ROOT / "tests" / "snapshots" / "make.py")
    snap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snap)
    monkeypatch.setattr(parallel, "CHUNK", 16)
    records = [json.loads(x) for x in snap.CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    goals = [{"text": r["text"], "id": r["id"], "level": r.get("level")} for r in records]
    report = analyze_many(goals[:40] + [None, "", 7] + goals[40:], config=Config(jobs=2)).model_dump(mode="json")
    bad = report["goals"][40:43]
    assert [g["id"] for g in bad] == ["g41", "g42", "g43"] and all(g["error"] for g in bad)
    del report["goals"][40:43]
    stored = snap.stored()
    assert report["goals"] == stored["goals"]


def test_the_pool_halves_its_last_batches_and_keeps_every_goal_in_order(monkeypatch):
    """At the end of the input the batches nobody has yet are halved (at the parse batch's end) and
    the worker gets new batches while the main process analyses: the reports are those of one
    process, one per input, in order, also around inputs that cannot be goals."""
    from malkoll import iter_analyze, parallel
    from malkoll.config import Config

    halved = []
    original = parallel._Batch.__init__

    def counting(self, pairs):
        halved.append(len(pairs))
        original(self, pairs)

    monkeypatch.setattr(parallel, "CHUNK", 8)
    monkeypatch.setattr(parallel._Batch, "__init__", counting)
    texts = [json.loads(x)["text"] for x in (ROOT / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if x.strip()][:60]
    goals = texts[:20] + ["", None] + texts[20:]
    config = dict(suggestions=False)
    serial = [r.model_dump(mode="json") for r in iter_analyze(goals, config=Config(jobs=1, **config), batch_size=4)]
    pooled = [r.model_dump(mode="json") for r in iter_analyze(goals, config=Config(jobs=2, **config), batch_size=4)]
    assert pooled == serial and len(pooled) == len(goals)
    assert 4 in halved  # halves of the 8-goal batches were made


def test_a_broken_pool_never_loses_a_goal(monkeypatch):
    """When the pool cannot take a batch, the main process analyses it: same reports, same order."""
    from concurrent.futures import ProcessPoolExecutor

    from malkoll import analyze_many, parallel
    from malkoll.config import Config

    def refuse(self, *a, **k):
        raise RuntimeError("pool broken")

    monkeypatch.setattr(ProcessPoolExecutor, "submit", refuse)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    goals = ["Andelen ska öka till 80 procent senast 2027.", "", "Vi ska verka för en god kvalitet i skolan.",
             "Sjukfrånvaron ska minska.", 7]
    serial = analyze_many(goals, config=Config(jobs=1, suggestions=False)).model_dump(mode="json")
    pooled = analyze_many(goals, config=Config(jobs=2, suggestions=False)).model_dump(mode="json")
    assert pooled["goals"] == serial["goals"] and len(pooled["goals"]) == 5


def test_the_command_line_spreads_large_batches_the_api_does_not():
    from malkoll.config import Config
    from malkoll.engine import _workers

    many = iter([(None, object())] * 500)
    assert _workers(None, Config(), many)[0] == 1
    assert _workers(3, Config(), iter(()))[0] == 3
    n, rest = _workers(0, Config(), iter([(None, i) for i in range(10)]))
    assert n == 1 and [r for _, r in rest] == list(range(10))  # a small batch stays in one process, nothing lost


def test_requests_analysed_together_get_the_reports_they_get_alone():
    """The micro-batch path (several requests through one nlp.pipe) changes nothing in any report."""
    from malkoll.batch import review, review_each
    from malkoll.config import Config

    records = [json.loads(x) for x in (ROOT / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
               if x.strip()]
    goals = [{"text": r["text"], "id": r["id"], "level": r.get("level")} for r in records[:30]]
    requests = [[goals[0]["text"]], goals[1:4], ["", goals[4]["text"], None], goals[5:30], [goals[0]]]
    config = Config(suggestions=True)
    together = [r.model_dump(mode="json") for r in review_each(requests, config=config)]
    alone = [review(goals=r, config=config, allow_empty=True).model_dump(mode="json") for r in requests]
    assert together == alone


def test_spacy_is_imported_without_torch(tmp_path):
    """With torch installed, importing Målkoll does not import it (thinc would); it stays importable."""
    import subprocess
    import sys

    fake = tmp_path / "torch"
    fake.mkdir()
    (fake / "__init__.py").write_text("IMPORTED = True\n")
    code = ("import sys, malkoll.cli, malkoll.outline; assert 'torch' not in sys.modules, 'torch imported'; "
            "import thinc.compat; assert not thinc.compat.has_torch; import torch; assert torch.IMPORTED; print('ok')")
    env = {**__import__("os").environ, "PYTHONPATH": str(tmp_path)}
    env.pop("MALKOLL_SPACY_TORCH", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
