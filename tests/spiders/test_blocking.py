"""Block and empty pages served with HTTP 200 are recognised; real store pages are not."""

from __future__ import annotations

import pytest

from spiders.middlewares.blocking import classify

STORE_PAGE = (
    "<html><head><title>Kopi Gayo 250g – Tokoku</title></head><body><h1>Kopi Gayo</h1>"
    + "<p>Kopi arabika dari dataran tinggi Gayo, dipanggang medium. </p>" * 40
    + "<form><div class='g-recaptcha'></div>Protected by reCAPTCHA</form></body></html>"
)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
        "<html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>",
        "<html><body><div id='px-captcha'></div></body></html>",
        "<html><head><title>Shop</title></head><body><p>Access denied. You don't have permission.</p></body></html>",
        "<html><body><p>Please verify you are a human to continue.</p></body></html>",
    ],
)
def test_block_pages(html):
    assert classify(html) == "blocked"


def test_empty_and_js_shell_pages():
    assert classify("") == "empty"
    assert classify("<html><body><div id='root'></div><script>app()</script></body></html>") == "empty"


def test_real_pages_pass():
    assert classify(STORE_PAGE) is None
    assert classify("<html><head><script type='application/ld+json'>{}</script></head><body></body></html>") is None
