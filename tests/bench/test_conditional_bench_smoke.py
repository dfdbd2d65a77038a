"""Smoke test of ``bench/conditional_bench.py`` at a tiny size: an unchanged re-crawl with validators
gets a 304 for every product and policy page, downloads far fewer bytes, and changes nothing."""

from __future__ import annotations

from bench import conditional_bench


def test_conditional_bench_smoke(tmp_path):
    result = conditional_bench.run(products=12, runs=1, results_dir=tmp_path, quiet=True)
    (on,), (off,) = result["samples"]["with validators"], result["samples"]["without validators"]
    assert on["server_304"] == on["not_modified"] == 12 + 2  # products + shipping + returns
    assert off["server_304"] == off["not_modified"] == 0
    for sample in (on, off):
        assert sample["healthy"] and sample["applied"] and sample["events"] == 0
    assert on["items"] == off["items"]
    assert on["response_bytes"] < off["response_bytes"] / 5
    assert (tmp_path / "conditional-latest.json").exists()
