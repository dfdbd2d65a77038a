"""Analyst overrides of service-level facts, valid while the source page's wording is unchanged.

An override (``overrides: {returns.window_days: 14}`` in a store's YAML, passed in as
``ApplyPolicy.overrides``) replaces the extracted value of ``<kind>/policy.<field>``. When it is first
applied, the wording of the store's ``<kind>`` policy pages seen in that run (their ``policy_text``
hashes) is recorded. When a later run sees different wording, the override is suspended — the
extracted value is used again (needs review or not per its confidence) — and ONE operator event
(kind ``recheck``) asks the analyst to re-check it. Editing the value in the YAML, or
``rivalwatch overrides confirm``, re-arms it against the current wording. A run that saw no page of
that kind proves nothing and leaves the override as it is.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.changes import show_value
from storage.db import Database
from storage.evidence import clip
from storage.facts import FactValue
from storage.models import ChangeEvent, CrawlRun, FactOverride, Store

ACTIVE, SUSPENDED = "active", "suspended"
RECHECK = "recheck"
LABELS = {"shipping": "Shipping", "returns": "Returns"}


def wording_fingerprint(observed: dict, kind: str) -> str | None:
    """One hash of the wording of every ``kind`` policy page observed in the run, or None if none."""
    pages = sorted(f"{key[1]}={fact.value}" for key, fact in observed.items()
                   if key[0] == "policy_text" and key[1].startswith(f"{kind}:"))
    return hashlib.sha256("\n".join(pages).encode("utf-8")).hexdigest() if pages else None


def apply_overrides(s: Session, run: CrawlRun, overrides, observed: dict, now: datetime) -> list[ChangeEvent]:
    """Put active overrides into ``observed`` (in place); return the re-check events to add."""
    rows = {row.path: row for row in s.scalars(select(FactOverride).where(FactOverride.store_id == run.store_id))}
    wanted = dict(overrides or ())
    for path, row in rows.items():
        if path not in wanted:
            s.delete(row)  # removed from the config: the extracted value is used again
    events = []
    for path, value in wanted.items():
        kind, field = path.split(".", 1)
        wording, row = wording_fingerprint(observed, kind), rows.get(path)
        if row is None or row.value != value:
            row = row or FactOverride(store_id=run.store_id, path=path)
            row.value, row.wording, row.status, row.applied_at, row.suspended_at = value, wording, ACTIVE, now, None
            s.add(row)
        elif row.status == ACTIVE and row.wording is None:
            row.wording = wording  # first run that saw the page records its wording
        elif row.status == ACTIVE and wording is not None and wording != row.wording:
            row.status, row.suspended_at = SUSPENDED, now
            events.append(_recheck_event(s, run, path, value, now))
        if row.status == ACTIVE:
            _put(observed, kind, field, value)
    return events


def _put(observed: dict, kind: str, field: str, value: str) -> None:
    key = (kind, "policy", field)
    extracted = observed.get(key)
    note = f"analyst override (extracted: {show_value(extracted.value) if extracted else 'nothing'}"
    note += f" — {extracted.evidence})" if extracted and extracted.evidence else ")"
    observed[key] = FactValue(kind, "policy", field, value, LABELS.get(kind, kind.title()),
                              source_url=extracted.source_url if extracted else None, provenance="override:config",
                              evidence=clip(note), confidence=1.0, override=True)


def _recheck_event(s: Session, run: CrawlRun, path: str, value: str, now: datetime) -> ChangeEvent:
    store = s.get(Store, run.store_id)
    kind = path.split(".", 1)[0]
    summary = (f"{store.name}: the {kind} page wording changed, so the override {path} = {show_value(value)} is "
               f"suspended and the extracted value is used; re-check it, then update or remove it under overrides: "
               f"in {store.slug}'s YAML, or keep it with: rivalwatch overrides confirm {store.slug} {path}")
    event = ChangeEvent(store_id=run.store_id, run_id=run.id, subject_type="override", subject_key=path,
                        subject_label=store.name, field=path.split(".", 1)[1][:60], kind=RECHECK, old_value=value,
                        new_value=None, summary=summary, severity="warning", detected_at=now)
    s.add(event)
    return event


def override_states(db: Database, store_slug: str | None = None) -> list[dict]:
    """Recorded overrides (store, path, value, status, applied_at, suspended_at), for people."""
    query = (select(Store.slug, FactOverride.path, FactOverride.value, FactOverride.status, FactOverride.applied_at,
                    FactOverride.suspended_at).join(Store, Store.id == FactOverride.store_id)
             .order_by(Store.slug, FactOverride.path))
    if store_slug:
        query = query.where(Store.slug == store_slug)
    with db.read() as s:
        return [{**row._mapping, "value": show_value(row.value)} for row in s.execute(query)]


def confirm_override(db: Database, store_slug: str, path: str) -> bool:
    """Re-arm a suspended override against the wording the next crawl sees; False if unknown."""
    with db.session() as s:
        row = s.scalar(select(FactOverride).join(Store, Store.id == FactOverride.store_id)
                       .where(Store.slug == store_slug, FactOverride.path == path))
        if row is None:
            return False
        row.status, row.wording, row.suspended_at = ACTIVE, None, None
        return True
