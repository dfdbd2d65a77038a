"""Confidence and evidence of an extracted shipping / returns item, fact by fact, for people.

Used by ``rivalwatch extract`` (a ``review`` list in the JSON) and ``rivalwatch try`` (lines under
the fields). Confidences are computed exactly as storage computes them (``storage.facts``: the
extractor's stated confidence, else its rule's default), so what a preview marks "needs review" is
what a crawl would store as needs review.
"""

from __future__ import annotations

from storage.changes import show_value
from storage.evidence import DEFAULT_THRESHOLD, NEEDS_REVIEW, POLICY_SUBJECTS, status_for
from storage.facts import item_facts


def review_rows(item: dict, threshold: float = DEFAULT_THRESHOLD) -> list[dict]:
    """One row per policy fact: fact path, value, confidence, needs_review, evidence sentence."""
    rows, seen_options = [], set()
    for fact in item_facts(item) if item.get("kind") in ("shipping", "returns") else []:
        if fact.subject_type not in POLICY_SUBJECTS:
            continue
        if fact.subject_type == "shipping_option":
            if fact.subject_key in seen_options:
                continue  # one row per option: its fields share one sentence and confidence
            seen_options.add(fact.subject_key)
            path, value = f"shipping.option[{fact.label or fact.subject_key}]", _option_value(item, fact.subject_key)
        else:
            path, value = f"{fact.subject_type}.{fact.field}", show_value(fact.value)
        rows.append({"fact": path, "value": value, "confidence": round(fact.confidence, 2),
                     "needs_review": status_for(fact.confidence, threshold) == NEEDS_REVIEW, "evidence": fact.evidence})
    return rows


def _option_value(item: dict, key: str) -> str:
    from storage.facts import option_key

    for option in item.get("options") or []:
        if option_key(option) == key:
            price = f"{option.get('price')} {option.get('currency') or ''}".strip() if option.get("price") else "—"
            days = f"{option.get('min_days')}–{option.get('max_days')} days" if option.get("max_days") is not None else ""
            return ", ".join(p for p in (price, days) if p)
    return ""


def review_lines(rows: list[dict]) -> list[str]:
    """Terminal lines: confidence, fact, value, and the sentence for facts that need review."""
    lines = []
    for row in rows:
        mark = "NEEDS REVIEW" if row["needs_review"] else "ok"
        lines.append(f"  {row['confidence']:.2f} {mark:<12} {row['fact']:<36} {row['value'][:40]}")
        if row["evidence"]:
            lines.append(f"       from: \u201c{row['evidence']}\u201d")
    return lines
