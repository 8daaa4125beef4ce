"""HTML rendering: translations from a real gettext catalog are text, never markup."""

import datetime

from patient_leaflets.i18n.load import load_translation
from patient_leaflets.library import open_library
from patient_leaflets.render.html import render_html
from tests.helpers import fill_catalog


def render(root, messages: dict[str, str], leaflet_messages: dict[str, str] | None = None) -> str:
    library = open_library(root)
    fill_catalog(root / "locales/es/LC_MESSAGES/templates.po", messages)
    fill_catalog(root / "locales/es/LC_MESSAGES/demo.po", leaflet_messages or {})
    leaflet = library.leaflet("demo")
    document = render_html(library, leaflet, library.brand("default"), locale="es", paper="a4",
                           draft_reasons=leaflet.draft_reasons(datetime.date(2026, 11, 21)),
                           translation=load_translation(library, leaflet, "es"))
    return document.html


def test_template_strings_come_from_the_catalog(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    html = render(root, {"Contact us": "Contacto",
                         "Page %(page)s of %(pages)s": "Página %(page)s de %(pages)s"})
    assert "<h2>Contacto</h2>" in html
    assert 'Página <span class="page-number"></span> de <span class="page-count"></span>' in html


def test_a_translation_cannot_inject_markup(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    html = render(root, {
        "Contact us": "<style>.draft-banner{display:none}</style>Contacto",
        "Logo of %(clinic)s": '%(clinic)s x" onload="alert(1)',
    }, {
        "Introduction": "<script>alert(1)</script>Introducción",
        "First point.": '<img src="file:///etc/passwd">Primer punto.',
    })
    assert "<style>.draft-banner" not in html
    assert "&lt;style&gt;.draft-banner{display:none}&lt;/style&gt;Contacto" in html
    assert 'onload="alert(1)"' not in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;Introducción" in html
    assert "<img" not in html.split("<main>")[1]
