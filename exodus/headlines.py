"""Headline figures: per destination and metric, the most authoritative report that
best fits the chosen range, with the spread of all reports beside it.

The rule (explained on the About page):

1. Candidates are totals counted in people for a whole country (a period total, a
   running total, or for a stock metric such as registered migrants a level on a day)
   with at least half of their own days inside the range.
2. Flagged figures (unnamed sources, forecasts, disputed rows) are never chosen; they
   stay in the spread.
3. Among the others: the strongest kind of body (see :mod:`exodus.authority`), then the
   most days inside the range, then the fewest days outside it, then the latest
   publication, then the smaller id (so the choice never depends on row order).

Figures are never added up here. Pure pandas: nothing here imports Streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from exodus import authority

TOTAL_MEASURES = ("period_total", "cumulative")
COUNTABLE_UNITS = ("people",)
#: Metrics that describe a level on a day, not a flow: their candidates are stocks.
STOCK_METRICS = ("registered_migrants",)
#: Candidates need at least this share of their own days inside the range.
MIN_SHARE = 0.5

#: Default card metrics, per wave: what the first screen leads with.
DEFAULT_METRICS = {
    "mobilization_2022": ("arrivals",),
    "crocus_2024": ("deportations", "returnees"),
}
#: What is counted after the Crocus attack, in the order the page offers it when the
#: defaults have no figure in the range.
CROCUS_METRICS = ("deportations", "returnees", "expulsion_orders", "entry_refusals", "entry_bans",
                  "registered_migrants", "planned_expulsions")
MOBILIZATION_METRICS = ("arrivals", "departures", "onward_departures", "refused_entry_abroad", "id_registrations",
                        "residence_permits")

EXPLAIN_COLUMNS = ["days_inside", "days_outside", "rank", "n_reports", "n_flagged", "spread_low", "spread_low_body",
                   "spread_low_id", "spread_high", "spread_high_body", "spread_high_id", "why"]


def _stamp(day) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def candidates(rows: pd.DataFrame, start: date, end: date, metric: str) -> pd.DataFrame:
    """Every report that may stand for a destination and metric in the range, flagged ones
    included, with ``days_inside`` and ``days_outside`` of the range."""
    measures = ("stock",) if metric in STOCK_METRICS else TOTAL_MEASURES
    lo, hi = _stamp(start), _stamp(end)
    chosen = rows[(rows["metric"] == metric) & rows["measure"].isin(measures) & rows["unit"].isin(COUNTABLE_UNITS)
                  & (rows["crossing_id"] == "") & (rows["period_end"] >= lo) & (rows["period_start"] <= hi)]
    days = (chosen["period_end"] - chosen["period_start"]).dt.days + 1
    inside = (chosen["period_end"].clip(upper=hi) - chosen["period_start"].clip(lower=lo)).dt.days + 1
    out = chosen.assign(days_inside=inside.astype("int64"), days_outside=(days - inside).astype("int64"))
    return out[out["days_inside"] >= MIN_SHARE * days]


def _high(rows: pd.DataFrame) -> pd.Series:
    return rows["value_high"].where(rows["qualifier"].eq("range") & rows["value_high"].notna(), rows["value"])


def pick(rows: pd.DataFrame, start: date, end: date, metric: str) -> pd.DataFrame:
    """One row per destination: the chosen report, and why (see the module docstring).

    Extra columns: ``days_inside``, ``days_outside``, ``rank`` (0 = strongest kind),
    ``n_reports`` (candidates for the destination and the chosen row's population,
    flagged ones included), ``n_flagged``,
    ``spread_low``/``spread_high`` with their ``_body`` and ``_id``, and ``why`` in words.
    Destinations whose only candidates are flagged have no row.
    """
    every = candidates(rows, start, end, metric)
    eligible = every[~every["flagged"]]
    if eligible.empty:
        return eligible.assign(**{c: pd.Series(dtype="object") for c in EXPLAIN_COLUMNS})
    ordered = eligible.sort_values(
        ["destination_iso3", "authority_rank", "days_inside", "days_outside", "reported_on_date", "id"],
        ascending=[True, True, False, True, False, True], kind="stable")
    best = ordered.drop_duplicates("destination_iso3").copy()
    best["rank"] = best["authority_rank"]
    spread = _spread(every).set_index(["destination_iso3", "population"])
    best = best.join(spread, on=["destination_iso3", "population"])
    range_days = (_stamp(end) - _stamp(start)).days + 1
    best["why"] = [_why(r, range_days, others) for r, others in zip(best.to_dict("records"), _rivals(best, ordered))]
    return best.sort_values(["rank", "value", "destination_iso3"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def _spread(every: pd.DataFrame) -> pd.DataFrame:
    """Per destination and population: how many reports, how many flagged, the lowest and
    highest figure and who gave them (populations are never mixed in one spread)."""
    frame = every.assign(_high=_high(every))
    records = []
    for (code, population), group in frame.groupby(["destination_iso3", "population"], sort=True):
        low = group.sort_values(["value", "id"], kind="stable").iloc[0]
        high = group.sort_values(["_high", "id"], ascending=[False, True], kind="stable").iloc[0]
        records.append({
            "destination_iso3": code, "population": population, "n_reports": len(group), "n_flagged": int(group["flagged"].sum()),
            "spread_low": float(low["value"]), "spread_low_body": low["reporting_body"], "spread_low_id": low["id"],
            "spread_high": float(high["_high"]), "spread_high_body": high["reporting_body"], "spread_high_id": high["id"],
        })
    return pd.DataFrame.from_records(records)


def _rivals(best: pd.DataFrame, ordered: pd.DataFrame) -> list[int]:
    counts = ordered.groupby("destination_iso3").size()
    return [int(counts[code]) - 1 for code in best["destination_iso3"]]


def _why(row: dict, range_days: int, rivals: int) -> str:
    parts = [f"kind of body: {authority.label(row['authority_kind'])}",
             f"{row['days_inside']} of the range's {range_days} days covered, {row['days_outside']} outside",
             f"published {row['reported_on']}"]
    text = "; ".join(parts)
    if rivals:
        text += f"; preferred to {rivals} other unflagged report{'s' if rivals > 1 else ''}"
    return text


def default_metrics(rows: pd.DataFrame, start: date, end: date, wave: str) -> list[str]:
    """The card metrics a range opens with: the wave's defaults that have a headline in the
    range, else the first of the wave's other counted metrics that has one (never an empty
    choice while any counted metric has a figure)."""
    preferred = DEFAULT_METRICS.get(wave, ())
    found = [m for m in preferred if not pick(rows, start, end, m).empty]
    if found:
        return found
    for metric in (CROCUS_METRICS if wave == "crocus_2024" else MOBILIZATION_METRICS) + CROCUS_METRICS + MOBILIZATION_METRICS:
        if not pick(rows, start, end, metric).empty:
            return [metric]
    return []


def metrics_with_headlines(rows: pd.DataFrame, start: date, end: date) -> list[str]:
    """Every metric that has at least one headline in the range, in the order offered."""
    order = list(dict.fromkeys(MOBILIZATION_METRICS + CROCUS_METRICS + tuple(rows["metric"].unique())))
    return [m for m in order if not pick(rows, start, end, m).empty]


def wave_of(start: date, crocus_day: date) -> str:
    """The wave a range belongs to: after the Crocus attack, or before it."""
    return "crocus_2024" if start >= crocus_day else "mobilization_2022"


IN_OUT = {"arrivals": "onward_departures"}
IN_OUT_KEY = ["destination_iso3", "population", "unit", "measure", "period_start", "period_end"]


def in_and_out(rows: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Where one body (or one source page) reports both arrivals and departures of the
    same people over the same days: both figures and their difference (derived).

    The difference is labelled "more arrived than left" (or the reverse), never
    emigration: people who stayed may leave later, and those who left may come back.
    """
    lo, hi = _stamp(start), _stamp(end)
    base = rows[(rows["crossing_id"] == "") & rows["measure"].isin(TOTAL_MEASURES) & (rows["period_end"] >= lo)
                & (rows["period_start"] <= hi)]
    days = (base["period_end"] - base["period_start"]).dt.days + 1
    inside = (base["period_end"].clip(upper=hi) - base["period_start"].clip(lower=lo)).dt.days + 1
    base = base[inside >= MIN_SHARE * days]
    records = []
    for arrived_metric, left_metric in IN_OUT.items():
        ins, outs = base[base["metric"] == arrived_metric], base[base["metric"] == left_metric]
        pairs = ins.merge(outs, on=IN_OUT_KEY, suffixes=("_in", "_out"))
        pairs = pairs[(pairs["reporting_body_in"] == pairs["reporting_body_out"]) | (pairs["source_url_in"] == pairs["source_url_out"])]
        for p in pairs.to_dict("records"):
            if p["qualifier_in"] == "range" or p["qualifier_out"] == "range":
                continue
            difference = p["value_in"] - p["value_out"]
            records.append({
                "destination_iso3": p["destination_iso3"], "period_start": p["period_start"], "period_end": p["period_end"],
                "population": p["population"], "unit": p["unit"], "reporting_body": p["reporting_body_in"],
                "arrived": p["value_in"], "arrived_qualifier": p["qualifier_in"], "arrived_id": p["id_in"],
                "left": p["value_out"], "left_qualifier": p["qualifier_out"], "left_id": p["id_out"],
                "difference": abs(difference),
                "direction": "more arrived than left" if difference >= 0 else "more left than arrived",
                "approximate": p["qualifier_in"] != "exact" or p["qualifier_out"] != "exact",
                "flagged": bool(p["flagged_in"] or p["flagged_out"]),
                "source_url": p["source_url_in"],
            })
    columns = ["destination_iso3", "period_start", "period_end", "population", "unit", "reporting_body", "arrived",
               "arrived_qualifier", "arrived_id", "left", "left_qualifier", "left_id", "difference", "direction",
               "approximate", "flagged", "source_url"]
    out = pd.DataFrame.from_records(records, columns=columns)
    return out.sort_values(["destination_iso3", "period_start", "period_end", "arrived_id"], kind="stable").reset_index(drop=True)


def by_crossing(reports: pd.DataFrame) -> pd.DataFrame:
    """For each crossing point, the largest figure about it (any measure) in people or vehicles.

    Crossing markers are sized by their figures; flagged figures do not size them.
    """
    rows = reports[(reports["crossing_id"] != "") & reports["unit"].isin(("people", "vehicles", "crossings"))]
    rows = rows[(rows["measure"] != "change_pct") & ~rows["flagged"]]
    ordered = rows.sort_values(["crossing_id", "value", "period_end", "id"], ascending=[True, False, True, True], kind="stable")
    return ordered.drop_duplicates("crossing_id").reset_index(drop=True)
