"""The Overview's benchmark as HTML: "Where we lose / where we win" lines and the service-level grid
(levels as rows, stores as columns, own store first) that fits the page without sideways scrolling.

Every scraped string is HTML-escaped here; better/worse than us is said in words and coloured
(never colour alone); each cell's evidence (the page it was read from) shows on hover and as a link.
Nothing here reads storage (that is ``data``).
"""

from __future__ import annotations

from html import escape

import pandas as pd

from storage import standing

MARKS = {  # mark -> (words under a competitor's cell, css class)
    "better": ("▲ better than us", "rw-threat"),
    "worse": ("▼ worse than us", "rw-win"),
    "same": ("= same as us", "rw-same"),
}
OUTCOMES = {"lose": ("We lose", "rw-threat"), "tie": ("Level", "rw-same"), "win": ("We win", "rw-win"),
            "unknown": ("Unknown", "rw-same")}
STYLE = """<style>
.rw-bench{width:100%;table-layout:fixed;border-collapse:collapse;font-size:0.85rem;line-height:1.3}
.rw-bench th,.rw-bench td{border:1px solid rgba(128,128,128,.3);padding:4px 6px;vertical-align:top;
 overflow-wrap:anywhere;word-break:normal;text-align:left}
.rw-bench th.rw-level{width:13%}
.rw-bench thead th{background:rgba(128,128,128,.12)}
.rw-mark{display:block;font-size:0.75rem;font-weight:600}
.rw-threat{background:rgba(220,60,60,.14)} .rw-win{background:rgba(40,160,80,.14)} .rw-same{}
.rw-lines{list-style:none;padding:0;margin:0} .rw-lines li{display:flex;gap:.6em;padding:3px 6px;margin:2px 0;border-radius:4px}
.rw-badge{flex:0 0 5.2em;font-weight:700}
.rw-bench a,.rw-lines a{font-size:0.75rem}
</style>"""


def _link(url: str | None, text: str = "evidence") -> str:
    target = "" if url and not url.startswith("http") else ' target="_blank" rel="noopener noreferrer"'
    return f' <a href="{escape(url)}"{target}>{text}</a>' if url else ""


def grid_html(bench: pd.DataFrame, evidence: dict[tuple[str, str], str]) -> str:
    """The service-level grid; ``evidence`` maps (store slug, level key) to the page it was read from."""
    texts, marks = standing.cell_texts(bench), standing.marks(bench)
    head = "".join(
        f"<th>{escape(str(r['store_name']))}{' (us)' if r['own'] else ''}</th>" for _, r in bench.iterrows())
    rows = []
    for level in standing.LEVELS:
        cells = []
        for slug in bench.index:
            mark = marks.at[level.key, slug]
            words, css = MARKS.get(mark, ("", ""))
            url = evidence.get((slug, level.key))
            hover = f' title="Evidence: {escape(url)}"' if url else ""
            marker = f'<span class="rw-mark">{words}</span>' if words else ""
            cells.append(f'<td class="{css}"{hover}>{escape(texts.at[level.key, slug])}{marker}</td>')
        rows.append(f'<tr><th class="rw-level">{escape(level.title)}</th>{"".join(cells)}</tr>')
    return (f'{STYLE}<table class="rw-bench"><thead><tr><th class="rw-level">Service level</th>{head}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table>')


def standings_html(items: list[dict], evidence: dict[tuple[str, str], str], limit: int | None = None) -> str:
    """"Where we lose / where we win": one line per level, worst gaps first, each with its evidence."""
    lines = []
    for item in items[:limit]:
        badge, css = OUTCOMES[item["outcome"]]
        url = evidence.get((item["store"], item["level"])) if item["store"] else None
        link = _link(url) if item["level"] != "price_index" else _link("prices", "matched products")
        lines.append(f'<li class="{css}"><span class="rw-badge">{badge}</span><span>'
                     f'<b>{escape(item["title"])}</b>: {escape(item["sentence"])}{link if item["store"] else ""}'
                     '</span></li>')
    return f'{STYLE}<ul class="rw-lines">{"".join(lines)}</ul>'


__all__ = ["grid_html", "standings_html"]
