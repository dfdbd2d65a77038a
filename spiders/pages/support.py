"""Support page object: live chat, phone, e-mail, WhatsApp/LINE, hours, FAQ, order tracking, rating.

Signals are read from markup, not guessed: a chat vendor from its widget script (src or inline
loader), ``tel:`` / ``mailto:`` / ``wa.me`` links (phone numbers in text only when formatted as one),
FAQ and tracking links by their label in English, Indonesian and Japanese (plus common European
words), 24/7 statements, and ``AggregateRating`` from structured data. A signal not seen is ``None``
("not seen"), never ``False``: one page cannot prove a store has no phone line.
"""

from __future__ import annotations

import re

from spiders.items import SupportItem
from spiders.pages import money
from spiders.pages.structured import decode_html, extract_structured, parse_tree

# (vendor, pattern in script src or inline script). Order matters: specific before generic.
CHAT_VENDORS = [
    ("tawk.to", r"embed\.tawk\.to|tawk\.to/"), ("Intercom", r"widget\.intercom\.io|intercomcdn|Intercom\("),
    ("Zendesk", r"static\.zdassets\.com|zopim|zendesk\.com/embeddable|zEmbed"),
    ("LiveChat", r"cdn\.livechatinc\.com|livechatinc\.com|__lc\.license"), ("Crisp", r"client\.crisp\.chat|\$crisp"),
    ("Tidio", r"code\.tidio\.co|tidiochat"), ("Freshchat", r"wchat\.freshchat\.com|freshchat|fcWidget"),
    ("Drift", r"js\.driftt\.com|drift\.com/|drift\.load"),
    ("HubSpot", r"js\.usemessages\.com|hs-scripts\.com|HubSpotConversations"),
    ("Olark", r"static\.olark\.com|olark\.identify|olark\("), ("Qiscus", r"qiscus"),
    ("Gorgias", r"gorgias\.chat|gorgias-chat"), ("Chatwoot", r"chatwoot"), ("Smartsupp", r"smartsupp"),
    ("LivePerson", r"liveperson\.net|lpTag"), ("Facebook Messenger", r"customerchat\.js|fb-customerchat"),
    ("Salesforce", r"embeddedservice|salesforceliveagent|liveagent"), ("Gladly", r"gladly"),
    ("Kustomer", r"kustomerapp"), ("Re:amaze", r"reamaze"), ("JivoChat", r"code\.jivosite\.com|jivosite"),
    ("Userlike", r"userlike"), ("Comm100", r"comm100"), ("Help Scout", r"beacon-v2\.helpscout|Beacon\("),
]
_CHAT_RX = [(name, re.compile(rx, re.I)) for name, rx in CHAT_VENDORS]
_PHONE_TEXT = re.compile(r"(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}")
_PHONE_LABEL = re.compile(r"\b(tel|phone|call us|telepon|hotline|telefon|téléphone|teléfono)\b|電話|ＴＥＬ", re.I)
_EMAIL_TEXT = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]{2,}\b")
_WHATSAPP = re.compile(r"wa\.me/|api\.whatsapp\.com|whatsapp://|web\.whatsapp\.com|line\.me/|lin\.ee/", re.I)
_H247 = re.compile(r"24\s*/\s*7|24x7|24 hours a day|24 jam|24時間|around the clock|rund um die uhr", re.I)
# "24 jam" / "24時間" is a duration, not opening hours, after "1x" / "2×" or "maks." / "within" and before
# "以内" / "setelah": "Pesanan dikirim maks. 1x24 jam" ships within a day, it says nothing about support.
_DURATION_BEFORE = re.compile(r"(?:\d\s*[x×*]\s*|(?:maks\.?|maksimal|max\.?|dalam|within|in|up to|paling lambat|"
                              r"kurang dari|under|next|setelah|after)\s*)$", re.I)
_DURATION_AFTER = re.compile(r"^\s*(?:以内|後|前|setelah|sejak|after|of (?:order|purchase|delivery))", re.I)
_HOURS_NOT_SUPPORT = re.compile(r"ambil di toko|pick ?up|self[- ]collect|店頭|受取|受け取り|pengambilan", re.I)
_HOURS = re.compile(r"(?:mon(?:day)?|senin|月)[^\n]{0,40}?\d{1,2}[:.]\d{2}\s*"
                    r"(?:-|–|to|~|〜|sampai|s/d)\s*\d{1,2}[:.]\d{2}(?:\s*(?:WIB|WITA|WIT|JST|SGT|AEST|AEDT))?", re.I)
_FAQ = re.compile(r"\bfaqs?\b|help cent(?:er|re)|help & support|customer service|pusat bantuan|bantuan|"
                  r"tanya jawab|よくある質問|ヘルプ|hilfe|aide|ayuda|\bhelp\b", re.I)
_TRACKING = re.compile(r"track (?:your )?order|order tracking|order status|track package|lacak pesanan|"
                       r"cek resi|lacak paket|配送状況|注文状況|お問い合わせ番号|sendungsverfolgung|suivi de commande|"
                       r"seguimiento", re.I)


def extract_support(html: str | bytes, url: str) -> SupportItem:
    """Support signals of one page; an empty or binary page gives an item with nothing seen."""
    text = decode_html(html)
    tree = parse_tree(text) if text else None
    if tree is None:
        return SupportItem(url=url)
    values: dict = {}
    provenance: dict = {}

    def put(name: str, value, source: str) -> None:
        if value is not None and name not in values:
            values[name], provenance[name] = value, source

    vendor = _chat_vendor(tree)
    if vendor:
        put("live_chat", True, f"script:{vendor}")
        put("live_chat_vendor", vendor, f"script:{vendor}")
    hrefs = [h.strip() for h in tree.xpath("//a/@href") if isinstance(h, str)]
    visible = " ".join(tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"))
    visible = " ".join(visible.split())
    if any(h.lower().startswith("tel:") for h in hrefs):
        put("phone", True, "link:tel")
    elif _PHONE_LABEL.search(visible) and _PHONE_TEXT.search(visible):
        put("phone", True, "text:phone-number")
    if any(h.lower().startswith("mailto:") for h in hrefs):
        put("email", True, "link:mailto")
    elif _EMAIL_TEXT.search(visible):
        put("email", True, "text:email")
    if any(_WHATSAPP.search(h) for h in hrefs):
        put("whatsapp", True, "link:whatsapp-or-line")
    _links(tree, put)
    _hours(visible, put)
    _rating(tree, url, put)
    return SupportItem(url=url, provenance=provenance, **values)


def _chat_vendor(tree) -> str | None:
    sources = [s for s in tree.xpath("//script/@src | //iframe/@src | //link/@href") if isinstance(s, str)]
    inline = [s.text for s in tree.iter("script") if s.text and len(s.text) < 200_000]
    for name, rx in _CHAT_RX:
        if any(rx.search(s) for s in sources) or any(rx.search(s) for s in inline):
            return name
    return None


def _links(tree, put) -> None:
    for anchor in tree.iter("a"):
        label = " ".join(filter(None, [anchor.text_content(), anchor.get("title"), anchor.get("aria-label")]))
        label = " ".join(label.split())[:120]
        href = anchor.get("href") or ""
        if _FAQ.search(label) or re.search(r"/(faq|help|support|bantuan)\b", href, re.I):
            put("faq", True, f"link:{label[:40] or href[:60]}")
        if _TRACKING.search(label) or re.search(r"/(track|tracking|order-status|lacak)\b", href, re.I):
            put("order_tracking", True, f"link:{label[:40] or href[:60]}")


def _hours(visible: str, put) -> None:
    if any(_round_the_clock(visible, m) for m in _H247.finditer(visible)):
        put("hours_24_7", True, "text:24/7")
        put("hours", "24/7", "text:24/7")
    for match in _HOURS.finditer(visible):
        if not _HOURS_NOT_SUPPORT.search(visible[max(0, match.start() - 60):match.start()]):
            put("hours", match.group(0)[:80], "text:opening-hours")
            return


def _round_the_clock(visible: str, match: re.Match) -> bool:
    """A 24/7 statement, not a duration such as "dikirim maks. 1x24 jam" or "24時間以内に発送"."""
    if "/" in match.group(0) or "x7" in match.group(0).lower():
        return True
    before, after = visible[max(0, match.start() - 20):match.start()], visible[match.end():match.end() + 20]
    return not (_DURATION_BEFORE.search(before) or _DURATION_AFTER.match(after))


def _rating(tree, url: str, put) -> None:
    data = extract_structured(tree, url)
    for syntax, node in data.find("AggregateRating"):
        value = money.to_decimal(node.get("ratingValue"))
        count = money.to_decimal(node.get("ratingCount") or node.get("reviewCount"))
        if value is not None:
            put("rating_value", value, f"{syntax}:AggregateRating.ratingValue")
            if count is not None:
                key = "ratingCount" if node.get("ratingCount") else "reviewCount"
                put("rating_count", int(count), f"{syntax}:AggregateRating.{key}")
            return
