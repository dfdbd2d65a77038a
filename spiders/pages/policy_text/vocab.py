"""Keyword tables (English, Indonesian, Japanese) shared by the policy rules.

Each entry is a regex fragment; tables are merged across languages because shops mix them
("GRATIS ONGKIR Same Day", "Ready stock dikirim"). Matching is case-insensitive unless noted.
"""

from __future__ import annotations

import re


def rx(*parts: str) -> re.Pattern[str]:
    """One case-insensitive alternation of the given fragments."""
    return re.compile("(?:" + "|".join(parts) + ")", re.I)


FREE = rx(r"\bfree\b", r"\bgratis\b", r"送料無料", r"無料", r"\bfree of charge\b",
          r"\bcomplimentary (?:standard |express )?(?:shipping|delivery|postage)\b", r"送料サービス",
          r"\bno (?:shipping|delivery|postage) (?:charges?|fees?|costs?)\b",
          r"送料(?:・[^。、]{1,8})?を?(?:当社|弊社|当店)(?:が|にて)?負担")
# "Free gift with orders over $100" is not free shipping.
FREE_NOT_SHIPPING = rx(r"\bfree (?:\w+ )?(?:gifts?|samples?|returns?|exchanges?|wrapping|gift ?wrap|totes?|bags?|"
                       r"stickers?|consultations?|engraving|alterations?|items?|products?)\b",
                       r"\bgratis (?:hadiah|sampel|bonus|stiker|bubble)", r"無料(?:ギフト|サンプル|ラッピング|プレゼント)",
                       r"(?:ギフト|ラッピング|プレゼント)[^。]{0,6}無料")
FREE_NEGATED = rx(r"never free", r"not free", r"belum ada", r"tidak ada", r"対象外", r"no free")
NO_MINIMUM = rx(r"no minimum", r"tanpa minimum", r"tanpa min\.", r"金額条件なし", r"regardless of (?:order|cart)",
                r"条件なし")
UNCONDITIONAL_FREE = rx(r"every order", r"no minimum", r"tanpa minimum", r"金額条件なし", r"always free",
                        r"all orders", r"semua pesanan", r"全国どこでも", r"条件なし")
# Words that make a "free shipping" sentence conditional (on order value, time, membership, code ...).
FREE_CONDITION = rx(r"\bif\b", r"\bwhen\b", r"\borders? (?:over|above|of)\b", r"\bover\b", r"\babove\b", r"\bminim",
                    r"\bpromo", r"\bcode\b", r"\bkode\b", r"\bmember", r"\bjika\b", r"\bapabila\b", r"\bkalau\b",
                    r"\bkecuali\b", r"\bpembelian\b", r"\bbelanja\b", r"\bselama\b", r"\buntil\b", r"\bduring\b",
                    r"以上", r"場合", r"条件", r"キャンペーン", r"期間", r"限定", r"会員", r"クーポン", r"\bexcept\b")
PICKUP = rx(r"click\s*(?:&|and)\s*collect", r"self[- ]collect", r"pick[- ]?up in store", r"in-store pickup",
            r"local pickup", r"ambil sendiri", r"ambil di", r"店頭受け?取り?")

# Threshold wording: which side of the amount is free.
THRESHOLD_INCLUSIVE_BEFORE = rx(r"\bmin(?:imal|imum)?\.?\s*(?:belanja|pembelian|order|transaksi|(?:spend|purchase)(?:\s+of)?)?", r"≥",
                                r"\bfrom\b", r"\bat least\b", r"\bminimal\b")
THRESHOLD_EXCLUSIVE_BEFORE = rx(r"\bover\b", r"\bmore than\b", r"\babove\b", r"\bdi atas\b", r"\blebih dari\b",
                                r">(?!=)", r"\bexceeding\b", r"\bin excess of\b")
THRESHOLD_INCLUSIVE_AFTER = rx(r"^\s*\+", r"^\s*(?:or more|or above|and above|and up|or over|ke atas|and over|and higher"
                               r"|or higher|and greater|or greater|atau lebih)",
                               r"^\s*(?:\([^)]{0,8}\))?\s*以上")
THRESHOLD_EXCLUSIVE_AFTER = rx(r"^\s*(?:\([^)]{0,8}\))?\s*(?:を超え|超)")
TIER_UPPER_AFTER = rx(r"^\s*(?:\([^)]{0,8}\))?\s*(?:未満|以下|まで|以内)", r"^\s*(?:or less|and under|or below|and below)",
                      r"^\s*の(?:商品|お買い物|お買い上げ)")  # "1000円の商品が5個": a product price
ORDER_VALUE = rx(r"\border", r"\bspend", r"\bbelanja", r"\bpembelian", r"\bpurchase", r"\bsubtotal",
                 r"\bbasket", r"\bcart", r"注文", r"お買い上げ", r"商品代金", r"合計", r"購入")

# Money that is not a shipping price.
APPROX = rx(r"\bstart(?:s|ing)? (?:at|from)\s*$", r"\bas low as\s*$", r"\bmulai(?: dari)?\s*$", r"\babout\s*$", r"\bapprox\.?\s*$", r"\bapproximately\s*$", r"~\s*$", r"\baround\s*$", r"\bsekitar\s*$",
            r"約\s*$")
CAP_BEFORE = rx(r"\bmaks\.?\s*$", r"\bmax\.?\s*$", r"\bs/d\s*$", r"\bup to\s*$", r"\bhingga\s*$",
                r"not exceed\s*$", r"\bexceed\s*$", r"\blimit of\s*$")
ADDON_BEFORE = rx(r"\+", r"\btambah", r"\bextra\b", r"\badd\b", r"\bplus\b", r"\badditional\b", r"\bsurcharge",
                  r"別途", r"上記に")
ADDON_AFTER = rx(r"^\s*(?:は|を)?別途",r"^\s*(?:/|per\s*)(?:kg|dus|item|koli|pcs|box|kilo)\b", r"^\s*\(税抜",
                 r"^\s*(?:税抜|\(tax excl)")
SHIPPING_CUE = rx(r"\bship", r"\bdeliver", r"\bpostage\b", r"\bpost\b", r"\bcourier", r"\bflat\b", r"\brates?\b",
                  r"\bfreight\b", r"\bongkir\b", r"\bongkos kirim\b", r"\bkirim\b", r"\bpengiriman\b", r"\bkurir\b",
                  r"\bekspedisi\b", r"\bkargo\b", r"送料", r"配送", r"便", r"一律", r"お届け", r"発送", r"配達")
DECOY_CONTEXT = rx(r"定期(?:商品|便|購入|コース|お届け)", r"<例>", r"【例】", r"^例[:)]", r"\(例\)", r"本体価格", r"表示価格", r"\bfor example\b", r"\be\.g\.",
                   r"\bcontoh(?:nya)?\b", r"liabilit", r"insurance", r"asuransi", r"ポイント", r"\bpoints?\b", r"\bpoin\b", r"\bsave\b",
                   r"gift cards?", r"\bhemat\b", r"\bcashback\b", r"membership", r"subscription", r"\blangganan\b",
                   r"per (?:year|month)\b", r"/(?:year|month|yr|mo)\b", r"年会費", r"月額", r"\bCOD\b", r"warrant",
                   r"garansi", r"保証", r"deposit",
                   r"potongan", r"discount(?!ed (?:shipping|delivery|flat) rate)", r"voucher", r"subsid", r"refund",
                   r"restocking", r"手数料",
                   r"振込", r"\bquote\b", r"見積", r"duties", r"customs", r"\bbonus\b", r"返金",
                   # extras charged on top of a rate ("Rural delivery surcharge: $4.50", "Gift wrapping: $5")
                   r"surcharge", r"\bsignature\b", r"gift ?wrap", r"\bwrapping\b", r"ラッピング", r"ギフト包装",
                   r"\bpacking kayu\b", r"\bbubble wrap\b", r"\bbiaya tambahan\b",
                   # failed-delivery actions ("Re-deliver | free | free | charged") are not shipping rates
                   r"re-?deliver", r"change of address", r"failed deliver", r"再配達", r"pengiriman ulang",
                   r"のし", r"熨斗")
# Superseded terms in a change notice ("改定前: 全国一律550円 → 改定後: ..."): not the current rate.
SUPERSEDED = rx(r"改定前", r"変更前", r"旧料金", r"\bprevious(?:ly)? (?:rate|price|fee)s?\b", r"\bold (?:rate|price)s?\b",
                r"\bsebelum(?:nya)? (?:perubahan|kenaikan)\b")
# A sentence announcing a fee table keyed by order value: its rows are fees, not shipping rates.
FEE_TABLE_INTRO = rx(r"代金?引換?手数料", r"代引(?:き)?手数料", r"\bCOD (?:fee|charge)", r"cash on delivery (?:fee|charge)",
                     r"biaya (?:COD|layanan)", r"決済手数料")
QUOTE_ONLY = rx(r"call for a quote", r"contact us for a quote", r"please call", r"menyesuaikan", r"お見積")
PRICE_UNKNOWN = rx(r"sesuai tarif", r"calculated at checkout", r"dihitung otomatis", r"at checkout")

# Delivery-time and processing-time cues.
DELIVERY_CUE = rx(r"\bwaktu pengiriman\b", r"\blama pengiriman\b", r"\bmemerlukan waktu\b", r"\barriv", r"(?:shipping|delivery|transit|lead) times?\b", r"\bdelivery in\b", r"\btakes?\b",
                  r"\bdeliver", r"\btransit\b", r"\bestimat", r"\btiba\b",
                  r"\bsampai", r"\busually\b", r"\bbiasanya\b", r"\bhow long\b", r"\bberapa lama\b",
                  r"\bestimasi\b",
                  r"お届け", r"届", r"到着", r"目安")
DELIVERY_ANCHOR = rx(r"after (?:your order |the order |it |the parcel )?(?:is |has been |has )?(?:ships|shipped|shipping|d[ei]spatch\w*)",
                     r"after (?:ship(?:ping)? ?out|shipment)\b", r"once (?:it|your order|the order) (?:has )?(?:ships|shipped)",
                     # "orders shipped internationally are in transit for 14-22 days": the participle names the route
                     r"\b(?:orders?|parcels?|packages?|items?) (?:shipped|sent) (?:with|via|by|internationally|domestically|overseas)\b",
                     r"from d[ei]spatch", r"after it ships", r"setelah (?:paket )?dikirim", r"sejak paket diserahkan",
                     r"発送(?:日)?から", r"発送後", r"発送完了", r"出荷後", r"dihitung sejak",
                     r"(?:発送|出荷)(?:日)?の翌")
PROCESSING_CUE = rx(r"\bd[ei]spatch", r"\bfulfil+(?:ed|ment)?\b", r"\bmade to order\b",
                    r"\bbefore (?:shipping|d[ei]spatch)", r"\bships?\b", r"\bshipped\b", r"\bpacked\b", r"\bpack\b",
                    r"\bprocessed\b", r"\bto process\b", r"\bmemproses\b",
                    r"\bprocessing\b", r"handed over", r"leaves? our", r"\bgo(?:es)? out\b", r"out the door",
                    r"\bproduction\b", r"\bprinted\b", r"\bhandling\b", r"\bdikirim\b", r"\bdikirimkan\b",
                    r"\bsent to the courier\b", r"\bsen[dt] (?:\w+ ){0,2}out\b", r"\bhanded (?:over )?to (?:the |our )?courier\b", r"\bkirim\b",
                    r"\bdiproses\b", r"\bproses\b", r"\bpacking\b", r"\bdikemas\b", r"\bresi diinput",
                    r"\binput resi", r"発送", r"出荷", r"制作期間",
                    r"製作期間")
NOT_OPTION = rx(r"e-?mail", r"\bphotos?\b", r"\bfoto\b", r"\breturn", r"\bretur", r"refund", r"返品", r"返金",
                r"連絡", r"komplain", r"\blabel\b", r"warrant", r"garansi", r"支払", r"deemed", r"\bkeep\b",
                r"pengembalian",
                # "If your parcel has not arrived 7 working days after dispatch, please get in touch":
                # a claim deadline, not a delivery estimate
                r"\bcontact us\b", r"\bget in touch\b", r"\bnot (?:yet )?(?:arrived|received)\b",
                r"\bhas(?:n't| not) (?:yet )?arrived\b", r"\bhaven't (?:yet )?received\b", r"\b(?:treated|considered) as lost\b",
                r"\bhubungi kami\b", r"\bbelum (?:diterima|sampai|tiba)\b", r"届かない", r"到着しない")
# Headings whose rows state the time before dispatch (特定商取引法 "商品の引渡し時期", "Processing time").
PROCESSING_HEADING = rx(r"引き?渡し?(?:時期|時間)", r"発送時期", r"出荷時期", r"\bprocessing time\b", r"\bhandling time\b",
                        r"\bd[ei]spatch time\b", r"\bwaktu (?:proses|pemrosesan)\b", r"\bmasa proses\b")
NOT_PROCESSING = rx(r"\blabel\b", r"pre-?orders?", r"\bPO\b", r"予約", r"resi retur", r"\bsurel\b", r"\breply\b",
                    r"\btracking\b", r"\bRMA\b", r"\bexchanges?\b", r"\breplacements?\b", r"\bpenukaran\b", r"交換",
                    r"\b(?:ship|send|sent|mail|post)(?:ped|ed)? (?:it |them |the items? )?back\b", r"\bkembali\b",
                    r"\brespon(?:d|se)\b", r"\banswer\b", r"\bbalas", r"返信", r"回答", r"\bto clear\b", r"e-?cheque", r"\bcheque\b", r"支払(?!いが確定|いを確認|い確認|い確定)",
                    r"\bkeep\b", r"指定(?!が?な|のない|は(?:お受け|でき|いたしかね|承って))",
                    r"(?:pemesanan|pesanan|orders?) (?:pada |on )?(?:hari )?(?:Minggu|Sabtu|libur|weekends?|Sundays?|holidays?)",
                    r"\border(?:s|ed)? (?:placed |received )?(?:on|over|during) (?:the )?(?:weekends?|Sundays?|holidays?)",
                    r"(?:土日|日曜|祝日|休業日)[^。]{0,6}のご注文", r"\bextra\b", r"refund", r"返金", r"\bretur", r"pengembalian",
                    r"返品", r"返送", r"\breturn", r"\bwarrant")

# Section headings.
RETURNS_HEADING = rx(r"\breturn", r"\bexchange", r"\brefund", r"\bwithdrawal\b", r"\bretur\b",
                     r"pengembalian", r"\btukar\b", r"返品", r"交換", r"返金", r"キャンセル")
SHIPPING_HEADING = rx(r"\bshipping\b", r"\bdelivery\b", r"\bshipment\b", r"\bd[ei]spatch", r"\bproduction\b",
                      r"\bprocessing\b", r"\brates?\b", r"\bpengiriman\b", r"\bongkir\b", r"\bkirim\b",
                      r"(?<!誤)配送", r"送料", r"発送", r"お届け")

# Heading words that say nothing about a method ("Delivery options", "送料").
GENERIC_HEADING_WORDS = rx(
    r"shipping", r"delivery", r"rates?", r"options?", r"methods?", r"costs?", r"charges?", r"fees?",
    r"estimates?", r"estimated", r"times?", r"info(?:rmation)?", r"policy", r"and", r"&", r"prices?", r"uk",
    r"ongkir", r"ongkos", r"kirim", r"pengiriman", r"layanan", r"yang", r"tersedia", r"tarif", r"estimasi",
    r"sampai", r"jadwal", r"info", r"dan", r"biaya", r"gratis", r"free", r"services?", r"where we ship",
    r"配送", r"送料", r"料金", r"方法", r"について", r"目安", r"お届け", r"日数", r"発送", r"業者", r"の", r"と",
    r"税込", r"ご案内", r"一覧", r"表", r"商品", r"代金", r"以外", r"必要", r"全国一律", r"一律", r"nationwide", r"shipment", r"handling")

CARRIER_SERVICES = ["ゆうパック", "ゆうパケット", "宅急便コンパクト", "宅急便", "ネコポス", "クリックポスト",
                    "レターパック"]
CARRIER_COMPANIES = [
    "DHL", "UPS", "USPS", "FedEx", "Royal Mail", "DPD", "Evri", "Hermes", "Parcelforce", "Canada Post",
    "Purolator", "Australia Post", "StarTrack", "Sendle", "SingPost", "Ninja Van", "NZ Post", "CourierPost",
    "PostNL", "GLS", "La Poste", "Colissimo", "JNE", "J&T", "SiCepat", "AnterAja", "Pos Indonesia", "TIKI",
    "Ninja Xpress", "GoSend", "GrabExpress", "Lalamove", "Paxel", "ヤマト運輸", "佐川急便", "日本郵便",
    "西濃運輸", "福山通運", "クロネコ"]
CARRIER = rx(*[re.escape(c) if c.isascii() and len(c) > 3 else (r"\b" + re.escape(c) + r"(?![A-Za-z])"
                                                              if c.isascii() else re.escape(c))
               for c in CARRIER_SERVICES + CARRIER_COMPANIES])
METHOD_WORDS = rx(r"\bstandard\b", r"\bexpress\b", r"\bpriority\b", r"\beconomy\b", r"\bovernight\b",
                  r"\bnext day\b", r"\bsame day\b", r"\bground\b", r"\bcourier\b", r"\btracked\b", r"\bparcel\b",
                  r"\breg(?:uler)?\b", r"\bekonomis\b", r"\bkargo\b", r"\bcargo\b", r"\binstan\b", r"\bkilat\b",
                  r"\bfreight\b", r"\bpost\b", r"\bmail\b", r"便$", r"便\b", r"配送$", r"\bdelivery\b",
                  r"\bdomestic\b", r"\binternational\b", r"\bcurbside\b", r"\bwhite glove\b", r"\bstandar\b",
                  r"\bcepat\b", r"\bekspres\b", r"書留", r"速達")

REGION_WORDS = rx(
    # generic
    r"\bstates?\b", r"\bprovinces?\b", r"\bterritor(?:y|ies)\b", r"\bislands?\b", r"\bmainland\b",
    r"\bcontiguous\b", r"\bcontinental\b", r"\bcountries\b", r"\bcountry\b", r"\bdestinations?\b",
    r"\bworldwide\b", r"\brest of (?:the )?world\b", r"\bregions?\b", r"\bremote\b", r"\bmetro\b", r"\brural\b", r"\bregional\b",
    r"\bhighlands\b", r"\bdaerah\b", r"\bwilayah\b", r"\bprovincial\b", r"\bLuzon\b", r"\bVisayas\b", r"\bMindanao\b", r"\bSabah\b", r"\bSarawak\b",
    r"\b(?:East|West|Peninsular) Malaysia\b", r"\bKlang Valley\b", r"\bEU\b", r"\bEurope\b", r"\bAsia\b", r"\bAfrica\b", r"\bAmerica\b", r"\bOceania\b",
    # countries
    r"\bUnited States\b", r"\bUSA?\b", r"\bCanada\b", r"\bMexico\b", r"\bUK\b", r"\bUnited Kingdom\b",
    r"\bIreland\b", r"\bGermany\b", r"\bAustria\b", r"\bNetherlands\b", r"\bBelgium\b", r"\bLuxembourg\b",
    r"\bFrance\b", r"\bItaly\b", r"\bSpain\b", r"\bPortugal\b", r"\bSwitzerland\b", r"\bNorway\b",
    r"\bSweden\b", r"\bDenmark\b", r"\bFinland\b", r"\bPoland\b", r"\bAustralia\b", r"\bNew Zealand\b",
    r"\bSingapore\b", r"\bMalaysia\b", r"\bIndonesia\b", r"\bBrunei\b", r"\bPhilippines\b", r"\bThailand\b",
    r"\bVietnam\b", r"\bTaiwan\b", r"\bpeninsula\b", r"\bJapan\b", r"\bChina\b", r"\bHong Kong\b",
    r"\bKorea\b", r"\bIndia\b", r"\bEngland\b", r"\bScotland\b", r"\bWales\b", r"\bAlaska\b", r"\bHawaii\b",
    r"\bPuerto Rico\b", r"\bAuckland\b", r"\bWellington\b", r"\bSydney\b", r"\bMelbourne\b", r"\bBrisbane\b",
    r"\bPerth\b", r"\bLondon\b", r"\bToronto\b", r"\bVancouver\b", r"\bMontreal\b", r"\bNew York\b",
    r"\bCalifornia\b", r"\bTokyo\b", r"\bOsaka\b", r"\bmetro manila\b", r"\bKuala Lumpur\b", r"\bJabar\b",
    r"\bJateng\b", r"\bJatim\b", r"\bYogyakarta\b", r"\bMedan\b", r"\bMakassar\b", r"\bBekasi\b",
    r"\bTangerang\b", r"\bDepok\b", r"\bBogor\b", r"\bSemarang\b", r"\bMalang\b", r"\bDenpasar\b",
    # provinces / states
    r"\bOntario\b", r"\bQuebec\b", r"\bManitoba\b", r"\bSaskatchewan\b", r"\bAlberta\b", r"\bBC\b",
    r"\bBritish Columbia\b", r"\bYukon\b", r"\bNWT\b", r"\bNunavut\b", r"\bAtlantic\b", r"\bNSW\b", r"\bVIC\b",
    r"\bQLD\b", r"\bTAS\b", r"\bACT\b", r"\bNorth Island\b", r"\bSouth Island\b", r"\bQueensland\b",
    r"\bVictoria\b", r"\bTasmania\b", r"\bNorthern Territory\b",
    r"\bNewfoundland\b", r"\bNFLD\b", r"\bNova Scotia\b", r"\bNew Brunswick\b", r"\bPrince Edward Island\b", r"\bPEI\b",
    r"\bQC\b", r"\bNorthwest Territories\b",
    # Indonesia
    r"\bJawa\b", r"\bJava\b", r"\bBali\b", r"\bSumatera\b", r"\bSumatra\b", r"\bKalimantan\b",
    r"\bSulawesi\b", r"\bPapua\b", r"\bMaluku\b", r"\bNTT\b", r"\bNTB\b", r"\bJabodetabek\b", r"\bJakarta\b",
    r"\bDKI\b", r"\bBandung\b", r"\bSurabaya\b", r"\bpulau\b", r"\bluar\b", r"\bkota\b", r"\bprovinsi\b",
    r"\bseluruh Indonesia\b",
    # Japan
    r"北海道", r"東北", r"関東", r"信越", r"北陸", r"中部", r"東海", r"近畿", r"関西", r"中国地方", r"四国",
    r"九州", r"沖縄", r"離島", r"本州", r"[都道府県]$", r"県", r"地方", r"エリア", r"地域",
    # prefectures written without 県 ("青森・秋田・岩手:1,190円")
    r"青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|東京|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|"
    r"愛知|三重|滋賀|京都|大阪|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|"
    r"大分|宮崎|鹿児島")
NOT_REGION = rx(r"\border", r"\$", r"\bRp", r"円", r"\bkg\b", r"\bany\b", r"\bpesanan\b", r"\bbelanja\b",
                r"一律", r"\bwe\b", r"\bkami\b", r"\bmin\.", r"税込", r"除(?:く|き|いた)", r"以外", r"\bexcept",
                r"\bexclud", r"\bkecuali\b", r"\btidak\b", r"\bnot\b",
                r"\b[A-Za-z]+[- ]wide\b", r"\bnationwide\b", r"\bseluruh\b", r"全国")  # the whole country
# Destinations abroad: an estimate or rate stated for them does not concern the domestic options.
ABROAD = rx(r"international", r"overseas", r"worldwide", r"luar negeri", r"internasional", r"海外")
# A dispatch time for a special case only (made to order, engraving, sale periods, back orders): not the
# store's usual processing time.
SPECIAL_CASE = rx(r"made[- ]to[- ]order", r"\bcustom(?:ised|ized|i[sz]ation)?\b", r"personali[sz]", r"engrav",
                  r"\bbespoke\b", r"back-?order", r"\bsales? items?\b",
                  r"\b(?:submitted|placed|received|made) (?:over|on|during) (?:a |the )?weekends?\b",
                  r"\bduring (?:our |the )?(?:sales?|promotions?|peak|holiday|busy)",
                  r"\b(?:sale|peak|holiday|festive|busy) (?:periods?|seasons?)\b", r"\bbulky\b", r"\boversized?\b",
                  r"\bproduk custom\b", r"\bpesanan khusus\b", r"\bukir\b", r"\bmasa promo\b", r"\bflash sale\b",
                  r"受注生産", r"名入れ", r"オーダーメイド", r"セール期間", r"繁忙期", r"お取り寄せ", r"取り寄せ")
# A delivery time the duration rules do not read into days ("North Island - Overnight:").
UNREAD_TIME = rx(r"\bovernight\b")
