"""Tables for display and download: readable columns, safe links, text search."""

from __future__ import annotations

import pandas as pd

from exodus.data import authority
from exodus.data import schema
from exodus.charts.figures import records as as_records
from exodus.charts.formatting import amount, measure_phrase, number, period, qualified, safe_link
from exodus.i18n import N_, _, ngettext

#: The figure first: on a phone only the first columns show without scrolling sideways.
FIGURE_COLUMNS = {
    "figure": N_("Figure"),
    "destination": N_("Destination"),
    "what": N_("What was counted"),
    "when": N_("Period"),
    "reporting_body": N_("Reported by"),
    "source_url": N_("Link"),
    "id": N_("Id"),
    "source": N_("Source"),
    "reported_on": N_("Published"),
    "flag": N_("Flag"),
    "source_type": N_("Page"),
    "notes": N_("Notes"),
}


#: The columns of a report that its description reads (the rest are never converted).
DESCRIBED = ("destination_iso3", "crossing_id", "metric", "population", "unit", "measure", "qualifier", "value",
             "value_high", "period_start", "period_end", "source_publisher", "source_title", "source_url", "flag_reason",
             "authority_kind", "disputed", "source_type")


def _describe(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS.values()))
    records = as_records(rows, DESCRIBED)
    out = pd.DataFrame(
        {
            "id": rows["id"].to_numpy(),
            "destination": [schema.label_destination(r["destination_iso3"]) + (f" ({r['crossing_id']})" if r.get("crossing_id") else "") for r in records],
            "what": [f"{schema.label(schema.METRICS, r['metric'])} · {schema.label(schema.POPULATIONS, r['population'])}" for r in records],
            "figure": [amount(r) for r in records],
            "when": [measure_phrase(r) for r in records],
            "reporting_body": rows["reporting_body"].to_numpy(),
            "source": [f"{r['source_publisher']}: {r['source_title']}" for r in records],
            "source_url": [safe_link(r["source_url"]) for r in records],
            "reported_on": rows["reported_on"].to_numpy(),
            "flag": [_flag(r) for r in records],
            "source_type": [r.get("source_type", "") for r in records],
            "notes": rows["notes"].to_numpy(),
        }
    )
    return out[list(FIGURE_COLUMNS)].rename(columns=FIGURE_COLUMNS)


def figures_table(rows: pd.DataFrame) -> pd.DataFrame:
    return _describe(rows)


def _flag(row: dict) -> str:
    reason = row.get("flag_reason") or ""
    if reason and "authority_kind" in row:  # the loaded reason is in English: say it again in the active language
        reason = authority.flag_reason(row["authority_kind"], row.get("disputed") or "")
    return f"⚑ {reason}" if reason else ""


def headline_table(best: pd.DataFrame) -> pd.DataFrame:
    """The chosen report per destination (from exodus.derive.headlines.pick), with why it was
    chosen and the spread of all reports for the destination."""
    table = _describe(best)
    if not best.empty and "n_reports" in best:
        records = best.to_dict("records")
        table.insert(6, N_("Kind of body"), [authority.label(r["authority_kind"]) for r in records])
        table.insert(7, N_("Why this report"), best["why"].to_numpy())
        table.insert(8, N_("Reports in range"), best["n_reports"].to_numpy())
        table.insert(9, N_("Spread of reports"), [spread_text(r) for r in records])
    return table


def spread_text(row: dict) -> str:
    """'3 reports for this destination range from 6,109 (body) to 700,000 (body)'."""
    n = int(row["n_reports"])
    if n <= 1:
        return _("the only report for this destination in the range")
    flagged = int(row.get("n_flagged") or 0)
    tail = ngettext("; {n} of them flagged", "; {n} of them flagged", flagged).format(n=flagged) if flagged else ""
    return ngettext("{n} report for this destination ranges from {low} ({low_body}) to {high} ({high_body})",
                    "{n} reports for this destination range from {low} ({low_body}) to {high} ({high_body})", n).format(
        n=n, low=number(row["spread_low"]), low_body=row["spread_low_body"], high=number(row["spread_high"]),
        high_body=row["spread_high_body"]) + tail


def in_out_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Arrivals and departures reported by one body for the same days, with the difference (derived)."""
    columns = [N_("Destination"), N_("Period"), N_("Reported by"), N_("Arrived"), N_("Left"), N_("Difference (derived)"), N_("Ids"), N_("Link")]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    records = pairs.to_dict("records")
    return pd.DataFrame({
        "Destination": [schema.label_destination(r["destination_iso3"]) for r in records],
        "Period": [period(r["period_start"], r["period_end"]) for r in records],
        "Reported by": pairs["reporting_body"].to_numpy(),
        "Arrived": [_qualified(r["arrived"], r["arrived_qualifier"]) for r in records],
        "Left": [_qualified(r["left"], r["left_qualifier"]) for r in records],
        "Difference (derived)": [qualified("about" if r["approximate"] else "exact", number(r["difference"])) + f" {r['direction']}"
                                 + (" ⚑ " + _("flagged report") if r["flagged"] else "") for r in records],
        "Ids": [f"{r['arrived_id']}, {r['left_id']}" for r in records],
        "Link": pairs["source_url"].map(safe_link).to_numpy(),
    })


def _qualified(value: float, qualifier: str) -> str:
    return qualified(qualifier, number(value))


def estimate_table(totals: pd.DataFrame) -> pd.DataFrame:
    """Estimated totals with their range and the reports they rest on (labelled derived)."""
    if totals.empty:
        return pd.DataFrame(columns=[N_("Destination"), N_("Kind"), N_("Estimate"), N_("Low"), N_("High"), N_("Days covered"), N_("Reports used")])
    return pd.DataFrame(
        {
            "Destination": totals["destination_iso3"].map(schema.label_destination),
            "Kind": _("estimate (derived)"),
            N_("What"): totals["metric"].map(schema.translated(schema.METRICS)) + " · " + totals["population"].map(schema.translated(schema.POPULATIONS)),
            "Estimate": totals["point"].round(0),
            "Low": totals["low"].round(0),
            "High": totals["high"].round(0),
            "Days covered": [_("{covered} of {days}").format(covered=c, days=d) for c, d in zip(totals["days_covered"], totals["days_in_range"])],
            "Reports used": totals["report_ids"],
        }
    )


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    if events.empty:
        return pd.DataFrame(columns=[N_("Date"), N_("Until"), N_("Event"), N_("Category"), N_("Country"), N_("Description"), N_("Source"), N_("Link")])
    return pd.DataFrame(
        {
            "Date": events["date"].dt.date,
            "Until": [_until(e) for e in events.to_dict("records")],
            "Event": events["title"],
            "Category": events["category"].map(schema.translated(schema.EVENT_CATEGORIES)),
            "Country": events["country_iso3"].map(schema.label_destination),
            "Description": events["description"],
            "Source": events["source_publisher"],
            "Link": events["source_url"].map(safe_link),
        }
    )


def _until(event: dict) -> str:
    from exodus.derive.filters import OPEN_ENDED

    if isinstance(event["end_date"], pd.Timestamp) and not pd.isna(event["end_date"]):
        return event["end_date"].strftime("%Y-%m-%d")
    return _("no end reported") if event["category"] in OPEN_ENDED else ""


SEARCHED = ["id", "destination_iso3", "crossing_id", "population", "metric", "reporting_body", "source_publisher", "source_title", "notes"]
ROW_ID = __import__("re").compile(r"^(?:m22|c24)-[a-z]{3}-\d{3}$")


def ids_in(query: str) -> list[str]:
    """Row ids typed into the search box (such as 'm22-geo-035'): these open the row
    whatever the filters, since notes point to rows outside the current range."""
    return [w for w in (query or "").lower().split() if ROW_ID.match(w)]


def search(rows: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows where every word of the query appears in some text column (case-insensitive)."""
    words = [w for w in (query or "").lower().split() if w][:10]
    if not words or rows.empty:
        return rows
    names = rows["destination_iso3"].map(schema.label_destination)
    metrics = rows["metric"].map(schema.translated(schema.METRICS))
    haystack = rows[SEARCHED].astype(str).agg(" ".join, axis=1).str.cat([names, metrics], sep=" ").str.lower()
    mask = pd.Series(True, index=rows.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return rows[mask]


def for_export(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the curated file's own columns (sources included), dates as ISO text."""
    for kind in ("departures", "events"):
        columns = schema.columns(kind)
        if set(columns) <= set(rows.columns):
            out = rows[columns].copy()
            for column in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[column]):
                    out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
            return out.reset_index(drop=True)
    return rows.drop(columns=[c for c in ("line",) if c in rows]).reset_index(drop=True)


#: Names of the destinations that are no country, as a sentence or a card says them.
PLACE_NAMES = {"ALL": N_("All destinations"), "RUS": N_("Counted inside Russia")}


def place_name(code: str) -> str:
    return _(PLACE_NAMES[code]) if code in PLACE_NAMES else schema.label_destination(code)


def lede(top: pd.DataFrame, metric_label: str, limit: int = 3) -> str:
    """One plain sentence naming the first headline figures and who counted them (the
    body's name without its parenthesised details): 'Arrivals in the destination from
    Russia: Kazakhstan 406,000 (Kazakhstan Ministry of Internal Affairs), Georgia 222,274
    (...) and 9 more destinations.'"""
    if top.empty:
        return ""
    records = top.head(limit).to_dict("records")
    parts = [f"{place_name(r['destination_iso3'])} {number(r['value'])} ({str(r['reporting_body']).split(' (')[0]})" for r in records]
    rest = len(top) - len(records)
    tail = ngettext(" and {n} more destination", " and {n} more destinations", rest).format(n=rest) if rest else ""
    return f"{metric_label}: {', '.join(parts)}{tail}."


#: Readable headers for the curated files' own columns, for tables shown in the app and,
#: when asked for, exported CSV files (the files themselves keep these column names).
HEADERS = {
    "id": N_("Id"), "period_start": N_("First day"), "period_end": N_("Last day"), "reported_on": N_("Published"),
    "destination_iso3": N_("Destination code"), "crossing_id": N_("Crossing point"), "population": N_("Population"),
    "metric": N_("Metric"), "measure": N_("Measure"), "unit": N_("Unit"), "value": N_("Value"), "value_high": N_("Upper value"),
    "qualifier": N_("Qualifier"), "reporting_body": N_("Reported by"), "source_publisher": N_("Publisher"),
    "source_url": N_("Link"), "source_title": N_("Page title"), "language": N_("Language of the page"), "wave": N_("Wave"),
    "notes": N_("Notes"), "source_type": N_("Page"), "part_of": N_("Part of"), "disputed": N_("Disputed"),
    "date": N_("Date"), "end_date": N_("Until"), "title": N_("Event"), "category": N_("Category"),
    "country_iso3": N_("Country code"), "description": N_("Description"), "name": N_("Name"),
    "russia_side": N_("Russian checkpoint"), "other_side": N_("Neighbour's checkpoint"), "lat": N_("Latitude"),
    "lon": N_("Longitude"), "mode": N_("Modes"), "series_id": N_("Series"), "period": N_("Period"), "published": N_("Published"),
    "via": N_("Via"), "publisher": N_("Publisher"), "dataset": N_("Dataset"), "direction": N_("Direction"),
    "country_role": N_("Country means"), "definition": N_("Definition"),
}


def header(column: str) -> str:
    """A column's header in the active language (the column's own name when it has no label)."""
    return _(HEADERS.get(column, column))


def with_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column renamed to its header in the active language."""
    return frame.rename(columns={c: header(str(c)) for c in frame.columns})
