"""Read API for the dashboard's "Needs review" sections: unsure policy facts and analyst overrides."""

from __future__ import annotations

from sqlalchemy import select

from storage import formatting as fmt
from storage.db import Database
from storage.evidence import NEEDS_REVIEW, OVERRIDE
from storage.models import Fact, FactOverride, Store


def review_facts(db: Database, subject_types: tuple[str, ...], store_slug: str | None = None) -> list[dict]:
    """Current facts of these subjects that need review or hold an override, with their sentence."""
    query = (
        select(Store.slug, Store.name, Fact.subject_type, Fact.subject_key, Fact.field, Fact.value, Fact.status,
               Fact.confidence, Fact.evidence, Fact.source_url, Fact.valid_from)
        .join(Store, Store.id == Fact.store_id)
        .where(Fact.valid_to.is_(None), Fact.subject_type.in_(subject_types),
               Fact.status.in_((NEEDS_REVIEW, OVERRIDE)))
        .order_by(Store.name, Fact.subject_type, Fact.subject_key, Fact.field)
    )
    if store_slug:
        query = query.where(Store.slug == store_slug)
    with db.read() as s:
        rows = s.execute(query).all()
    return [
        {"store": r.slug, "store_name": r.name, "status": r.status,
         "fact": {"shipping_option": f"option {r.subject_key}", "product": f"product {r.subject_key}"}.get(
             r.subject_type, r.subject_type),
         "field": fmt.label(r.field, r.subject_type), "value": fmt.value(r.field, r.value, None, r.subject_type),
         "confidence": r.confidence, "evidence": r.evidence, "source_url": r.source_url, "since": r.valid_from}
        for r in rows
    ]


def suspended_overrides(db: Database, kind: str, store_slug: str | None = None) -> list[dict]:
    """Overrides of ``kind`` (shipping / returns) suspended because the page's wording changed."""
    query = (
        select(Store.slug, Store.name, FactOverride.path, FactOverride.value, FactOverride.suspended_at)
        .join(Store, Store.id == FactOverride.store_id)
        .where(FactOverride.status == "suspended", FactOverride.path.startswith(f"{kind}."))
        .order_by(Store.name, FactOverride.path)
    )
    if store_slug:
        query = query.where(Store.slug == store_slug)
    with db.read() as s:
        return [{"store": r.slug, "store_name": r.name, "path": r.path, "value": fmt.value(r.path.rsplit(".", 1)[-1], r.value),
                 "suspended_at": r.suspended_at} for r in s.execute(query)]
