"""What the indicator model's speed work must not change: the coverage read from each candidate's own
terms gives what the postings of the goal's terms gave, bit for bit, and what is worked out once per
goal query is the same answer every time. (No timings here: benchmarks/bench_speed.py measures.)"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dev_queries():
    from malkoll.analyzer import get_nlp
    from malkoll.models.indicators import get_index

    texts = [json.loads(x)["text"] for x in (ROOT / "corpus" / "goals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    idx = get_index()
    return idx, [idx.analyse(d) for d in get_nlp().pipe(texts[:60])]


def _coverage_from_postings(idx, q, cand, words):
    """Coverage term by term from the postings of the goal's terms (how it was computed before)."""
    from malkoll.models.indicators import DESC_CREDIT, HEAD_WEIGHT_MIN

    own = list(words)
    pos = np.full(idx.n, -1, dtype=np.int64)
    pos[cand] = np.arange(cand.size)
    row = {t: k for k, t in enumerate(own)}
    covered = np.zeros((len(own), cand.size))
    for term in q.terms:
        targets = [(row[term], 1.0)] if term in row else []
        targets += [(row[s], 0.5) for s in q.sources.get(term, ()) if s in row and s != term]
        for which, credit in ((idx._d, DESC_CREDIT), (idx._t, 1.0)):
            p = idx._posting(which, term)
            if p is None:
                continue
            k = pos[p[0]]
            held = np.where(p[1] >= HEAD_WEIGHT_MIN, 1.0, 0.5)[k >= 0]  # a first part: half
            k = k[k >= 0]
            for r, share in targets:
                covered[r, k] = np.maximum(covered[r, k], credit * share * held)
    weights = np.array([(idx.idf(t) or math.log(idx.n)) * words[t] for t in own])
    return (weights @ covered) / weights.sum()


def test_coverage_from_candidate_terms_equals_postings(dev_queries):
    idx, queries = dev_queries
    checked = 0
    for q in queries:
        cand, _ = idx.features(q, "K")
        if not q.own or not cand.size:
            continue
        covered = idx._covered(q, cand, list(q.own))
        focus = {t: w for t, w in q.focus.items() if t in q.own}
        for words in (q.own, focus):
            if not words:
                continue
            ref = _coverage_from_postings(idx, q, cand, words)
            assert np.array_equal(idx._coverage(q, cand, words), ref)
            assert np.array_equal(idx._coverage(q, cand, words, covered=covered), ref)
            checked += 1
    assert checked > 50


def test_per_query_answers_are_computed_once_and_read_only(dev_queries):
    idx, queries = dev_queries
    q = queries[0]
    post = idx.area_posterior(q)
    assert post is idx.area_posterior(q)
    assert np.array_equal(post, idx._area_posterior(q))
    with pytest.raises(ValueError):
        post[0] = 1.0  # shared by features, sub-goals and MK903: nobody may change it


def test_a_hits_evidence_worked_out_late_is_its_own(dev_queries):
    """Each ranked hit's evidence (why, matched), worked out when first read, is the evidence of its own
    KPI for its own goal, read in any order and after other goals were ranked; a copy carries it."""
    import pickle

    from malkoll.models.indicators import FEATURES

    idx, queries = dev_queries
    col = FEATURES.index("memory_family")
    ranked = []
    for q in queries:
        cand, X = idx.features(q, "K")
        ranked.append((q, {idx.ids[i]: (i, float(X[j, col])) for j, i in enumerate(cand.tolist())}, idx.rank(q, k=5)))
    checked = 0
    for q, rows, hits in reversed(ranked):
        for h in reversed(hits):
            i, memory = rows[h.id]
            why, matched = idx._evidence(q, i, memory)
            assert (h.why, h.matched) == (why, matched)
            copy = pickle.loads(pickle.dumps(h))
            assert (copy.why, copy.matched, copy.score) == (why, matched, h.score)
            checked += 1
    assert checked > 100
