"""One line per failed URL: what went wrong (the HTTP status, or the network error), and one error count.

Scrapy reports a failed fetch several times: the retry middleware's "Gave up retrying" ERROR, the
robots.txt middleware's ERROR with a full traceback (about 70 lines for a refused connection or a
TLS handshake on a plain-HTTP port), and the spider's errback, where an HTTP error only says
"Ignoring non-200 response". The store spider's errback is the one place that reports a failed URL
(``fetch failed: URL (HTTP 404 Not Found)``); the filters here drop the retry duplicate and shorten
the robots.txt error to one warning line. ``error_count`` is the number both the progress line and
the run summary show.
"""

from __future__ import annotations

import http
import logging
from urllib.parse import urlsplit

from scrapy.spidermiddlewares.httperror import HttpError

FETCH_ERRORS = "rivalwatch/fetch_errors"  # failed URLs (the spider's errback)


def error_count(stats) -> int:
    """Failed URLs plus exceptions raised while handling pages: the run's ``errors``."""
    get = stats.get_value if hasattr(stats, "get_value") else stats.get
    return int(get(FETCH_ERRORS, 0) or 0) + int(get("spider_exceptions/count", 0) or 0)


def _innermost(value: BaseException) -> BaseException:
    """The root error: Scrapy re-raises Twisted's errors (``__cause__``), and Twisted wraps connection
    failures in ResponseNeverReceived/ResponseFailed with a ``reasons`` list of failures."""
    for _ in range(8):
        reasons = getattr(value, "reasons", None)
        if reasons:
            value = getattr(reasons[0], "value", reasons[0])
        elif isinstance(value.__cause__, BaseException):
            value = value.__cause__
        else:
            break
    return value


def describe_error(value: BaseException) -> str:
    """A short, one-line description of a download error."""
    value = _innermost(value)
    name = type(value).__name__
    module = type(value).__module__
    if module.startswith("OpenSSL") or "SSL" in name or "TLS" in name:
        args = value.args[0] if value.args and isinstance(value.args[0], list) else []
        reasons = [entry[-1] for entry in args if isinstance(entry, tuple) and entry and entry[-1]]
        detail = "; ".join(reasons) or " ".join(str(value).split())[:160]
        return f"TLS handshake failed ({detail}) — does the site serve https:// on this port, or only http://?"
    if "DNSLookup" in name:
        text = " ".join(str(value).split())
        return text if text.startswith("DNS lookup failed") else f"DNS lookup failed: {text or name}"
    text = " ".join(str(value).split()) or name
    return text if len(text) <= 400 else text[:397] + "..."


def describe_failure(failure) -> str:
    """The reason of a failed request: ``HTTP 404 Not Found`` or the network error, in one line."""
    if failure.check(HttpError):
        status = failure.value.response.status
        try:
            phrase = http.HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        return f"HTTP {status} {phrase}".rstrip()
    return describe_error(failure.value)


class _RetryGiveUp(logging.Filter):
    """Drop "Gave up retrying": the spider's errback reports the same URL with its reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Gave up retrying")


class _RobotsOneLine(logging.Filter):
    """robots.txt could not be fetched: one warning line instead of an ERROR with a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = describe_error(record.exc_info[1])
            request = record.args.get("request") if isinstance(record.args, dict) else None
            url = urlsplit(getattr(request, "url", "") or "")
            where = f"{url.scheme}://{url.netloc}/robots.txt" if url.netloc else "robots.txt"
            record.msg, record.args = "%s not read (%s); crawling as if it allowed everything", (where, error)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_FILTERS = {
    "scrapy.downloadermiddlewares.retry": _RetryGiveUp(),
    "scrapy.downloadermiddlewares.robotstxt": _RobotsOneLine(),
}


def install_log_filters() -> None:
    """Install the filters above (idempotent; the store spider calls it when it starts)."""
    for name, flt in _FILTERS.items():
        logger = logging.getLogger(name)
        if flt not in logger.filters:
            logger.addFilter(flt)
