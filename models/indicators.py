"""Indicator index over the Kolada KPI catalogue (Källa: Kolada).

Retrieval that understands Swedish municipal language:

* normalisation: lower case -> lemma (simplemma at build time, shipped as a
  lemma map; spaCy lemmas when the caller passes them) -> Swedish Snowball stem,
  so "behörighet" ~ "behöriga";
* compound splitting against the catalogue's own vocabulary, so
  "gymnasieelever" ~ "elever i gymnasieskolan";
* synonyms and multi-word concepts of municipal language (data files in
  ``models/data``), each entry with an example;
* the goal's domain mapped to Kolada operating areas, perspective preferences
  (results before costs for result goals), penalties for meta statistics and
  sub-population variants, discontinued series "(-YYYY)" ranked last;
* kommun/region filtering (Kolada municipality type K, L, A).

The index is a compact prebuilt artifact (``models/kolada/index.json.gz``) made by
``python -m malkoll.models.build_indicator_index`` (or ``python models/build_indicator_index.py``).
If the artifact is missing or stale it is rebuilt in memory (needs simplemma).

Kolada's terms: every place that shows these indicators says "Källa: Kolada"
(:data:`KOLADA_ATTRIBUTION`), and Målkoll is not an RKA or Kolada service
(:data:`KOLADA_DISCLAIMER`).
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import yaml

from malkoll.report import KOLADA_ATTRIBUTION  # noqa: F401  (re-exported: one spelling of the attribution)

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
KOLADA_DIR = HERE / "kolada"
KPIS_PATH = KOLADA_DIR / "kpis.jsonl"
INDEX_PATH = KOLADA_DIR / "index.npz"
INDEX_FORMAT = 4

KOLADA_DISCLAIMER = (
    "Målkoll är ett fristående verktyg och ingen tjänst från RKA eller Kolada; "
    "förslagen är Målkolls egen bearbetning."
)
KOLADA_DISCLAIMER_EN = (
    "Målkoll is an independent tool, not a service of RKA or Kolada; "
    "the suggestions are Målkoll's own processing."
)

TITLE_WEIGHT = 1.0
DESC_WEIGHT = 0.3
K1 = 1.2
B_TITLE = 0.5
B_DESC = 0.75
PART_WEIGHT = 0.5
QUERY_PART_WEIGHT = 0.6
SYNONYM_WEIGHT = 0.6
CONCEPT_WEIGHT = 0.7
UNSEEN_PART_WEIGHT = 0.8
DIGIT_WEIGHT = 0.3
DESC_CREDIT = 0.5  # coverage credit for a word found only in a KPI's description
SIMILAR_TITLES = 0.6  # used when a caller asks for near-duplicates to be thinned (diversify="strong")

_TOKEN_RE = re.compile(r"[0-9a-zåäöéüæø]+(?:-[a-zåäöéü]+)*", re.IGNORECASE)


# --------------------------------------------------------------------------- #
# Swedish Snowball stemmer (the published algorithm, re-implemented)
# --------------------------------------------------------------------------- #
_VOWELS = set("aeiouyäåö")
_STEP1 = sorted(
    "heterna hetens anden heten heter arnas ernas ornas andes arens andet arna erna orna ande arne aste aren ades erns ade are ern ens het ast ad en ar er or as es at a e".split(),
    key=len,
    reverse=True,
)
_S_ENDING = set("bcdfghjklmnoprtvy")
_STEP2 = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


def stem(word: str) -> str:
    """Swedish Snowball stem of a lower-case word."""
    if len(word) < 3 or not word.isalpha():
        return word
    r1 = _r1(word)
    # step 1
    for suf in _STEP1:
        if word.endswith(suf) and len(word) - len(suf) >= r1:
            word = word[: -len(suf)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] in _S_ENDING:
            word = word[:-1]
    # step 2
    for suf in _STEP2:
        if word.endswith(suf) and len(word) - 2 >= r1:
            word = word[:-1]
            break
    # step 3
    if word.endswith("fullt") and len(word) - 5 >= r1:
        word = word[:-1]
    elif word.endswith("löst") and len(word) - 4 >= r1:
        word = word[:-1]
    else:
        for suf in ("lig", "els", "ig"):
            if word.endswith(suf) and len(word) - len(suf) >= r1:
                word = word[: -len(suf)]
                break
    return word


# --------------------------------------------------------------------------- #
# data files
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _norm_text(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).lower()


def tokenize(text: str) -> list[str]:
    text = _norm_text(text)
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        tok = m.group(0)
        # "barn- och" style hyphen endings are handled by the regex; split inner hyphens
        # only when both sides are words ("e-tjänst" stays whole)
        if "-" in tok and len(tok.split("-")[0]) > 2:
            out.extend(p for p in tok.split("-") if p)
        else:
            out.append(tok)
    return out


_INFLECTIONS = (
    "ernas", "arnas", "ornas", "ornas", "erna", "arna", "orna", "ens", "ets", "nas", "en", "et",
    "na", "ns", "ts", "er", "ar", "or", "n", "t", "s", "e", "a",
)

# --------------------------------------------------------------------------- #
# normaliser: token -> weighted terms
# --------------------------------------------------------------------------- #
@dataclass
class Normaliser:
    lemma_map: dict[str, str]
    known: set[str]  # lemmas known as words (compound heads / parts)
    modifiers: set[str]  # first parts seen in several compounds
    stopwords: set[str]
    no_split: set[str]
    numbers: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def lemma(self, tok: str) -> str:
        lem = self.lemma_map.get(tok)
        if lem is not None:
            return lem
        if tok in self.known or len(tok) < 5 or not tok.isalpha():
            return tok
        # unseen inflected form: strip a Swedish inflection ending to reach a known lemma
        for suf in _INFLECTIONS:
            if tok.endswith(suf) and len(tok) - len(suf) >= 3:
                base = tok[: -len(suf)]
                for cand in (base, base + "e", base + "a"):
                    c = self.lemma_map.get(cand, cand)
                    if c in self.known:
                        return c
        # an unseen compound in an inflected form: the form whose parts are known
        for suf in _INFLECTIONS:
            if tok.endswith(suf) and len(tok) - len(suf) >= 6:
                base = tok[: -len(suf)]
                if self.split(base):
                    return base
        return tok

    def _strip_known(self, w: str) -> str | None:
        for suf in _INFLECTIONS:
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                base = w[: -len(suf)]
                for cand in (base, base + "e", base + "a"):
                    c = self.lemma_map.get(cand, cand)
                    if c in self.known:
                        return c
        return None

    def _head_split(self, word: str) -> list[str]:
        """An unseen compound whose first part is a known word: "avfallsminimering" -> avfall, minimering."""
        for i in range(len(word) - 5, 3, -1):
            left, right = word[:i], word[i:]
            if left in self.no_split:
                continue
            if left in self.known:
                return [left, right]
            if left.endswith("s") and left[:-1] in self.known and len(left) > 4:
                return [left[:-1], right]
        return []

    def split(self, word: str, depth: int = 0) -> list[str]:
        """Split a compound lemma into parts known in the catalogue vocabulary."""
        n = len(word)
        if n < 7 or depth > 1 or not word.isalpha():
            return []
        best = None
        for i in range(3, n - 2):
            left, right = word[:i], word[i:]
            if left in self.no_split:
                continue
            r = right if right in self.known else self.lemma_map.get(right)
            if r is None and len(right) >= 5:
                r = self._strip_known(right)
            if r is None or r not in self.known:
                continue
            if left in self.known or left in self.modifiers:
                lft = left
            elif self.lemma_map.get(left) in self.known:
                lft = self.lemma_map[left]
            elif left + "a" in self.known and len(left) > 3:  # skol|gård -> skola
                lft = left + "a"
            elif left[-1] in "oeu" and left[:-1] + "a" in self.known and len(left) > 4:  # hälso|tillstånd -> hälsa
                lft = left[:-1] + "a"
            elif left.endswith("s") and (left[:-1] in self.known or left[:-1] in self.modifiers) and len(left) > 4:
                lft = left[:-1]
            else:
                continue
            cand = (min(len(lft), len(r)), lft, r)
            if best is None or cand[0] > best[0]:
                best = cand
        if best is None:
            return []
        _, lft, r = best
        parts = []
        for p in (lft, r):
            sub = self.split(p, depth + 1)
            parts.append(p)
            parts.extend(sub)
        return parts

    def word_terms(self, tok: str, lemma: str | None = None) -> list[tuple[str, float]]:
        key = (tok, lemma)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        lem = (lemma or self.lemma(tok)).lower()
        res: list[tuple[str, float]] = []
        if tok in self.stopwords or lem in self.stopwords or (len(lem) < 2 and not lem.isdigit()):
            self._cache[key] = res
            return res
        res.append((stem(lem), 1.0))
        if lem.endswith("ning") and len(lem) >= 8 and lem.isalpha():
            # nominalisation: "vräkning" ~ "vräka", "utbildning" ~ "utbilda"
            res.append((stem(lem[:-4] + "a"), PART_WEIGHT))
        parts = self.split(lem)
        if not parts and lem not in self.known and len(lem) >= 9 and lem.isalpha():
            parts = self._head_split(lem)
        for part in parts:
            if part in self.stopwords or len(part) < 3:
                continue
            res.append((stem(self.lemma(part)), PART_WEIGHT))
        self._cache[key] = res
        return res

    def terms(self, text: str, lemmas: list[str] | None = None) -> list[tuple[str, float, str]]:
        """Weighted terms of a text: (term, weight, surface word)."""
        toks = [self.numbers.get(t, t) for t in tokenize(text)]
        out: list[tuple[str, float, str]] = []
        if lemmas is not None and len(lemmas) == len(toks):
            pairs = zip(toks, [lm.lower() if lm else None for lm in lemmas])
        else:
            pairs = ((t, None) for t in toks)
        for tok, lem in pairs:
            for term, w in self.word_terms(tok, lem):
                out.append((term, w, tok))
        # "åk 9" / "årskurs 9": keep grade numbers attached to the grade word
        for i, tok in enumerate(toks[:-1]):
            if tok in ("åk", "årskurs") and toks[i + 1].isdigit():
                out.append((f"åk{toks[i + 1]}", 1.0, f"{tok} {toks[i + 1]}"))
        return out


# --------------------------------------------------------------------------- #
# building the artifact
# --------------------------------------------------------------------------- #
def _data_vocabulary() -> list[str]:
    words: list[str] = []
    for g in load_data("synonyms")["groups"]:
        for t in g["terms"]:
            words.extend(tokenize(t))
    for c in load_data("concepts")["concepts"]:
        for t in c["pattern"] + c["expand"]:
            words.extend(tokenize(t))
    for d in load_data("domains")["domains"].values():
        for t in d["triggers"]:
            words.extend(tokenize(t))
    return words


def _read_kpis(path: Path = KPIS_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def build_artifact(kpis_path: Path = KPIS_PATH) -> dict:
    """Analyse the catalogue once; returns the artifact as a dict (needs simplemma)."""
    import simplemma  # build-time only

    kpis = _read_kpis(kpis_path)
    vocab: set[str] = set()
    for k in kpis:
        vocab.update(tokenize(k["title"]))
        vocab.update(tokenize((k.get("description") or "").replace("\\n", " ")))
    vocab.update(_data_vocabulary())
    lemma_map: dict[str, str] = {}
    for w in sorted(vocab):
        if not w.isalpha() or len(w) <= 3:
            continue
        lem = simplemma.lemmatize(w, lang="sv").lower()
        if lem != w:
            lemma_map[w] = lem
    lemmas = {lemma_map.get(w, w) for w in vocab if w.isalpha()}
    known = {w for w in lemmas if len(w) >= 3} | {w for w in vocab if w.isalpha() and len(w) >= 4}
    stop = set(load_data("stopwords")["words"])
    no_split = set(load_data("stopwords")["no_split_prefixes"]["prefixes"])
    known -= stop
    # first parts that occur in several compounds whose head is a known word
    counts: dict[str, int] = {}
    for w in lemmas:
        for i in range(3, len(w) - 2):
            if w[i:] in known:
                counts[w[:i]] = counts.get(w[:i], 0) + 1
    modifiers = {p for p, c in counts.items() if c >= 3 and p not in no_split}
    norm = Normaliser(lemma_map, known, modifiers, stop, no_split)
    docs = []
    for k in kpis:
        title = k["title"]
        desc = (k.get("description") or "").replace("\\n", " ")
        tt: dict[str, float] = {}
        for term, w, _ in norm.terms(_QUALIFIER_RE.sub(" ", title)):
            tt[term] = tt.get(term, 0.0) + w
        dt: dict[str, float] = {}
        for term, w, _ in norm.terms(desc):
            dt[term] = dt.get(term, 0.0) + w
        docs.append(
            {
                "id": k["id"],
                "title": title,
                "area": k.get("operating_area"),
                "mt": k.get("municipality_type"),
                "p": k.get("perspective"),
                # titles: a word repeated in a title does not make the KPI more relevant
                "t": {t: round(min(v, 1.0), 2) for t, v in tt.items()},
                "d": {t: round(v, 2) for t, v in dt.items()},
            }
        )
    return {
        "format": INDEX_FORMAT,
        "source": "Kolada KPI catalogue (Källa: Kolada), see models/kolada/README.md",
        "lemma_map": lemma_map,
        "known": sorted(known),
        "modifiers": sorted(modifiers),
        "docs": docs,
    }


def compile_artifact(art: dict) -> dict[str, np.ndarray]:
    """Turn the analysed catalogue into compact CSR postings (title and description)."""
    docs = art["docs"]
    n = len(docs)
    terms = sorted({t for d in docs for t in d["t"]} | {t for d in docs for t in d["d"]})
    tid = {t: i for i, t in enumerate(terms)}
    out: dict[str, np.ndarray] = {}
    df = np.zeros(len(terms), dtype=np.int32)
    for part in ("t", "d"):
        rows: list[list[tuple[int, float]]] = [[] for _ in terms]
        lens = np.zeros(n, dtype=np.float32)
        for i, d in enumerate(docs):
            for t, v in d[part].items():
                rows[tid[t]].append((i, v))
                lens[i] += v
        ptr = np.zeros(len(terms) + 1, dtype=np.int32)
        ptr[1:] = np.cumsum([len(r) for r in rows])
        out[f"{part}_ptr"] = ptr
        out[f"{part}_idx"] = np.array([i for r in rows for i, _ in r], dtype=np.int32)
        out[f"{part}_tf"] = np.array([v for r in rows for _, v in r], dtype=np.float32)
        out[f"{part}_len"] = lens
    for d in docs:
        for t in set(d["t"]) | set(d["d"]):
            df[tid[t]] += 1
    out["df"] = df
    meta = {"format": INDEX_FORMAT, "source": art["source"]}
    out["meta"] = _pack([json.dumps(meta, ensure_ascii=False)])
    # plain newline-joined string lists load far faster than JSON
    out["lm_keys"] = _pack(list(art["lemma_map"].keys()))
    out["lm_vals"] = _pack(list(art["lemma_map"].values()))
    out["known"] = _pack(art["known"])
    out["modifiers"] = _pack(art["modifiers"])
    out["terms"] = _pack(terms)
    for key, attr in (("doc_id", "id"), ("doc_title", "title"), ("doc_area", "area"), ("doc_mt", "mt"), ("doc_p", "p")):
        out[key] = _pack([(d[attr] or "").replace("\n", " ") for d in docs])
    return out


def _pack(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _unpack(arr: np.ndarray) -> list[str]:
    text = arr.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def write_artifact(path: Path = INDEX_PATH) -> Path:
    arrays = compile_artifact(build_artifact())
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    return path


# --------------------------------------------------------------------------- #
# the index
# --------------------------------------------------------------------------- #
@dataclass
class Hit:
    id: str
    title: str
    operating_area: str | None
    perspective: str | None
    municipality_type: str | None
    score: float
    why: str
    source: str = "kolada"
    discontinued: bool = False

    def as_indicator(self):
        """This hit as the report's Indicator type."""
        from malkoll.report import Indicator

        return Indicator(
            id=self.id, title=self.title, source=self.source, score=round(self.score, 3), why=self.why,
            operating_area=self.operating_area,
        )


class IndicatorIndex:
    def __init__(self, arrays: dict[str, np.ndarray]):
        meta = json.loads(_unpack(arrays["meta"])[0])
        if meta.get("format") != INDEX_FORMAT:
            raise ValueError("index format mismatch")
        stop = set(load_data("stopwords")["words"])
        no_split = set(load_data("stopwords")["no_split_prefixes"]["prefixes"])
        numbers = {k: str(v) for k, v in load_data("synonyms")["number_words"]["words"].items()}
        lemma_map = dict(zip(_unpack(arrays["lm_keys"]), _unpack(arrays["lm_vals"])))
        self.norm = Normaliser(lemma_map, set(_unpack(arrays["known"])), set(_unpack(arrays["modifiers"])),
                               stop, no_split, numbers)
        self.ids = _unpack(arrays["doc_id"])
        self.n = len(self.ids)
        self.titles = _unpack(arrays["doc_title"])
        self.areas = [a or None for a in _unpack(arrays["doc_area"])]
        self.mtypes = np.array([m or "A" for m in _unpack(arrays["doc_mt"])])
        self.persp = [p or None for p in _unpack(arrays["doc_p"])]
        self.id_pos = {d: i for i, d in enumerate(self.ids)}
        self.term_id = {t: i for i, t in enumerate(_unpack(arrays["terms"]))}
        self._df = arrays["df"]
        self._t = (arrays["t_ptr"], arrays["t_idx"], arrays["t_tf"].astype(np.float64))
        self._d = (arrays["d_ptr"], arrays["d_idx"], arrays["d_tf"].astype(np.float64))
        tlen = arrays["t_len"].astype(np.float64)
        dlen = arrays["d_len"].astype(np.float64)
        self.tnorm = K1 * (1 - B_TITLE + B_TITLE * tlen / max(tlen.mean(), 1e-9))
        self.dnorm = K1 * (1 - B_DESC + B_DESC * dlen / max(dlen.mean(), 1e-9))
        self._prepare_ranking()

    def _posting(self, which, term: str):
        j = self.term_id.get(term)
        if j is None:
            return None
        ptr, idx, tf = which
        a, b = ptr[j], ptr[j + 1]
        if a == b:
            return None
        return idx[a:b], tf[a:b]

    def df(self, term: str) -> int:
        j = self.term_id.get(term)
        return int(self._df[j]) if j is not None else 0

    def has(self, term: str, i: int) -> bool:
        return self.where(term, i) > 0

    def where(self, term: str, i: int) -> float:
        """1.0 when the term is in KPI i's title, DESC_CREDIT when only in its description, else 0."""
        p = self._posting(self._t, term)
        if p is not None and _contains(p[0], i):
            return 1.0
        p = self._posting(self._d, term)
        if p is not None and _contains(p[0], i):
            return DESC_CREDIT
        return 0.0

    # ---- ranking data ------------------------------------------------------
    def _prepare_ranking(self) -> None:
        rk = load_data("ranking")
        self.persp_results = {k: v for k, v in rk["perspective"]["results_goal"].items() if k != "example"}
        self.persp_cost = {k: v for k, v in rk["perspective"]["cost_goal"].items() if k != "example"}
        self.cost_cues = {stem(self.norm.lemma(w)) for w in rk["cost_cues"]["words"]}
        low_titles = [t.lower() for t in self.titles]
        base = np.ones(self.n)
        for pen in rk["title_penalties"]:
            pat = pen["pattern"].lower()
            for i, t in enumerate(low_titles):
                if pat in t:
                    base[i] *= pen["factor"]
        for bon in rk.get("title_bonuses", []):
            pat = bon["pattern"].lower()
            for i, t in enumerate(low_titles):
                if pat in t:
                    base[i] *= bon["factor"]
        self.base_factor = base
        self.variants = []
        for var in rk["variant_markers"]:
            pat = var["pattern"].lower()
            mask = np.array([pat in t for t in low_titles])
            unless = {stem(self.norm.lemma(u)) for w in var["unless"] for u in tokenize(w)}
            self.variants.append((mask, unless, var["factor"]))
        disc = re.compile(rk["discontinued"]["regex"])
        self.discontinued = np.array([bool(disc.search(t)) for t in self.titles])
        # synonyms: term -> set of other terms
        self.synonyms: dict[str, dict[str, str]] = {}
        for g in load_data("synonyms")["groups"]:
            terms = []
            for t in g["terms"]:
                for tok in tokenize(t):
                    for term, w in self.norm.word_terms(tok):
                        if w == 1.0:
                            terms.append((term, t))
            for t, _ in terms:
                self.synonyms.setdefault(t, {}).update({x: sx for x, sx in terms if x != t})
        self.concepts = []
        for c in load_data("concepts")["concepts"]:
            pat = []
            for p in c["pattern"]:
                ts = {term for tok in tokenize(p) for term, w in self.norm.word_terms(tok) if w == 1.0}
                pat.append(ts or {"raw:" + t for t in tokenize(p)})
            exp = [(term, e) for e in c["expand"] for tok in tokenize(e) for term, w in self.norm.word_terms(tok) if w == 1.0]
            exp += [(tok, e) for e in c["expand"] for tok in tokenize(e) if tok.isdigit() and (tok, e) not in exp]
            exp += [(f"åk{m.group(1)}", e) for e in c["expand"] for m in re.finditer(r"åk (\d)", e)]
            self.concepts.append((pat, exp, c.get("areas") or [], " ".join(c["pattern"])))
        self.domains = []
        for name, d in load_data("domains")["domains"].items():
            trig = set()
            for t in d["triggers"]:
                toks = tokenize(t)
                if len(toks) == 1:
                    trig.update(term for term, w in self.norm.word_terms(toks[0]) if w == 1.0)
                    if toks[0].isdigit():
                        trig.add(toks[0])
                else:
                    trig.add(tuple(term for tok in toks for term, w in self.norm.word_terms(tok) if w == 1.0))
            self.domains.append((name, trig, d["areas"], bool(d.get("cost"))))
        self.area_array = np.array([a or "" for a in self.areas])

    # ---- query analysis ----------------------------------------------------
    def analyse_query(self, text: str, lemmas: list[str] | None = None):
        raw = self.norm.terms(text, lemmas)
        q: dict[str, float] = {}
        origin: dict[str, str] = {}
        own = set()
        self._sources: dict[str, set[str]] = {}  # expansion term -> the goal's own terms it stands for
        self._half: set[str] = set()
        full_of: dict[str, str] = {}
        for term, w, surf in raw:
            if term.isdigit():
                w = DIGIT_WEIGHT  # a number in a goal is usually a target, seldom part of the measure
            elif w == PART_WEIGHT:
                w = QUERY_PART_WEIGHT  # "gymnasieexamen" in a goal ~ "examen" in a KPI title
            if w > q.get(term, 0):
                q[term] = w
                origin[term] = surf
            if w == 1.0 and not term.isdigit():
                own.add(term)
                full_of[surf] = term
        parts_of: dict[str, list[str]] = {}
        for term, w, surf in raw:
            if w < 1.0 and surf in full_of and term != full_of[surf]:
                parts_of.setdefault(full_of[surf], []).append(term)
        for full, parts in parts_of.items():
            if not self.df(full):
                # a compound the catalogue never uses ("avfallsminimering"): its parts carry the meaning
                own.discard(full)
                for p in parts:
                    own.add(p)
                    q[p] = max(q.get(p, 0), UNSEEN_PART_WEIGHT)
            else:  # a known compound's parts stand for it, at half credit in coverage()
                for p in parts:
                    self._sources.setdefault(p, set()).add(full)
                    self._half.add(p)
        # concepts (multi-word)
        all_terms = set(q) | {"raw:" + t for t in tokenize(text)}
        concept_areas: list[str] = []
        for pat, exp, areas, label in self.concepts:
            if all(p & all_terms for p in pat):
                src = {t for p in pat for t in p & own}
                for t, surf in exp:
                    self._sources.setdefault(t, set()).update(src)
                    if CONCEPT_WEIGHT > q.get(t, 0):
                        q[t] = CONCEPT_WEIGHT
                        origin[t] = f"{surf} (begreppet {label})"
                concept_areas.extend(areas)
        # synonyms of own words
        for t in sorted(own):  # sorted: the same text gives the same evidence in every process
            for s, surf in self.synonyms.get(t, {}).items():
                self._sources.setdefault(s, set()).add(t)
                if SYNONYM_WEIGHT > q.get(s, 0):
                    q[s] = SYNONYM_WEIGHT
                    origin[s] = f"{surf} (synonym till {origin.get(t, t)})"
        # domains
        dom_scores: dict[str, float] = {}
        for name, trig, areas, cost in self.domains:
            s = 0.0
            for tr in trig:
                if isinstance(tr, tuple):
                    if tr and all(x in own for x in tr):
                        s += 1.5
                elif tr in own:
                    s += 1.0
                elif tr in all_terms:
                    s += 0.25
            if s:
                dom_scores[name] = s
        if dom_scores and max(dom_scores.values()) < 1.0:
            dom_scores = {}  # only compound parts hit: too weak to steer the ranking
        area_boost: dict[str, float] = {}
        if dom_scores:
            top = max(dom_scores.values())
            for name, trig, areas, cost in self.domains:
                s = dom_scores.get(name, 0)
                if s >= 0.5 * top:
                    for j, a in enumerate(areas):
                        f = (1.3 if j == 0 else 1.25) * (1.0 if s == top else 0.95)
                        area_boost[a] = max(area_boost.get(a, 1.0), f)
        for a in concept_areas:
            area_boost[a] = max(area_boost.get(a, 1.0), 1.4)
        is_cost = bool(own & self.cost_cues)
        if dom_scores:
            top_name = max(dom_scores, key=dom_scores.get)
            is_cost = is_cost or any(c for n, _, _, c in self.domains if n == top_name)
        return q, origin, own, area_boost, is_cost, dom_scores

    # ---- search --------------------------------------------------------------
    def search(
        self,
        text: str,
        k: int = 5,
        municipality_type: str | None = "K",
        lemmas: list[str] | None = None,
        include_discontinued: bool = True,
        diversify: bool | str = True,
    ) -> list[Hit]:
        mt = (municipality_type or infer_municipality_type(text)).upper()
        q, origin, own, area_boost, is_cost, _ = self.analyse_query(text, lemmas)
        if not q:
            return []
        scores = np.zeros(self.n)
        max_possible = 0.0
        for term, w in q.items():
            df = self.df(term)
            if not df:
                continue
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            max_possible += w * idf * (K1 + 1) * (TITLE_WEIGHT + DESC_WEIGHT)
            tp = self._posting(self._t, term)
            if tp is not None:
                idx, tf = tp
                scores[idx] += w * idf * TITLE_WEIGHT * tf * (K1 + 1) / (tf + self.tnorm[idx])
            dp = self._posting(self._d, term)
            if dp is not None:
                idx, tf = dp
                scores[idx] += w * idf * DESC_WEIGHT * tf * (K1 + 1) / (tf + self.dnorm[idx])
        if max_possible == 0:
            return []
        # multipliers
        mult = self.base_factor.copy()
        persp = self.persp_cost if is_cost else self.persp_results
        mult *= np.array([persp.get(p or "Övrigt", 0.8) for p in self.persp])
        for a, f in area_boost.items():
            mult[self.area_array == a] *= f
        for mask, unless, f in self.variants:
            if not (unless & own):
                mult[mask] *= f
        final = scores * mult
        if mt in ("K", "L"):
            final[~((self.mtypes == mt) | (self.mtypes == "A"))] = 0.0
        # discontinued series last: push below every current series with a score
        cand = np.flatnonzero(final > 0)
        if cand.size == 0:
            return []
        order = cand[np.lexsort((-final[cand], self.discontinued[cand]))]
        if not include_discontinued:
            order = [i for i in order if not self.discontinued[i]]
        hits: list[Hit] = []
        families: set[str] = set()
        kept_words: list[set[str]] = []
        for i in order:
            fam = _family(self.titles[i]) if diversify else self.ids[i]
            if fam in families:
                continue
            if diversify == "strong":
                words = set(re.findall(r"[a-zåäö]{3,}", fam))
                # near-duplicates ("behöriga till yrkesprogram" / "... till estetiska programmet"): at most two
                similar = sum(1 for kw in kept_words if words and len(words & kw) / len(words | kw) >= SIMILAR_TITLES)
                if similar >= 2:
                    continue
                kept_words.append(words)
            families.add(fam)
            why_terms = []
            for term in q:
                if self.has(term, i):
                    why_terms.append(origin.get(term, term))
            hits.append(
                Hit(
                    id=self.ids[i],
                    title=self.titles[i],
                    operating_area=self.areas[i],
                    perspective=self.persp[i],
                    municipality_type=str(self.mtypes[i]),
                    score=float(min(1.0, final[i] / max_possible)),
                    why=_why(why_terms, self.areas[i], self.areas[i] in area_boost),
                    discontinued=bool(self.discontinued[i]),
                )
            )
            if len(hits) >= k:
                break
        return hits

    def coverage(self, text: str, kpi_id: str, lemmas: list[str] | None = None) -> float:
        """Share of the goal's own content (idf-weighted) that a KPI's title or description contains."""
        q, origin, own, *_ = self.analyse_query(text, lemmas)
        i = self.id_pos.get(kpi_id)
        if i is None or not own:
            return 0.0
        covered = {t: self.where(t, i) for t in own}
        for t, src in self._sources.items():
            w = self.where(t, i) if src else 0.0
            if w:
                credit = w * (0.5 if t in self._half else 1.0)
                for x in src:
                    covered[x] = max(covered.get(x, 0.0), credit)
        tot = got = 0.0
        for term in own:
            df = self.df(term)
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            tot += idf
            got += idf * covered.get(term, 0.0)
        return got / tot if tot else 0.0


_FAMILY_RE = re.compile(
    r"(?<!\s),?\s*(?:(?:hemkommun|lägeskommun|kommunala skolor|fristående skolor|fristående grundskola|"
    r"fristående gymnasieskola|kommunal gymnasieskola|kvinnor|män|flickor|pojkar|"
    r"enskild regi|kommunal regi|egen regi)\b|\(exkl\.[^)]*\))",
    re.IGNORECASE,
)
# regi and residence qualifiers say whose figure it is, not what is measured: they are not matched
_QUALIFIER_RE = re.compile(
    r"\b(hemkommun|lägeskommun|kommunala skolor|fristående skolor|fristående grundskola|"
    r"fristående gymnasieskola|kommunal gymnasieskola|enskild regi|kommunal regi|egen regi)\b",
    re.IGNORECASE,
)


def _family(title: str) -> str:
    t = _FAMILY_RE.sub("", title.lower())
    t = re.sub(r"[\s,\-]+", " ", t).strip()
    return t


def _contains(arr: np.ndarray, i: int) -> bool:
    j = np.searchsorted(arr, i)
    return bool(j < arr.size and arr[j] == i)


def _why(terms: list[str], area: str | None, in_domain: bool) -> str:
    seen: list[str] = []
    for t in terms:
        if t not in seen:
            seen.append(t)
    s = "matchade ord: " + ", ".join(seen[:8]) if seen else "inga ord matchade direkt"
    if in_domain and area:
        s += f"; rätt verksamhetsområde: {area}"
    return s


_REGION_STRONG = re.compile(r"\b(region(en|ens)?|landsting(et|ets)?|regionfullmäktige|regionstyrelsen)\b", re.I)
_REGION_WEAK = re.compile(r"\b(vårdcentral\w*|sjukhus\w*|patient\w*|hälsocentral\w*|primärvård\w*|specialistvård\w*)\b", re.I)


def infer_municipality_type(text: str, default: str = "K") -> str:
    """'L' (region) when the goal speaks of a region or of health care, else the default."""
    return "L" if _REGION_STRONG.search(text or "") or _REGION_WEAK.search(text or "") else default


def context_municipality_type(text: str, configured: str | None) -> str:
    """The configured type, unless the goal itself names a region ("Region Uppsala ska ...")."""
    if configured not in ("K", "L"):
        return infer_municipality_type(text)
    if configured == "K" and _REGION_STRONG.search(text or ""):
        return "L"
    return configured


def load_artifact(path: Path = INDEX_PATH) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


@lru_cache(maxsize=1)
def get_index() -> IndicatorIndex:
    """The cached indicator index (loads the shipped artifact; rebuilds it in memory if missing)."""
    try:
        return IndicatorIndex(load_artifact())
    except (OSError, ValueError, KeyError):
        return IndicatorIndex(compile_artifact(build_artifact()))


def search(
    text: str,
    k: int = 5,
    municipality_type: str | None = "K",
    lemmas: list[str] | None = None,
) -> list:
    """Top-k Kolada indicators for a goal, as report ``Indicator`` objects (Källa: Kolada)."""
    return [h.as_indicator() for h in get_index().search(text, k=k, municipality_type=municipality_type, lemmas=lemmas)]


def format_indicators(indicators: Iterable, lang: str = "sv") -> str:
    """Plain-text list of indicators with the required attribution."""
    lines = []
    any_kolada = False
    for ind in indicators:
        src = getattr(ind, "source", "kolada")
        if src == "kolada":
            any_kolada = True
            lines.append(f"- {ind.id} {ind.title} ({ind.operating_area or ''})")
        else:
            tag = "konstruerad, finns inte i Kolada" if lang == "sv" else "constructed, not in Kolada"
            lines.append(f"- {ind.title} [{tag}]")
    if any_kolada:
        lines.append(KOLADA_ATTRIBUTION)
        lines.append(KOLADA_DISCLAIMER if lang == "sv" else KOLADA_DISCLAIMER_EN)
    return "\n".join(lines)
