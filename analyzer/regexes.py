"""The tokenizer's regular expressions compiled once per machine instead of at every start.

spaCy builds a Swedish tokenizer from very large regular expressions (the infix pattern alone is
34,000 characters); Python compiles each in pure Python at every start (a fifth of a second, a
quarter of loading the pipeline). Compiling has two steps: parsing and code generation in Python,
then ``_sre.compile`` of the generated code in C. ``precompiled(source)`` keeps the first step's
result (the code, a list of integers) in the compiled cache (``malkoll.analyzer.lexicon``) and
puts the finished patterns into ``re``'s own cache before the pipeline is loaded, so that spaCy's
``re.compile`` finds them there: the same ``re.Pattern`` objects, only not compiled again.

Safe by construction: the cache key holds the hash of everything the patterns come from (the
pipeline's config and tokenizer, spaCy's version) and the exact Python build and regex engine
version; a cache that is missing, unreadable or from another Python is ignored and the patterns are
compiled as usual (and the cache written for the next start). ``MALKOLL_CACHE_DIR=off`` turns it off.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from contextlib import contextmanager
from typing import Iterator

MIN_CHARS = 1000  # patterns shorter than this compile in well under a millisecond: not worth keeping


def _engine_tag() -> str | None:
    try:
        import _sre

        return f"{sys.implementation.name}-{sys.version}-{_sre.MAGIC}-{_sre.CODESIZE}-m{marshal.version}"
    except (ImportError, AttributeError):
        return None


def _cache_path(source: bytes):
    from malkoll.analyzer.lexicon import cache_dir

    directory, tag = cache_dir(), _engine_tag()
    if directory is None or tag is None or not isinstance(getattr(re, "_cache", None), dict):
        return None
    digest = hashlib.sha256(tag.encode() + b"\0" + source).hexdigest()[:40]
    return directory / f"regex-{digest}.marshal"


def _entry(pattern: str, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for the pattern."""
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    code = [int(x) for x in _compiler._code(p, flags)]  # opcodes are int subclasses marshal cannot hold
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return pattern, flags, flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup)


def _install(entries: list) -> None:
    import _sre

    for pattern, flags, final, code, groups, groupindex, indexgroup in entries:
        key = (type(pattern), pattern, flags)
        if key not in re._cache:
            re._cache[key] = _sre.compile(pattern, final, code, groups, groupindex, indexgroup)


@contextmanager
def precompiled(source: bytes) -> Iterator[None]:
    """Within the block, the long patterns compiled the last time a block with the same `source`
    ran come from the cache; after a first run (or a changed source) the block's long patterns are
    written there."""
    try:
        path = _cache_path(source) if source else None
    except Exception:  # noqa: BLE001 - no cache: only the usual compiling
        path = None
    if path is None:
        yield
        return
    hit = False
    try:
        _install(marshal.loads(path.read_bytes()))
        hit = True
    except Exception:  # noqa: BLE001 - missing, unreadable or foreign: compiled as usual below
        pass
    before = set(re._cache) if not hit else None
    yield
    if hit:
        return
    try:
        new = [k for k in list(re._cache) if k not in before and isinstance(k[1], str) and len(k[1]) >= MIN_CHARS]
        if not new:
            return
        blob = marshal.dumps([_entry(pattern, flags) for _, pattern, flags in new])
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs the compiling next time
        pass
