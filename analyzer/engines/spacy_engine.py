"""The spaCy engine: the Swedish pipeline shipped in ``malkoll.models`` (default), another spaCy
pipeline directory, or — for a broken install only — a blank Swedish tokenizer with simplemma lemmas."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from malkoll.analyzer.engines.base import Engine, EngineError, goal_components

log = logging.getLogger(__name__)


@Language.component("malkoll_simplemma_lemmas")
def simplemma_lemmas(doc: Doc) -> Doc:
    """Lemmas from simplemma for a pipeline without a trained lemmatizer (lower-cased first)."""
    import simplemma

    for tok in doc:
        if not tok.lemma_ or tok.lemma_ == tok.text:
            tok.lemma_ = simplemma.lemmatize(tok.lower_, lang="sv").replace("_", " ")
    return doc


class BoundedTokenizer:
    """spaCy's tokenizer with its cost bounded on hostile text. spaCy splits the affixes of a token one
    at a time and searches the rest again each time, so a run of thousands of brackets costs
    quadratic time (4,000 '[' took 1.7 s, 10,000 15 s), and a token per character after that. A run
    of non-space characters longer than `LONG` (no word is; a pasted URL may be) is cut into tokens
    of `LONG` characters; all other text goes to spaCy's tokenizer as is, so ordinary text is
    tokenized exactly as before. Everything else (special cases, `memory_zone`) is spaCy's
    tokenizer's."""
    LONG = 200
    RUN_RE = re.compile(r"\S{%d,}" % (LONG + 1))

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):  # vocab, add_special_case, memory_zone, explain …
        return getattr(self.inner, name)

    def __call__(self, text: str) -> Doc:
        if len(text) <= self.LONG or self.RUN_RE.search(text) is None:
            return self.inner(text)
        words: list[str] = []
        spaces: list[bool] = []

        def add(part: str) -> None:
            if part:
                for tok in self.inner(part):
                    words.append(tok.text)
                    spaces.append(bool(tok.whitespace_))

        pos = 0
        for m in self.RUN_RE.finditer(text):
            add(text[pos:m.start()])
            run = m.group(0)
            for i in range(0, len(run), self.LONG):
                words.append(run[i:i + self.LONG])
                spaces.append(False)
            pos = m.end()
            if text[pos:pos + 1] == " " and text[pos + 1:pos + 2] not in (" ", ""):
                spaces[-1], pos = True, pos + 1  # the run's one following space, as spaCy does it
        add(text[pos:])
        return Doc(self.inner.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


def _pipeline_source(path: Path) -> bytes:
    """What the tokenizer's regular expressions are built from: spaCy's version (its language
    defaults), the pipeline's config and its tokenizer."""
    try:
        return b"\0".join([spacy.__version__.encode(), (path / "config.cfg").read_bytes(), (path / "tokenizer").read_bytes()])
    except OSError:
        return b""


def _blas_on_one_thread() -> bool:
    from threadpoolctl import threadpool_info

    return all(lib.get("num_threads") == 1 for lib in threadpool_info() if lib.get("user_api") == "blas")


class InferenceOps(NumpyOps):
    """thinc's CPU operations for a pipeline that only infers, over its `weights` (the layers' weight
    matrices, "W", made read-only here): matrix products through numpy's BLAS instead of blis, and
    each weight matrix that a layer multiplies transposed (every dense layer computes X @ W.T) kept
    once in the transposed layout, the one OpenBLAS's kernels for small matrices take (a goal's 20 rows
    by a 192 x 192 layer: 16 µs, against 36 µs transposed on the fly and 77 µs in blis). A copy cannot go stale:
    only read-only views of the weights are copied (training this pipeline in place raises instead of
    leaving a copy behind), and the ops keep the weights alive, so no other array comes to stand at
    their address."""

    def __init__(self, weights: list[numpy.ndarray]):
        super().__init__(use_blis=False)
        for w in weights:
            w.flags.writeable = False
        self._weights = weights
        self._starts = {w.__array_interface__["data"][0] for w in weights}
        self._transposed: dict[tuple, numpy.ndarray] = {}

    def gemm(self, x, y, *, out=None, trans1=False, trans2=False):
        if trans1:
            x = x.T
        if trans2:
            t = None
            if not y.flags.writeable:
                key = (y.__array_interface__["data"][0], y.shape, y.strides)
                t = self._transposed.get(key)
                if t is None and key[0] in self._starts:
                    t = self._transposed[key] = numpy.ascontiguousarray(y.T)
            y = y.T if t is None else t
        return numpy.dot(x, y, out=out)


def numpy_matrix_products(nlp: Language) -> bool:
    """The pipeline's matrix products through numpy's BLAS instead of blis (thinc's default on CPU),
    weights kept in the layout its small-matrix kernels take (`InferenceOps`), when that BLAS runs
    on one thread (`malkoll.parallel.one_blas_thread`). The bare pipeline takes about two thirds of
    blis's time in batches of 64 and four fifths for one goal (benchmarks/matrix_products.py); the
    parses are the same (tests/test_engines.py compares them over the corpus). With several BLAS
    threads, the products of one goal cost more processor time than blis's, so blis stays. True when
    moved."""
    if not _blas_on_one_thread():
        return False
    models = [proc.model for _, proc in nlp.pipeline
              if isinstance(getattr(proc, "model", None), Model) and isinstance(proc.model.ops, NumpyOps)]
    nodes = {id(node): node for model in models for node in model.walk()}.values()
    weights = {id(w): w for node in nodes if node.has_param("W") for w in (node.get_param("W"),)}
    if not nodes:
        return False
    ops = InferenceOps(list(weights.values()))
    for node in nodes:
        node.ops = ops
    return True


class SpacyEngine(Engine):
    def __init__(self, nlp: Language, kind: str, location: str | None):
        self.nlp = goal_components(nlp)
        numpy_matrix_products(self.nlp)
        if not isinstance(self.nlp.tokenizer, BoundedTokenizer):
            self.nlp.tokenizer = BoundedTokenizer(self.nlp.tokenizer)
        self.name = kind
        self._location = location
        self._meta: tuple[str, str] | None = None  # the pipeline's name and version (`info`)

    @classmethod
    def shipped(cls) -> "SpacyEngine":
        from malkoll.models import PIPELINE_DIR, load_sv_pipeline

        from malkoll.analyzer.regexes import precompiled

        try:
            with precompiled(_pipeline_source(PIPELINE_DIR)):
                nlp = load_sv_pipeline()
        except (ImportError, FileNotFoundError, OSError) as exc:  # pragma: no cover - broken install
            log.warning("Svensk modell saknas (%s); använder reservmotorn.", exc)
            return cls.fallback()
        return cls(nlp, "spacy", str(PIPELINE_DIR))

    @classmethod
    def from_dir(cls, path: Path) -> "SpacyEngine":
        if not (path / "config.cfg").is_file():
            raise EngineError(f"{path} är ingen spaCy-pipeline (config.cfg saknas). "
                              f"({path} is not a spaCy pipeline directory: no config.cfg.)")
        import malkoll.models.components  # noqa: F401  (registers Målkoll's components)

        return cls(spacy.load(path), "spacy", str(path))

    @classmethod
    def fallback(cls) -> "SpacyEngine":
        nlp = spacy.blank("sv")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("malkoll_simplemma_lemmas")
        return cls(nlp, "fallback", None)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        return self.nlp.pipe(texts, batch_size=batch_size)

    def __call__(self, text: str) -> Doc:
        return self.nlp(text)

    def annotate(self, sentences: Sequence[Sequence[tuple[str, bool]]]) -> Iterator[Doc]:
        docs = (Doc(self.nlp.vocab, words=[w for w, _ in s], spaces=[sp for _, sp in s]) for s in sentences)
        with self.nlp.select_pipes(disable=[p for p in self.nlp.pipe_names if p == "malkoll_goal_features"]):
            yield from self.nlp.pipe(docs)

    def info(self) -> dict:
        if self.name == "fallback":
            return {"engine": "fallback", "pipeline": "blank sv + simplemma", "version": spacy.__version__,
                    "components": list(self.nlp.pipe_names), "location": None}
        if self._meta is None:  # spaCy builds `nlp.meta` anew (every component's labels) at each access
            meta = self.nlp.meta
            self._meta = (meta.get("name", "sv"), meta.get("version", ""))
        return {"engine": "spacy", "pipeline": self._meta[0], "version": self._meta[1], "components": list(self.nlp.pipe_names),
                "location": self._location, "spacy": spacy.__version__}
