"""Sanctions Monitor dashboard: the entry point (`streamlit run dashboard/app.py`).

Sets up the page, checks the store, draws the shared sidebar and hands over to the chosen page.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts only this folder on sys.path; the views and etl need the project
# root. Pages are declared with st.navigation from dashboard/views/, so this file is the only entry.
ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import sqlalchemy as sa  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import queries, ui  # noqa: E402
from etl.errors import MonitorError  # noqa: E402

APP_NAME = "Sanctions Monitor"
HERE = Path(__file__).parent
ASSETS = HERE / "assets"

st.set_page_config(page_title=APP_NAME, page_icon=str(ASSETS / "favicon.png"), layout="wide")
st.logo(str(ASSETS / "logo.png"), size="large", icon_image=str(ASSETS / "favicon.png"))


def _pages() -> list[st.Page]:
    """The pages in menu order."""
    views = HERE / "views"
    entries = [
        ("overview.py", "Overview", ":material/dashboard:"),
        ("items.py", "Items", ":material/table_rows:"),
        ("review.py", "Review", ":material/fact_check:"),
        ("sanctions.py", "Sanctions", ":material/gavel:"),
        ("indicators.py", "Indicators", ":material/show_chart:"),
        ("sources.py", "Sources & runs", ":material/source:"),
    ]
    return [
        st.Page(str(views / name), title=title, icon=icon, default=name == "overview.py")
        for name, title, icon in entries
    ]


snap = queries.current_snapshot()
st.session_state[ui.SNAPSHOT_KEY] = snap
if snap is None:
    st.navigation(
        [st.Page(ui.first_run_screen, title="Welcome", icon=":material/rocket_launch:")], position="hidden"
    ).run()
    st.stop()

page = st.navigation(_pages())
with st.sidebar:
    st.caption(f"**{APP_NAME}** tracks the DPRK–Russia arms trade and the sanctions it may breach.")
ui.sidebar_freshness(snap)
try:
    page.run()
except (sa.exc.SQLAlchemyError, MonitorError) as exc:
    # A busy or unreachable store is a message, not a traceback.
    st.error(
        f"The store could not be read just now: {queries.describe_error(exc)}. Reload the page to try again.",
        icon=":material/database:",
    )
