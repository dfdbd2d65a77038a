"""The fixed development / validation split of the real policy texts (``../shared/policy_real``).

Rule, fixed before any tuning: a text belongs to the **validation** split when the first eight hex
digits of the SHA-256 of its path relative to the corpus (``en/shop_returns.txt``), read as an
integer, modulo 10 are 7, 8 or 9; every other text is **development** (≈70 / 30). The corpus holds
one text per store, so this is a split by store. Tune the parser on development texts only; a
validation failure is fixed by adding a development case of the same class, never by a rule for
that text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POLICY_REAL = REPO.parent / "shared" / "policy_real"
DEVELOPMENT, VALIDATION = "development", "validation"


def split_of(name: str) -> str:
    """``development`` or ``validation`` for a corpus path such as ``ja/shop_faq.txt``."""
    digest = hashlib.sha256(name.replace("\\", "/").encode("utf-8")).hexdigest()
    return VALIDATION if int(digest[:8], 16) % 10 >= 7 else DEVELOPMENT


def names_in(split: str, expected: dict) -> list[str]:
    """The labelled names of one split, sorted."""
    return sorted(name for name in expected if split_of(name) == split)
