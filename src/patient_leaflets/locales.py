"""Locale names: the one rule for how a language is written in a library.

A locale is a Babel locale name, spelt as Babel spells it (``zh_Hans``, not
``zh_hans`` or ``zh-Hans``): the same name is a folder under ``locales/``, a
key of a brand's disclaimer and a value of ``--locale``, so one spelling
must be the only one.
"""

from __future__ import annotations

EXAMPLES = "'en', 'es', 'fr', 'ar', 'zh_Hans', 'ru', 'vi', 'pt_BR'"


def canonical_locale(locale: str) -> str | None:
    """Return Babel's spelling of ``locale`` ('zh_hans' -> 'zh_Hans'), or None if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(locale.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return None


def english_name(locale: str) -> str:
    """Return the English name of ``locale``'s language: 'Spanish' for es."""
    from babel import Locale

    return Locale.parse(locale).english_name or locale


def locale_problem(locale: str) -> str | None:
    """Return what is wrong with the locale name ``locale``, or None when it is right."""
    canonical = canonical_locale(locale)
    if canonical is None:
        return f"unknown locale {locale!r}; use a Babel locale name such as {EXAMPLES}"
    if canonical != locale:
        return f"write the locale as {canonical!r}, not {locale!r} (Babel's spelling)"
    return None
