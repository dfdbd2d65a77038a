"""Run ``scrapy crawl`` with the policy-text parser's confidence set for chosen facts (test harness).

The parser states evidence per fact (``parse_policy_text(...)["evidence"]``); these tests need a
fact the parser is unsure of on a page they control, whatever the parser's own score. The real
parser runs; its result is only given, for the fact paths in ``RIVALWATCH_TEST_CONFIDENCE`` (JSON
``{path: confidence}``), that confidence and — when it gave none — the first line of the text that
states the value. Usage: ``python -m tests.e2e.evidence_patch crawl store -a store=...``.
"""

from __future__ import annotations

import json
import os
import sys


def _sentence(text: str, value) -> str | None:
    needle = str(value.get("amount") if isinstance(value, dict) else value)
    return next((line.strip() for line in text.splitlines() if needle in line), None)


def _value(result: dict, path: str):
    if path.startswith("returns."):
        return (result.get("returns") or {}).get(path.split(".", 1)[1])
    return result.get(path)


def install(confidence: dict[str, float]) -> None:
    """Wrap ``spiders.pages.policy_text.parse_policy_text`` (looked up at call time by the page objects)."""
    import spiders.pages.policy_text as policy_text

    real = policy_text.parse_policy_text

    def parse(text, **kwargs):
        result = real(text, **kwargs)
        evidence = dict(result.get("evidence") or {})
        for path, score in confidence.items():
            value = _value(result, path)
            if value is not None:
                entry = dict(evidence.get(path) or {})
                entry["text"] = entry.get("text") or _sentence(text, value)
                entry["confidence"] = score
                evidence[path] = entry
        return {**result, "evidence": evidence}

    policy_text.parse_policy_text = parse


if __name__ == "__main__":
    install(json.loads(os.environ.get("RIVALWATCH_TEST_CONFIDENCE") or "{}"))
    from scrapy.cmdline import execute

    sys.argv = ["scrapy", *sys.argv[1:]]
    execute()
