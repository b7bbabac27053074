"""Evaluate Målkoll's Swedish pipeline (``malkoll models evaluate``).

Figures:
  * UD Swedish-Talbanken test (never trained on): UPOS, UFeats (whole feature
    set equal), lemma, UAS, LAS. Gold tokenization and sentence split, one Doc
    per sentence; UAS/LAS over all tokens incl. punctuation, LAS compares the
    universal relation (the part before ":"), as in the CoNLL 2018 scorer.
  * The goal gold set ``corpus/pos/goal_gold.conllu``: UPOS and lemma.
  * Speed: words per second with ``nlp.pipe`` on raw text, and load time.

The Talbanken test file is not shipped with the repository (CC BY-SA,
3 MB); it ships in ``models/recipe/data/ud`` (or pass ``--talbanken``).
Lemma accuracy is exact string match; ``lemma_ci`` ignores case.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

REPO = Path(__file__).resolve().parent.parent
GOAL_GOLD = REPO / "corpus" / "pos" / "goal_gold.conllu"
# shipped with the recipe (CC BY-SA 4.0, see models/licences), so a fresh clone can evaluate
TALBANKEN_CANDIDATES = [
    REPO / "models" / "recipe" / "data" / "ud" / "UD_Swedish-Talbanken" / "sv_talbanken-ud-test.conllu",
]


@dataclass
class GoldToken:
    form: str
    lemma: str
    upos: str
    feats: str
    head: int | None
    deprel: str | None
    space_after: bool = True


@dataclass
class GoldSentence:
    tokens: list[GoldToken]
    comments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t.form + (" " if t.space_after else "") for t in self.tokens).strip()


def read_conllu(path: Path | str, limit: int | None = None) -> list[GoldSentence]:
    """Read a CoNLL-U file (multi-word token lines and empty nodes are skipped)."""
    sents: list[GoldSentence] = []
    cur: list[GoldToken] = []
    comments: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    sents.append(GoldSentence(cur, comments))
                    if limit and len(sents) >= limit:
                        return sents
                cur, comments = [], []
                continue
            if line.startswith("#"):
                comments.append(line)
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            head = int(cols[6]) if len(cols) > 6 and cols[6].isdigit() else None
            deprel = cols[7] if len(cols) > 7 and cols[7] != "_" else None
            misc = cols[9] if len(cols) > 9 else "_"
            cur.append(
                GoldToken(
                    form=cols[1],
                    lemma=cols[2],
                    upos=cols[3],
                    feats="" if cols[5] == "_" else cols[5],
                    head=head,
                    deprel=deprel,
                    space_after="SpaceAfter=No" not in misc,
                )
            )
    if cur:
        sents.append(GoldSentence(cur, comments))
    return sents


def _feats_set(s: str) -> frozenset[str]:
    return frozenset(x for x in s.split("|") if x and x != "_")


def _as_engine(nlp_or_engine):
    """An analysis engine (``malkoll.analyzer.engines``); a bare spaCy ``Language`` is wrapped."""
    if hasattr(nlp_or_engine, "annotate"):
        return nlp_or_engine
    from malkoll.analyzer.engines.spacy_engine import SpacyEngine

    engine = SpacyEngine.__new__(SpacyEngine)  # no goal-feature component added to the caller's pipeline
    engine.nlp, engine.name, engine._location = nlp_or_engine, "spacy", None
    return engine


def score(nlp, sents: list[GoldSentence], parse: bool = True) -> dict[str, float]:
    """Run an engine (or a spaCy pipeline) on gold tokens (its tagger, lemmatizer and parser, not its
    tokenizer) and score."""
    engine = _as_engine(nlp)
    n = upos = feats = lemma = lemma_ci = uas = las = 0
    words = ([(t.form, t.space_after) for t in s.tokens] for s in sents)
    for s, doc in zip(sents, engine.annotate(words)):
        has_dep = doc.has_annotation("DEP")
        real = [t for t in doc if not t.is_space]
        assert len(real) == len(s.tokens), "the engine changed the gold tokenization"
        position = {t.i: k for k, t in enumerate(real)}
        for g, t in zip(s.tokens, real):
            n += 1
            upos += g.upos == t.pos_
            feats += _feats_set(g.feats) == _feats_set(str(t.morph))
            lemma += g.lemma == t.lemma_
            lemma_ci += g.lemma.lower() == t.lemma_.lower()
            if parse and has_dep and g.head is not None:
                ghead = g.head - 1  # -1 for root
                phead = -1 if t.head.i == t.i else position.get(t.head.i, -2)
                if ghead == phead:
                    uas += 1
                    gl = (g.deprel or "").split(":")[0]
                    pl = t.dep_.split(":")[0]
                    if gl == pl or (gl == "root" and pl in {"ROOT", "root"}):
                        las += 1
    out = {"tokens": n, "upos": upos / n, "ufeats": feats / n, "lemma": lemma / n, "lemma_ci": lemma_ci / n}
    if parse:
        out["uas"] = uas / n
        out["las"] = las / n
    return out


def speed(nlp, texts: list[str], repeat: int = 1) -> float:
    """Words (tokens, punctuation included) per second of ``nlp.pipe`` over ``texts``, tokenizer included.

    Measured in CPU time of this process (``time.process_time``), so the figure
    is "per core" even on a machine shared with other jobs; ``speed_wall``
    gives the wall-clock figure.
    """
    return _speed(nlp, texts, repeat, time.process_time)


def speed_wall(nlp, texts: list[str], repeat: int = 1) -> float:
    return _speed(nlp, texts, repeat, time.perf_counter)


def _speed(nlp, texts, repeat, clock) -> float:
    n_words = 0
    t0 = clock()
    for _ in range(repeat):
        for doc in _as_engine(nlp).pipe(texts, batch_size=256):
            n_words += sum(1 for t in doc if not t.is_space)
    return n_words / (clock() - t0)


def talbanken_test_path(explicit: Path | None = None) -> Path | None:
    if explicit:
        return explicit
    env = os.environ.get("MALKOLL_TALBANKEN_TEST")
    if env:
        return Path(env)
    for p in TALBANKEN_CANDIDATES:
        if p.exists():
            return p
    return None


def evaluate(
    engine: str | None = None,
    talbanken: Path | None = None,
    goal_gold: Path = GOAL_GOLD,
    limit: int | None = None,
    parse: bool = True,
    model_dir: Path | None = None,
) -> dict:
    """Compute all figures for an engine spec (default: the shipped spaCy pipeline; ``stanza`` with
    ``model_dir``, ``stanza:DIR``, ``spacy:DIR`` or a spaCy pipeline path)."""
    from malkoll.analyzer.engines import get_engine, parse_spec

    spec = parse_spec(engine, model_dir)
    import spacy  # noqa: F401  (import time is not load time)

    t0, c0 = time.perf_counter(), time.process_time()
    eng = get_engine(spec)
    load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    info = eng.info()
    result: dict = {"engine": info["engine"], "location": info.get("location"),
                    "load_seconds": load_s, "load_cpu_seconds": load_cpu,
                    "pipeline": [c for c in info.get("components", []) if c != "malkoll_goal_features"]}
    tb = talbanken_test_path(talbanken)
    speed_texts: list[str] = []
    if tb is not None and tb.exists():
        sents = read_conllu(tb, limit=limit)
        result["talbanken_test"] = score(eng, sents, parse=parse)
        speed_texts = [s.text for s in sents]
    if goal_gold.exists():
        gs = read_conllu(goal_gold, limit=limit)
        result["goal_gold"] = score(eng, gs, parse=False)
        speed_texts += [s.text for s in gs]
    if speed_texts:
        nlp = eng.nlp
        with nlp.select_pipes(disable=[p for p in ("malkoll_goal_features",) if p in nlp.pipe_names]):
            # warm up once, then measure the analysis (tokenizer included, goal features not)
            list(eng.pipe(speed_texts[:20]))
            result["words_per_second"] = speed(eng, speed_texts)
            result["words_per_second_wall"] = speed_wall(eng, speed_texts)
            parse_pipes = [p for p in ("parser", "malkoll_sentence_repair") if p in nlp.pipe_names]
            if info["engine"] == "spacy" and "parser" in parse_pipes:
                with nlp.select_pipes(disable=parse_pipes):
                    result["words_per_second_tagging"] = speed(eng, speed_texts)
    return result


def format_result(res: dict) -> str:
    where = f" ({res['location']})" if res.get("location") else ""
    lines = [f"Motor / engine: {res.get('engine', 'spacy')}{where}",
             f"Pipeline: {' > '.join(res.get('pipeline', []))}",
             f"Laddningstid / load time: {res['load_seconds']:.2f} s (CPU {res.get('load_cpu_seconds', 0):.2f} s; "
             "spaCy-importen ej medräknad / spaCy import not included)"]
    tb = res.get("talbanken_test")
    if tb:
        lines.append(
            "UD Talbanken test ({tokens} ord/tokens): UPOS {upos:.4f}  UFeats {ufeats:.4f}  "
            "lemma {lemma:.4f} (utan skiftläge/case-insens. {lemma_ci:.4f})".format(**tb)
            + (f"  UAS {tb['uas']:.4f}  LAS {tb['las']:.4f}" if "uas" in tb else "")
        )
    else:
        lines.append("UD Talbanken test: filen saknas / file not found (--talbanken PATH)")
    gg = res.get("goal_gold")
    if gg:
        lines.append(
            "Målguld / goal gold set ({tokens} tokens): UPOS {upos:.4f}  lemma {lemma:.4f} "
            "(utan skiftläge/case-insens. {lemma_ci:.4f})  UFeats (ej annoterat/not annotated)".format(**gg)
        )
    if "words_per_second" in res:
        lines.append(
            f"Hastighet / speed: {res['words_per_second']:,.0f} ord per CPU-sekund, en kärna "
            f"(words per CPU second, one core); väggklocka / wall clock {res.get('words_per_second_wall', 0):,.0f} ord/s"
        )
    if "words_per_second_tagging" in res:
        lines.append(
            f"Hastighet utan parser (taggning + lemman) / tagging speed without the parser: "
            f"{res['words_per_second_tagging']:,.0f} ord per CPU-sekund"
        )
    return "\n".join(lines)


def evaluate_command(
    talbanken: Path | None = None,
    goal_gold: Path = GOAL_GOLD,
    limit: int | None = None,
    engine: str | None = None,
    model_dir: Path | None = None,
) -> dict:
    """Print the evaluation of an engine (see ``evaluate``)."""
    res = evaluate(engine=engine, talbanken=talbanken, goal_gold=goal_gold, limit=limit, model_dir=model_dir)
    print(format_result(res))
    return res


def _single_thread() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def iter_texts(sents: Iterable[GoldSentence]) -> list[str]:
    return [s.text for s in sents]
