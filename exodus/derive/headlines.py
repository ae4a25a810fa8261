"""Headline figures: per destination and metric, the most authoritative report that
best fits the chosen range, with the spread of all reports beside it.

The rule (explained on the About page):

1. Candidates are totals counted in people for a whole country (a period total, a
   running total, or for a stock metric such as registered migrants a level on a day)
   with at least half of their own days inside the range. A figure that is part of
   another candidate (``part_of``: a region, a week of that month) gives way to it.
2. Flagged figures (unnamed sources, forecasts, disputed rows) are never chosen; they
   stay in the spread.
3. Among the others: the strongest kind of body (see :mod:`exodus.data.authority`), then the
   most days inside the range, then the fewest days outside it, then the latest
   publication, then the smaller id (so the choice never depends on row order).

Figures are never added up here. Pure pandas: nothing here imports Streamlit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from exodus.data import authority
from exodus.i18n import _, ngettext

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


NARROW = ["id", "destination_iso3", "population", "value", "value_high", "qualifier", "reporting_body", "flagged",
          "authority_rank", "metric", "measure", "unit", "crossing_id", "reported_on", "part_of"]


def _day_numbers(values: pd.Series) -> list[int]:
    return values.to_numpy().astype("datetime64[D]").astype("int64").tolist()


def _candidates(rows: pd.DataFrame, start: date, end: date, metric: str | None = None) -> list[dict]:
    """The candidate reports as plain records (``pos`` is the row's position in ``rows``).

    The rule runs for every metric on each new range; on a few hundred rows plain Python
    is many times faster than a chain of pandas operations, and it stays easy to read."""
    lo, hi = int(pd.Timestamp(start).to_datetime64().astype("datetime64[D]").astype("int64")), \
        int(pd.Timestamp(end).to_datetime64().astype("datetime64[D]").astype("int64"))
    columns = {c: rows[c].to_numpy().tolist() for c in NARROW}
    firsts, lasts, published = _day_numbers(rows["period_start"]), _day_numbers(rows["period_end"]), _day_numbers(rows["reported_on_date"])
    out = []
    for pos in range(len(rows)):
        m = columns["metric"][pos]
        if metric is not None and m != metric:
            continue
        measures = ("stock",) if m in STOCK_METRICS else TOTAL_MEASURES
        first, last = firsts[pos], lasts[pos]
        if (columns["measure"][pos] not in measures or columns["unit"][pos] not in COUNTABLE_UNITS
                or columns["crossing_id"][pos] != "" or last < lo or first > hi):
            continue
        days, inside = last - first + 1, min(last, hi) - max(first, lo) + 1
        if inside < MIN_SHARE * days:
            continue
        record = {c: columns[c][pos] for c in NARROW}
        high = record["value_high"]
        record.update(pos=pos, days_inside=inside, days_outside=days - inside, published=published[pos],
                      high=high if record["qualifier"] == "range" and high == high else record["value"])
        out.append(record)
    return _without_parts(out)


def _without_parts(records: list[dict]) -> list[dict]:
    """A figure that is part of another candidate for the same destination (a region, a
    week of a month) is neither a headline nor in the spread: the whole stands for it."""
    wholes = {(r["id"], r["destination_iso3"]) for r in records}
    return [r for r in records if not r["part_of"] or (r["part_of"], r["destination_iso3"]) not in wholes]


def candidates(rows: pd.DataFrame, start: date, end: date, metric: str) -> pd.DataFrame:
    """Every report that may stand for a destination and metric in the range, flagged ones
    included, with ``days_inside`` and ``days_outside`` of the range."""
    found = _candidates(rows, start, end, metric)
    chosen = rows.iloc[[r["pos"] for r in found]]
    return chosen.assign(days_inside=[r["days_inside"] for r in found], days_outside=[r["days_outside"] for r in found])


def _order(record: dict) -> tuple:
    """The rule's order: strongest kind, most days inside, fewest outside, latest publication, smaller id."""
    return (record["authority_rank"], -record["days_inside"], record["days_outside"], -record["published"], record["id"])


def pick(rows: pd.DataFrame, start: date, end: date, metric: str) -> pd.DataFrame:
    """One row per destination: the chosen report, and why (see the module docstring).

    Extra columns: ``days_inside``, ``days_outside``, ``rank`` (0 = strongest kind),
    ``n_reports`` (candidates for the destination and the chosen row's population,
    flagged ones included), ``n_flagged``,
    ``spread_low``/``spread_high`` with their ``_body`` and ``_id``, and ``why`` in words.
    Destinations whose only candidates are flagged have no row.
    """
    every = _candidates(rows, start, end, metric)
    by_destination: dict[str, list[dict]] = {}
    for record in every:
        if not record["flagged"]:
            by_destination.setdefault(record["destination_iso3"], []).append(record)
    if not by_destination:
        return rows.iloc[0:0].assign(**{c: pd.Series(dtype="object") for c in EXPLAIN_COLUMNS})
    range_days = (_stamp(end) - _stamp(start)).days + 1
    picked = []
    for code, group in by_destination.items():
        ranked = sorted(group, key=_order)
        best = ranked[0]
        spread = _spread([r for r in every if r["destination_iso3"] == code and r["population"] == best["population"]])
        picked.append((best, {"days_inside": best["days_inside"], "days_outside": best["days_outside"], "rank": best["authority_rank"]}
                       | spread | {"why": _why(best, range_days, len(ranked) - 1)}))
    # cards in rule order: strongest kind first, then the larger figure, then the code
    picked.sort(key=lambda p: (p[0]["authority_rank"], -p[0]["value"], p[0]["destination_iso3"]))
    out = rows.iloc[[best["pos"] for best, _ in picked]].reset_index(drop=True)
    return pd.concat([out, pd.DataFrame.from_records([extra for _, extra in picked])], axis=1)


def _spread(group: list[dict]) -> dict:
    """How many reports, how many flagged, the lowest and highest figure and who gave them
    (for one destination and population: populations are never mixed in one spread)."""
    low = min(group, key=lambda r: (r["value"], r["id"]))
    high = min(group, key=lambda r: (-r["high"], r["id"]))
    return {"n_reports": len(group), "n_flagged": sum(bool(r["flagged"]) for r in group),
            "spread_low": float(low["value"]), "spread_low_body": low["reporting_body"], "spread_low_id": low["id"],
            "spread_high": float(high["high"]), "spread_high_body": high["reporting_body"], "spread_high_id": high["id"]}


def _why(row: dict, range_days: int, rivals: int) -> str:
    parts = [_("kind of body: {kind}").format(kind=authority.label(list(authority.KINDS)[row["authority_rank"]])),
             ngettext("{inside} of the range's {days} day covered, {outside} outside",
                      "{inside} of the range's {days} days covered, {outside} outside", range_days).format(
                 inside=row["days_inside"], days=range_days, outside=row["days_outside"]),
             _("published {date}").format(date=row["reported_on"])]
    text = "; ".join(parts)
    if rivals:
        text += "; " + ngettext("preferred to {n} other unflagged report", "preferred to {n} other unflagged reports",
                                rivals).format(n=rivals)
    return text


#: Metrics never offered as a row of cards: "other" mixes unrelated quantities.
NO_CARDS = {"other"}


def _headline_metrics(rows: pd.DataFrame, start: date, end: date) -> set[str]:
    """Metrics with at least one unflagged candidate in the range (one pass over the rows)."""
    return {r["metric"] for r in _candidates(rows, start, end) if not r["flagged"]} - NO_CARDS


def default_metrics(rows: pd.DataFrame, start: date, end: date, wave: str) -> list[str]:
    """The card metrics a range opens with: the wave's defaults that have a headline in the
    range, else the first of the wave's other counted metrics that has one (never an empty
    choice while any counted metric has a figure)."""
    present = _headline_metrics(rows, start, end)
    found = [m for m in DEFAULT_METRICS.get(wave, ()) if m in present]
    if found:
        return found
    order = (CROCUS_METRICS + MOBILIZATION_METRICS) if wave == "crocus_2024" else (MOBILIZATION_METRICS + CROCUS_METRICS)
    return [m for m in order if m in present][:1] or sorted(present)[:1]


def metrics_with_headlines(rows: pd.DataFrame, start: date, end: date) -> list[str]:
    """Every metric that has at least one headline in the range, in the order offered."""
    present = _headline_metrics(rows, start, end)
    order = list(dict.fromkeys(MOBILIZATION_METRICS + CROCUS_METRICS + tuple(sorted(present))))
    return [m for m in order if m in present]


def wave_of(start: date, crocus_day: date) -> str:
    """The wave a range belongs to: after the Crocus attack, or before it."""
    return "crocus_2024" if start >= crocus_day else "mobilization_2022"


IN_OUT = {"arrivals": "onward_departures"}
IN_OUT_KEY = ["destination_iso3", "population", "unit", "measure", "period_start", "period_end"]


IN_OUT_COLUMNS = ["destination_iso3", "period_start", "period_end", "population", "unit", "reporting_body", "arrived",
                  "arrived_qualifier", "arrived_id", "left", "left_qualifier", "left_id", "difference", "direction",
                  "approximate", "flagged", "source_url"]


def in_and_out(rows: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Where one body (or one source page) reports both arrivals and departures of the
    same people over the same days: both figures and their difference (derived).

    The difference is labelled "more arrived than left" (or the reverse), never
    emigration: people who stayed may leave later, and those who left may come back.
    Ranges are left out: their difference would be a range too.
    """
    lo, hi = _stamp(start), _stamp(end)
    wanted = rows["metric"].isin(list(IN_OUT) + list(IN_OUT.values())) & rows["measure"].isin(TOTAL_MEASURES) \
        & (rows["crossing_id"] == "") & (rows["period_end"] >= lo) & (rows["period_start"] <= hi) & (rows["qualifier"] != "range")
    part = rows[wanted]
    days = (part["period_end"] - part["period_start"]).dt.days + 1
    inside = (part["period_end"].clip(upper=hi) - part["period_start"].clip(lower=lo)).dt.days + 1
    part = part[(inside >= MIN_SHARE * days).to_numpy()]
    keyed: dict[tuple, list[dict]] = {}
    needed = IN_OUT_KEY + ["metric", "reporting_body", "source_url", "value", "qualifier", "id", "flagged"]
    for r in part[needed].to_dict("records"):
        keyed.setdefault(tuple(r[k] for k in IN_OUT_KEY), []).append(r)
    records = []
    for group in keyed.values():
        for arrived_metric, left_metric in IN_OUT.items():
            for a in (r for r in group if r["metric"] == arrived_metric):
                for b in (r for r in group if r["metric"] == left_metric):
                    if a["reporting_body"] != b["reporting_body"] and a["source_url"] != b["source_url"]:
                        continue
                    difference = a["value"] - b["value"]
                    records.append({
                        "destination_iso3": a["destination_iso3"], "period_start": a["period_start"], "period_end": a["period_end"],
                        "population": a["population"], "unit": a["unit"], "reporting_body": a["reporting_body"],
                        "arrived": a["value"], "arrived_qualifier": a["qualifier"], "arrived_id": a["id"],
                        "left": b["value"], "left_qualifier": b["qualifier"], "left_id": b["id"],
                        "difference": abs(difference),
                        "direction": _("more arrived than left") if difference >= 0 else _("more left than arrived"),
                        "approximate": a["qualifier"] != "exact" or b["qualifier"] != "exact",
                        "flagged": bool(a["flagged"] or b["flagged"]), "source_url": a["source_url"],
                    })
    out = pd.DataFrame.from_records(records, columns=IN_OUT_COLUMNS)
    return out.sort_values(["destination_iso3", "period_start", "period_end", "arrived_id"], kind="stable").reset_index(drop=True)


#: The units a crossing point's marker can be sized by.
CROSSING_UNITS = ("people", "vehicles", "crossings")


def by_crossing(reports: pd.DataFrame) -> pd.DataFrame:
    """For each crossing point, the largest figure about it (any measure) in people or vehicles.

    Crossing markers are sized by their figures; flagged figures do not size them. Rows
    come in crossing order; for a crossing, the largest value, then the earliest end,
    then the smaller id (a value that is missing counts as the smallest). The rows are
    chosen in plain Python and taken from ``reports`` once: each pandas selection of the
    wide reports table costs more than the whole choice."""
    crossing = reports["crossing_id"].to_numpy(dtype=object)
    keep = ((crossing != "") & reports["unit"].isin(CROSSING_UNITS).to_numpy(dtype=bool)
            & (reports["measure"].to_numpy(dtype=object) != "change_pct") & ~reports["flagged"].to_numpy(dtype=bool))
    positions = keep.nonzero()[0].tolist()
    values, ends, ids = (reports[c].to_numpy()[positions].tolist() for c in ("value", "period_end", "id"))
    best: dict[str, tuple[tuple, int]] = {}
    for pos, value, end, row_id in zip(positions, values, ends, ids):
        key = (value != value, -value if value == value else 0, end, row_id)
        code = crossing[pos]
        if code not in best or key < best[code][0]:
            best[code] = (key, pos)
    return reports.iloc[[best[code][1] for code in sorted(best)]].reset_index(drop=True)
