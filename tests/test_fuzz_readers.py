"""A brief fuzz run per reader (tests/reader_fuzz.py): mutated .docx, .xlsx, .pdf, .csv, .md,
.txt and .jsonl files are read as `malkoll check FILE` reads them; each gives goals or a one-line
InputError, never another exception. Longer runs: `python benchmarks/fuzz_readers.py`."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader_fuzz as F

BRIEF = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("suffix", sorted(F.SEEDS))
def test_reader_survives_mutated_files(suffix, tmp_path):
    seed = F.SEEDS[suffix]()
    assert F.read_as_the_cli_does(_write(tmp_path, suffix, seed)) == "read"  # the seed itself is fine

    @BRIEF
    @given(ops=F.MUTATIONS, raw=st.booleans())
    def run(ops, raw):
        F.read_as_the_cli_does(_write(tmp_path, suffix, F.mutate(suffix, seed, ops, raw)))

    run()


def _write(folder, suffix: str, data: bytes):
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    return path
