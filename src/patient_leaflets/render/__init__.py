"""Rendering: leaflets to HTML, HTML to PDF, and the one way anything is fetched.

- ``document``: the values it takes and gives (``Printed``, ``HtmlDocument``);
- ``html``: the Jinja template, localized stamps, QR code;
- ``pdf``: WeasyPrint, tagged PDF/UA-1, reproducible bytes;
- ``sandbox``: the only fetcher (files inside the library);
- ``embed``: self-contained HTML files;
- ``glyphs``: the check that every character has a font to draw it;
- ``metadata``: the document-control entries of a PDF's metadata;
- ``tagging``, ``columns``, ``rtl``: where WeasyPrint falls short (the structure
  tree, column layout, right-to-left text), each a function of WeasyPrint's
  replaced through ``replaced``.

This package is the only one that imports WeasyPrint (in ``pdf``, ``sandbox``
and ``embed``): keep it off the command line's start-up path.
"""
