"""The v2 benchmark's targets (issue 12) checked against a run's figures, and its tables."""

from __future__ import annotations

from typing import Any

Target = tuple[str, str, float | None, bool | None]  # (figure, target, value, met)


def _get(report: dict[str, Any], *path: str) -> Any:
    value: Any = report
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _check(name: str, value: float | None, op: str, bound: float) -> Target:
    if value is None:
        return (name, f"{op} {bound:g}", None, None)
    met = value >= bound if op == ">=" else value <= bound
    return (name, f"{op} {bound:g}", value, met)


def fairness(report: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    """(highest group FP rate, lowest, their ratio) over the common-name groups."""
    groups = _get(report, "sets", "d_common_names", "by_group") or {}
    rates = [g["fp"] for g in groups.values() if "fp" in g]
    if not rates:
        return None, None, None
    high, low = max(rates), min(rates)
    ratio = high / low if low > 0 else (float("inf") if high > 0 else 1.0)
    return high, low, ratio


def targets(report: dict[str, Any]) -> list[Target]:
    s = "sets"
    out = [
        _check("a well-known: hit", _get(report, s, "a_well_known", "hit"), ">=", 0.98),
        _check("a well-known: top-1", _get(report, s, "a_well_known", "top1"), ">=", 0.98),
    ]
    for name in ("b_uk_non_latin_vs_latin_only", "b_ru_cyrillic_vs_latin_only"):
        out.append(_check(f"{name[2:]}: hit", _get(report, s, name, "hit"), ">=", 0.95))
    out.append(_check("c wrong birth year: top-1",
                      _get(report, s, "c_wrong_birth_year", "top1"), ">=", 0.97))
    out.append(_check("c conflicting DOB+nationality: still a match",
                      _get(report, s, "c_conflicting_dob_nationality", "fp"), "<=", 0.0))
    high, _, ratio = fairness(report)
    out.append(_check("d common names: worst group FP", high, "<=", 0.01))
    out.append(_check("d common names: max/min group FP", ratio, "<=", 2.0))
    out.append(_check("d overall FP (look-alikes + common names)",
                      _get(report, "d_overall_fp"), "<=", 0.003))
    out.append(_check("d look-alikes FP", _get(report, s, "d_lookalikes", "fp"), "<=", 0.0))
    worst_dup = max((f.get("answers_with_duplicate_match", 0.0)
                     for f in (_get(report, s) or {}).values()), default=None)
    out.append(_check("answers with one entity matched twice (worst set)", worst_dup,
                      "<=", 0.0))
    t = "throughput_mixed_batch"
    out += [
        _check("queries/s, one core (CPU)", _get(report, t, "qps_cpu"), ">=", 2000),
        _check("p50 ms", _get(report, t, "p50_ms"), "<=", 1.0),
        _check("p99 ms", _get(report, t, "p99_ms"), "<=", 10.0),
        _check("longest full GC pause during batch, ms",
               _get(report, t, "max_full_collection_ms"), "<=", 10.0),
        _check("resident memory after batch, MB", _get(report, "rss_mb_after_batch"),
               "<=", 400),
        _check("cold CLI screen, s", _get(report, "cold_cli_screen", "median_s"), "<=", 1.5),
        _check("whole process vs logic-v2 (×)",
               _get(report, "logic_v2_side_by_side", "process_ratio"), ">=", 20),
    ]
    ours = _get(report, "logic_v2_side_by_side", "d_common_names", "ours", "fp")
    theirs = _get(report, "logic_v2_side_by_side", "d_common_names", "theirs", "fp")
    if ours is not None and theirs is not None:
        out.append(("common-name FP not above logic-v2's", f"<= {theirs:.3f}", ours,
                     ours <= theirs))
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


COLUMNS = ("queries", "hit", "top1", "wrong_entity_match", "fp", "duplicates_per_result",
           "answers_with_duplicate_match", "p50_ms", "p99_ms")


def table(report: dict[str, Any]) -> str:
    lines = ["| set | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for name, fig in (_get(report, "sets") or {}).items():
        lines.append(f"| {name} | " + " | ".join(_fmt(fig.get(c)) for c in COLUMNS) + " |")
        for group, g in (fig.get("by_group") or {}).items():
            lines.append(f"| &nbsp; {group} | " + " | ".join(
                _fmt(g.get(c)) for c in COLUMNS) + " |")
    side = _get(report, "logic_v2_side_by_side")
    if side:
        lines += ["", "| set (same subset) | ours hit / top-1 / FP / dup | "
                      "logic-v2 hit / top-1 / FP / dup |", "|---|---|---|"]
        for name, pair in side.items():
            if not isinstance(pair, dict) or "ours" not in pair or name in ("ours", "theirs"):
                continue
            cells = []
            for who in ("ours", "theirs"):
                f = pair[who]
                cells.append(" / ".join(_fmt(f.get(k)) for k in
                                        ("hit", "top1", "fp", "duplicates_per_result")))
            lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    lines += ["", "| target | bound | figure | |", "|---|---|---|---|"]
    for name, bound, value, met in report.get("targets", []):
        verdict = "n/a" if met is None else ("met" if met else "**not met**")
        lines.append(f"| {name} | {bound} | {_fmt(value)} | {verdict} |")
    return "\n".join(lines)
