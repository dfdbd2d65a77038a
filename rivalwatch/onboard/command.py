"""``rivalwatch add URL``: discover, write the YAML, preview (the Typer command body)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from core.config.global_settings import load_global_settings
from rivalwatch.onboard.discover import discover
from rivalwatch.onboard.fetcher import PoliteFetcher
from rivalwatch.onboard.rendering import check_policy_pages, needs_browser, render_sample
from rivalwatch.onboard.report import preview_lines, sample_products
from rivalwatch.onboard.yaml_writer import WriteRefused, guess_currency, render_yaml, slug_for, store_name, write_store

ALLOW_ENV = "RIVALWATCH_ALLOW_PRIVATE_TARGETS"


def add_store(url: str, *, config_dir: Path, own: bool = False, slug: str | None = None, force: bool = False,
              currency: str | None = None, allow_private: bool = False, budget: int = 80) -> int:
    """Onboard the store at ``url`` into ``config_dir``; print the preview; return the exit code."""
    from core.config.models import check_http_url

    try:
        url = check_http_url(url)
    except ValueError as exc:
        return _fail(f"{url}: {exc}")
    settings, problems = load_global_settings(config_dir) if config_dir.is_dir() else (None, [])
    if problems:  # a contact or allow_private_targets that silently did not apply would mislead
        return _fail("; ".join(str(p) for p in problems))
    allow_private = allow_private or bool(settings and settings.allow_private_targets) or \
        os.environ.get(ALLOW_ENV, "").lower() in ("1", "true", "yes")
    fetcher = PoliteFetcher(allow_private=allow_private, contact=settings.user_agent_contact if settings else None,
                            budget=budget)
    found = discover(url, fetcher)
    if found.home is None:
        return _fail(found.notes[0])
    slug = slug or slug_for(found.home.url)
    samples = sample_products(found, fetcher, currency or found.currency)
    if found.product_source in ("listing", "sitemap") and needs_browser(samples):
        rendered, wait_for = render_sample(samples[0].url, allow_private=allow_private, currency=currency)
        if rendered is not None and rendered.price is not None:
            found.render, found.product_wait_for = "browser", wait_for
            samples = [rendered, *(render_sample(s.url, allow_private=allow_private, currency=currency)[0] or s
                                   for s in samples[1:3])]
            found.notes.append("prices are drawn by JavaScript: product pages are rendered with Chromium")
    currency = (currency or guess_currency(found, samples) or "").upper()
    if not currency:
        return _fail(f"could not tell the currency of {url} from its prices; pass --currency (e.g. --currency IDR)")
    check_policy_pages(found, fetcher, currency, allow_private=allow_private)
    text = render_yaml(found, slug=slug, name=store_name(found, slug), currency=currency, own=own)
    try:
        path = write_store(text, config_dir, slug, own=own, force=force)
    except WriteRefused as exc:
        return _fail(str(exc))
    typer.echo(f"wrote {path} ({fetcher.used} requests, User-Agent {fetcher.user_agent!r})")
    for line in preview_lines(found, fetcher, samples, currency):
        typer.echo(line)
    typer.echo(f"next: rivalwatch try --config {config_dir} --store {slug}   then   rivalwatch crawl --config {config_dir} --store {slug}")
    return 0


def _fail(message: str) -> int:
    typer.echo(f"error: {message}", err=True)
    return 1
