"""Structured logs: one JSON object per line, tagged with the store and run they belong to.

``--log-format json`` on ``rivalwatch crawl``, ``schedule`` and ``worker`` installs
:class:`JsonFormatter` on the root handler instead of Scrapy's text format. :class:`RunContextFilter`
adds ``store`` and ``run_id`` to every record: from the record's own ``spider`` (Scrapy passes it
along with most messages) or ``extra``, else from the one store a process crawls.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

# Attributes every LogRecord has; anything else came in through ``extra`` and is kept.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime", "spider", "crawler", "taskName"}


class RunContextFilter(logging.Filter):
    """Add ``store`` and ``run_id`` to records (from the record's spider, else the process default)."""

    default_spider = None  # the spider of a single-store crawl process

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None) or RunContextFilter.default_spider
        config = getattr(spider, "store_config", None)
        if config is not None and not hasattr(record, "store"):
            record.store = config.slug
        if spider is not None and not hasattr(record, "run_id"):
            record.run_id = getattr(spider, "run_id", None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, store, run_id and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(fmt: str = "text", level: str = "INFO", stream=None) -> logging.Handler:
    """Install one root handler (text or JSON lines) with the run-context filter; return it."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.addFilter(RunContextFilter())
    handler.setLevel(level)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.NOTSET)
    return handler
