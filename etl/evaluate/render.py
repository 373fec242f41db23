"""The evaluation payload (report.as_dict) as the plain text the CLI prints."""

from __future__ import annotations

from typing import Any


def _f(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def _row(name: str, floor: dict[str, Any], every: dict[str, Any]) -> str:
    def cells(c: dict[str, Any]) -> str:
        return f"{c['predicted']:5d} {c['matched']:5d}  {_f(c['precision'])} {_f(c['recall'])} {_f(c['f1'])}"

    return f"  {name:<22}{floor['gold']:5d} |{cells(floor)} |{cells(every)}"


def _score_table(payload: dict[str, Any]) -> list[str]:
    floor, every = payload["at_min_confidence"], payload["all_candidates"]
    head = f"{'pred':>5} {'match':>5}  {'P':>4} {'R':>4} {'F1':>4}"
    lines = [
        f"  {'':<22}{'':>5} | confidence >= {floor['min_confidence']:.2f}{'':<12}| all candidates",
        f"  {'category':<22}{'gold':>5} |{head} |{head}",
        _row("overall", floor["overall"], every["overall"]),
    ]
    empty = {"gold": 0, "predicted": 0, "matched": 0, "precision": None, "recall": None, "f1": None}
    for name in every["per_category"]:
        lines.append(_row(name, floor["per_category"].get(name, empty), every["per_category"][name]))
    return lines


def _accuracy(scoring: dict[str, Any]) -> str:
    parts = []
    for name, label in (
        ("direction", "direction"),
        ("direction_transfers", "direction (transfers)"),
        ("dates", "dates"),
        ("status", "status"),
    ):
        a = scoring["accuracy"][name]
        parts.append(f"{label} {_f(a['share'])} ({a['right']}/{a['total']})")
    return ", ".join(parts)


def _classes(title: str, counts: dict[str, int]) -> str:
    return f"  {title}: " + (", ".join(f"{n} {name}" for name, n in counts.items()) or "none")


def _reliability(payload: dict[str, Any]) -> list[str]:
    lines = ["Reliability (all candidates; right = matches a gold item and has its parties):"]
    lines.append(f"  {'confidence':<11}{'items':>6}{'matched':>9}{'right':>7}{'share right':>13}")
    for band in payload["reliability"]:
        lines.append(
            f"  {band['band']:<11}{band['items']:6d}{band['matched']:9d}{band['right']:7d}"
            f"{_f(band['share_right']):>13}"
        )
    return lines


def _quote(text: str) -> str:
    return '      "' + " / ".join(line.strip() for line in text.splitlines()) + '"'


def _parties(entry: dict[str, Any]) -> str:
    arrow = " - " if entry["direction"] == "between" else " -> "
    return f"{entry['from'] or '?'}{arrow}{entry['to'] or '?'}"


def _detail_lines(details: dict[str, Any]) -> list[str]:
    lines = ["", f"Missed ({len(details['misses'])}):"]
    for m in details["misses"]:
        lines.append(
            f"  [{m['class']}] {m['text']} (labels line {m['label_line']}): {m['category']} "
            f"{_parties(m)}, {m['status']}"
        )
        lines.append(_quote(m["quote"]))
    lines += ["", f"False ({len(details['false'])}):"]
    for f in details["false"]:
        lines.append(
            f"  [{f['class']}] {f['text']}: {f['category']} {_parties(f)}, {f['status']}, "
            f"confidence {f['confidence']:.2f}"
        )
        lines.append(_quote(f["quote"]))
    lines += ["", f"Matched with a wrong value ({len(details['wrong_values'])}):"]
    for w in details["wrong_values"]:
        g, p = w["gold"], w["predicted"]
        lines.append(
            f"  [{', '.join(w['wrong'])}] {g['text']} (labels line {g['label_line']}): {g['category']}"
        )
        lines.append(f"      gold {_parties(g)}, {g['status']}, {' '.join(g['dates'])}")
        lines.append(f"      got  {_parties(p)}, {p['status']}, {' '.join(p['dates'])}")
        lines.append(_quote(g["quote"]))
    return lines


def _made(payload: dict[str, Any]) -> str:
    seconds = payload["extraction_seconds"]
    if seconds is None:  # items a second labeller gave, not the extractor's
        return f"  {payload['candidates']} items given by the second labelling"
    return f"  {payload['candidates']} candidates extracted in {seconds:.2f} s"


def describe(payload: dict[str, Any]) -> str:
    """The report: scores, accuracy on matched items, reliability, error classes, and details if asked."""
    floor, every = payload["at_min_confidence"], payload["all_candidates"]
    lines = [
        f"Evaluation of {payload['texts']} texts ({payload['split']} split, "
        f"{payload['publishers']} publishers, {payload['gold_items']} labelled items) in {payload['corpus']}",
        _made(payload),
        "",
        *_score_table(payload),
        "",
        f"Matched items at confidence >= {floor['min_confidence']:.2f}: {_accuracy(floor)}",
        f"Matched items, all candidates: {_accuracy(every)}",
        "",
        *_reliability(payload),
        "",
        f"Errors at confidence >= {floor['min_confidence']:.2f}:",
        _classes("missed", floor["misses_by_class"]),
        _classes("false", floor["false_by_class"]),
    ]
    if "details" in payload:
        lines += _detail_lines(payload["details"])
    return "\n".join(lines)
