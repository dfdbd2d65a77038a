"""E10: extraction is deterministic under concurrency — the same page gives identical fields and hashes.

A handful of real pages (``../shared/realworld`` product pages, ``../shared/policy_samples`` policy
texts, the in-repo policy fixtures) are extracted once sequentially, then by 50 threads at once (all
released together by a barrier, each in its own order) and by 3 fresh processes. Every result —
the item's full JSON, its SHA-256 and the policy wording hash — must equal the sequential one.
The 50-thread run uses the smaller pages (JSON-LD, microdata, no markup; 0.2–0.4 MB) to stay quick;
the processes get every page, up to 1.4 MB.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import multiprocessing
import random
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from spiders.pages import extract_product, extract_returns, extract_shipping, extract_support
from spiders.wording import with_wording

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
BENCH = SHARED / "realworld" / "product_pages" / "benchmark_dev"
EXTRUCT = SHARED / "realworld" / "product_pages" / "extruct_pages"
POLICIES = SHARED / "policy_samples"
FIXTURES = REPO / "tests" / "extraction" / "policy_fixtures"
# JSON-LD variants, microdata, heuristics without markup, decimal comma (same set as the smoke test)
PRODUCT_PREFIXES = ["52ea2c660764", "04ba14498f10", "01efbb747904", "64915d8c2251", "5d84948aea2d"]
THREAD_CASES = ["04ba14498f10", "5d84948aea2d", "extruct-microdata", "en_03.txt", "id_04.txt", "ja_05.txt",
                "ja_tokushoho_table.html"]
POLICY_SAMPLES = [("en_03.txt", "US"), ("en_09.txt", "GB"), ("id_04.txt", "ID"), ("ja_05.txt", "JP")]
THREADS = 50
PROCESSES = 3


def _cases() -> list[tuple[str, str, bytes, str, str | None]]:
    """(name, kind, html, url, country) for every page of the test."""
    assert BENCH.is_dir() and POLICIES.is_dir(), f"shared test pages missing under {SHARED}"
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for prefix in PRODUCT_PREFIXES:
        key = next(k for k in truth if k.startswith(prefix))
        body = gzip.decompress((BENCH / "html" / f"{key}.html.gz").read_bytes())
        cases.append((key, "product", body, truth[key]["url"], None))
    cases.append(("extruct-opengraph", "product", (EXTRUCT / "opengraph_ns_product_test.html").read_bytes(),
                  "https://www.fye.com/p", "US"))
    cases.append(("extruct-microdata", "product", (EXTRUCT / "microdata-with-description.html").read_bytes(),
                  "https://pets.example/p", "GB"))
    for name, country in POLICY_SAMPLES:
        text = (POLICIES / name).read_text(encoding="utf-8")
        page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines()) + "</body></html>"
        cases.append((name, "policy", page.encode("utf-8"), f"https://shop.example/{name}", country))
    for name, country in [("shipping_table.html", "US"), ("ja_tokushoho_table.html", "JP")]:
        cases.append((name, "policy", (FIXTURES / name).read_bytes(), f"https://shop.example/{name}", country))
    return cases


def _fingerprint(item) -> dict | None:
    if item is None:
        return None
    data = item.model_dump(mode="json")
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return {"item": data, "sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            "text_hash": data.get("text_hash")}


def extract_case(case) -> dict:
    """Everything the spider would extract from one page, as comparable fingerprints."""
    name, kind, body, url, country = case
    if kind == "product":
        return {"product": _fingerprint(extract_product(body, url, country=country))}
    text = body.decode("utf-8")
    results = {"support": _fingerprint(extract_support(body, url))}
    for label, extract in (("shipping", extract_shipping), ("returns", extract_returns)):
        item = extract(body, url, country=country)
        results[label] = _fingerprint(with_wording(item, text) if item is not None else None)
    return results


def extract_all(cases, seed: int | None = None) -> dict[str, dict]:
    order = list(cases)
    if seed is not None:
        random.Random(seed).shuffle(order)
    return {case[0]: extract_case(case) for case in order}


def test_extraction_is_identical_across_50_threads():
    cases = [case for case in _cases() if case[0].startswith(tuple(THREAD_CASES))]
    assert len(cases) == len(THREAD_CASES)
    expected = extract_all(cases)
    assert any(r.get("shipping") for r in expected.values()) and any(r.get("product") for r in expected.values())
    barrier = threading.Barrier(THREADS)

    def worker(seed: int) -> dict[str, dict]:
        barrier.wait(60)  # all threads extract at the same time
        return extract_all(cases, seed)

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))
    for seed, result in enumerate(results):
        for name in expected:
            assert result[name] == expected[name], f"thread {seed}: {name} differs"


def _in_fresh_processes(cases) -> list:
    """Run ``extract_all`` in PROCESSES spawned interpreters.

    (A BrokenProcessPool once seen in CI came from Streamlit's AppTest leaving the dashboard script
    as ``__main__``, which spawn re-ran in the children; tests/conftest.py now restores ``__main__``.)
    """
    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(extract_all, [cases] * PROCESSES, range(PROCESSES)))


def test_extraction_is_identical_across_processes():
    cases = _cases()
    expected = extract_all(cases)
    # fresh interpreters (spawn): no state inherited from this process's earlier extractions
    results = _in_fresh_processes(cases)
    for n, result in enumerate(results):
        for name in expected:
            assert result[name] == expected[name], f"process {n}: {name} differs"
