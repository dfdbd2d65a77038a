"""Idle browser pages kept for the next request of the same context, instead of one page per request.

Opening and closing a Chromium tab per request costs more than the render of a small product page
(measured with raw Playwright on the benchmark's JS store: 4 reused pages 5.5–6.1 pages/s, a new
page per URL 3.2–4.0). scrapy-playwright creates and closes a page per request unless the request
carries one in ``meta["playwright_page"]``; the handler (``spiders.browser.handler``) leases a
page from this pool for that, and gives it back after a clean download.

Slot accounting. scrapy-playwright's per-context semaphore limits pages to
``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT``; it is taken when a page is created and given back by the
page's ``close`` event. Here a slot means a *busy* page: an idle page gives its slot back when it
enters the pool and takes one again when leased, and a new page is only created when no idle page
is left — so idle + busy pages never exceed the limit. Because an idle page has no slot, its
``close`` (or ``crash``) event must not give one back; ``PageStates`` remembers which pages are idle
and which have already given their slot back, so each page releases at most once (scrapy-playwright
itself would release twice for a crash followed by a close).

A page is not reused after an error, after ``max_uses`` downloads (bounds renderer memory growth
over long runs) or once its context or browser is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary, WeakSet

DEFAULT_MAX_USES = 50


@dataclass
class _Idle:
    page: object
    owner: object  # the context wrapper the page belongs to (a context of the same name may be new)


@dataclass
class PageStates:
    """Per-context idle pages and the slot state of every page the handler created."""

    max_uses: int = DEFAULT_MAX_USES
    _idle: dict[str, list[_Idle]] = field(default_factory=dict)
    _idle_pages: WeakSet = field(default_factory=WeakSet)
    _released: WeakSet = field(default_factory=WeakSet)  # closed pages whose slot is already back
    _uses: WeakKeyDictionary = field(default_factory=WeakKeyDictionary)

    @property
    def enabled(self) -> bool:
        return self.max_uses > 1

    def take(self, context_name: str, owner) -> object | None:
        """An open idle page of ``owner`` (the current context of that name), or None."""
        entries = self._idle.get(context_name, [])
        while entries:
            entry = entries.pop()
            self._idle_pages.discard(entry.page)
            if entry.owner is owner and not entry.page.is_closed():
                return entry.page
        return None

    def count_use(self, page) -> bool:
        """Record one download on ``page``; True while it may serve another one."""
        uses = self._uses.get(page, 0) + 1
        self._uses[page] = uses
        return uses < self.max_uses

    def put(self, context_name: str, owner, page) -> None:
        """Park a busy page as idle (the caller then gives its slot back)."""
        self._idle.setdefault(context_name, []).append(_Idle(page, owner))
        self._idle_pages.add(page)

    def should_release_on_close(self, page) -> bool:
        """For a page's close/crash event: True when that page still holds a slot to give back."""
        if page is None:
            return True  # unknown page: scrapy-playwright's own rule
        if page in self._released:
            return False
        self._released.add(page)
        if page in self._idle_pages:
            self._idle_pages.discard(page)
            return False  # idle pages gave their slot back when parked
        return True

    def forget_context(self, context_name: str | None = None) -> None:
        """Drop the idle pages of one context (closed) or of all (browser gone); they close with it."""
        names = [context_name] if context_name is not None else list(self._idle)
        for name in names:
            for entry in self._idle.pop(name, []):
                self._idle_pages.discard(entry.page)
                self._released.add(entry.page)  # no slot: its coming close event must not release one

    def idle_count(self, context_name: str) -> int:
        return len(self._idle.get(context_name, []))
