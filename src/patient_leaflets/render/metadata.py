"""The document-control entries of a PDF's metadata: what a print shop or an auditor reads.

``/LeafletId``, ``/LeafletVersion``, ``/ReviewedOn``, ``/Draft``... for one
leaflet; ``/PackLeaflets`` and ``/PackReviews`` for a pack of several.
"""

from __future__ import annotations

from ..variants import Variant
from .document import Printed


def document_info(printed: Printed, variant: Variant) -> dict[str, str]:
    """Return the document-control entries of one leaflet's PDF metadata."""
    leaflet, reasons = printed.leaflet, printed.draft_reasons
    info = {
        "LeafletId": leaflet.id,
        "LeafletVersion": leaflet.version,
        "LeafletVariant": variant.name,
        "Draft": "true" if reasons else "false",
    }
    if leaflet.code:
        info["LeafletCode"] = leaflet.code
    if leaflet.review:
        info["ReviewedOn"] = leaflet.review.reviewed_on.isoformat()
        info["ReviewedBy"] = leaflet.review.reviewed_by
        info["NextReview"] = leaflet.review.next_review.isoformat()
    translation = printed.translation
    if translation:
        info["TranslationComplete"] = "false" if translation.missing else "true"
        info["TranslationReview"] = translation.review
        if translation.revised:
            info["TranslationRevised"] = translation.revised.isoformat()
    if reasons:
        info["DraftReasons"] = "; ".join(reasons)
    return info


def pack_info(printed: list[Printed], variant: Variant, reasons: tuple[str, ...]) -> dict[str, str]:
    """Return the metadata entries of a pack: its leaflets, their reviews, its draft state."""
    info = {
        "PackLeaflets": ", ".join(f"{item.leaflet.id} {item.leaflet.version}" for item in printed),
        "PackReviews": "; ".join(_review_note(item) for item in printed),
        "LeafletVariant": variant.name,
        "Draft": "true" if reasons else "false",
    }
    if reasons:
        info["DraftReasons"] = "; ".join(reasons)
    return info


def _review_note(item: Printed) -> str:
    """Return the review state of one leaflet of a pack, for its metadata."""
    review, translation = item.leaflet.review, item.translation
    note = (f"reviewed {review.reviewed_on} by {review.reviewed_by}, next review {review.next_review}"
            if review else "not clinically reviewed")
    if translation:
        note += f", translation {translation.review}"
    return f"{item.leaflet.id} {item.leaflet.version}: {note}"
