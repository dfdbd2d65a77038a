"""Platform efficiency: requests needed to read N products from a Shopify-style feed vs HTML pages.

The same catalogue (default 1,000 products) is crawled twice by the real ``store`` spider in a child
process: once configured ``kind: shopify`` (``/products.json?limit=250&page=N``) and once ``kind:
sitemap`` (the sitemap, then one HTML page per product). Requests are counted **at the server**, per
route; each crawl writes to its own fresh SQLite database, and the number of products with a current
price fact is read back to show both crawls got every product.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench import report
from bench.catalog import Catalog, CatalogServer
from bench.common import run_crawl_child, write_config

TARGET_REQUESTS = 5


def _priced_products(database_url: str) -> int:
    from sqlalchemy import func, select

    from storage import Database
    from storage.models import Fact

    db = Database.connect(database_url)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(Fact).where(
                Fact.subject_type == "product", Fact.field == "price", Fact.valid_to.is_(None)))
    finally:
        db.dispose()


def run(products: int = 1000, results_dir: Path | None = None, quiet: bool = False) -> dict:
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    catalog = Catalog(products)
    crawls = {}
    with tempfile.TemporaryDirectory(prefix="rw-bench-platform-") as tmp, CatalogServer(catalog) as server:
        say(f"platform: {products:,} products, Shopify feed vs HTML product pages; load average {report.load_average()}")
        for kind in ("shopify", "sitemap"):
            config = write_config(Path(tmp) / kind, server.base_url, kind=kind, policies=False)
            database_url = f"sqlite:///{tmp}/{kind}.sqlite"
            server.reset_counts()
            result = run_crawl_child("full", server.base_url, config=config, database_url=database_url)
            counts = dict(server.counts)
            data_requests = sum(v for k, v in counts.items() if k != "robots.txt")
            crawls[kind] = {
                "server_requests": server.requests, "product_data_requests": data_requests, "by_route": counts,
                "body_bytes": server.bytes_sent, "wall_s": result["wall_s"], "cpu_s": result["cpu_s"],
                "products_priced": _priced_products(database_url), "items": result["items"],
                "finish_reason": result["finish_reason"],
            }
            say(f"  {kind:8} {server.requests:>6,} requests ({counts})  {server.bytes_sent / 2**20:7.1f} MiB  "
                f"{result['wall_s']:6.1f} s  {crawls[kind]['products_priced']:,} products priced")
    shop, html = crawls["shopify"], crawls["sitemap"]
    result = {
        "benchmark": "platform", "machine": report.machine_info(), "products": products, "crawls": crawls,
        "target_requests": TARGET_REQUESTS,
        "meets_target": shop["product_data_requests"] <= TARGET_REQUESTS and shop["products_priced"] == products
        and html["products_priced"] == products,
        "request_ratio": html["server_requests"] / max(shop["server_requests"], 1),
    }
    rows = [[kind, c["product_data_requests"], c["server_requests"], c["body_bytes"] / 2**20, c["wall_s"], c["cpu_s"],
             c["products_priced"]] for kind, c in crawls.items()]
    say(report.table(["source kind", "data requests", "all requests", "MiB", "wall s", "CPU s", "products priced"], rows,
                     title=f"\nRequests for {products:,} products (counted at the server; 'all' includes robots.txt)"))
    say(f"HTML pages need {result['request_ratio']:.0f}× the requests of the Shopify feed "
        f"(target ≤ {TARGET_REQUESTS} feed requests: {'met' if result['meets_target'] else 'NOT met'})")
    result["saved_to"] = str(report.save("platform", result, results_dir))
    say(f"saved {result['saved_to']}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--products", "--pages", dest="products", type=int, default=1000,
                        help="products in the catalogue (default 1,000)")


def run_from_args(args, results_dir: Path | None = None) -> dict:
    return run(products=args.products, results_dir=results_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench platform", description=__doc__.splitlines()[0])
    add_arguments(parser)
    run_from_args(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
