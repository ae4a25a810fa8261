"""Embedding a view in another site: the address in Streamlit's embed mode and an
``<iframe>`` snippet, as plain text.

Streamlit's ``?embed=true`` shows the app without its header, toolbar and padding;
``embed_options`` can add some back (``show_toolbar``, ``show_padding``) or fix the theme
(``light_theme``, ``dark_theme``). A site may show the frame only if the server allows it
(the proxy's ``--frame-ancestors``, see README); sites that cannot embed a live app can
host a chart's standalone HTML export instead.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit, urlunsplit

from exodus.view.cite import ViewRef

EMBED_THEMES = ("light_theme", "dark_theme")
DEFAULT_HEIGHT = 760


def embed_url(link: str, theme: str | None = None) -> str:
    """The view's address in embed mode (any embed parameters it had are replaced)."""
    parts = urlsplit(link)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0].lower() not in ("embed", "embed_options")]
    extra = [("embed", "true")] + ([("embed_options", theme)] if theme in EMBED_THEMES else [])
    query = "&".join(kept + [urlencode(extra)])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def iframe(ref: ViewRef, height: int = DEFAULT_HEIGHT, theme: str | None = None) -> str:
    """An ``<iframe>`` element that shows the view; every attribute value is escaped."""
    src = html.escape(embed_url(ref.link, theme), quote=True)
    title = html.escape(f"Exodus: {ref.view_title} (data {ref.data_version})", quote=True)
    return (f'<iframe src="{src}" title="{title}" width="100%" height="{int(height)}" '
            f'style="border:0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>')
