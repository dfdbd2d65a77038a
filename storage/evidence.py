"""Evidence and confidence of policy facts (shipping, shipping options, returns).

Every policy fact carries the sentence or table row it was read from (``evidence``, at most
``MAX_EVIDENCE`` characters) and a confidence in 0..1. The policy-text parser states both per fact;
when it does not (older parser output, items replayed from before evidence existed, structured
data), the confidence is the **default of the rule** that produced the value, from its provenance:

- structured data, platform APIs and analyst selectors (``jsonld:``, ``microdata:``, ``rdfa:``,
  ``shopify:``, ``selector:`` …) and analyst overrides: 1.0 — the store or the analyst stated it;
- the policy-text parser (``text:<lang>:<rule>``) without a stated confidence: ``TEXT_DEFAULT``
  (0.7) — its rules are tuned for precision, so by default a text fact is trusted, but below any
  structured value and close enough to the threshold that a parser stating less moves it below;
- no provenance at all: 1.0 (values built by hand, e.g. tests and the demo's declared levels).

A fact whose confidence is below the threshold (``rivalwatch.yaml`` ``confidence_threshold``,
default ``DEFAULT_THRESHOLD``) is stored with status ``needs_review``: kept and shown with its
sentence, never compared for change events.
"""

from __future__ import annotations

POLICY_SUBJECTS = frozenset({"shipping", "shipping_option", "returns"})
DEFAULT_THRESHOLD = 0.6
TEXT_DEFAULT = 0.7
MAX_EVIDENCE = 300

# Fact status values (``facts.status``).
OK, NEEDS_REVIEW, OVERRIDE = "ok", "needs_review", "override"


# Provenance prefix -> default confidence; the longest matching prefix wins, anything else is 1.0.
RULE_DEFAULTS: dict[str, float] = {
    "text:": TEXT_DEFAULT,  # policy-text parser, every language and rule
    "override:": 1.0,  # the analyst's own value
}


def default_confidence(provenance: str | None) -> float:
    """Confidence of a value whose extractor stated none, by the rule (provenance) that produced it."""
    matches = [prefix for prefix in RULE_DEFAULTS if provenance and provenance.startswith(prefix)]
    return RULE_DEFAULTS[max(matches, key=len)] if matches else 1.0


def clip(text: str | None) -> str | None:
    """Evidence text trimmed to one line of at most ``MAX_EVIDENCE`` characters."""
    if not text:
        return None
    flat = " ".join(str(text).split())
    return flat if len(flat) <= MAX_EVIDENCE else flat[: MAX_EVIDENCE - 1] + "…"


def status_for(confidence: float | None, threshold: float = DEFAULT_THRESHOLD) -> str:
    """``needs_review`` below the threshold, else ``ok`` (no confidence: not a policy fact, ``ok``)."""
    return NEEDS_REVIEW if confidence is not None and confidence < threshold else OK
