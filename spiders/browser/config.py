"""Browser rendering settings for scrapy-playwright, in one typed place.

The Scrapy setting ``RIVALWATCH_CHROMIUM`` (from the environment variable of that name, see
``spiders.settings``) points at the Chromium binary;
by default Debian's ``/usr/bin/chromium`` is used when present, otherwise Playwright's own browser.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

CHROMIUM_ENV = "RIVALWATCH_CHROMIUM"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
BLOCKED_RESOURCE_TYPES = frozenset({"image", "media", "font"})
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


def default_chromium() -> str | None:
    """Debian's Chromium if installed, else None (Playwright then uses its own download)."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass(frozen=True)
class BrowserConfig:
    """How Chromium is launched and limited (``RIVALWATCH_CHROMIUM``, ``PLAYWRIGHT_*`` settings)."""

    executable: str | None
    max_pages_per_context: int = 4
    max_contexts: int = 2
    navigation_timeout_ms: int = 30_000
    args: list[str] = field(default_factory=lambda: list(CHROMIUM_ARGS))

    @classmethod
    def from_settings(cls, settings) -> "BrowserConfig":
        executable = settings.get(CHROMIUM_ENV) or default_chromium()  # env read in spiders.settings
        return cls(
            executable=executable,
            max_pages_per_context=settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", 4),
            max_contexts=settings.getint("PLAYWRIGHT_MAX_CONTEXTS", 2),
            navigation_timeout_ms=settings.getint("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", 30_000),
        )

    def scrapy_settings(self) -> dict:
        """Settings that route ``meta={"playwright": True}`` requests through Chromium."""
        launch = {"headless": True, "args": self.args}
        if self.executable:
            launch["executable_path"] = self.executable
        return {
            "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
            "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
            "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": self.max_pages_per_context,
            "PLAYWRIGHT_MAX_CONTEXTS": self.max_contexts,
            "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": self.navigation_timeout_ms,
            "PLAYWRIGHT_ABORT_REQUEST": should_abort_request,
        }


async def should_abort_request(request, allow_private: bool = False) -> bool:
    """Skip images, fonts and media (no prices in them) and anything the SSRF guard refuses."""
    from spiders.middlewares.ssrf import browser_request_blocked

    return request.resource_type in BLOCKED_RESOURCE_TYPES or await browser_request_blocked(request, allow_private)
