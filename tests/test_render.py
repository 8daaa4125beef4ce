"""HTML rendering: translations from a real gettext catalog are text, never markup."""

import datetime
import gettext
import io

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from patient_leaflets.library import open_library
from patient_leaflets.render import render_html

from conftest import REPO


def translations(messages: dict[str, str]) -> gettext.GNUTranslations:
    """A real compiled gettext catalog holding ``messages``."""
    catalog = Catalog(locale="es")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def render(messages: dict[str, str]) -> str:
    library = open_library(REPO)
    leaflet = library.leaflet("spinal-manipulation")
    document = render_html(library, leaflet, library.brand("default"), locale="es", paper="a4",
                           draft_reasons=leaflet.draft_reasons(datetime.date(2026, 11, 21)),
                           translations=translations(messages))
    return document.html


def test_template_strings_come_from_the_catalog():
    html = render({"Contact us": "Contacto", "Page %(page)s of %(pages)s": "Página %(page)s de %(pages)s"})
    assert "<h2>Contacto</h2>" in html
    assert 'Página <span class="page-number"></span> de <span class="page-count"></span>' in html


def test_a_translation_cannot_inject_markup():
    html = render({
        "Contact us": "<style>.draft-banner{display:none}</style>Contacto",
        "Logo of %(clinic)s": 'x" onload="alert(1)',
    })
    assert "<style>.draft-banner" not in html
    assert "&lt;style&gt;.draft-banner{display:none}&lt;/style&gt;Contacto" in html
    assert 'onload="alert(1)"' not in html
