"""How to cite a view: APA, Chicago and BibTeX, naming the data version, the view's link
and the day it was accessed.

Everything here is plain text built from a :class:`ViewRef`; the app shows it in code
blocks and the ZIP's README carries the same text. The link pins the view's dates
(``from``/``to``), so a cited view does not move when a later release extends a preset
such as "All".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode, urlsplit

from exodus import i18n
from exodus.derive import filters as flt

AUTHOR = "The Exodus contributors"
TITLE = "Exodus: reported departures from Russia by border and date"
#: Used when neither the setting EXODUS_PUBLIC_URL nor the browser gives the app's address.
FALLBACK_ROOT = "http://localhost:8501"


@dataclass(frozen=True)
class ViewRef:
    """What a citation of one view names."""

    page: str  # the page's title, e.g. "Map & headlines"
    state: flt.Filters
    link: str  # the view's address, from view_link()
    data_version: str
    released: date  # the data release's date: the citation's year
    accessed: date

    @property
    def view_title(self) -> str:
        return f"{self.page}, {period_text(self.state)}"


def period_text(state: flt.Filters) -> str:
    return f"{state.start.day} {state.start:%B %Y} – {state.end.day} {state.end:%B %Y}"


def pinned_query(state: flt.Filters, page_params: dict[str, str] | None = None) -> dict[str, str]:
    """The URL parameters of a view with its dates written out, so the link keeps showing
    the same days whatever data a later release adds; the app reads the preset back from
    the dates. The language is named only when it is not the default one."""
    query = {k: v for k, v in flt.to_query(state).items()
             if k not in ("preset", "from", "to") and not (k == "lang" and v == i18n.DEFAULT)}
    extra = {k: v for k, v in (page_params or {}).items() if k in flt.PAGE_PARAMS and v}
    return {"from": state.start.isoformat(), "to": state.end.isoformat()} | query | extra


def clean_root(url: str | None) -> str | None:
    """An http(s) address reduced to scheme, host and path (query and fragment dropped,
    unsafe characters percent-encoded), or None when it is not one."""
    if not url:
        return None
    try:
        parts = urlsplit(str(url).strip())
        host = parts.netloc
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or not re.fullmatch(r"[A-Za-z0-9.\-:\[\]@]+", host):
        return None
    path = quote(parts.path, safe="/-._~")
    return f"{parts.scheme}://{host}{path}".rstrip("/")


def app_root(url: str | None, page_path: str) -> str | None:
    """The app's root address from a page's address (Streamlit's ``st.context.url``),
    with the page's own path taken off."""
    root = clean_root(url)
    if root and page_path and root.endswith("/" + page_path):
        root = root[: -len(page_path) - 1]
    return root


def view_link(root: str, page_path: str, query: dict[str, str]) -> str:
    base = (clean_root(root) or FALLBACK_ROOT) + "/" + quote(page_path.strip("/"), safe="-._~")
    return base + ("?" + urlencode(query, safe=",:") if query else "")


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def apa(ref: ViewRef) -> str:
    """APA 7: group author, year of the data release, title, version, description, retrieval."""
    return (f"{AUTHOR}. ({ref.released.year}). {TITLE} (Data version {ref.data_version}) "
            f"[Interactive dashboard view: {ref.view_title}]. Retrieved {_long_date(ref.accessed)}, from {ref.link}")


def chicago(ref: ViewRef) -> str:
    """Chicago, bibliography entry for a part of a website."""
    return (f"{AUTHOR}. “{ref.view_title}.” {TITLE}, data version {ref.data_version}, {ref.released.year}. "
            f"Accessed {_long_date(ref.accessed)}. {ref.link}.")


_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "–": "--", "—": "---"}


def bibtex_text(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped, braces balanced."""
    return "".join(_BIBTEX_SPECIALS.get(ch, ch) for ch in text)


def bibtex_key(ref: ViewRef) -> str:
    page = re.sub(r"[^a-z0-9]+", "-", ref.page.lower()).strip("-") or "view"
    return f"exodus-{page}-{ref.state.start:%Y%m%d}-{ref.state.end:%Y%m%d}"


def bibtex(ref: ViewRef) -> str:
    """A biblatex-friendly @misc entry (``url`` and ``urldate`` are read by biblatex;
    ``note`` repeats them for classic BibTeX styles)."""
    url = quote(ref.link, safe=":/?&=,.-_~+@!$'()*;#[]")  # no braces or backslashes can reach the .bib
    fields = [
        ("author", "{" + bibtex_text(AUTHOR) + "}"),
        ("title", bibtex_text(f"{TITLE}. {ref.view_title}")),
        ("year", str(ref.released.year)),
        ("version", bibtex_text(ref.data_version)),
        ("howpublished", "Interactive dashboard view"),
        ("url", url),
        ("urldate", ref.accessed.isoformat()),
        ("note", bibtex_text(f"Data version {ref.data_version}; accessed {ref.accessed.isoformat()}")),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(ref)},\n{body}\n}}"


def all_styles(ref: ViewRef) -> dict[str, str]:
    return {"APA": apa(ref), "Chicago": chicago(ref), "BibTeX": bibtex(ref)}


def readme_text(ref: ViewRef) -> str:
    """The citation block of an export's README: the three styles, indented."""
    lines = [f"Data version: {ref.data_version} (released {ref.released.isoformat()})", f"This view: {ref.link}", ""]
    for name, text in all_styles(ref).items():
        lines += [f"{name}:"] + [f"  {line}" for line in text.splitlines()] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def export_text(start: date, end: date, query: dict | None = None, accessed: date | None = None) -> str:
    """The citation block of an export's README for the days and the URL parameters it was
    made with: the data version, the view's link (the setting EXODUS_PUBLIC_URL, else the
    local address) and the three styles."""
    from datetime import datetime, timezone

    from exodus import config
    from exodus.data import release

    state = flt.Filters(start, end, flt.CUSTOM)
    pinned = {"from": start.isoformat(), "to": end.isoformat()}
    pinned |= {k: ",".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
               for k, v in (query or {}).items()
               if k not in ("preset", "from", "to") and not (k == "lang" and v == i18n.DEFAULT)}
    ref = ViewRef(page="All charts", state=state, link=view_link(config.PUBLIC_URL, "", pinned),
                  data_version=release.version_label(), released=release.latest().released,
                  accessed=accessed or datetime.now(timezone.utc).date())
    return "How to cite this export\n" + readme_text(ref)
