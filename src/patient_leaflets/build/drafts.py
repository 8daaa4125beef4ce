"""The draft policy: when a document is not fit to publish as final, and saying why.

A document is a draft when its content has no clinical review or is past its
next review, when its translation is incomplete, fuzzy or unreviewed, or when
its brand's disclaimer lacks the language. ``--release`` refuses drafts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from ..brands import Brand
from ..content import Leaflet
from ..errors import QualityGateError
from ..i18n.translation import Translation


def draft_reasons(leaflet: Leaflet, translation: Translation | None, brand: Brand, locale: str,
                  source_locale: str, today: datetime.date) -> tuple[str, ...]:
    """Return why a leaflet in ``locale`` under ``brand`` is not fit to publish as final."""
    reasons = leaflet.draft_reasons(today)
    if translation:
        reasons += translation.draft_reasons()
    if brand.disclaimer_in(locale, source_locale)[1] != locale:
        reasons += (f"the disclaimer of brand {brand.id!r} has no {locale} text (add {locale} = "
                    f"\"...\" under [disclaimer] in brands/{brand.id}/brand.toml)",)
    return reasons


def refuse_drafts(drafts: Iterable[tuple[str, tuple[str, ...]]]) -> None:
    """Raise a quality-gate error listing every reason a document would be a draft.

    ``drafts`` gives, for each document, how messages name it and its draft reasons.
    """
    reasons = []
    for what, document_reasons in drafts:
        for reason in document_reasons:
            line = f"{what} is a draft: {reason}"
            if line not in reasons:
                reasons.append(line)
    if reasons:
        raise QualityGateError([*reasons, "--release builds only reviewed, complete leaflets; "
                                          "build without --release to make drafts"])
