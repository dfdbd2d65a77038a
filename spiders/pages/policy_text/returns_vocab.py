"""Return-policy keyword tables (English, Indonesian, Japanese)."""

from __future__ import annotations

import re

from .vocab import rx

RETURN_CUE = rx(r"\breturn", r"\bkembalikan\b", r"\bpenukaran\b", r"\bpertukaran\b", r"\bsen[dt] back\b", r"\bmengembalikan(?!\s+(?:uang|dana))", r"(?<!dana )\bdikembalikan\b", r"\bsend (?:it|them|items?|stuff|the \w+) back",
                r"\bwithdraw", r"\bexchange",
                r"\bretur", r"pengembalian barang", r"\bpengembalian\b(?! dana)", r"\btukar\b", r"\bkomplain",
                r"返品", r"返送", r"交換", r"お取り替え", r"ご連絡", r"\bemail us\b", r"\bcontact us\b")
COMPLAINT_CUE = rx(r"\bkomplain", r"ご連絡", r"\bemail us\b", r"\bcontact us\b", r"\bnotify\b", r"\blet us know")
REFUND_CUE = rx(r"\brefund", r"\bpay (?:you )?back", r"\bmoney back", r"pengembalian dana", r"\bdana\b",
                r"返金", r"お振込", r"お振り込み")
NOT_WINDOW = rx(r"warrant", r"garansi(?! (?:uang kembali|retur|pengembalian|tukar))", r"(?<!返品)(?<!返金)(?<!交換)保証", r"\bRMA\b", r"\breply\b", r"\brespond", r"返信", r"ご?返答", r"ご?回答",
                r"\bdibalas\b", r"\bmembalas\b", r"\bbalasan\b", r"prepaid label", r"\bsurel\b",
                # "akan diberikan jawaban 2 x 24 jam": the time to answer a claim, not to send goods back
                r"\bjawaban\b", r"\bdijawab\b", r"\bdirespon", r"\btanggapan\b", r"\bditanggapi\b",
                r"email you", r"label pengiriman", r"支払", r"\bkeep\b",
                r"\bhold\b", r"\bcall us\b", r"\bpayment\b", r"pembayaran", r"(?:日時|日付|お届け日|配達日|時間帯)(?:の)?(?:ご)?指定", r"dispatch", r"\bprinted\b",
                r"発送(?!ミス)")
DELIVERY_ANCHOR = rx(r"deliver", r"\breceiv", r"\breceipt", r"\blands?\b", r"\barriv", r"di ?terima", r"\bsampai\b",
                     r"\btiba\b", r"penerimaan", r"\bmenerima\b", r"order (?:is |was )?received", r"到着", r"受け?取", r"お届け", r"\bday after you receive")
PURCHASE_ANCHOR = rx(r"purchase", r"order date", r"date of (?:your )?order(?! (?:is |was )?received)", r"invoice", r"pembelian",
                     r"faktur", r"pemesanan", r"購入", r"ご?注文日", r"ご?注文後", r"ご?注文から")
PERIOD_START = rx(r"period (?:starts|begins)", r"starting from", r"terhitung", r"起算")

NEGATION = rx(r"\bdon'?t\b", r"\bdo not\b", r"\bcan'?t\b", r"\bcannot\b", r"\bcan not\b", r"\bwon'?t\b",
              r"\bnot\b", r"\bno\b", r"\bnever\b", r"\bunable\b", r"non-refundable", r"final sale",
              r"\btidak\b", r"\bga\b", r"\bgak\b", r"\bnggak\b", r"\bbukan\b", r"\bTIDAK\b",
              r"ません", r"不可", r"できない", r"致しかね", r"お断り",
              # "返金はいたしかねます", "交換はできかねます": the polite refusal in kana
              r"(?:いた|でき|し|応じ)かね(?:ます|る)")
TOTAL_REFUSAL = rx(r"\bno retur", r"\bno returns?\b", r"all sales (?:are )?final", r"一切", r"apa pun alasannya",
                   r"under no circumstances", r"we do not accept returns", r"we don'?t accept returns")
# A defect word negated ("non-defect", "not defective", "undamaged", "tidak rusak", "bukan cacat") names its opposite.
DEFECT = rx(r"(?<!non-)(?<!non )(?<!not )defect", r"kesalahan (?:dari )?(?:pihak )?kami", r"\bour (?:error|mistake|fault)", r"(?:当社|弊社|当店)(?:の)?(?:ミス|過失|不備)", r"kerusakan", r"tidak berfungsi", r"\bbroken\b", r"初期不良", r"欠陥", r"品違い", r"(?<!un)(?<!not )damaged", r"faulty", r"misprint", r"wrong item", r"isn'?t what you ordered",
            r"(?<!tidak )(?<!bukan )\bcacat", r"(?<!tidak )(?<!bukan )\brusak", r"salah kirim", r"不良", r"破損", r"汚損", r"誤配送", r"誤送", r"異なる商品",
            r"wrong on our end", r"tidak sesuai (?:dengan )?(?:pesanan|orderan|yang dipesan|barang yang dipesan|deskripsi)",
            r"not as described", r"(?:does ?n[o']t|did ?n[o']t) match (?:the |its )?description", r"注文(?:内容)?と(?:異なる|違う)")
DEFECT_ONLY = rx(r"hanya berlaku untuk barang cacat",
                 r"only (?:for|if|when) (?:the item is )?(?:defective|damaged|faulty)",
                 r"(?:不良|破損)[^。]{0,10}(?:に限り|のみ)",
                 r"\b(?:retur|returns?)\b[^.]{0,30}\b(?:hanya|only)\b[^.]{0,40}(?:cacat|rusak|defect|damaged|faulty)",
                 r"\b(?:hanya|only)\b[^.]{0,15}\b(?:retur|returns?)\b[^.]{0,40}(?:cacat|rusak|defect|damaged|faulty)",
                 r"only accept returns? (?:of|for) (?:defective|damaged|faulty)")
_JA_ACCEPT = r"(?:承|お受けいたします|お受けします|お受けいたし|受け付け|可能|OK)"
ITEM_SPECIFIC = rx(r"\bsale\b", r"\bcustom", r"personali[sz]ed", r"gift cards?", r"earrings", r"final sale",
                   r"\bdiskon\b", r"\bukir\b", r"セール", r"開封", r"名入れ", r"ラッピング", r"インナー", r"アクセサリー",
                   r"\bopened\b", r"\bunderwear\b", r"pierced", r"hygien", r"衛生")
ACCEPT_ACTION = rx(r"\breturn\b", r"\breturns?\b", r"send (?:it|them|items?|stuff) back", r"\bexchange\b",
                   r"\bretur\b", r"\bdiretur\b", r"\btukar\b", r"返品を?承", r"返品・交換OK", r"交換いたします",
                   r"pengembalian dapat", r"dapat mengajukan pengembalian", r"(?:dapat|bisa|boleh) dikembalikan",
                   r"返品(?:も|を)?" + _JA_ACCEPT, r"返品[・交換]*を?" + _JA_ACCEPT)

PAID_SHIPPING_CUE = rx(r"return shipping", r"return postage", r"cost of return", r"costs? of return",
                       r"return freight", r"sending the (?:goods|item|items) back", r"postage for sending",
                       r"returns are free", r"free returns?", r"return shipping is free", r"free return shipping",
                       r"deducted from your refund", r"\bcover the label",
                       r"ongkir (?:retur|kirim balik|pengembalian|bolak-balik)",
                       r"biaya (?:pengiriman|kargo) pengembalian",
                       r"ongkir returnya", r"ongkos kirim (?:retur|pengembalian)",
                       r"(?:biaya|ongkos) (?:pengiriman|kirim|kargo) (?:retur|pengembalian|balik)", r"返送料", r"返品送料",
                       r"返品の際の送料", r"着払いにてご返送", r"着払いでご返送",
                       r"送料弊社負担", r"送料当店負担", r"返品[^。]{0,20}送料", r"return label", r"ongkir retur")

MONEY_TYPE = rx(r"\brefund", r"\buang (?:akan )?(?:kami )?kembali", r"\bdana kembali\b",
                r"\bcredited (?:back )?to (?:your|the) (?:original|card|account|credit card|bank|payment)", r"pengembalian uang", r"mengembalikan uang", r"払い?戻し", r"pay back", r"money back", r"pengembalian dana", r"dana (?:akan )?(?:\w+ )?dikembalikan", r"\bdana (?:akan )?kami kembalikan",
                r"返金", r"お振込", r"代金(?:を|の)?(?:お)?(?:返し|返却|返還)")
CREDIT_TYPE = rx(r"store credit", r"\bpoint credits?\b", r"\bcredit points?\b", r"クレジット(?!カード)(?:を|の)?発行", r"credit note", r"\bvoucher\b(?! ?(?:code|kode))", r"saldo (?:voucher|toko|akun|deposit|kredit|member)", r"kredit toko",
                r"ポイント(?:で|にて|として|での|による)(?:の)?(?:ご)?(?:返金|返還|払い?戻|お返し)", r"(?:返金|返還)[^。]{0,12}ポイント",
                r"ショップポイント", r"shop credit", r"ストア ?クレジット")
EXCHANGE_TYPE = rx(r"\bexchange", r"\breship\b", r"\breplac(?:e|ed|ing)\b(?! (?:the |your )?(?:label|order))", r"代品", r"代替品",
                   r"新品と(?:お)?取り?(?:替|換)え", r"penukaran", r"pertukaran", r"penggantian", r"\bpengganti(?:nya)?\b",
                   r"\b(?:di|meng)?ganti(?:nya|kan)?\b(?! rugi| ongkir| biaya)", r"\bswap", r"\breplacement", r"\breprint", r"\bremake", r"\b(?:di)?tukar", r"交換",
                   r"お?取り?(?:替|換)え", r"作り直し")
NOT_CASH = rx(r"bukan uang", r"not cash")

FEE_CUE = rx(r"re-?stock(?:ing)?\b", r"\brestock fee", r"biaya (?:penyetokan|restock)", r"penyetokan ulang", r"handling fee", r"processing fee", r"biaya penanganan", r"biaya restocking",
             r"返品手数料", r"事務手数料", r"(?:返品|返送|交換)[^。]{0,30}手数料として", r"administration fee",
             r"admin(?:istrative)? fee", r"biaya admin(?:istrasi)?")
NOT_FEE = rx(r"代引", r"代金引換", r"\bCOD\b", r"\bbonus\b", r"振込手数料", r"手数料なし", r"cover the label")
LABEL_FALSE = rx(r"labels? (?:will|are|is) not (?:be )?(?:provided|included|supplied)",
                 r"label (?:pengembalian|retur) tidak (?:akan )?(?:diberikan|disediakan)",
                 r"(?:don'?t|do not|will not|won'?t|no|tidak)\s+(?:\w+\s+){0,2}(?:provide|menyediakan)?\s*(?:\w+\s+)?"
                 r"(?:return\s+)?labels?",
                 r"tidak menyediakan (?:label|resi)")
LABEL_TRUE = rx(r"prepaid (?:\w+ )*?(?:return )?label", r"label (?:that )?(?:will be |is )?(?:provided|included|supplied)",
                r"(?:we|we[’']ll|we will) (?:send|email|provide|include|issue)[^.]{0,30}\blabel", r"label (?:is|will be) (?:sent|emailed)",
                r"(?:enclosed|included|free) (?:\w+ )?(?:returns?|shipping) label", r"return label (?:is |will be )?(?:included|enclosed)",
                r"(?:receive|download) (?:a |the |your )?(?:free |prepaid )?(?:returns?|shipping) label",
                r"print (?:the |your )?(?:free |prepaid )?returns? label",  # not "print a shipping label" bought by the buyer
                r"send you a (?:\w+ ){0,3}label", r"(?:providing|provide|send|sending|give|giving|issue) you\b[^.]{0,80}\breturn label",
                r"provide you with a (?:[\w-]+[, ]+){0,3}(?:post ?pack|envelope|satchel|mailer)", r"label pengiriman prabayar", r"label (?:pengiriman )?retur",
                r"着払い伝票", r"返品用[^。]{0,6}伝票", r"返送伝票", r"email you a (?:\w+ )?label")
POINTER = rx(r"\bpage\b", r"halaman", r"ページ", r"see our")

# --- acceptance classes (returns_accept.py) ---
RETURN_WORD = rx(r"\breturn", r"\bwithdraw", r"\btake (?:\w+ ){0,2}back\b", r"\bretur", r"dikembalikan", r"\bmengembalikan", r"pengembalian(?! dana)", r"\btukar",
                 r"\bditukar", r"penukaran", r"\bexchange", r"\brefund", r"返品", r"交換", r"お取り?替え", r"返金",
                 r"払い?戻し")
# "No returns after 30 days", "setelah 30 hari ... tidak dapat", "60日経過後の返品はお受けできません": a window, not a refusal.
POST_WINDOW = rx(r"\bafter (?:the )?\d+", r"\bafter (?:this|that|the) (?:period|time|window)", r"\bbeyond\b",
                 r"\bpast (?:the|\d)", r"\boutside (?:the|of|this|our)", r"have (?:gone by|passed)", r"has passed",
                 r"\bexpired?\b", r"\blate\b", r"\bmelebihi\b", r"\bmore than \d+", r"\bexceed", r"\bover \d+ (?:calendar |business )?days\b", r"\d+ days old\b", r"\bolder than\b", r"setelah (?:lewat |melewati )?\d+", r"\bmelewati\b", r"\blewat\b",
                 r"lebih dari \d+ hari", r"経過", r"過ぎ", r"以降", r"を超え", r"頂けない場合", r"いただけない場合",
                 r"ない場合", r"期間外", r"期限を")
# Refusals naming a class of goods or a condition, not returns as such.
ITEM_REFUSAL = rx(r"下記", r"以下", r"次の", r"商品については", r"(?:下着|食品|生物|なま物|苗|セール|福袋)",
                  r"\bbarang (?:ori|original|listrik|elektronik|promo|diskon|sale)\b", r"\bbeberapa\b", r"\bcertain\b",
                  r"\bsome\b", r"\bfollowing\b", r"\bberikut\b", r"\bitems? (?:that|which|marked)\b",
                  r"produk (?:makanan|promo|diskon)", r"ongkir|ongkos kirim|biaya pengiriman|shipping (?:fee|cost|charge)s?",
                  r"送料", r"\bwashed\b", r"\bused\b", r"\bworn\b", r"tanpa (?:bukti|video|label)", r"without (?:a |the )?"
                  r"(?:receipt|proof|video|tags?|rma|authori[sz]ation)", r"unboxing", r"開封", r"使用(?:済|後|した)",
                  r"洗濯", r"cancel", r"キャンセル(?!・返品)", r"pembatalan")
EXCEPT_DEFECT = rx(r"\bunless\b", r"\bexcept\b", r"\bkecuali\b", r"\bselain\b", r"を除き", r"を除いて", r"以外",
                   r"除く", r"場合を除")
ONLY_DEFECT = rx(r"\bonly\b", r"\bhanya\b", r"\bcuma\b", r"に限り", r"に限ります", r"に限らせて", r"のみ", r"限定")
COM_STRONG = rx(r"change[ds]? (?:of |your |their )?mind", r"(?:picked|chose|chosen|selected) the wrong", r"made in error", r"ordered (?:by mistake|wrongly|the wrong)",
                r"salah (?:beli|order|pesan)", r"間違って注文", r"注文を間違え", r"salah (?:size|ukuran)", r"(?:nggak|gak|ga|tidak) cocok", r"alasan(?:nya)? lain", r"お客様(?:の)?(?:ご)?(?:都合|理由)", r"ご都合", r"お客様都合",
                r"それ以外の理由", r"berubah pikiran", r"salah pilih", r"tidak (?:suka|cocok)", r"selera",
                r"wrong size", r"don'?t like", r"no longer (?:want|need)", r"ukuran tidak (?:sesuai|cocok)",
                r"イメージ(?:と|が)違", r"サイズ(?:が)?合わない")
ANY_STRONG = rx(r"(?:欠陥|不良|瑕疵)が?(?:ない|無い)場合(?:で)?(?:あって)?も", r"even (?:if|when|though) (?:the item is |it is |they are |it's )?not (?:defective|faulty|damaged)",
                r"(?:walaupun|meskipun|sekalipun) (?:barang(?:nya)? |produk(?:nya)? )?tidak (?:cacat|rusak)",
                r"for any reason", r"for whatever reason", r"no questions asked", r"without (?:giving )?a reason",
                r"alasan apa ?pun", r"(?:not|tidak) (?:100% )?(?:satisfied|puas)", r"\bunhappy with\b",
                r"change of mind (?:returns? )?(?:are|is) (?:accepted|welcome|ok)",
                r"termasuk berubah pikiran", r"karena berubah pikiran (?:dapat|bisa|boleh)",
                r"(?:お客様|ご)(?:都合|理由)[^。]{0,40}(?:も|でも)[^。]{0,20}(?:承|お受けいたし|お受けし|受け付け|可能|OK)",
                r"(?:お客様|ご)都合[^。]{0,30}返品は[^。]{0,40}(?:承|お受けいたし|お受けし|受け付け|可能|OK)",
                r"(?:お客様|ご)都合(?:による|の)?返品の場合", r"(?:お客様|ご)都合による返品・交換の場合",
                r"\d+ ?(?:day|hari|日間?) (?:return|pengembalian|返品)", r"return policy (?:lasts|of|is) \d+",
                r"kebijakan pengembalian (?:selama )?\d+ hari", r"返品(?:ポリシー|期間)は?[^。]{0,6}\d+日")
PAYER_TOPIC = rx(r"送料", r"返送料", r"負担", r"ongkir", r"ongkos kirim", r"biaya (?:pengiriman|kirim)", r"di ?tanggung",
                 r"return shipping", r"postage", r"shipping costs?", r"\bat your (?:own )?(?:cost|expense)")
GOODS_BACK = rx(r"\breturn", r"\btake (?:\w+ ){0,2}back\b", r"\bretur", r"dikembalikan", r"\bmengembalikan", r"pengembalian(?! dana)", r"\btukar",
                r"\bditukar", r"penukaran", r"\bexchange", r"返品", r"交換", r"お取り?替え", r"\bwithdraw")
# A negation that governs sending goods back (same clause, a few words apart), not any "not" in the sentence.
_BACK = (r"(?:return|retur|exchange|withdraw|accept|take (?:\w+ )?back|(?:di)?kembalikan|mengembalikan|pengembalian|penukaran|(?:di)?tukar|"
         r"ganti|menerima)")
REFUSE = rx(r"(?:\bno\b|\bnot\b|n[’']t\b|\bcannot\b|\bnever\b|\bunable\b)[^.,;:!?()]{0,30}?\b" + _BACK,
            r"\b(?:returns?|exchanges?|refunds?)\b[^.,;:!?()]{0,40}?\b(?:not|no longer)\s+(?:be\s+)?"
            r"(?:accepted|available|possible|allowed|permitted|offered|eligible|issued|processed|given|entertained|honou?red)",
            r"all sales (?:are )?final", r"\bnon-returnable\b", r"\bno (?:refunds?|returns?|exchanges?)\b", r"\bno retur", r"\bno exchange",
            r"(?:\btidak\b|\btdk\b|\bnggak\b|\bgak\b|\bga\b|\bbukan\b)[^.,;:!?()]{0,32}?" + _BACK,
            r"\b(?:retur|pengembalian|penukaran)\b[^.,;:!?()]{0,30}?\btidak (?:diterima|dilayani|berlaku|bisa|dapat)",
            r"(?:返品|交換|お取り?替え|返金|払い?戻し)[^。]{0,30}?(?:お受けでき|お受け出来|お受けいたしかね|お受けしかね|"
            r"承っておりません|お受けして(?:おりま|いま)せん|受け付けて(?:おりま|いま)せん|行っておりません|承れません|承ることが?(?:は)?できません|承ることが?(?:は)?出来ません|承りかね|お断り|不可|"
            r"受け付けておりません|受付できません|受け付けできません|致しかね|いたしかね|応じられ|応じかね|できません|出来ません)")
CONDITION_REFUSAL = rx(r"alasan(?:-alasan)? (?:tersebut|di atas|berikut)", r"for (?:the )?(?:following|above) reasons",
                       r"(?:以下|上記)の理由", r"下記", r"以下", r"次の", r"\bfollowing\b", r"\bberikut\b", r"without (?:a |the |an )?(?:valid |prior )?(?:receipt|proof|video|tags?|rma|authori[sz]ation|"
                       r"return (?:number|authori[sz]ation))", r"tanpa (?:bukti|video|label|nota|konfirmasi)",
                       r"\bwashed\b", r"\bused\b", r"\bworn\b", r"unboxing", r"開封", r"使用(?:済|後|した)", r"洗濯",
                       r"\bdamaged by\b", r"kelalaian (?:pembeli|anda|customer)")

# A sentence for the remaining cases: "In all other cases, you must pay", "それ以外の返品はお受けしておりません".
OTHERWISE_START = rx(r"^\W*(?:それ|これ|上記|その)以外", r"^\W*(?:otherwise|in all other cases|for any other reason|in any other case)",
                     r"^\W*(?:selain itu|di luar (?:itu|ketentuan)|untuk alasan lain)")

# --- who pays return shipping (returns_payer.py) ---
RETURN_TRIP_COST = rx(r"return shipping", r"\bpay (?:to|for) (?:send|post|ship|return)(?:ing)?\b", r"\bcharges? incurred", r"(?:当社|弊社|当店|弊店|当方)負担", r"cost of (?:sending|returning|shipping)", r"\bwho pays\b", r"return postage", r"cost(?:s)? (?:of|for) return", r"shipping (?:fees?|costs?|charges?)",
                      r"postage", r"\bfreight\b", r"\bshipping\b", r"delivery fee", r"\blabel\b", r"\bat (?:your|their) (?:own )?"
                      r"(?:cost|expense)", r"\bfree of charge\b", r"\bfree returns?\b", r"returns are free",
                      r"ongkir", r"ongkos kirim", r"biaya (?:pengiriman|kirim|kargo|pengembalian|retur|ekspedisi)",
                      r"free ongkir", r"\bpost ?pack\b", r"\bsatchel\b", r"(?:return|pre-?paid|reply-paid) (?:\w+ )?(?:envelope|mailer)", r"送料", r"返送料", r"運賃", r"着払い", r"元払い", r"往復送料", r"配送料")
ORIGINAL_SHIPPING = rx(r"original (?:shipping|delivery|postage)", r"initial (?:shipping|delivery)", r"outbound",
                       r"ongki?r(?:\s+kirim)? awal", r"biaya pengiriman (?:asli|awal)", r"ongkos kirim awal",
                       r"shipping (?:costs?|fees?|charges?) (?:are|is|will be) (?:not |non-?)refund",
                       r"biaya pengiriman tidak (?:akan )?dikembalikan", r"送料[^。]{0,6}返金(?:いた)?(?:しません|できません|不可)",
                       r"振込手数料", r"import", r"customs", r"\bduties\b", r"bea masuk", r"関税", r"replacement (?:item|product) to you",
                       r"barang pengganti", r"交換品の(?:発送|送料)")
PAYS_CUSTOMER = rx(r"\bwe (?:will|shall|do) not (?:bear|pay|cover)", r"\bwe (?:won|don)[’']t (?:bear|pay|cover)", r"\bat (?:your|their|the customer'?s?|the buyer'?s?) (?:own )?(?:cost|expense)",
                   r"(?:customers?|buyers?|purchasers?|you) (?:is |are |will be |shall be )?(?:also |solely |fully )?responsible for",
                   r"responsibility of the (?:customer|buyer)", r"(?:customer|buyer|purchaser)(?:'s|s')? responsibility",
                   r"\byour responsibility", r"\bborne by (?:the )?(?:customers?|buyers?|you)", r"\bwill be borne by customers?",
                   r"(?:customer|buyer|you) (?:must|will|shall|need to|have to|are required to) (?:pay|cover|bear)",
                   r"(?:customer|buyer)s? pays?", r"paid by (?:the )?(?:customer|buyer|you)", r"\byou bear", r"\byou pay\b",
                   r"\bon you\b", r"\byou do\b", r"deducted from (?:your|the) refund", r"\b(?:is|are) yours\b(?! to keep)", r"must be prepaid", r"you will need to pay",
                   r"not (?:be )?free of charge", r"we do not (?:pay|cover)", r"we don[’']t (?:pay|cover)",
                   r"di ?tanggung (?:oleh |sepenuhnya oleh )?(?:pembeli|customer|konsumen|pelanggan|anda|pemesan|buyer)",
                   r"tanggungan (?:kamu|anda|pembeli|customer|konsumen)", r"(?:pembeli|anda|customer|pelanggan) (?:yang )?"
                   r"(?:menanggung|membayar|bertanggung jawab)", r"tanggung jawab (?:pembeli|anda|customer|pelanggan)",
                   r"bayar sendiri", r"dengan ongkos kirim yang dikenakan", r"dikenakan (?:ongkos|biaya) kirim",
                   r"お客様(?:の|に|で|にて)?(?:ご)?負担", r"自己負担", r"(?:購入者|ご購入者|買主)(?:様)?(?:の|が)?(?:ご)?負担", r"元払い", r"ご負担(?:いただ|頂|ください|をお願い)")
PAYS_MERCHANT = rx(r"\bon us\b", r"at our (?:own )?expense", r"at our cost", r"returns are free", r"free returns?",
                   r"return shipping is free", r"free return shipping", r"free of charge", r"no (?:extra |additional )?cost to you",
                   r"we(?:[’']ll| will)? (?:also )?(?:pay|cover|bear)\b",
                   r"we(?:[’']ll| will)? (?:also )?(?:refund|reimburse) (?:you )?(?:for )?(?:the |your |any )?(?:cost of )?(?:return )?(?:shipping|postage|delivery|freight)", r"prepaid (?:\w+ )?(?:return )?label",
                   r"di ?tanggung (?:oleh )?(?:penjual|kami|toko|seller)", r"kami (?:yang )?(?:tanggung|ganti|bayar|menanggung)",
                   r"akan kami tanggung", r"kami akan (?:menanggung|mengganti|membayar)", r"di ?tanggung (?:oleh )?supplier",
                   r"free ongkir", r"tidak akan dikenakan biaya",
                   # "provide you with a stamped, self-addressed post pack", "a reply-paid satchel": postage paid
                   r"(?:stamped|reply-paid|postage-paid|pre-?paid)[, ]+(?:[\w-]+[, ]+){0,2}(?:post ?pack|envelope|satchel|mailer)",
                   # the postage paid back later, in money or shop points: the shop bears it
                   r"(?:biaya|ongkos) (?:pengiriman|kirim) (?:kembali|retur|balik) (?:akan )?(?:di)?(?:kreditkan|ganti|kembalikan|refund)",
                   r"return (?:shipping|postage) (?:costs? |fees? )?(?:will be|are|is) (?:refunded|reimbursed|credited)",
                   r"(?:弊社|当社|当店|弊店|当方|こちら)(?:が|の|にて|で)?[^。、]{0,6}負担", r"返品送料(?:は)?無料", r"送料無料で(?:返品|交換)",
                   r"着払い", r"label pengiriman prabayar",
                   r"(?<![と・])(?:送料|返送料)(?:分)?(?:を|は)、?(?:後日|後ほど)?、?(?:ご)?返金(?:いた|致|し|させ)")
OUR_FAULT = rx(r"our (?:error|mistake|fault)", r"(?:seller|merchant|store|shop|we)(?: is| are|'re)? (?:not )?at fault", r"\bwe (?:made|sent)\b", r"(?:defective|faulty|damaged|incorrect|wrong)",
               r"not (?:those|what) you ordered", r"kesalahan (?:kami|dari pihak kami|pihak)", r"pihak kami", r"\bcacat",
               r"\brusak", r"salah kirim", r"不良", r"誤(?:配送|納品|品|送)", r"品違い", r"当社不備", r"破損", r"初期不良",
               r"当店(?:の)?(?:ミス|過失)", r"弊社(?:の)?(?:ミス|過失)",
               r"(?:注文|ご注文)(?:内容)?と(?:異なる|違う)", r"品質(?:上)?(?:の|に)?問題")
BUYER_REASON = rx(r"change(?:d)?[- ](?:of |your )?mind", r"berubah pikiran", r"perubahan pikiran", r"お客様(?:の)?(?:ご)?都合",
                  r"ご都合", r"kesalahan (?:dari )?(?:pelanggan|pembeli)", r"alasan lain", r"\bwrong size", r"お気に召さない",
                  r"お客様(?:の)?(?:ご)?理由", r"選択ミス", r"(?:サイズ|カラー|色)(?:の)?(?:選択)?(?:間違い|違い)", r"イメージ違い")

# --- return window (returns_window.py) ---
# Durations that belong to something else: the refund's own processing, carrier holds, report deadlines.
NOT_WINDOW_MORE = rx(r"\bcancel(?:l?ations?|led|s)?\b(?![^.]{0,60}\b(?:return|exchange))", r"キャンセル(?![^。]{0,30}(?:返品|交換))", r"\bships?\b(?! (?:it|them|items?|the \w+) back)", r"\bshipped\b(?! back)", r"\bpesanan\b[^.]{0,25}\bdikirim(?! kembali| balik)",
                     r"\bwe (?:will|shall|'ll) refund", r"(?:process|issue|send|receive)\w* (?:your |the |a )?(?:full )?refund", r"refunds? (?:is|are|will|within|may)",
                     r"pengembalian dana (?:akan )?(?:di)?proses", r"dana (?:akan )?(?:di)?kembalikan", r"返金(?:日|は|処理|手続|の手続|につき|について|に関し)",
                     r"ご返金", r"(?:parcel|package|shipment) (?:will be|is|gets) returned", r"returned to (?:the )?sender",
                     r"\bunclaimed\b", r"store the parcel", r"\breport", r"dilaporkan", r"melaporkan", r"\blaporkan\b", r"pembatalan",
                     r"uang muka", r"\bprocessing (?:time|period)", r"\bdays? to (?:be )?process")
AFTER_WINDOW = re.compile(r"^\s*(?:以上(?:経過|過ぎ)|を(?:経過|過ぎ)|経過)|^\s*(?:have|has) (?:passed|gone by)", re.I)
# Sentences whose refund / replacement is not a return outcome: lost parcels, cancelled orders, labels.
NOT_REFUND_TYPE = rx(r"(?<![と・])(?:送料|返送料)(?:分)?(?:を|は)、?(?:後日|後ほど)?、?(?:ご)?返金(?:いた|致|し|させ)",  # postage paid back
                     r"lost in transit", r"not (?:marked as )?delivered", r"\bhilang\b", r"紛失", r"\bcancel", r"pembatalan",
                     r"キャンセル", r"replacement (?:\w+ ){0,2}label", r"separate order", r"付与", r"取り?消",
                     r"\bdecline it\b", r"overcharg", r"\bthe difference\b", r"kelebihan (?:ongkir|bayar|pembayaran|dana)",
                     r"\bselisih\b", r"差額", r"undeliverable", r"returned to (?:us|the sender|sender) as", r"tidak terkirim",
                     r"\bout of stock\b", r"stok (?:habis|kosong)", r"\bpre-?order\b")
# Shipping legs of warranty claims and repairs are not return shipping.
NOT_RETURN_LEG = rx(r"(?:send|ship|post)(?:ping)? (?:you )?(?:the |a |your )?(?:new|replacement|exchange(?:d)?) (?:item|product|size|one)",
                    r"交換(?:商)?品(?:を|は|の)?[^。]{0,10}(?:お送り|発送|再送)", r"再発送", r"barang (?:pengganti|tukar(?:an)?) (?:akan )?(?:kami )?kirim",
                    r"garansi", r"warranty", r"保証", r"diperbaiki", r"perbaikan", r"\brepair", r"修理",
                    # a parcel refused or unclaimed goes back to the shop: a failed delivery, not a return
                    r"受け?取り?拒否", r"長期不在", r"保管期限", r"宛(?:先|所)不明", r"refused (?:delivery|parcel|package)",
                    r"\bunclaimed\b", r"returned to (?:the )?sender", r"返送された(?:お?荷物|商品)[^。]{0,10}再(?:送|発送|配達)")
# An explicit "we take returns" statement (still weaker than a defect-only or refusal statement).
# A heading naming which reasons or cases a return is taken for ("Alasan Retur yang Diterima", "Accepted reasons
# for returns"): the rows under it decide which returns are taken, the heading itself accepts nothing.
REASONS_LEAD_IN = rx(r"alasan (?:retur|pengembalian|penukaran)\w*(?: barang)? yang (?:di ?terima|berlaku|dapat)",
                     r"\b(?:accepted|eligible|valid) reasons? for (?:a )?(?:returns?|exchanges?|refunds?)",
                     r"\breasons? (?:we|that we) accept (?:returns?|exchanges?)")
ACCEPT_EXPLICIT = rx(r"\byou (?:can|may) (?:return|exchange|send (?:it|them|items?|the \w+) back)",
                     r"\bwe (?:gladly |happily )?(?:accept|welcome|take) (?:returns|exchanges)", r"\breturns? (?:are|is) accepted",
                     r"send (?:it|them) back to us for a (?:full )?refund", r"\b(?:bisa|dapat|boleh) (?:di)?(?:retur|tukar|kembalikan)",
                     r"\bmenerima (?:retur|pengembalian|penukaran)", r"返品(?:・交換)?(?:を|も)?(?:承ります|お受けいたします|お受けします|"
                     r"受け付けます|受け付けております|承っております|可能です)")
# "14 hari dari tanggal pengiriman": counted from dispatch, labelled as delivery (the nearest anchor); inferred.
SHIPMENT_ANCHOR = rx(r"tanggal pengiriman", r"date of (?:shipment|dispatch)", r"発送日")
