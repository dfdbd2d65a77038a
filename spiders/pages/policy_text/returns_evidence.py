"""One returns fact with the sentence it came from and how sure the rule that read it is.

Confidence is per rule, not per text: an explicit statement ("return shipping is at your cost")
is 0.9, an inference (a "30-day return policy" read as accepting any return) 0.6–0.7. Facts below
``REVIEW_BELOW`` are "needs review": stored and shown with their sentence, never compared.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPLICIT, INFERRED, WEAK, REVIEW = 0.9, 0.7, 0.6, 0.5
REVIEW_BELOW = 0.6
MAX_EVIDENCE_CHARS = 300


@dataclass(frozen=True)
class Found:
    value: object
    text: str
    confidence: float = EXPLICIT


def evidence_of(found: dict[str, Found | None]) -> dict[str, dict]:
    """``{"returns.<field>": {"text", "confidence"}}`` for every fact emitted."""
    return {f"returns.{field}": {"text": f.text.strip()[:MAX_EVIDENCE_CHARS], "confidence": round(f.confidence, 2)}
            for field, f in found.items() if f is not None and f.value not in (None, [])}
