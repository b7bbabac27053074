"""spaCy components and tokenizer settings shipped with Målkoll's Swedish pipeline.

Registered on import (``import malkoll.models`` does it):

- ``malkoll_sentence_fix``: runs *before* the parser and marks tokens that must
  not start a sentence (after "bl.a.", "t.ex.", "enl.", "st.", list markers
  such as "1." / "a)", inside "2024 – 2027", before a lower-case word or a
  closing bracket). The parser respects these marks.
- ``malkoll_sentence_repair``: runs *after* the parser and joins any sentence
  the parser still started at a forbidden place (belt and braces).
- ``malkoll_lemma_fix``: after the lemmatizer, lower-cases the lemma of every
  word that is not a proper noun, fills empty lemmas, and optionally takes
  the lemma of words unseen in training from simplemma or spacy-lookups-data.
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.attrs import IS_ALPHA, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

# Abbreviations that end in a period and (almost) never end a sentence.
NEVER_FINAL = {
    "bl.a.", "t.ex.", "enl.", "ca.", "resp.", "inkl.", "exkl.", "fr.o.m.", "t.o.m.",
    "s.k.", "jfr.", "p.g.a.", "dvs.", "d.v.s.", "f.d.", "nr.", "kap.", "m.h.a.",
    "i.o.m.", "ang.", "ev.", "åk.", "ex.", "prof.", "dr.", "tel.", "kl.", "sid.",
    "m.a.o.", "iofs.", "f.n.", "t.v.", "ung.", "avs.", "kv.", "förv.", "adm.",
}
# Abbreviations that may end a sentence: a break after them is allowed only
# when the next word starts with a capital letter.
MAYBE_FINAL = {
    "st.", "m.m.", "osv.", "o.s.v.", "etc.", "kr.", "mkr.", "tkr.", "mnkr.", "m.fl.",
    "inv.", "o.d.", "e.d.", "milj.", "min.", "max.", "forts.", "obs.",
}

# Extra tokenizer special cases (spaCy's Swedish defaults already cover
# "bl.a.", "t.ex.", "resp.", "inkl." ...). Lower-case and capitalised forms.
EXTRA_ABBREVIATIONS = [
    "enl.", "st.", "ca.", "åk.", "nr.", "jfr.", "mkr.", "tkr.", "mnkr.", "m.h.a.",
    "i.o.m.", "inv.", "ex.", "avs.", "kv.", "förv.", "adm.",
]

_LIST_MARKER = re.compile(r"^(\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})$")
_NUM = re.compile(r"^\d[\d\s ]*$")
_DASHES = {"-", "–", "—", "‐"}
_OPENERS_BEFORE_LIST = {":", ";", "•", "-", "–", "*"}
# words after which a small number is a heading number ("Mål 1. Öka ...")
_HEADING_WORDS = {
    "mål", "delmål", "målområde", "punkt", "steg", "område", "fokusområde", "inriktningsmål",
    "effektmål", "nämndmål", "verksamhetsmål", "strategi", "kapitel", "bilaga", "avsnitt", "prioritering",
}


def add_tokenizer_exceptions(nlp: Language) -> None:
    """Add Målkoll's extra abbreviation special cases to ``nlp.tokenizer``."""
    from spacy.symbols import ORTH

    for abbr in EXTRA_ABBREVIATIONS:
        for form in {abbr, abbr[:1].upper() + abbr[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def _is_list_marker_end(texts: list[str], i: int) -> bool:
    """True if token i (of the Doc's token texts) is the "." or ")" closing a list marker ("1." "a)"
    "2.")."""
    if i == 0 or texts[i] not in {".", ")"}:
        return False
    prev = texts[i - 1]
    if not _LIST_MARKER.match(prev):
        return False
    if i - 1 == 0:
        return True
    before = texts[i - 2]  # (a token's trailing whitespace is a space or nothing: a line break is a token)
    return (
        before in _OPENERS_BEFORE_LIST
        or (before.lower() in _HEADING_WORDS and prev.isdigit())
        or before in {".", "!", "?"}
        or "\n" in before
        or before.endswith(".")
    )


def _list_marker_token(t: str) -> bool:
    """Single-token list markers such as "a." (spaCy keeps "a." as one token)."""
    return len(t) == 2 and t[1] == "." and t[0].isalpha()


def token_texts(doc: Doc) -> list[str]:
    """The texts of the Doc's tokens, read once for both sentence components' checks (each read of
    ``doc[i]`` makes a Token anew)."""
    return [t.text for t in doc]


def forbidden_starts(doc: Doc, texts: list[str] | None = None) -> list[int]:
    """Indices of tokens that must not begin a sentence (`texts`: :func:`token_texts`)."""
    texts = token_texts(doc) if texts is None else texts
    out: list[int] = []
    n = len(texts)
    for i in range(1, n):
        text = texts[i]
        prev = texts[i - 1]
        ptext = prev.lower()
        forbid = False
        if ptext in NEVER_FINAL:
            forbid = True
        elif ptext in MAYBE_FINAL and not text[:1].isupper():
            forbid = True
        elif _is_list_marker_end(texts, i - 1):
            forbid = True
        elif _list_marker_token(prev) and (i - 1 == 0 or texts[i - 2] in _OPENERS_BEFORE_LIST
                                           or texts[i - 2] in {".", "!", "?"}):
            forbid = True
        elif text[:1].islower():
            # a lower-case word does not open a sentence in edited goal text
            forbid = True
        elif text in {",", ";", ":", ")", "]", "%", "”", "»", ".", "!", "?", "…"} \
                or text in _DASHES and _NUM.match(prev or "x"):
            forbid = True
        elif _NUM.match(text) and i >= 2 and prev in _DASHES and _NUM.match(texts[i - 2]):
            # 2024 – 2027
            forbid = True
        elif prev in {"(", "[", "“", "«"}:
            forbid = True
        elif _LIST_MARKER.match(text) and i + 1 < n and texts[i + 1] in {".", ")"} \
                and prev in {":", ";"}:
            forbid = True
        if forbid:
            out.append(i)
    return out


def forced_starts(doc: Doc, texts: list[str] | None = None) -> list[int]:
    """Tokens that begin a sentence although the parser would run on:

    - the period was swallowed by an abbreviation: "... högst 100 kr. Nämnden ska ..." (capitalised
      word after a MAYBE_FINAL abbreviation, followed by a lower-case word);
    - a sentence opens with a number after a full stop: "Fler ska arbeta. 90 procent av invånarna ska
      ha arbete år 2030." (a period after a word, not a list marker's).
    """
    texts = token_texts(doc) if texts is None else texts
    out = []
    for i in range(1, len(texts) - 1):
        if texts[i - 1].lower() in MAYBE_FINAL and texts[i][:1].isupper() and texts[i + 1][:1].islower():
            out.append(i)
        elif texts[i - 1] == "." and i >= 2 and texts[i - 2].isalpha() and _NUM.match(texts[i]) \
                and not _is_list_marker_end(texts, i - 1) and texts[i - 2].lower() not in _ABBREVIATIONS:
            out.append(i)
    return out


_ABBREVIATIONS = NEVER_FINAL | MAYBE_FINAL


@Language.component("malkoll_sentence_fix")
def sentence_fix(doc: Doc) -> Doc:
    """Before the parser: mark tokens that must not (or must) start a sentence. All marks are set
    in one array: Token.is_sent_start checks the whole Doc for a parse on every assignment, which
    made this step quadratic (20,000 '[' took 10 s)."""
    texts = token_texts(doc)
    forbidden, forced = forbidden_starts(doc, texts), forced_starts(doc, texts)
    if not forbidden and not forced:
        return doc
    starts = doc.to_array([SENT_START]).astype("int64")
    starts[forbidden] = -1
    starts[forced] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _sentence_root(doc: Doc, start: int, end: int) -> Token | None:
    for tok in doc[start:end]:
        if tok.head.i == tok.i:
            return tok
    return None


@Language.component("malkoll_sentence_repair")
def sentence_repair(doc: Doc) -> Doc:
    """After the parser: join sentences that start at a forbidden token.

    The root of the wrongly started sentence is attached to the root of the
    sentence before it (relation ``parataxis``), which joins the two.
    """
    if not doc.has_annotation("DEP"):
        return doc
    bad = set(forbidden_starts(doc))
    if not bad:
        return doc
    changed = True
    guard = 0
    while changed and guard < 50:
        changed = False
        guard += 1
        sents = list(doc.sents)
        for k in range(1, len(sents)):
            s = sents[k]
            if s.start in bad:
                prev = sents[k - 1]
                root = _sentence_root(doc, s.start, s.end)
                proot = _sentence_root(doc, prev.start, prev.end)
                if root is None or proot is None:
                    continue
                root.head = proot
                root.dep_ = "parataxis"
                changed = True
                break
    return doc


def _load_lookup() -> dict[str, str]:
    import gzip
    import json
    from importlib import resources

    try:
        data = resources.files("spacy_lookups_data") / "data" / "sv_lemma_lookup.json.gz"
        with gzip.open(str(data), "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except Exception:  # package missing: no fallback table
        return {}


_OPEN_CLASS = {"NOUN", "VERB", "ADJ", "ADV"}
_VOWELS = set("aeiouyåäö")


_COMPOUND_POS = {"NOUN", "ADJ", "VERB"}
_VERB_POS = frozenset({"VERB", "AUX"})
_LEMMA_ATTRS = [LEMMA, POS, LOWER, ORTH, MORPH, IS_ALPHA]
_POS_NAMES = {int(k): v for k, v in POS_NAMES.items()}  # a token's POS id -> its name ("NOUN")
_INFINITIVE: dict[int, bool] = {}  # a morphology's hash -> whether its VerbForm has Inf


def _infinitive(strings, key: int) -> bool:
    """Whether the morphology `key` (a token's MORPH) has VerbForm=Inf (as ``"Inf" in morph.get("VerbForm")``)."""
    found = _INFINITIVE.get(key)
    if found is None:
        feats = strings[key] if key else ""
        found = _INFINITIVE[key] = any(f.startswith("VerbForm=") and "Inf" in f[len("VerbForm="):].split(",")
                                       for f in feats.split("|"))
    return found


@Language.factory(
    "malkoll_lemma_fix",
    default_config={"fallback": "compound"},
)
def make_lemma_fix(nlp: Language, name: str, fallback: str) -> "LemmaFix":
    return LemmaFix(fallback=fallback)


class LemmaFix:
    """Lemma clean-up after the trained lemmatizer.

    * lemma of every word that is not a proper noun is lower-cased;
    * an empty lemma becomes the lower-cased form;
    * ``fallback`` = "compound" (default): for a noun, adjective or verb whose
      lower-cased form never occurred in the training data (``known_forms``,
      stored with the pipeline), the longest suffix that is a known form of the
      same part of speech gives the lemma: "fossilberoendet" -> "fossil" +
      lemma("beroendet") = "fossilberoende" (``lemma_table``, learned from the
      training data and stored with the pipeline). The trained edit trees tend
      to clip unknown compounds ("fossilberoend").
    * ``fallback`` = "simplemma" or "lookups": for such a word the lemma comes
      from simplemma or from spacy-lookups-data's Swedish table instead (both
      case-sensitive, so the lower-cased form is looked up); a table lemma for
      a verb must end in a vowel;
    * an active infinitive (VerbForm=Inf, no -s) is its own lemma.
    """

    def __init__(self, fallback: str = "none", known_forms: set[str] | None = None):
        if fallback not in {"none", "compound", "simplemma", "lookups"}:
            raise ValueError(f"unknown lemma fallback {fallback!r}")
        self.fallback = fallback
        self.known_forms: set[str] = known_forms or set()
        self.lemma_table: dict[tuple[str, str], str] = {}
        self._table: dict[str, str] | None = None
        self._loader = None
        if fallback == "lookups":
            self.preload()

    def preload(self) -> None:
        """Start loading the lookup table in a background thread (pipeline load stays fast)."""
        import threading

        if self._table is not None or self._loader is not None:
            return

        def _load():
            table = _load_lookup()
            # keep only what the fallback can use: lower-case keys
            self._table = {k: v for k, v in table.items() if k.islower()}

        self._loader = threading.Thread(target=_load, name="malkoll-lemma-lookup", daemon=True)
        self._loader.start()

    def _compound_lemma(self, low: str, pos: str) -> str | None:
        for i in range(2, len(low) - 3):
            lemma = self.lemma_table.get((low[i:], pos))
            if lemma is not None:
                return low[:i] + lemma
        return None

    def _fallback_lemma(self, low: str) -> str | None:
        if self.fallback == "simplemma":
            import simplemma

            return simplemma.lemmatize(low, lang="sv")
        if self.fallback == "lookups":
            if self._table is None:
                if self._loader is None:
                    self.preload()
                self._loader.join()
            return (self._table or {}).get(low)
        return None

    def __call__(self, doc: Doc) -> Doc:
        # the token attributes read as one array of hashes (no Token made, each string looked up once
        # a token), the lemma written only where it changes
        if not len(doc):
            return doc
        fallback = self.fallback
        check = fallback != "none" and bool(self.known_forms)
        known = self.known_forms
        strings = doc.vocab.strings
        rows = doc.to_array(_LEMMA_ATTRS).tolist()
        for i, (lh, ph, lh_low, orth, mh, alpha) in enumerate(rows):
            given = lemma = strings[lh] if lh else ""
            pos = _POS_NAMES.get(ph, "")
            low = None
            if not lemma:
                lemma = strings[orth] if pos == "PROPN" else (low := strings[lh_low])
            if check and pos in _OPEN_CLASS:
                if low is None:
                    low = strings[lh_low]
                if alpha and low not in known:
                    if fallback == "compound":
                        if pos in _COMPOUND_POS:
                            fb = self._compound_lemma(low, pos)
                            if fb:
                                lemma = fb
                    else:
                        fb = self._fallback_lemma(low)
                        # the tables know no part of speech: a verb's lemma ends in a vowel
                        if fb and not (pos == "VERB" and fb[-1:] not in _VOWELS):
                            lemma = fb
            if pos in _VERB_POS and alpha and _infinitive(strings, mh):
                if low is None:
                    low = strings[lh_low]
                if not low.endswith("s"):
                    # an active infinitive is its own lemma ("sträva", "minska", "Erbjuda")
                    lemma = low
            if pos != "PROPN" and lemma != lemma.lower():
                lemma = lemma.lower()
            if lemma != given:
                doc[i].lemma_ = lemma
        return doc

    def to_disk(self, path, exclude: Iterable[str] = ()):
        from pathlib import Path

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "known_forms.txt").write_text("\n".join(sorted(self.known_forms)), encoding="utf-8")
        rows = sorted(f"{pos}\t{form}\t{lemma}" for (form, pos), lemma in self.lemma_table.items())
        (path / "lemma_table.tsv").write_text("\n".join(rows), encoding="utf-8")

    def from_disk(self, path, exclude: Iterable[str] = ()):
        from pathlib import Path

        from malkoll.analyzer.lexicon import compiled

        f = Path(path) / "known_forms.txt"
        t = Path(path) / "lemma_table.tsv"
        forms = f.read_bytes() if f.exists() else None
        table = t.read_bytes() if t.exists() else None

        def parse() -> tuple:
            known = set(forms.decode("utf-8").split("\n")) - {""} if forms is not None else None
            rows = {}
            for row in (table.decode("utf-8").split("\n") if table is not None else ()):
                parts = row.split("\t")
                if len(parts) == 3:
                    rows[(parts[1], parts[0])] = parts[2]
            return known, rows

        # parsed once, then read from the compiled cache (keyed by both files' content)
        known, rows = compiled(b"%d\0%b\0%b" % (forms is None, forms or b"", table or b""), "lemma-fix", parse)
        if known is not None:
            self.known_forms = known
        self.lemma_table.update(rows)
        return self

    def to_bytes(self, exclude: Iterable[str] = ()):
        return "\n".join(sorted(self.known_forms)).encode("utf-8")

    def from_bytes(self, data, exclude: Iterable[str] = ()):
        self.known_forms = set(data.decode("utf-8").split("\n")) - {""}
        return self
