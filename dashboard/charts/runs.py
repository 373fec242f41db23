"""The refresh history chart."""

from __future__ import annotations

import altair as alt
import pandas as pd


def runs_chart(runs: pd.DataFrame) -> alt.Chart:
    """Duration of recent refreshes, one bar per run, coloured by outcome.

    runs: run_id, started_at, duration_s, status.
    """
    return (
        alt.Chart(runs)
        .mark_bar(cornerRadius=2)
        .encode(
            x=alt.X("run_id:O", title="Run", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("duration_s:Q", title="Duration (s)"),
            color=alt.Color(
                "status:N",
                title="Outcome",
                scale=alt.Scale(
                    domain=["succeeded", "failed", "skipped", "running"],
                    range=["#2e7d32", "#c0392b", "#9aa5b1", "#d68910"],
                ),
            ),
            tooltip=[
                alt.Tooltip("run_id:O", title="Run"),
                alt.Tooltip("started_at:T", title="Started (UTC)", format="%Y-%m-%d %H:%M"),
                alt.Tooltip("duration_s:Q", title="Duration (s)", format=".1f"),
                alt.Tooltip("status:N", title="Outcome"),
            ],
        )
        .properties(height=180, width="container")
    )
