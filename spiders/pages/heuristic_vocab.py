"""Words and patterns of the on-page product heuristics, in the languages the stores use.

Kept apart from ``heuristics`` so the rules read without a page of regular expressions; every
pattern is matched against short texts or class/id markers of one element.
"""

from __future__ import annotations

import re

TITLE_MARK = re.compile(r"title|name|product", re.I)
BARE_NUMBER = re.compile(r"^\d{1,3}([.,\s]\d{3})*([.,]\d{1,2})?$|^\d+([.,]\d{1,2})?$")
STOCK_MARK = re.compile(r"avail|stock|inventory|lager|dispon|verfüg|delivery-status|status", re.I)
NOT_STOCK = re.compile(r"image|immagine|bild|photo|foto|picture|imagen|colou?r|size|größe|taille", re.I)
WAS_LABEL = re.compile(r"(?:\b(?:regular price|was|list price|rrp|msrp|uvp|statt|prix normal|prix conseillé|"
                       r"precio regular|precio anterior|harga normal|harga asli)|通常価格|定価|参考価格)", re.I)
STOCK_DISTANCE = 150
TITLE_REACH = 150
MAX_SCAN = 20_000  # elements read for page-wide checks when there is no title or buy button
MAX_DISTANCE = 400  # elements between the price and the title/buy button, in document order
SKIP_TAGS = {"script", "style", "noscript", "svg", "option", "select", "template", "head", "title", "textarea"}
STRIKE_TAGS = {"del", "s", "strike"}
OUTSIDE_TAGS = frozenset({"footer", "nav"})  # site chrome, never the product's buy box
PRICE_CLASS = re.compile(r"price|preis|prix|precio|preco|prezzo|cena|cijena|hinta|fiyat|цена|価格|harga|"
                         r"amount|kaina|pret\b", re.I)
WAS_CLASS = re.compile(r"\b\w*(old|was|before|strike|regular|list|original|crossed|compare|rrp|msrp|uvp|"
                       r"former|prev|line-?through|non-?sale|retail)\w*", re.I)
BAD_CONTEXT = re.compile(r"recommend|related|similar|carousel|slider|upsell|up-sell|cross-?sell|"
                         r"also-?(bought|viewed|like)|suggest|sponsored|minicart|mini-cart|cart-summary|"
                         r"accessor|complete-the-look|recently|bundle|swiper|owl-", re.I)
UNIT_OR_FEE = re.compile(
    r"(/|\bper\b|\bpro\b|\bje\b|\bpar\b|\bpor\b)\s*(\d+\s*)?(kg|g|l|ml|m²|m2|m|st|stk|unit|piece|ks|шт|lb|oz)\b|"
    r"/\s*(mo|month|mes|monat|mois|mese)\b|\d\s*x\s*\d|installment|instalment|cuotas?\b|\brate\b|monthly|"
    r"per month|\bfois\b|pagos|payments|raten|cicilan|分期|\bsave\b|économisez|sparen|ahorra|risparmi|"
    r"oszczędzasz|uštedite|hemat|=|每|ongkir|shipping|delivery|versand|livraison|envío|despacho|flete|frete|spedizione|доставка|送料", re.I)
BUY = re.compile(r"add[-_ ]?to[-_ ]?(cart|bag|basket|trolley)|buy[-_ ]?(now|box|button)|addtocart|"
                 r"buy[-_ ]?btn|btn[-_ ]?buy|in den warenkorb|ajouter au panier|añadir al carrito|"
                 r"aggiungi al carrello|do koszyka|jetzt kaufen|sofort kaufen|acheter maintenant|comprar ahora|compra ora|"
                 r"koupit|lägg i (varukorg|kundvagn)|legg i handlekurv|köp nu|加入购物车|立即购买|カートに追加|"
                 r"今すぐ購入|장바구니|바로\s?구매|"
                 r"do košíku|v košarico|u košaricu|ostukorvi|kosárba|sepete ekle|в корзину|купить|"
                 r"adicionar ao carrinho|in winkelwagen|i varukorg|i kurv|ostoskoriin|beli sekarang|"
                 r"keranjang|カートに入れる|カートへ|加入購物車|立即購買|放入購物車|j'achète|add_to_cart", re.I)
# Recommendation widgets are never the product's price; sliders/carousels may hold the product's
# own price box (image sliders beside the title), so they are only a fallback close to the title.
HARD_CONTEXT = re.compile(r"recommend|related|similar|upsell|up-sell|cross-?sell|also-?(bought|viewed|like)|"
                          r"suggest|sponsored|minicart|mini-cart|cart-summary|accessor|complete-the-look|recently|"
                          r"bundle", re.I)
SLIDER_REACH = 40  # elements between the title and a price inside an image slider
NOT_TITLE = re.compile(r"\bnav|menu|categor|breadcrumb", re.I)
TITLE_SEPARATOR = re.compile(r"\s+[-|–—:·»]\s+|\s*\|\s*")
# A quantity-price row: "1箱", "5 pcs", "10-49 units", "2 x" at the start of the row's text.
QUANTITY_ROW = re.compile(r"^\s*(\d{1,4})\s*(?:[-–]\s*\d{1,5}\s*|\+\s*)?"
                          r"(?:[箱件個个组組入盒罐包瓶套袋]|(?:pcs?|pieces?|units?|items?|x|×|stück|stk|st\.|szt|ks|"
                          r"kpl|шт|packs?|pk|bottles?|boxes|box|cases?|sets?|pairs?)(?!\w))", re.I)
BID_COUNT = re.compile(r"^\s*(\d+)\s*(?:bids?|gebote?|enchères?|offerte|pujas?|ofertas?|biedingen|bud|入札)\s*$", re.I)
CURRENT_BID = re.compile(r"current bid|high(?:est)? bid|aktuelles gebot|enchère actuelle|offerta attuale|"
                         r"puja actual|lance atual|huidig bod|現在価格|当前出价", re.I)
STARTING_PRICE = re.compile(r"starting (?:price|bid)|opening bid|start(?:ing)? at|startpreis|mise à prix|"
                            r"prix de départ|prezzo di partenza|base d'asta|precio de salida|lance inicial|"
                            r"startprijs|開始価格|起拍价", re.I)
