"""How much weight a reported figure carries: the kind of body that produced it.

Every reporting body is described once in ``data/bodies.csv`` (its name as written in
``departures.csv``, its kind and its country). The kinds are ranked, strongest first;
the headline rule (:mod:`exodus.derive.headlines`) prefers the strongest kind, and figures from
unnamed sources, forecasts and disputed rows are flagged and never become a headline.

This module imports nothing else from the package but the language layer, so the schema
can read ``KINDS``.
"""

from __future__ import annotations

import pandas as pd

from exodus.i18n import N_, _

#: Kinds of reporting body, strongest first (the rank is the position).
KINDS = {
    "border_authority": N_("Border, interior, migration or statistics authority of the country where people were counted"),
    "government": N_("Another government body (a ministry, a president, a court, a regional government)"),
    "international": N_("International agency (Frontex, IOM, World Bank)"),
    "media_count": N_("A media outlet's own count or tally, or another organisation's own count"),
    "anonymous": N_("Unnamed or anonymous source"),
    "forecast": N_("Forecast, survey or estimate (not a count)"),
}
RANK = {kind: rank for rank, kind in enumerate(KINDS)}

#: Kinds whose figures are never a headline figure.
FLAGGED_KINDS = {"anonymous": N_("anonymous source"), "forecast": N_("forecast or estimate, not a count")}

#: Destinations that are no single receiving country: there, a border authority of any
#: country keeps its rank.
NO_RECEIVING_COUNTRY = {"ALL", "EUU"}

UNKNOWN_KIND = "media_count"

COLUMNS = ["authority_kind", "authority_rank", "flagged", "flag_reason"]


def row_kind(body_kind: str, body_country: str, destination: str) -> str:
    """The kind a body has for one figure.

    A border, interior or statistics authority counts at its own border: for a figure
    about people going to another country it is "another government body" (Russia's FSB
    counting exits to Estonia is not Estonia's border guard).
    """
    if body_kind == "border_authority" and destination not in NO_RECEIVING_COUNTRY and body_country != destination:
        return "government"
    return body_kind


def annotate(frame: pd.DataFrame, bodies: pd.DataFrame) -> pd.DataFrame:
    """The departures frame with ``authority_kind``, ``authority_rank``, ``flagged`` and
    ``flag_reason`` added (see data/README.md).

    A body missing from ``bodies`` (only possible in a user's own file) is named but not
    classified: it ranks as an outlet's own count, the weakest kind that can still be a
    headline, so a user's own figures still show on the map.
    """
    kind_of = dict(zip(bodies["name"], bodies["kind"]))
    country_of = dict(zip(bodies["name"], bodies["country_iso3"]))
    kinds, reasons = [], []
    disputed = frame["disputed"] if "disputed" in frame else pd.Series("", index=frame.index)
    for body, destination, dispute in zip(frame["reporting_body"], frame["destination_iso3"], disputed):
        known = body in kind_of
        kind = row_kind(kind_of[body], country_of[body], destination) if known else UNKNOWN_KIND
        kinds.append(kind)
        reasons.append(flag_reason(kind, dispute or ""))
    out = frame.assign(authority_kind=pd.Series(kinds, index=frame.index, dtype="str"))
    out["authority_rank"] = out["authority_kind"].map(RANK).astype("int64")
    out["flag_reason"] = pd.Series(reasons, index=frame.index, dtype="str")
    out["flagged"] = (out["flag_reason"] != "").astype("bool")
    return out


def flag_reason(kind: str, disputed: str) -> str:
    """Plain words on why a figure is flagged, or '' when it is not."""
    reasons = []
    if kind in FLAGGED_KINDS:
        reasons.append(_(FLAGGED_KINDS[kind]))
    if disputed.strip():
        reasons.append(_("disputed: {reason}").format(reason=disputed.strip()))
    return "; ".join(reasons)


def label(kind: str) -> str:
    """Short plain label of a kind, for tables and cards."""
    return _(SHORT_LABELS[kind]) if kind in SHORT_LABELS else kind


SHORT_LABELS = {
    "border_authority": N_("border or statistics authority"),
    "government": N_("other government body"),
    "international": N_("international agency"),
    "media_count": N_("outlet's or organisation's own count"),
    "anonymous": N_("unnamed source"),
    "forecast": N_("forecast or estimate"),
}
