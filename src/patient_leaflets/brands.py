"""Brands: the clinic a leaflet is handed out under (name, logo, colours, contacts).

A brand is checked when it is loaded, so that a clinic learns about an
unreadable logo, a font the machine does not have or a colour too pale to
read before anything is printed, with the field of ``brand.toml`` to change.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import fields
from .claims import visible_disclaimers
from .errors import BrandError
from .locales import canonical_locale
from .reader import present, read_bytes
from .tomlfile import TomlTable, read_toml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_FONT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]*")
_LOGO_TYPES = (".svg", ".png")
_SVG_ROOTS = ("svg", "{http://www.w3.org/2000/svg}svg")
DEFAULT_COLORS = {"primary": "#1f4e79", "accent": "#d9e7f5", "text": "#1a1a1a"}
DEFAULT_FONT = "Noto Sans"
PAPER = "#ffffff"  # leaflets print on white paper
# WCAG 2.2 AA, success criterion 1.4.3: normal-size text needs 4.5:1.
MIN_TEXT_CONTRAST = 4.5
# A tinted box must still stand out from the paper when printed in grey.
MIN_TINT_CONTRAST = 1.1
# What a brand's url may say about the leaflet it is printed on.
URL_FIELDS = ("leaflet", "locale", "version")
MAX_LOGO_PIXELS = 16_000_000  # 4000 x 4000: far more than any print size needs
MAX_SVG_ELEMENTS = 10_000  # a detailed logo has hundreds; a hostile one millions
# The longest url a QR code printed on paper carries (fields.URL says why).
MAX_URL = fields.URL.limit


@dataclass(frozen=True)
class Colors:
    primary: str
    accent: str
    text: str


@dataclass(frozen=True)
class Contact:
    phone: str | None
    email: str | None
    website: str | None
    address: tuple[str, ...]
    emergency: str | None = None  # fills {emergency} in sections: the number for an ambulance
    urgent: str | None = None  # fills {urgent}: the number for urgent advice that is no emergency
    # What {emergency} or {urgent} prints instead of the bare number, by locale ("NHS 111").
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, name: str, lang: str) -> str | None:
        """Return the brand's label for the number ``name`` in ``lang`` (en, zh-Hans), if any."""
        return self.labels.get(name, {}).get(lang.replace("-", "_"))


@dataclass(frozen=True)
class Brand:
    """A clinic's identity as printed on its leaflets."""

    id: str
    folder: Path
    name: str
    logo: Path
    colors: Colors
    font_family: str
    contact: Contact
    url: str | None  # may hold {leaflet}, {locale} and {version}
    disclaimer: dict[str, str]  # by locale; empty: the template's own, translated text

    def leaflet_url(self, leaflet: str, locale: str, version: str) -> str | None:
        """Return where ``leaflet`` in ``locale`` lives online, if the brand says."""
        if self.url is None:
            return None
        return self.url.format(leaflet=leaflet, locale=locale.replace("_", "-"), version=version)

    def disclaimer_in(self, locale: str, source_locale: str) -> tuple[str | None, str]:
        """Return the brand's own disclaimer for ``locale``, and the locale it is written in.

        None means the brand has none (the template's translated text is used,
        and the locale returned is ``locale``). A missing language falls back
        to the source language's text, else to the first the brand has.
        """
        if not self.disclaimer:
            return None, locale
        if locale in self.disclaimer:
            return self.disclaimer[locale], locale
        if "" in self.disclaimer:
            return self.disclaimer[""], source_locale
        written = source_locale if source_locale in self.disclaimer else next(iter(self.disclaimer))
        return self.disclaimer[written], written

    def check_greyscale(self) -> None:
        """Raise unless the brand's colours still read apart when printed in grey.

        Text contrast is luminance contrast, so it is checked when the brand is
        loaded; this adds what only matters on a press: tinted boxes that must
        not vanish into the paper.
        """
        ratio = contrast(self.colors.accent, PAPER)
        if ratio < MIN_TINT_CONTRAST:
            config = read_toml(self.folder / "brand.toml", BrandError)
            table = config.table("colors") or config
            raise table.fail("accent", f"'colors.accent' {self.colors.accent} prints almost as white "
                                       f"paper in greyscale ({ratio:.2f}:1, at least "
                                       f"{MIN_TINT_CONTRAST}:1 needed for --print-ready); choose a "
                                       "darker tint")


def brand_ids(brands_dir: Path) -> list[str]:
    """Return the ids of the brands in ``brands_dir``, sorted."""
    if not brands_dir.is_dir():
        return []
    return sorted(p.name for p in brands_dir.iterdir() if present(p / "brand.toml"))


def load_brand(folder: Path) -> Brand:
    """Load and validate the brand in ``folder``."""
    config = read_toml(folder / "brand.toml", BrandError)
    config.refuse_unknown({"name", "logo", "colors", "font_family", "contact", "url", "disclaimer"})
    return Brand(
        id=folder.name,
        folder=folder,
        name=fields.read(config, "name", fields.BRAND_NAME, required=True),
        logo=_logo(folder, config),
        colors=_colors(config),
        font_family=_font_family(config),
        contact=_contact(config),
        url=_url(config),
        disclaimer=visible_disclaimers(config, _disclaimer(config)),
    )


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(color: str) -> float:
    """Return the relative luminance of ``#rrggbb``, as WCAG 2.2 defines it."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _logo(folder: Path, config: TomlTable) -> Path:
    name = config.get("logo", str, required=True)
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise config.fail("logo", f"'logo' must be a file inside {folder}, not {name!r}")
    if path.suffix.lower() not in _LOGO_TYPES:
        raise config.fail("logo", f"'logo' must be an SVG or PNG file, not {name!r}")
    if not present(path):
        raise config.fail("logo", f"logo file {name!r} not found in {folder}; add the file or "
                                  "correct the name")
    try:
        data = read_bytes(path, "image", BrandError)
    except BrandError as exc:
        raise config.fail("logo", f"logo file {name!r} {exc.message}") from None
    problem = svg_problem(data) if path.suffix.lower() == ".svg" else _png_problem(data)
    if problem:
        raise config.fail("logo", f"'logo' {name!r} is not a readable "
                                  f"{path.suffix[1:].upper()} image ({problem}); export it again")
    return path


def _png_problem(data: bytes, formats: tuple[str, ...] = ("PNG",)) -> str | None:
    import io
    import zlib

    from PIL import Image, ImageFile, UnidentifiedImageError

    # WeasyPrint sets this for the whole process once imported; a logo check must not.
    truncated_ok, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in formats:
                return f"it is a {image.format} file"
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > MAX_LOGO_PIXELS:
                return (f"it is {width} x {height} pixels; a logo needs at most "
                        f"{MAX_LOGO_PIXELS // 1_000_000} million (about 4000 x 4000)")
            image.verify()  # the chunks and their checksums
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # the pixels themselves: verify() does not decompress them
    except UnidentifiedImageError:
        return "not an image Pillow recognizes"
    except Image.DecompressionBombError:
        return "it claims to be far too large to be a logo"
    except (OSError, SyntaxError, ValueError, zlib.error) as exc:
        return str(exc) or type(exc).__name__
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    return None


def svg_problem(data: bytes) -> str | None:
    """Return why the SVG ``data`` cannot be printed (a logo or a figure), or None."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if b"<?xml-stylesheet" in data:
        return "it links a stylesheet; embed the styles"
    try:
        root = fromstring(data)
    except ParseError as exc:
        return f"XML error at line {exc.position[0]}"
    except DefusedXmlException:
        return "it declares entities, which are refused"
    except (OSError, UnicodeDecodeError) as exc:
        return str(exc)
    if root.tag not in _SVG_ROOTS:
        return f"its root element is <{root.tag.rpartition('}')[2]}>, not <svg>"
    elements = sum(1 for _ in root.iter())
    if elements > MAX_SVG_ELEMENTS:
        return (f"it has {elements} elements; a logo needs at most {MAX_SVG_ELEMENTS} "
                "(simplify it, or export it as PNG)")
    return _svg_reference(root)


_CSS_REFERENCE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")]*)""", re.IGNORECASE)


def svg_targets(root: Element) -> Iterator[tuple[str, str]]:
    """Yield (how, target) for everything an SVG refers to, whatever the syntax.

    ``how`` is "href", "url" or "import": an href attribute, url() in an
    attribute or a style, or a stylesheet @import. The logo check and the
    renderer's sandbox both judge an SVG by this one reading of it.
    """
    for element in root.iter():
        values = [(name.rpartition("}")[2], value) for name, value in element.attrib.items()]
        if element.text and element.tag.rpartition("}")[2] == "style":
            values.append(("style", element.text))
        for name, value in values:
            if name == "href":
                yield "href", value.strip()
                continue
            imports = [m.group(1) for m in _CSS_REFERENCE.finditer(value)
                       if m.group(0).lower().startswith("@import")]
            if "@import" in value.lower():
                yield "import", imports[0] if imports else "@import"
            for match in _CSS_REFERENCE.finditer(value):
                if not match.group(0).lower().startswith("@import"):
                    yield "url", match.group(1)


def _svg_reference(root: Element) -> str | None:
    """Return what an SVG logo loads from outside itself, or an embedded image that is too big.

    A logo is printed and e-mailed: it must hold everything it shows, never
    a link to a file or a web address (a tracker in an e-mailed leaflet).
    """
    for how, target in svg_targets(root):
        if how == "import":
            return "its styles @import a stylesheet; a logo must hold everything it shows"
        if not (target.startswith("#") or target.startswith("data:")):
            return f"it refers to {target!r}; a logo must hold everything it shows"
        if target.startswith("data:"):
            problem = _embedded_image_problem(target)
            if problem:
                return problem
    return None


def _embedded_image_problem(url: str) -> str | None:
    """Return what is wrong with an image embedded in a logo as a data: URL, if anything."""
    import base64
    import binascii

    header, _, payload = url.partition(",")
    if not header.startswith("data:image/") or header.startswith("data:image/svg"):
        return None  # nothing a decoder inflates (an SVG inside is parsed, not decompressed)
    try:
        data = base64.b64decode(payload, validate=False) if header.endswith(";base64") else b""
    except (binascii.Error, ValueError):
        return "it embeds an image that is not valid base64"
    problem = _png_problem(data, formats=("PNG", "JPEG", "GIF", "WEBP")) if data else None
    return f"it embeds an image that cannot be used ({problem})" if problem else None


def _font_family(config: TomlTable) -> str:
    family = config.get("font_family", str, default=DEFAULT_FONT)
    if not _FONT_NAME.fullmatch(family):
        raise config.fail("font_family", f"'font_family' must be one font family name (letters, "
                                         f"digits, spaces, hyphens) like \"Noto Sans\", not {family!r}")
    from .fonts import family_installed

    if not family_installed(family):
        raise config.fail("font_family", f"no installed font has the family {family!r} (asked "
                                         "Fontconfig: fc-list); install it, or name one that "
                                         "'fc-list : family' shows")
    return family


def _colors(config: TomlTable) -> Colors:
    table = config.table("colors")
    values = dict(DEFAULT_COLORS)
    if table is not None:
        table.refuse_unknown(set(DEFAULT_COLORS))
        for key in DEFAULT_COLORS:
            value = table.get(key, str, default=values[key])
            if not _HEX.fullmatch(value):
                raise table.fail(key, f"'colors.{key}' must be a hex colour like \"#1f4e79\", "
                                      f"not {value!r}")
            values[key] = value.lower()
    colors = Colors(**values)
    # Body text sits on the paper and in tinted boxes; headings too.
    for key, role in (("text", "body text"), ("primary", "headings")):
        for background, where in ((PAPER, "the white page"),
                                  (colors.accent, f"the accent tint {colors.accent}")):
            ratio = contrast(values[key], background)
            if ratio < MIN_TEXT_CONTRAST:
                raise (table or config).fail(key, f"'colors.{key}' {values[key]} ({role}) on "
                                                  f"{where} has a contrast of {ratio:.1f}:1, below "
                                                  f"the {MIN_TEXT_CONTRAST}:1 of WCAG AA; choose a "
                                                  "darker colour (or a lighter accent)")
    return colors


def _url(config: TomlTable) -> str | None:
    url = config.get("url", str)
    if url is None:
        return None
    example = "\"https://clinic.example/leaflets/{leaflet}\""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.netloc
            or any(c.isspace() for c in url)):
        raise config.fail("url", f"'url' must be a web address like {example}, not {url!r}")
    placeholders = ", ".join("{" + name + "}" for name in URL_FIELDS)
    try:
        pieces = list(string.Formatter().parse(url))
    except ValueError:
        raise config.fail("url", f"'url' has a brace that is not part of a placeholder; use "
                                 f"{placeholders}, and write a literal brace twice: {{{{ }}}}") from None
    for _, name, spec, conversion in pieces:
        if name is None:
            continue
        if name not in URL_FIELDS or spec or conversion:
            raise config.fail("url", f"'url' may only use the placeholders {placeholders}, not "
                                     f"{{{name}{'!' + conversion if conversion else ''}"
                                     f"{':' + spec if spec else ''}}} (write a literal brace twice: "
                                     "{{ }})")
    if len(url) > MAX_URL:
        raise config.fail("url", f"'url' is {len(url)} characters long; a QR code of more than "
                                 f"{MAX_URL} is too dense to scan from paper, so use a shorter address")
    if wrong := fields.problem(url, fields.URL):
        raise config.fail("url", f"'url' {wrong}")
    return url


def _disclaimer(config: TomlTable) -> dict[str, str]:
    """Return the brand's disclaimer by locale: one string, or a table of locales."""
    value = config.data.get("disclaimer")
    if value is None:
        return {}
    if isinstance(value, str):
        # "": the source language
        return {"": fields.read(config, "disclaimer", fields.DISCLAIMER, required=True)}
    if not isinstance(value, dict):
        raise config.fail("disclaimer", "'disclaimer' must be a text in quotes, or a table of "
                                        "texts by locale ([disclaimer] with en = \"...\")")
    table = config.table("disclaimer", required=True)
    for locale in table.data:
        fields.read(table, locale, fields.DISCLAIMER, required=True)
        canonical = canonical_locale(locale)
        if canonical is None:
            raise table.fail(locale, f"'disclaimer.{locale}' is not a locale Babel knows; key "
                                     "each text by its locale, like es or zh_Hans")
        if canonical != locale:
            raise table.fail(locale, f"'disclaimer.{locale}': write the locale as {canonical!r}, "
                                     "Babel's spelling, as the folders under locales/ are named")
    if not table.data:
        raise config.fail("disclaimer", "'disclaimer' is empty; give a text, or remove it")
    return dict(table.data)


def _contact(config: TomlTable) -> Contact:
    table = config.table("contact")
    if table is None:
        return Contact(None, None, None, ())
    table.refuse_unknown({"phone", "email", "website", "address", "emergency", "urgent",
                          "emergency_label", "urgent_label"})
    return Contact(
        phone=fields.read(table, "phone", fields.PHONE),
        email=fields.read(table, "email", fields.EMAIL),
        website=fields.read(table, "website", fields.WEBSITE),
        address=fields.read_all(table, "address", fields.ADDRESS_LINE, most=fields.MAX_ADDRESS_LINES),
        emergency=fields.read(table, "emergency", fields.PHONE),
        urgent=fields.read(table, "urgent", fields.PHONE),
        labels={name: found for name in ("emergency", "urgent") if (found := _labels(table, name))},
    )


_LABEL = fields.Field(60, "a label for the number", "NHS 111")


def _labels(contact: TomlTable, name: str) -> dict[str, str]:
    """Return what ``{name}`` prints per locale in place of the bare number, if the brand says."""
    key = f"{name}_label"
    if key not in contact.data:
        return {}
    if not contact.data.get(name):
        raise contact.fail(key, f"'contact.{key}' labels a number the brand does not give; set "
                                f"'contact.{name}' too")
    labels = contact.table(key, required=True)
    for locale in labels.data:
        fields.read(labels, locale, _LABEL, required=True)
        if canonical_locale(locale) != locale:
            raise labels.fail(locale, f"'contact.{key}.{locale}' is not a locale as Babel spells "
                                      "it; key each label by its locale, like en or zh_Hans")
    return dict(labels.data)
