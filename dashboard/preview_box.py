"""The Sources page's "try this URL" box: what RivalWatch would extract from one page, field by field.

Calls ``spiders.preview.preview_url`` (imported lazily, so the page still works on an install
without it). Private and loopback addresses may be fetched only while the dashboard itself is bound
to loopback: an exposed dashboard must not become a way to reach the internal network. Everything
the page returns is shown as text (tables and code blocks), never as markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.shaping import safe_link
from dashboard.auth import is_loopback

KINDS = ["product", "shipping", "returns", "support"]


def _preview_function():
    try:
        from spiders.preview import preview_url
    except ImportError:
        return None
    return preview_url


def _fields_table(result) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Field": name, "Value": str(value), "Provenance": provenance or "—"}
         for name, value, provenance in result.fields],
        columns=["Field", "Value", "Provenance"],
    )


def _show(result) -> None:
    if not result.ok:
        st.error("The page could not be previewed:")
        st.code(result.error or "unknown error", language=None)
        return
    st.text(f"Status {result.status} · kind {result.kind} · final URL {result.final_url}")
    if result.error:
        st.warning("Nothing extracted:")
        st.code(result.error, language=None)
    if result.fields:
        from dashboard.components import table  # components reads data; import only when showing a result

        table(_fields_table(result), "preview")
    if result.missing:
        st.text("Not found on the page: " + ", ".join(result.missing))
    if getattr(result, "review", None):  # shipping / returns: confidence per fact, with its sentence
        from dashboard.components import table

        st.text("Confidence per fact (below the threshold: stored as needs review, never alerted):")
        table(pd.DataFrame([{"Fact": r["fact"], "Value": r["value"], "Confidence": f"{r['confidence']:.2f}",
                             "Needs review": "yes" if r["needs_review"] else "no", "Sentence": r["evidence"] or "—"}
                            for r in result.review]), "preview-review")


def render() -> None:
    """The form and, after submit, the preview result."""
    preview_url = _preview_function()
    if preview_url is None:
        st.info("URL preview is not available in this installation (spiders.preview is missing).")
        return
    with st.form("try-url"):
        target = st.text_input("URL", placeholder="https://shop.example/products/coffee", key="try-url")
        left, right = st.columns(2)
        kind = left.selectbox("Page kind", KINDS, index=None, placeholder="Guess from the URL", key="try-kind")
        render_mode = right.selectbox("Render", ["http", "browser"], key="try-render",
                                      help="browser = headless Chromium, for pages drawn by JavaScript")
        submitted = st.form_submit_button("Preview")
    if not submitted:
        return
    if not safe_link(target.strip()):
        st.error("Enter an absolute http(s) URL.")
        return
    allow_private = is_loopback(st.get_option("server.address"))
    with st.spinner("Fetching…"):
        result = preview_url(target.strip(), kind=kind, render=render_mode, allow_private=allow_private)
    _show(result)
