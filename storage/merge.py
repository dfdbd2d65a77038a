"""Merge one run's observed facts into a store's history (used by ``storage.apply``).

Fact status (``storage.evidence``): a policy fact read with confidence below the threshold is
stored as ``needs_review`` and an analyst override as ``override``. Neither is ever compared: a
value moving to or from such a fact replaces the interval silently (no pending confirmation, no
event). A confident value following a needs-review one is compared with the last confident value
of the field, so a change hidden behind an unsure reading still counts once it is read for sure.
"""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

from sqlalchemy import func, insert, inspect, select, update

from core import fields as catalogue
from storage.changes import describe_change, severity_of
from storage.evidence import NEEDS_REVIEW, OK, OVERRIDE, status_for
from storage.facts import FactValue
from storage.models import ChangeEvent, CrawlRun, Fact, PendingChange
from storage.price_guard import is_suspect, median_prices, price_of, suspect_confirm_runs

logger = logging.getLogger(__name__)

Key = tuple[str, str, str]
QUIET_FIELDS = frozenset(f.key for f in catalogue.FIELDS if not f.reported)  # labels: stored, never reported
WHOLE_SUBJECTS = frozenset({"product", "shipping_option"})  # added/removed as one thing


class FactMerger:
    """Compare observed facts with a store's current ones; write intervals, pending values, events."""

    def __init__(self, session, run: CrawlRun, policy, product_ids: dict[str, int], now):
        self.s, self.run, self.policy, self.product_ids, self.now = session, run, policy, product_ids, now
        self.events: list[dict] = []
        self.new_rows: list[dict] = []
        self.quarantined: list[Key] = []  # implausible prices waiting for extra confirmation

    # -- loading -----------------------------------------------------------------------------
    def _current(self) -> dict[Key, tuple]:
        rows = self.s.execute(
            select(Fact.id, Fact.subject_type, Fact.subject_key, Fact.field, Fact.value, Fact.missing_runs,
                   Fact.status, Fact.confidence, Fact.evidence)
            .where(Fact.store_id == self.run.store_id, Fact.valid_to.is_(None))
        )
        return {(r.subject_type, r.subject_key, r.field): r for r in rows}

    def _pending(self) -> dict[Key, PendingChange]:
        rows = self.s.scalars(select(PendingChange).where(PendingChange.store_id == self.run.store_id))
        return {(p.subject_type, p.subject_key, p.field): p for p in rows}

    def _previous_run_id(self) -> int | None:
        return self.s.scalar(
            select(func.max(CrawlRun.id)).where(
                CrawlRun.store_id == self.run.store_id, CrawlRun.id != self.run.id, CrawlRun.applied_at.is_not(None)
            )
        )

    # -- merging -----------------------------------------------------------------------------
    def merge(self, observed: dict[Key, FactValue]) -> int:
        current, pending = self._current(), self._pending()
        previous_run = self._previous_run_id()
        baseline = previous_run is not None
        known = {(t, k) for (t, k, _f) in current}
        seen_ids, candidates, added = [], [], set()
        for key, fact in observed.items():
            old, status = current.get(key), self._status(fact)
            if old is not None and old.value == fact.value:
                seen_ids.append(old.id)
                hidden = self._hidden_change(key, old, status)
                if hidden is not None:  # an unsure reading, now sure, differs from the last sure value
                    candidates.append((key, fact, hidden))
                    continue
                self._restamp(old, fact, status)
                if key in pending:
                    self._drop(pending.pop(key))  # it flipped back: the candidate was noise
                continue
            subject = key[:2]
            if old is None and subject not in known:
                self._open(fact)
                if baseline and subject not in added and fact.subject_type != "policy_text" and status == OK:
                    added.add(subject)
                    self._event(fact, None, "added")
                continue
            if status != OK or (old is not None and old.status != OK):
                old = self._compare_with(key, fact, old, status, pending)
                if old is None:
                    continue
            candidates.append((key, fact, old))
        candidates = self._guard_mass_change(candidates, observed, pending)
        suspect = self._suspect_prices(candidates)
        for key, fact, old in candidates:
            needed = suspect_confirm_runs(self.policy.confirm_runs) if key in suspect else self.policy.confirm_runs
            if self._confirmed(key, fact, pending, previous_run, needed):
                self._replace(fact, old)
            elif key in suspect:
                self.quarantined.append(key)
                logger.warning("price of %s quarantined as a suspected extraction error: %s vs 30-day median %s "
                               "(read in %s of %s runs needed)", key[1], fact.value, suspect[key],
                               pending[key].seen_runs, needed)
        self._age_missing(current, observed)
        self._flush(seen_ids)
        return len(self.events)

    def _status(self, fact: FactValue) -> str:
        return OVERRIDE if fact.override else status_for(fact.confidence, self.policy.confidence_threshold)

    def _compare_with(self, key: Key, fact: FactValue, old, status: str, pending: dict):
        """The row a change of an unsure/overridden fact is compared with, or None: replaced silently."""
        if status == OK and old is not None and old.status == NEEDS_REVIEW:
            confident = self._last_confident(key)
            if confident is not None and confident != fact.value:
                return SimpleNamespace(id=old.id, value=confident)  # close the unsure row, report vs the sure one
        if key in pending:
            self._drop(pending.pop(key))
        self._replace(fact, old, event=False)
        return None

    def _hidden_change(self, key: Key, old, status: str):
        """For a needs-review value now read for sure: the last sure value to compare with, if different."""
        if status != OK or old.status != NEEDS_REVIEW:
            return None
        confident = self._last_confident(key)
        return SimpleNamespace(id=old.id, value=confident) if confident not in (None, old.value) else None

    def _last_confident(self, key: Key) -> str | None:
        return self.s.scalar(
            select(Fact.value).where(Fact.store_id == self.run.store_id, Fact.subject_type == key[0],
                                     Fact.subject_key == key[1], Fact.field == key[2], Fact.status == OK)
            .order_by(Fact.valid_from.desc()).limit(1)
        )

    def _restamp(self, old, fact: FactValue, status: str) -> None:
        """Same value read again: record its latest evidence and status (a sure reading is not downgraded)."""
        if status == NEEDS_REVIEW and old.status == OK:
            return
        if (old.status, old.confidence, old.evidence) != (status, fact.confidence, fact.evidence):
            self.s.execute(update(Fact).where(Fact.id == old.id)
                           .values(status=status, confidence=fact.confidence, evidence=fact.evidence))

    def _suspect_prices(self, candidates) -> dict[Key, str]:
        """Candidate product prices implausibly far from their 30-day median (key -> median)."""
        ratio = self.policy.suspect_price_ratio
        prices = {key: fact for key, fact, old in candidates if key[0] == "product" and key[2] == "price" and old is not None}
        if ratio is None or not prices:
            return {}
        medians = median_prices(self.s, self.run.store_id, [key[1] for key in prices], self.now)
        suspect = {}
        for key, fact in prices.items():
            new, median = price_of(fact.value), medians.get(key[1])
            if new is not None and is_suspect(new, median, ratio):
                suspect[key] = format(median, "f")
        return suspect

    def _confirmed(self, key: Key, fact: FactValue, pending: dict, previous_run: int | None, needed: int) -> bool:
        candidate = pending.get(key)
        if candidate is not None and candidate.value == fact.value and candidate.last_run_id == previous_run and not candidate.held:
            candidate.seen_runs += 1
            candidate.last_run_id = self.run.id
        else:
            if candidate is not None:
                self._drop(candidate)
            candidate = self._new_pending(fact, held=False)
            pending[key] = candidate
        if candidate.seen_runs >= needed:
            self._drop(pending.pop(key))
            return True
        return False

    def _drop(self, candidate: PendingChange) -> None:
        if inspect(candidate).persistent:
            self.s.delete(candidate)
            self.s.flush()  # free the unique key before a replacement is inserted
        else:
            self.s.expunge(candidate)

    def _new_pending(self, fact: FactValue, held: bool) -> PendingChange:
        candidate = PendingChange(
            store_id=self.run.store_id, product_id=self._product_id(fact), subject_type=fact.subject_type,
            subject_key=fact.subject_key, subject_label=fact.label, field=fact.field, value=fact.value,
            source_url=fact.source_url, provenance=(fact.provenance or "")[:300] or None, seen_runs=1, held=held,
            first_run_id=self.run.id, last_run_id=self.run.id,
        )
        self.s.add(candidate)
        return candidate

    def _guard_mass_change(self, candidates, observed, pending):
        limit = self.policy.max_change_share
        products = {k for (t, k, _f) in observed if t == "product"}
        changed = {key for key, _f, _o in candidates if key[0] == "product" and key[2] == "price"}
        if limit is None or len(products) < self.policy.min_products_for_share or len(changed) <= limit * len(products):
            return candidates
        for key, fact, _old in candidates:
            if key in changed:
                if key in pending:
                    self._drop(pending.pop(key))
                pending[key] = self._new_pending(fact, held=True)
        summary = (
            f"{len(changed)} of {len(products)} products changed price at once — possible extraction "
            f"problem or site-wide change; held until released (rivalwatch changes release STORE)"
        )
        self.events.append(self._event_row("store", "mass_change", "Whole store", "price", "suspect", None, None, None, summary, "warning"))
        return [c for c in candidates if c[0] not in changed]

    def release_held(self) -> int:
        """Apply held candidates as confirmed changes."""
        current = self._current()
        for candidate in self.s.scalars(select(PendingChange).where(PendingChange.store_id == self.run.store_id, PendingChange.held)):
            key = (candidate.subject_type, candidate.subject_key, candidate.field)
            fact = FactValue(candidate.subject_type, candidate.subject_key, candidate.field, candidate.value,
                             candidate.subject_label, source_url=candidate.source_url, provenance=candidate.provenance)
            self._replace(fact, current.get(key), product_id=candidate.product_id)
            self.s.delete(candidate)
        self._flush([])
        return len(self.events)

    def _age_missing(self, current: dict[Key, tuple], observed: dict[Key, FactValue]) -> None:
        missing = [row for key, row in current.items() if key not in observed]
        lapsed = [row.id for row in missing if row.status == OVERRIDE]  # an override not applied is over
        if lapsed:
            self.s.execute(update(Fact).where(Fact.id.in_(lapsed)).values(valid_to=self.now))
        missing = [row for row in missing if row.status != OVERRIDE]
        if not missing:
            return
        due = [row for row in missing if row.missing_runs + 1 >= self.policy.remove_after_runs]
        aging = [row.id for row in missing if row.missing_runs + 1 < self.policy.remove_after_runs]
        for chunk in _chunks(aging):
            self.s.execute(update(Fact).where(Fact.id.in_(chunk)).values(missing_runs=Fact.missing_runs + 1))
        reported = set()
        for row in due:
            self.s.execute(update(Fact).where(Fact.id == row.id).values(valid_to=self.now, missing_runs=row.missing_runs + 1))
            subject = (row.subject_type, row.subject_key)
            if row.field in QUIET_FIELDS or row.subject_type == "policy_text" or row.status != OK:
                continue
            if row.subject_type in WHOLE_SUBJECTS:
                if subject in reported:
                    continue
                reported.add(subject)
            fact = FactValue(row.subject_type, row.subject_key, row.field, row.value, self._label(row))
            self._event(fact, row.value, "removed")

    def _label(self, row) -> str | None:
        title = self.s.scalar(
            select(Fact.value).where(Fact.store_id == self.run.store_id, Fact.subject_type == row.subject_type,
                                     Fact.subject_key == row.subject_key, Fact.field.in_(("title", "name")))
            .order_by(Fact.id.desc()).limit(1)
        )
        return json.loads(title) if title else None

    # -- writing -----------------------------------------------------------------------------
    def _product_id(self, fact: FactValue) -> int | None:
        return self.product_ids.get(fact.product_key) if fact.product_key else None

    def _open(self, fact: FactValue, product_id: int | None = None) -> None:
        self.new_rows.append(dict(
            store_id=self.run.store_id, product_id=product_id or self._product_id(fact), subject_type=fact.subject_type,
            subject_key=fact.subject_key, field=fact.field, value=fact.value, source_url=fact.source_url,
            provenance=(fact.provenance or "")[:300] or None, valid_from=self.now, valid_to=None,
            last_seen_at=self.now, first_run_id=self.run.id, last_run_id=self.run.id, missing_runs=0,
            evidence=fact.evidence, confidence=fact.confidence, status=self._status(fact),
        ))

    def _replace(self, fact: FactValue, old, product_id: int | None = None, event: bool = True) -> None:
        if old is not None:
            self.s.execute(update(Fact).where(Fact.id == old.id).values(valid_to=self.now))
        self._open(fact, product_id)
        if event and fact.field not in QUIET_FIELDS:
            self._event(fact, old.value if old is not None else None, "changed", product_id)

    def _event(self, fact: FactValue, old_value: str | None, kind: str, product_id: int | None = None) -> None:
        summary, magnitude = describe_change(fact, old_value, kind)
        field = "*" if kind in ("added", "removed") and fact.subject_type in WHOLE_SUBJECTS else fact.field
        new_value = None if kind == "removed" else fact.value
        severity = severity_of(fact.field, kind, magnitude)
        self.events.append(self._event_row(
            fact.subject_type, fact.subject_key, fact.label, field, kind, old_value, new_value, magnitude, summary,
            severity, product_id or self._product_id(fact),
        ))

    def _event_row(self, subject_type, subject_key, label, field, kind, old, new, magnitude, summary, severity, product_id=None):
        return dict(
            store_id=self.run.store_id, run_id=self.run.id, product_id=product_id, subject_type=subject_type,
            subject_key=subject_key, subject_label=label, field=field, kind=kind, old_value=old, new_value=new,
            magnitude=magnitude, summary=summary, severity=severity, detected_at=self.now,
        )

    def _flush(self, seen_ids: list[int]) -> None:
        for chunk in _chunks(seen_ids):
            self.s.execute(
                update(Fact).where(Fact.id.in_(chunk)).values(last_seen_at=self.now, last_run_id=self.run.id, missing_runs=0)
            )
        self.s.flush()
        if self.new_rows:
            self.s.execute(insert(Fact), self.new_rows)
        if self.events:
            self.s.execute(insert(ChangeEvent), self.events)


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
