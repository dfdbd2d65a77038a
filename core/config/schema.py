"""JSON Schema of store files, exported into the repo (``core/config/competitor.schema.json``)."""

from __future__ import annotations

import json
from pathlib import Path

from core.config.models import StoreConfig

SCHEMA_PATH = Path(__file__).with_name("competitor.schema.json")


def schema_json() -> str:
    """The schema as stable, pretty JSON text."""
    schema = StoreConfig.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "RivalWatch store configuration"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m core.config.schema  (refresh the exported file)
    SCHEMA_PATH.write_text(schema_json(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
