"""The policy parser reads a page's own terms, not the site's navigation and footer.

A footer line such as "Pasar Kilat · Pusat Bantuan · Chat CS 24 jam" (store name, help link, chat
hours) was read as a shipping option "Pasar Kilat" delivered in 1 day — a false fact that a change
in the footer would turn into a false alert. The wording hash (``spiders.wording``) still covers the
whole visible text.
"""

from __future__ import annotations

from spiders.pages import extract_returns, extract_shipping
from spiders.pages.policy_text import html_to_text
from spiders.wording import visible_text

PAGE = """<html><body>
<nav><a href="/"><b>Toko Contoh</b></a> <a href="/pengiriman">Pengiriman</a> <a href="/retur">Retur</a></nav>
<div role="navigation">Kategori · Promo 1x24 jam · Flash sale</div>
<main>
<h1>Pengiriman</h1>
<p>Pesanan dikirim H+1 setelah pembayaran terverifikasi.</p>
<table><tr><th>Layanan</th><th>Ongkir</th><th>Estimasi</th></tr>
<tr><td>JNE REG</td><td>Rp15.000</td><td>2-3 hari</td></tr></table>
</main>
<footer><p>Toko Contoh · <a href="/bantuan">Pusat Bantuan</a> · Chat CS 24 jam</p></footer>
<div role="contentinfo">© 2026 Toko Contoh · Senin–Sabtu 08.00–20.00 WIB</div>
</body></html>"""


def test_navigation_and_footer_are_not_read_as_terms():
    item = extract_shipping(PAGE, "https://toko.example/pengiriman", currency="IDR")
    names = [option["name"] for option in item.model_dump()["options"]]
    assert names == ["JNE REG"], names
    assert (item.processing_days.min, item.processing_days.max) == (1, 1)


def test_the_parser_text_drops_site_chrome_and_the_wording_keeps_it():
    parsed = html_to_text(PAGE, site_chrome=False)
    assert "Chat CS" not in parsed and "Flash sale" not in parsed and "© 2026" not in parsed
    assert "JNE REG | Rp15.000 | 2-3 hari" in parsed
    assert "Chat CS 24 jam" in visible_text(PAGE)  # the wording hash is unchanged for stored pages


def test_returns_page_footer_hours_are_no_return_terms():
    page = PAGE.replace("<h1>Pengiriman</h1>", "<h1>Retur</h1><p>Retur maksimal 7 hari setelah barang diterima.</p>")
    item = extract_returns(page, "https://toko.example/retur", currency="IDR")
    assert item.window_days == 7
