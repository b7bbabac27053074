"""Annotated goal corpus and evaluation harness (installed as malkoll.corpus)."""
