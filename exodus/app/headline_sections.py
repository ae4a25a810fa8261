"""The map page's words and cards: the one-sentence lede and the headline figures.

The headline section is a fragment (``st.fragment``): picking other figures or opening
its tables reruns that section alone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exodus.i18n import N_, _, ngettext
from exodus.app import cache
from exodus.app.state import localised
from exodus.app.frame import show_table
from exodus.charts import tables
from exodus.charts.formatting import amount, md_escape, measure_phrase, number, safe_link
from exodus.data import authority, schema
from exodus.derive import filters as flt
from exodus.derive import headlines as picks
from exodus.view.package import Package


#: The Crocus period's map page says first, in one sentence, why departures are missing.
CROCUS_LEDE = N_("Almost no one counts people leaving Russia after 22 March 2024, so this page shows what is "
               "counted instead: removals, expulsion orders, entry bans and refusals, returnees counted at home, "
               "and migrants still registered.")


CROCUS_NOTE = N_("After 22 March 2024 almost no one counts people leaving Russia: what is published are removals, "
               "expulsion orders, refusals and bans of entry, returnees counted by their home countries, and the number "
               "of migrants still registered in Russia. Each is shown below under its own name.")


def lede_section(data: Package, state: flt.Filters) -> None:
    """The headline figures in one sentence above the map; the cards below give each in full."""
    options, defaults = cache.headline_choices(data, state)
    crocus = picks.wave_of(state.start, flt.CROCUS_DAY) == "crocus_2024"
    why = _(CROCUS_LEDE) + " " if crocus else ""
    text = tables.lede(cache.headlines(data, state, defaults[0]), schema.label(schema.METRICS, defaults[0])) if defaults else ""
    if why or text:
        st.markdown(md_escape(f"{state.label.rstrip('.')}. {why}{text}") + " " + md_escape(_("Each figure in full, with its source, below the map.")))


@st.fragment
def headline_section(data: Package, state: flt.Filters) -> None:
    options, defaults = cache.headline_choices(data, state)
    crocus = picks.wave_of(state.start, flt.CROCUS_DAY) == "crocus_2024"
    st.subheader(_("Headline figures, {period}").format(period=state.label))
    if crocus:
        st.info(_(CROCUS_NOTE))
        counted = [m for m in picks.CROCUS_METRICS if m in options]
        if counted:
            st.markdown(md_escape(_("Counted in this range: {metrics}.").format(metrics="; ".join(
                ngettext("{metric} ({n} destination)", "{metric} ({n} destinations)", len(cache.headlines(data, state, m))).format(
                    metric=schema.label(schema.METRICS, m), n=len(cache.headlines(data, state, m))) for m in counted))))
    if not options:
        st.info(_("No total from a named source was reported for this range and these filters. Try the period “All” or fewer filters."))
        return
    chosen = st.multiselect(_("Figures to show (one row of cards each)"), options, default=defaults, format_func=localised(lambda m: schema.label(schema.METRICS, m)),
                            key=f"headline_metrics_{state.start}_{state.end}")
    for metric in chosen:
        _card_row(data, state, metric)
    st.caption(_("Each card is the report of the most authoritative kind of body whose period best fits the range "
               "(most days inside it, fewest outside; then the latest publication), never simply the largest. "
               "Unnamed sources, forecasts and disputed figures are never a card's figure. Figures of different "
               "destinations cover different days: never add them up. How the rule works: About & method."))
    if chosen and st.toggle(_("Show the chosen reports, why they were chosen and the spread"), key="show_headline_table"):
        table = pd.concat([tables.headline_table(cache.headlines(data, state, m)).assign(**{N_("Metric"): schema.label(schema.METRICS, m)}) for m in chosen], ignore_index=True)
        show_table(table, hide_index=True, width="stretch")
    if not crocus and st.toggle(_("Arrivals and departures counted by the same body"), key="show_in_out"):
        pairs = cache.in_out(data, state)
        if pairs.empty:
            st.caption(_("No body counted both arrivals and departures for the same days in this range."))
            return
        st.caption(_("Where one body counted both who arrived and who left over the same days. The difference is computed "
                   "here and is not emigration: people who stayed may leave later, and those who left may come back."))
        show_table(tables.in_out_table(pairs), hide_index=True, width="stretch")


def _card_row(data: Package, state: flt.Filters, metric: str) -> None:
    top = cache.headlines(data, state, metric)
    st.markdown(f"**{md_escape(schema.label(schema.METRICS, metric))}**")
    if top.empty:
        st.caption(_("No figure from a named source in this range."))
        return
    cards = st.columns(min(4, len(top)))
    for column, row in zip(cards, top.head(4).to_dict("records")):
        column.metric(tables.place_name(row["destination_iso3"]), number(row["value"]), border=True,
                      help=_("The figure as reported; below: its precision, exact period, who counted it and the spread of all reports."))
        column.markdown(
            md_escape(f"{amount(row)} · {schema.label(schema.POPULATIONS, row['population'])}, {measure_phrase(row).rstrip('.')}.") + "  \n"
            + md_escape(_("Counted by {body} ({kind}).").format(body=row["reporting_body"], kind=authority.label(row["authority_kind"]))) + "  \n"
            + md_escape(tables.spread_text(row) + ".")
        )
        link = safe_link(row["source_url"])
        if link:
            column.link_button(md_escape(_("Source: {publisher}").format(publisher=row["source_publisher"])[:60]), link, width="stretch")
    if len(top) > 4:
        st.caption(ngettext("{n} more destination in the table below the cards.", "{n} more destinations in the table below the cards.",
                        len(top) - 4).format(n=len(top) - 4))
