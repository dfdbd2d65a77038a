"""Policy page wording: stored once per distinct text so wording changes can be diffed later."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import PolicyText
from storage.upsert import insert_ignore


def text_hash(text: str) -> str:
    """SHA-256 of a normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_policy_texts(session: Session, items: list[dict], now) -> None:
    """Store the texts of policy items whose hash is new."""
    rows = {}
    for item in items:
        text = item.get("text")
        if text and item.get("text_hash"):
            rows[item["text_hash"]] = {"sha256": item["text_hash"], "text": text, "first_seen_at": now}
    insert_ignore(session, PolicyText, list(rows.values()), ["sha256"])


def policy_text(session: Session, sha256: str) -> str | None:
    """The stored wording for a hash, if known."""
    return session.scalar(select(PolicyText.text).where(PolicyText.sha256 == sha256))
