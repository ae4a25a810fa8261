"""The sidebar's data version and its "Cite or embed this view": the view's citation in
three styles and an ``<iframe>`` snippet, each in a code block to copy, shown when the
reader turns it on.

The texts come from :mod:`exodus.view.cite` and :mod:`exodus.view.embed`; this module
only finds the view's address and lays them out.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import streamlit as st

from exodus import config
from exodus.data import release
from exodus.derive import filters as flt
from exodus.i18n import N_, _
from exodus.view import cite, embed


def data_release() -> tuple[str, date]:
    """The data version as the app names it (worked out again only when a file changes),
    and the release's date."""
    return release.version_label(), release.latest().released


def view_ref(page_title: str, page_path: str, state: flt.Filters) -> cite.ViewRef:
    """The current view: the setting EXODUS_PUBLIC_URL, else the browser's address, with the
    page and the filters (dates written out)."""
    root = cite.clean_root(config.PUBLIC_URL) or cite.app_root(st.context.url, page_path) or cite.FALLBACK_ROOT
    page_params = {k: st.query_params.get(k) for k in flt.PAGE_PARAMS}
    version, released = data_release()
    return cite.ViewRef(page=page_title, state=state, link=cite.view_link(root, page_path, cite.pinned_query(state, page_params)),
                        data_version=version, released=released, accessed=datetime.now(timezone.utc).date())


EMBED_NOTE = N_("Paste this into an article to show this view, live, with these filters (Streamlit's embed mode: no "
              "header or toolbar). The server must allow the embedding site (README: Running several servers, "
              "--frame-ancestors). A site that cannot embed a live app can host a chart's HTML download instead: "
              "one file that opens offline and stays interactive.")


def cite_and_embed(current, state: flt.Filters) -> None:
    """The data version under the filters, and a toggle that shows the citations and the snippet."""
    version, released = data_release()
    side = st.sidebar
    side.caption(_("Data version {version}, released {date}. What each version changed: data/CHANGELOG.md.").format(version=version, date=released.isoformat()))
    ref = view_ref(current.title, current.url_path, state)
    if st.context.is_embedded:  # inside another site's frame: say whose view it is and link to it
        st.caption(_("{title} · data version {version}").format(title=cite.TITLE, version=version))
        st.link_button(_("Open this view in Exodus ↗"), ref.link)
    # A toggle, not an expander: a collapsed expander's code blocks still make the browser
    # load the code highlighter (1.5 MB of JavaScript) before the page's first chart.
    if not side.toggle(_("Cite or embed this view"), key="show_cite"):
        return
    with side.container(border=True):
        st.markdown("**" + _("Cite this view") + "**")
        for name, text in cite.all_styles(ref).items():
            st.caption(name)
            st.code(text, language="bibtex" if name == "BibTeX" else None, wrap_lines=True)
        st.markdown("**" + _("Embed this view") + "**")
        st.code(embed.iframe(ref), language="html", wrap_lines=True)
        st.caption(_(EMBED_NOTE))
