"""Polite, guarded fetching for ``rivalwatch add``: the same rules as a crawl, on a small budget.

Every URL goes through ``core.safe_fetch.fetch`` (public addresses only unless the config
directory or ``--allow-private`` allows private targets; every redirect hop checked), robots.txt of
the host is obeyed, the User-Agent names the operator's ``user_agent_contact``, requests are spaced
by ``delay`` seconds and at most ``budget`` pages are fetched (pages already fetched are reused).
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.safe_fetch import FetchError, fetch
from spiders.politeness import user_agent


class BudgetExhausted(Exception):
    """The request budget is spent; discovery stops where it is and says so."""


@dataclass
class Page:
    url: str
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class PoliteFetcher:
    """Fetch pages of one store within a budget; ``None`` for a page that could not be fetched."""

    allow_private: bool = False
    contact: str | None = None
    budget: int = 80
    delay: float = 0.0
    used: int = 0
    errors: list[str] = field(default_factory=list)
    _cache: dict[str, Page | None] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: float = 0.0

    @property
    def user_agent(self) -> str:
        return user_agent(self.contact)

    def get(self, url: str) -> Page | None:
        """The page at ``url`` (cached), None when refused, missing or failed (the reason is kept)."""
        url = url.split("#")[0]
        if url in self._cache:
            return self._cache[url]
        if not self.allowed(url):
            self.errors.append(f"robots.txt disallows {url}")
            self._cache[url] = None
            return None
        self._cache[url] = page = self._fetch(url)
        return page

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host allows it (a missing robots.txt allows everything)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            page = self._fetch(root + "/robots.txt", quiet=True)
            parser = None
            if page is not None and page.status == 200:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(page.text.splitlines())
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def robots_sitemaps(self, root: str) -> list[str]:
        """``Sitemap:`` lines of the host's robots.txt."""
        self.allowed(root + "/")
        parser = self._robots.get(root.rstrip("/"))
        return list(parser.site_maps() or []) if parser is not None else []

    def _fetch(self, url: str, quiet: bool = False) -> Page | None:
        if self.used >= self.budget:
            raise BudgetExhausted(f"request budget of {self.budget} pages spent")
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.used += 1
        try:
            fetched = fetch(url, allow_private=self.allow_private, headers={"User-Agent": self.user_agent})
        except FetchError as exc:
            if not quiet:
                self.errors.append(str(exc))
            return None
        finally:
            self._last = time.monotonic()
        return Page(fetched.url, fetched.status, fetched.content_type, fetched.body)
