"""Field values with provenance, shared by the product page object's layers."""

from __future__ import annotations


class Fields:
    """Field values with provenance; the first layer to set a field keeps it."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.provenance: dict[str, str] = {}

    def put(self, name: str, value: object, source: str) -> bool:
        """Set ``name`` unless it is already set or ``value`` is empty; True when set."""
        if value in (None, "") or name in self.values:
            return False
        self.values[name] = value
        self.provenance[name] = source
        return True

    def replace(self, name: str, value: object, source: str) -> None:
        """Overwrite ``name`` (a later rule proved the first value wrong, e.g. an auction's start price)."""
        if value not in (None, ""):
            self.values[name] = value
            self.provenance[name] = source
