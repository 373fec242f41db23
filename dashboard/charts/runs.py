"""The refresh history chart."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts.theme import INK

LABELLED_UP_TO = 20  # runs whose duration is written above their bar; more would crowd
OUTCOMES = {
    "succeeded": "#2e7d32",
    "failed": "#c0392b",
    "skipped": "#9aa5b1",
    "running": "#d68910",
}


def runs_chart(runs: pd.DataFrame) -> alt.LayerChart:
    """Duration of recent refreshes, one bar per run (oldest on the left), coloured by outcome.

    runs: run_id, started_at, duration_s (empty while a run is still running), status. Bars keep a
    readable width however few runs there are: one run is one slim bar, not a band across the page.
    """
    frame = runs.assign(
        run=runs["run_id"].map(lambda r: f"Run {r}"),
        shown_s=runs["duration_s"].fillna(0.0),
        label=["running" if pd.isna(d) else f"{d:.1f} s" for d in runs["duration_s"]],
        outcome=runs["status"].map(lambda s: str(s).capitalize()),
    ).sort_values("run_id")
    order = frame["run"].tolist()
    bar = max(4, min(28, int(640 / max(len(frame), 1))))
    base = alt.Chart(frame).encode(
        x=alt.X("run:N", title=None, sort=order, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("shown_s:Q", title="Duration (s)", scale=alt.Scale(domainMin=0, nice=True)),
        tooltip=[
            alt.Tooltip("run:N", title="Run"),
            alt.Tooltip("started_at:T", title="Started (UTC)", format="%Y-%m-%d %H:%M"),
            alt.Tooltip("label:N", title="Duration"),
            alt.Tooltip("outcome:N", title="Outcome"),
        ],
    )
    present = [s for s in OUTCOMES if s in set(frame["status"])]
    bars = base.mark_bar(cornerRadius=2, size=bar).encode(
        color=alt.Color(
            "outcome:N",
            title="Outcome",
            scale=alt.Scale(domain=[s.capitalize() for s in present], range=[OUTCOMES[s] for s in present]),
        )
    )
    layers: list[alt.Chart] = [bars]
    if len(frame) <= LABELLED_UP_TO:
        layers.append(base.mark_text(dy=-7, fontSize=11, color=INK).encode(text="label:N"))
    return alt.LayerChart(layer=layers).properties(height=180, width="container")
