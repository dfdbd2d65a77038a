"""Names and regions of shipping rows: "DPD Next Day (mainland UK only)" -> name + region.

A row label is split into the method name and the destination it is limited to, using the
region vocabulary, "(X only)" / "khusus X" / "Xのみ" / "Xへのお届け" patterns, and the block
heading or the carrier named elsewhere when the label itself is only a destination.
"""

from __future__ import annotations

import re

from . import vocab

_REGION_PATTERNS = [
    re.compile(r"\(([^()]+?)\s+only\)", re.I),
    re.compile(r"\bship (?:only )?to (?:the )?(.+?) only\b", re.I),
    re.compile(r"\bkhusus (?:untuk |area |wilayah )?(.+?)(?:[,.!)]|$)", re.I),
    re.compile(r"\buntuk (?:alamat |area |wilayah )?di (.+?)(?:[,.!)]|$)", re.I),
    # "Gratis ongkir se-Jabodetabek", "untuk wilayah Jabodetabek via J&T": the area an offer covers
    re.compile(r"\bse-(\w+(?:\s+\w+)?)(?=[,.!)]|\s+(?:hanya|via|dengan|pakai|untuk)\b|$)", re.I),
    re.compile(r"\buntuk (?:area|wilayah|daerah) (.+?)(?=[,.!)]|\s+(?:hanya|via|dengan|pakai)\b|$)", re.I),
    # "For residents of ON and QC, we offer ...": the provinces a rate is for
    re.compile(r"\b(?:residents|customers|addresses) (?:of|in) (?:the )?(.+?)(?=[,.:]|\s+(?:we|you|can|will|pay)\b|$)",
               re.I),
    re.compile(r"^(.+?)へのお届け"),
    re.compile(r"^(.+?)のみ"),
    re.compile(r"^(.+?)は"),
]
# leading verbs, and list numbering ("(1) Malay Peninsula : RM10", "2. Standard: $5")
_LEAD_NOISE = re.compile(r"^(?:khusus|hanya|only|pick|choose|select|or|and|atau|dan|for|untuk|\(\d{1,2}\)|\d{1,2}[.)])\s+", re.I)
_TRAIL_NOISE = re.compile(r"(?:\s+(?:at checkout|for|is|costs?|ship for a flat|for a flat|only|just|a flat|of|on))+\s*$"
                          r"|[\s:：,;\-–—=]+$|(?<=[\u3040-\u9fff])(?:では|は別途|は|への|へ|の場合|のみ)$", re.I)


def is_region(text: str) -> bool:
    """A destination phrase ("Ontario & Quebec", "luar Jawa", "沖縄・離島") and not a method."""
    text = text.strip()
    if not text or len(text) > 60 or vocab.NOT_REGION.search(text) or vocab.CARRIER.search(text):
        return False
    return bool(vocab.REGION_WORDS.search(text)) and not vocab.METHOD_WORDS.search(text)


_KEEP_LEADING = re.compile(r"^(?:luar|outside|other|all|rest|seluruh|remote|mainland|pulau|kota|greater|atlantic|"
                           r"northern|southern|eastern|western|north|south|east|west|central|rural|metro|peninsular)$", re.I)


def trim_region(text: str) -> str:
    """"Estimasi sampai Jawa" -> "Jawa", keeping "luar Jawa" / "Other EU countries" whole."""
    words = text.split()
    while len(words) > 1 and not vocab.REGION_WORDS.search(words[0]) and not _KEEP_LEADING.match(words[0]) \
            and is_region(" ".join(words[1:])):
        words = words[1:]
    return " ".join(words)


_BRACKETED = re.compile(r"^[【\[［〔]([^【】\[\]［］〔〕]+)[】\]］〕]$")


def clean_label(label: str) -> str:
    """Label without footnote marks, leading verbs ("Pick", "Khusus"), trailing "for"/":" and day notes."""
    label = (re.split(r"[†‡*]", label)[0] or label).strip(" :：-–—|")
    label = _BRACKETED.sub(r"\1", label)  # "【北海道・沖縄】880円": the brackets only set the label off
    label = re.sub(r"\s*\([^)]*$", "", label)  # "宅急便（送料" cut before its amount
    label = re.sub(r"\s*\([^)]*\d+\s*(?:-|–|to)?\s*\d*\s*(?:business |working )?(?:days?|hari|日)[^)]*\)", "", label)
    for _ in range(3):
        label = _LEAD_NOISE.sub("", _TRAIL_NOISE.sub("", label)).strip()
    return label


def region_in(text: str) -> str | None:
    """Destination restriction stated inside a row ("(mainland UK only)", "khusus Jawa & Bali")."""
    for pattern in _REGION_PATTERNS:
        m = pattern.search(text)
        if m and is_region(_strip_paren(m.group(1))):
            return _strip_paren(m.group(1))
    for inner in re.findall(r"\(([^()]+)\)", text):
        if is_region(inner) and not _AMOUNT_IN_WORDS.search(inner):
            return inner.strip()
    return None


# "RM15.00 (Ringgit Malaysia fifteen)": the amount spelled out names a currency, not a destination
_AMOUNT_IN_WORDS = re.compile(r"\b(?:ringgit|dollars?|rupiah|pounds?|euros?|pesos?|yen)\b", re.I)


def _strip_paren(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", text).strip() or text.strip()


def name_and_region(label_parts: list[str], text: str, heading: str | None, carrier: str | None,
                    region_column: bool) -> tuple[str, str | None]:
    """(name, region) for one row; the name falls back to the row's first words, never None."""
    name, region = _name_and_region(label_parts, text, heading, carrier, region_column)
    return name or _words_of(text), region


def _name_and_region(label_parts: list[str], text: str, heading: str | None, carrier: str | None,
                     region_column: bool) -> tuple[str | None, str | None]:
    parts = [clean_label(p) for p in label_parts if clean_label(p)]
    if len(parts) >= 2:  # "配送方法：宅急便（送料800円）": the generic cell says nothing
        parts = [p for p in parts if not _generic(p)] or parts[:1]
    fallback = heading or carrier
    if len(parts) >= 2 and region_column:  # "北東北 | 青森県 岩手県 秋田県 | 660円" under "地域 | 地域詳細 | 料金"
        return fallback or parts[1], trim_region(_strip_paren(parts[0]))
    if len(parts) >= 2:
        name, rest = _name_from_label(parts[0], heading, carrier), ", ".join(parts[1:])
        if is_region(_strip_paren(rest)):
            return name, _strip_paren(rest)
        return name, region_in(text)
    label = parts[0] if parts else ""
    if not label:
        return fallback, region_in(text)
    if region_column or (is_region(_strip_paren(label))):
        return fallback or label, trim_region(_strip_paren(label))
    comma = next((i for i, ch in enumerate(label) if ch == "," and label[:i].count("(") == label[:i].count(")")), -1)
    if comma > 0:
        head, tail = label[:comma], label[comma + 1:]
        if is_region(_strip_paren(tail)) and not is_region(head):
            return clean_label(head), tail.strip()
    region = region_in(label) or region_in(text)
    if region and heading and len(label.split()) >= 4:
        return heading, region  # a sentence ("We ship to X only") under a method heading
    if region:
        label = label.replace(f"({region} only)", "").replace(f"({region})", "")
        label = re.split(r"\s*(?:へのお届け|のみ|は)", label)[0] if region in label else label
    name = _name_from_label(label, heading, carrier)
    if "," in name and not region:
        head, tail = name.split(",", 1)
        if is_region(tail):
            return head.strip(), tail.strip()
    if region and name and _norm(name) == _norm(region):
        name = fallback or name
    return name, region


def _generic(label: str) -> bool:
    return not re.sub(r"[^\w]|\d", "", vocab.GENERIC_HEADING_WORDS.sub(" ", re.sub(r"\([^)]*\)", "", label)))


def _words_of(text: str) -> str:
    """Last-resort name: the row's first words without amounts ("flat rate shipping on all orders")."""
    words = re.sub(r"(?:[A-Z]{0,2}\$|Rp\.?|£|€|¥)\s?[\d.,]+|[\d.,]+\s?円", " ", text).split()
    return " ".join(words[:6]).strip(" .,:;") or text[:40]


def _name_from_label(label: str, heading: str | None, carrier: str | None) -> str:
    label = clean_label(label)
    m = re.match(r"^(.+?)\s+orders?(?:\s+(?:ship|are shipped|go)\b|$)", label, re.I)
    if m:
        return m.group(1)
    m = re.match(r"^(.+?)\s+(?:takes?|arrives?|ships?|costs?|usually|will|can|is|are)\b", label, re.I)
    if m and len(m.group(1).split()) <= 5:
        return clean_label(m.group(1))
    m = re.match(r"^(.+?)\s+(?:is|are)\s+(?:always\s+)?free\b", label, re.I)
    if m:
        return clean_label(m.group(1))
    generic = _generic(label)
    sentence = len(re.sub(r"\([^)]*\)", "", label).split()) > 6 or re.match(r"^(?:we|our|kami|it)\b", label, re.I)
    if generic or sentence:
        return heading or carrier or label
    return label


def _norm(text: str) -> str:
    return re.sub(r"\W", "", text).lower()


def base_name(name: str) -> str:
    """"Parcel Post, orders under $50" -> "Parcel Post"; used to match estimate sentences."""
    return re.split(r"\s*[,(]", name)[0].strip()


_PROSE_VERB = re.compile(r"\b(?:takes?|usually|will|is|are|arriv\w*|can|may|should|biasanya|akan|adalah|memerlukan)\b",
                         re.I)


def is_named(parts: list[str]) -> bool:
    """The label is a method, carrier or place (not a sentence fragment)."""
    label = " ".join(parts).strip(" :")
    named = vocab.CARRIER.search(label) or vocab.METHOD_WORDS.search(label) or is_region(label)
    specific = re.sub(r"[^\w]|\d", "", vocab.GENERIC_HEADING_WORDS.sub(" ", label))  # not just "Delivery"
    prose = _PROSE_VERB.search(label)  # "Delivery usually takes": a sentence, not a name
    return bool(named) and bool(specific) and not prose and len(label.split()) <= 8
