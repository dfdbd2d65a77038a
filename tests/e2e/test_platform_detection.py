"""A listing source on a Shopify store is read through /products.json once the platform is detected."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select

from rivalwatch.demo.expected import EXPECTED
from rivalwatch.demo.server import DemoStores
from storage import Database
from storage.models import Product


def test_listing_on_shopify_home_uses_the_product_api(tmp_path):
    with DemoStores(version=1) as stores:
        base = stores.base_urls["kedai-rumah"]
        (tmp_path / "kedai.yaml").write_text(
            f"slug: kedai\nname: Kedai\ncountry: ID\ncurrency: IDR\n"
            f"politeness: {{download_delay: 0, autothrottle: false}}\n"
            f"sources:\n  - kind: listing\n    url: {base}/\n", encoding="utf-8")
        (tmp_path / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
        url = f"sqlite:///{tmp_path / 'rw.sqlite'}"
        result = subprocess.run([sys.executable, "-m", "rivalwatch", "crawl", "--config", str(tmp_path),
                                 "--database-url", url], capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout + result.stderr
        paths = [path for slug, path in stores.request_log if slug == "kedai-rumah"]
    assert any(path.startswith("/products.json") for path in paths)
    assert not any(path.startswith("/products/") for path in paths)  # no product page was needed
    db = Database.connect(url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Product)) == len(EXPECTED[1]["kedai-rumah"]["products"])
    db.dispose()
