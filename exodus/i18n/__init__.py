"""The interface language: message catalogues, numbers, dates and country names.

The lowest layer: it imports nothing from the rest of the package, and every layer may
use it. The active language is a context variable, set once per run of the page (from
the address bar's ``lang``) or for a block of code with :func:`language`; chart builders
read it through :func:`_` and the formatters, so they stay pure functions of their
arguments and of the language they are handed, and never ask Streamlit.

Messages are written in English in the code and marked with :func:`_` (or :func:`N_`
for module-level constants, translated where they are shown). ``make translations``
extracts them into ``locale/messages.pot``, merges them into each language's
``messages.po`` and compiles the ``messages.mo`` files, which are committed, so a fresh
clone runs without a build step (a test checks that every ``.mo`` matches its ``.po``).

Adding a language: one catalogue (``pybabel init``, then translate it) and one entry in
:data:`LANGUAGES` (see README, "Languages").
"""

from __future__ import annotations

import contextlib
import gettext
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_interval
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
#: The languages offered, the language the code is written in first.
LANGUAGES = ("en", "ru")
DEFAULT = LANGUAGES[0]

_active: ContextVar[str] = ContextVar("exodus_language", default=DEFAULT)


def normalise(code: object) -> str | None:
    """A supported language for a code such as 'ru', 'ru-RU' or 'ru_RU', else None."""
    if not isinstance(code, str) or not code:
        return None
    base = code.replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def activate(lang: str | None) -> str:
    """Make ``lang`` the active language of this run (unknown codes: the default)."""
    chosen = normalise(lang) or DEFAULT
    _active.set(chosen)
    return chosen


def current() -> str:
    return _active.get()


@contextlib.contextmanager
def language(lang: str | None):
    """Run a block in ``lang`` and restore the previous language afterwards."""
    token = _active.set(normalise(lang) or DEFAULT)
    try:
        yield
    finally:
        _active.reset(token)


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language (the source language needs none)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def _(message: str) -> str:
    """``message`` in the active language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n`` (Russian has three)."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, told apart from the same English word used
    elsewhere by ``context``."""
    return translations(current()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` told apart by ``context`` from the same English words elsewhere."""
    return translations(current()).npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Marks a constant for extraction; it is translated where it is shown, with :func:`_`."""
    return message


def locale(lang: str | None = None) -> Locale:
    return _locale(lang or current())


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def language_name(lang: str) -> str:
    """A language's name in that language, as Babel has it: 'English', 'Русский'."""
    name = _locale(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


# --- numbers and dates ---


def format_number(value: float, lang: str | None = None, decimals: int = 2) -> str:
    """98000 -> '98,000' (en), '98 000' (ru, with a no-break space); decimals only when
    the figure has them (up to ``decimals``)."""
    if value != value:
        return ""
    if value in (float("inf"), float("-inf")):
        return str(value)  # as Python writes it; Babel cannot format an infinite number
    try:
        return format_decimal(value, format="#,##0." + "#" * decimals if decimals else "#,##0", locale=locale(lang))
    except ArithmeticError:  # beyond what Babel's decimal context holds (a huge figure in a user's own file)
        return f"{value:,.{decimals}f}" if abs(value) < 1e300 else str(value)


def format_fixed(value: float, places: int, lang: str | None = None) -> str:
    """A figure with exactly ``places`` decimals: '2.35' (en), '2,35' (ru)."""
    if value != value:
        return ""
    if value in (float("inf"), float("-inf")):
        return str(value)
    return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0", locale=locale(lang))


def _day(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value


#: Day formats where the project keeps its own style; other languages use CLDR's
#: medium date ('21 сент. 2022 г.').
_DAY_PATTERNS = {"en": "dd MMM y"}


def format_day(value, lang: str | None = None) -> str:
    """One day: '21 Sep 2022' (en), '21 сент. 2022 г.' (ru)."""
    return _formatted_day(_day(value), lang or current())


# Charts and tables write the same days again on every rerun: each text is made once per
# day (or span) and language, a bounded number of them.
@lru_cache(maxsize=8192)
def _formatted_day(day: date, lang: str) -> str:
    return _babel_date(day, _DAY_PATTERNS.get(lang, "medium"), locale=locale(lang))


def format_period(start, end, lang: str | None = None) -> str:
    """A span of days as the language writes it: '21 Sep – 31 Oct 2022',
    '21 сент. — 31 окт. 2022 г.'; one day alone when start and end agree."""
    return _formatted_period(_day(start), _day(end), lang or current())


@lru_cache(maxsize=8192)
def _formatted_period(start: date, end: date, lang: str) -> str:
    if start == end:
        return format_day(start, lang)
    if lang == "en":
        if start.year == end.year:
            return f"{_babel_date(start, 'dd MMM', locale='en')} – {format_day(end, 'en')}"
        return f"{format_day(start, 'en')} – {format_day(end, 'en')}"
    return format_interval(start, end, "yMMMd", locale=locale(lang))


def month_year(value, lang: str | None = None) -> str:
    """'Sep 2022' (en), 'сент. 2022 г.' (ru)."""
    lang = lang or current()
    return _babel_date(_day(value), "MMM y" if lang == "en" else "LLL y 'г'.", locale=locale(lang))


# --- country names ---


@lru_cache(maxsize=None)
def _alpha2(iso3: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


def territory_name(iso3: str, lang: str | None = None) -> str | None:
    """A country's name in a language from Babel's territory names (CLDR), looked up
    by its ISO 3166-1 alpha-2 code; None when Babel has none."""
    alpha2 = _alpha2(iso3)
    if alpha2 is None:
        return None
    try:
        return locale(lang).territories.get(alpha2)
    except UnknownLocaleError:  # pragma: no cover - every offered language is a Babel locale
        return None
