"""Parse each linked stylesheet once per font configuration, not once per document.

WeasyPrint 70 parses every ``<link>``ed stylesheet of every document it
renders: leaflet.css alone takes about 20 ms, 3% of a leaflet (issue 17).
Here a warm writer (one ``FontConfiguration``) keeps what it parsed: the
next document that links the same URL gets the same parse when the file's
bytes are the same. The file is still read for every document, through the
writer's fetcher (the library's one reader), so an edited sheet is seen at
once, and a refused one is refused as before.

Only a sheet whose parse stood alone is kept: nothing logged (a bad rule
fails every build that links it, not just the first), nothing fetched
(``@import``, ``@font-face``), and nothing put into the document's own
tables but its ``@page`` rules (no ``@counter-style``, ``@color-profile``
or ``@layer``). Its ``@page`` rules join the document's as WeasyPrint's own
parse would put them there, in source order. Every other stylesheet, and
every ``<style>``, is parsed by WeasyPrint as before.

Installed by ``install()`` (see ``replaced``; the version is pinned).
"""

from __future__ import annotations

import copy
import logging
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint.css as _css
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse, fetch

from .replaced import Replacement


def install() -> None:
    """Let WeasyPrint's stylesheet finder parse linked sheets through ``_parsed`` below."""
    _REPLACED.install()


def uninstall() -> None:
    """Give WeasyPrint back its own parse of every sheet (tests compare the two)."""
    _REPLACED.uninstall()


@dataclass(frozen=True)
class _Kept:
    body: bytes  # the bytes it was parsed from
    sheet: Any  # weasyprint.CSS, its @page rules in a list of its own


# By font configuration (one per warm writer; gone with it), then by (URL, media type).
_KEPT: weakref.WeakKeyDictionary[FontConfiguration, dict[tuple[str, str], _Kept]] = (
    weakref.WeakKeyDictionary())


def _parsed(*args: Any, **kwargs: Any) -> Any:
    """Return the ``CSS`` WeasyPrint asked for: a kept parse of a linked sheet where one is."""
    url, font_config = kwargs.get("url"), kwargs.get("font_config")
    # A <link>: a URL, no matcher or layer of an importing sheet (an @import passes those).
    if args or url is None or font_config is None or kwargs.get("matcher") is not None \
            or kwargs.get("layer") is not None or kwargs.get("page_rules") is None:
        return _REPLACED.stock(*args, **kwargs)
    with fetch(kwargs["url_fetcher"], url) as response:  # as WeasyPrint's own parse fetches it
        replay = _Replay(kwargs["url_fetcher"], url, response.read(), response)
    key = url, kwargs.get("media_type", "print")
    kept = _KEPT.setdefault(font_config, {})
    found = kept.get(key)
    if found is None or found.body != replay.body:
        kept.pop(key, None)
        parsed, alone = _parse_alone(kwargs, replay)
        if parsed is None:  # it does not stand alone: WeasyPrint's own parse, as ever
            with _Naming(url):
                return _REPLACED.stock(**{**kwargs, "url_fetcher": replay})
        if alone:
            kept[key] = parsed
        found = parsed
    # The document's @page rules, in source order, as WeasyPrint's parse would leave them.
    page_rules, layers = kwargs["page_rules"], kwargs.get("layers")
    page_rules.extend(found.sheet.page_rules)
    sheet = copy.copy(found.sheet)
    sheet.page_rules = page_rules
    if layers is not None:
        sheet.layers = layers
    return sheet


def _parse_alone(kwargs: dict[str, Any], replay: _Replay) -> tuple[_Kept | None, bool]:
    """Parse the sheet into tables of its own: (the parse, whether it stood alone).

    A parse that logged something is given back but not kept (the build
    fails on what it logged; parsed again, it would log it twice); one that
    fetched or defined anything else is neither.
    """
    counters, profiles, layers = CounterStyle(), dict[str, Any](), list[str]()
    with _Naming(kwargs["url"]) as logged:
        sheet = _REPLACED.stock(**{**kwargs, "url_fetcher": replay, "counter_style": counters,
                                   "color_profiles": profiles, "page_rules": [],
                                   "layers": layers})
    if logged.count:
        return _Kept(replay.body, sheet), False
    if replay.others or counters or profiles or layers:
        return None, False
    return _Kept(replay.body, sheet), True


class _Replay:
    """A URL fetcher that serves ``url`` as read once, and counts every other fetch."""

    def __init__(self, fetcher: Any, url: str, body: bytes, response: URLFetcherResponse):
        self._fetcher, self._url, self.body = fetcher, url, body
        self._served = response.url, response.headers, response.status
        self._fail_on_errors = getattr(fetcher, "_fail_on_errors", False)
        self.others = 0

    def __call__(self, url: str) -> Any:
        if url == self._url:
            served, headers, status = self._served
            return URLFetcherResponse(served, self.body, headers, status)
        self.others += 1
        return self._fetcher(url)

    def fetch(self, url: str, headers: Any = None) -> Any:
        return self(url)


class _Naming(logging.Filter):
    """While a sheet is parsed: name it in what WeasyPrint logs ("Ignored ... at 12:5"), and
    count the warnings."""

    def __init__(self, url: str):
        super().__init__()
        parts = urlsplit(url)
        self.name_shown = unquote(parts.path) if parts.scheme == "file" else url
        self.count = 0
        self._logger = logging.getLogger("weasyprint")

    def __enter__(self) -> _Naming:
        self._logger.addFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            self.count += 1
            record.msg, record.args = f"{self.name_shown}: {record.getMessage()}", ()
        return True


_REPLACED = Replacement(_css, "CSS", _parsed)
