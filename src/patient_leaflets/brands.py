"""Brands: the clinic a leaflet is handed out under (name, logo, colours, contacts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BrandError
from .tomlfile import TomlTable, read_toml

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_FONT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]*")
_LOGO_TYPES = (".svg", ".png")
DEFAULT_COLORS = {"primary": "#1f4e79", "accent": "#d9e7f5", "text": "#1a1a1a"}
DEFAULT_FONT = "Noto Sans"


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
    url: str | None
    disclaimer: str | None


def brand_ids(brands_dir: Path) -> list[str]:
    """Return the ids of the brands in ``brands_dir``, sorted."""
    if not brands_dir.is_dir():
        return []
    return sorted(p.name for p in brands_dir.iterdir() if (p / "brand.toml").is_file())


def load_brand(folder: Path) -> Brand:
    """Load and validate the brand in ``folder``."""
    config = read_toml(folder / "brand.toml", BrandError)
    config.refuse_unknown({"name", "logo", "colors", "font_family", "contact", "url", "disclaimer"})
    return Brand(
        id=folder.name,
        folder=folder,
        name=config.get("name", str, required=True),
        logo=_logo(folder, config),
        colors=_colors(config),
        font_family=_font_family(config),
        contact=_contact(config),
        url=config.get("url", str),
        disclaimer=config.get("disclaimer", str),
    )


def _logo(folder: Path, config: TomlTable) -> Path:
    name = config.get("logo", str, required=True)
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise config.fail("logo", f"'logo' must be a file inside {folder}, not {name!r}")
    if path.suffix.lower() not in _LOGO_TYPES:
        raise config.fail("logo", f"'logo' must be an SVG or PNG file, not {name!r}")
    if not path.is_file():
        raise config.fail("logo", f"logo file {name!r} not found in {folder}; add the file or "
                                  "correct the name")
    return path


def _font_family(config: TomlTable) -> str:
    family = config.get("font_family", str, default=DEFAULT_FONT)
    if not _FONT_NAME.fullmatch(family):
        raise config.fail("font_family", f"'font_family' must be one font family name (letters, "
                                         f"digits, spaces, hyphens) like \"Noto Sans\", not {family!r}")
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
    return Colors(**values)


def _contact(config: TomlTable) -> Contact:
    table = config.table("contact")
    if table is None:
        return Contact(None, None, None, ())
    table.refuse_unknown({"phone", "email", "website", "address"})
    return Contact(
        phone=table.get("phone", str),
        email=table.get("email", str),
        website=table.get("website", str),
        address=table.strings("address"),
    )
