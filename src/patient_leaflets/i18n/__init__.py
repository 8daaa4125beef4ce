"""Translations: one gettext catalog per leaflet and locale, as translators know them.

    sources --extract--> locales/templates/<leaflet>.pot
            --init/update--> locales/<locale>/LC_MESSAGES/<leaflet>.po

- ``translation``: the plain values a build reads (``Translation``, ``Progress``);
- ``pofile``: reading and writing PO files strictly, where Babel needs help;
- ``porules``: what ``msgfmt --check`` refuses, refused before Babel reads a file;
- ``poheader``: the header fields the tool reads (charset, plural forms, dates, review);
- ``placeholders``: the %(name)s and {name} a translation shares with its source;
- ``extract``: the messages of the sources (also a ``pybabel`` extractor);
- ``merge``: ``init`` and ``update`` of catalogs, msgmerge-style;
- ``status``: how far each catalog is;
- ``load``: a leaflet's translation into one locale, ready to print.

Kept free of imports here: a module that needs only the values pays for no Babel.
"""
