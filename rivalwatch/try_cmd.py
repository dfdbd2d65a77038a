"""``rivalwatch try``: preview one URL, or a store's configured sources with their own settings.

With ``--config DIR --store SLUG`` the preview uses what a crawl of that store would use: the
source's selectors, ``render`` and ``wait_for``, the store's currency and country, and the config
directory's ``allow_private_targets``. Without a URL every source of the store is previewed; a URL
that is not one of the store's sources is read as a product page found from its listing / sitemap
(its selectors, ``render`` and ``product_wait_for``) — or as the first source of ``--kind``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from spiders.preview import PreviewResult, preview_url

KINDS = ("product", "listing", "shipping", "returns", "support")


def _settings_for(url: str, store, kind: str | None) -> dict:
    """Preview options of ``url`` as the store's crawl would read it."""
    source = next((s for s in store.sources if s.url == url), None)
    found_product = False
    if source is None:
        wanted = (kind,) if kind and kind != "product" else ("listing", "sitemap", "product")
        source = next((s for s in store.sources if s.kind in wanted), None)
        found_product = source is not None and source.kind in ("listing", "sitemap") and kind in (None, "product")
    options = {"currency": store.currency, "country": store.country}
    if source is None:
        return {**options, "kind": kind}
    source_kind = source.kind if source.kind in KINDS else "listing"
    return {
        **options,
        "kind": kind or ("product" if found_product else source_kind),
        "render": source.render,
        "wait_for": source.product_wait_for if found_product else source.wait_for,
        "selectors": source.selectors.model_dump(exclude_none=True) if source.selectors else None,
    }


def run_try(url: str | None, *, kind: str | None, render: str, wait_for: str | None, currency: str | None,
            country: str | None, allow_private: bool, config: Path | None, store: str | None) -> int:
    """Preview and print; the exit code (1 when nothing could be read)."""
    if store is None:
        if url is None:
            return _fail("pass a URL, or --store SLUG (with --config DIR) to try a store's sources", 2)
        result = preview_url(url, kind=kind, render=render, wait_for=wait_for, currency=currency, country=country,
                             allow_private=allow_private)
        return show(result)
    from core.config import load_config_dir
    from core.config.loader import default_config_dir

    configs = load_config_dir(config or default_config_dir())
    chosen = configs.get(store)
    if chosen is None:
        known = ", ".join(s.slug for s in configs.stores) or "none"
        return _fail(f"no valid store {store!r} in {config or default_config_dir()} (known: {known}); "
                     "run rivalwatch config validate")
    allow_private = allow_private or bool(configs.settings and configs.settings.allow_private_targets)
    urls = [url] if url else [s.url for s in chosen.sources]
    code = 0
    for target in urls:
        options = _settings_for(target, chosen, kind)
        if options.get("kind") not in KINDS and options.get("kind") is not None:
            options["kind"] = "listing"
        typer.echo(f"── {chosen.slug}: {target}")
        code = max(code, show(preview_url(target, allow_private=allow_private, **options)))
    return code


def show(result: PreviewResult) -> int:
    """Print one preview; 1 when the page could not be read."""
    if not result.ok:
        typer.echo(f"error: {result.error or 'nothing could be extracted'}", err=True)
        return 1
    typer.echo(f"{result.kind} page {result.final_url} (HTTP {result.status})")
    if result.note:
        typer.echo(f"note: {result.note}")
    if result.platform:
        typer.echo(f"platform: {result.platform} — a source with kind: {result.platform} reads its product API")
    if result.error:
        typer.echo(result.error)
    for name, value, source in result.fields:
        typer.echo(f"  {name:<24} {str(value)[:70]:<72} {source or ''}")
    for link in result.product_links[:10]:
        typer.echo(f"    product {link}")
    if len(result.product_links) > 10:
        typer.echo(f"    … {len(result.product_links) - 10} more product links")
    if result.missing:
        typer.echo(f"  missing: {', '.join(result.missing)}")
    if result.review:
        from spiders.review import review_lines

        typer.echo("confidence per fact (below the threshold: stored as needs review, never alerted):")
        typer.echo("\n".join(review_lines(result.review)))
    return 0


def _fail(message: str, code: int = 1) -> int:
    typer.echo(f"error: {message}", err=True)
    return code
