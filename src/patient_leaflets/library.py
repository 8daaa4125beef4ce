"""The library: a folder with ``leaflets.toml``, its settings and what it holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import layout
from .brands import Brand, brand_ids, load_brand
from .content import Leaflet, Outline, leaflet_ids, load_outline, load_sections
from .errors import ConfigError, UsageError
from .layout import SETTINGS_FILE
from .locales import locale_problem
from .readability import FORMULAS, Target
from .reader import present
from .tomlfile import TomlTable, read_toml
from .variants import PAPERS, Variant


@dataclass(frozen=True)
class CheckSettings:
    """The limits ``leaflets check`` applies: the ``[check]`` table of leaflets.toml."""

    review_warning_days: int = 90  # warn when the next review is this close
    long_sentence_words: int = 25  # list sentences longer than this
    section_words: int = 250  # warn about longer sections
    paragraphs_per_heading: int = 6  # warn about more paragraphs (or lists) in a row


@dataclass(frozen=True)
class Settings:
    """What ``leaflets build`` makes when the command names nothing else, and the checks."""

    source_locale: str = "en"
    locales: tuple[str, ...] = ()  # empty: the source and every locale with a catalog
    brands: tuple[str, ...] = ("default",)
    papers: tuple[str, ...] = PAPERS
    variants: tuple[Variant, ...] = (Variant(),)
    output: Path = Path("dist")
    review_interval_years: int = 3  # 'leaflets review' sets the next review this far ahead
    check: CheckSettings = CheckSettings()
    readability: tuple[Target, ...] = ()  # [readability]: each overrides a language's default


@dataclass(frozen=True)
class Library:
    """A clinic's library of leaflets, brands and templates, rooted at ``root``."""

    root: Path
    settings: Settings = field(default_factory=Settings)

    @property
    def leaflets_dir(self) -> Path:
        return self.root / layout.LEAFLETS

    @property
    def brands_dir(self) -> Path:
        return self.root / layout.BRANDS

    @property
    def templates_dir(self) -> Path:
        return self.root / layout.TEMPLATES

    @property
    def output_dir(self) -> Path:
        return self.root / self.settings.output

    @property
    def readable_dirs(self) -> tuple[Path, ...]:
        """The only folders the renderer may read from."""
        return (self.templates_dir, self.brands_dir, self.leaflets_dir)

    def leaflet_ids(self) -> list[str]:
        return leaflet_ids(self.leaflets_dir)

    def leaflet(self, leaflet_id: str) -> Leaflet:
        """Load the leaflet ``leaflet_id``; a clear error when there is none."""
        return load_sections(self.outline(leaflet_id))

    def outline(self, leaflet_id: str, known: list[str] | None = None) -> Outline:
        """Load the leaflet.toml of ``leaflet_id`` (its sections found, unread); a clear error
        when there is none. ``known``: the ids the library has, listed already."""
        known = self.leaflet_ids() if known is None else known
        if leaflet_id not in known:
            raise UsageError(f"unknown leaflet {leaflet_id!r}; the library has: "
                             f"{_choices(known)} (see 'leaflets list')")
        return load_outline(self.leaflets_dir / leaflet_id)

    def outlines(self, ids: tuple[str, ...] = ()) -> list[Outline]:
        """Load the leaflet.toml of the leaflets named in ``ids``, or of every leaflet when empty."""
        known = self.leaflet_ids()
        return [self.outline(leaflet_id, known) for leaflet_id in (ids or known)]

    def leaflets(self, ids: tuple[str, ...] = ()) -> list[Leaflet]:
        """Load the leaflets named in ``ids``, or every leaflet when empty."""
        return list(self.each_leaflet(ids))

    def each_leaflet(self, ids: tuple[str, ...] = ()) -> Iterator[Leaflet]:
        """Load the leaflets of ``leaflets`` one at a time (a large library: one in memory)."""
        known = self.leaflet_ids()  # listed once, not once a leaflet
        for leaflet_id in ids or known:
            yield load_sections(self.outline(leaflet_id, known))

    def check_locale(self, locale: str) -> None:
        """Raise a clear error unless ``locale`` is a locale Babel knows, spelt its way."""
        problem = locale_problem(locale)
        if problem:
            raise UsageError(problem)

    def check_target_locale(self, locale: str) -> str:
        """Return ``locale`` if it names a language to translate into; else a clear error."""
        self.check_locale(locale)
        if locale == self.settings.source_locale:
            raise UsageError(f"{locale!r} is the library's source language (source_locale in "
                             "leaflets.toml); it needs no catalog")
        return locale

    def catalog_path(self, locale: str, domain: str) -> Path:
        """Return the catalog of ``domain`` (a leaflet id, or the page templates') in ``locale``."""
        return layout.catalog_path(self.root, locale, domain)

    def template_path(self, domain: str) -> Path:
        """Return the translation template (POT) of ``domain``."""
        return layout.template_path(self.root, domain)

    def relative(self, path: Path) -> str:
        """Return ``path`` as messages and records name it: relative to the library, with '/'."""
        return layout.relative(self.root, path)

    def catalog_locales(self) -> list[str]:
        """Return the locales that have a catalog folder (locales/<locale>/LC_MESSAGES), sorted.

        A folder whose name is not a locale spelt Babel's way, or is the source
        language, is an error: its catalogs would never be used.
        """
        locales = layout.catalog_folders(self.root)
        for locale in locales:
            problem = locale_problem(locale)
            if problem or locale == self.settings.source_locale:
                raise ConfigError(self.root / layout.LOCALES / locale, (
                    problem or "catalogs for the source language are never used")
                    + "; rename or remove the folder")
        return locales

    def translated_locales(self, leaflet_id: str) -> list[str]:
        """Return the locales with a catalog for the leaflet ``leaflet_id``, sorted."""
        return [locale for locale in self.catalog_locales()
                if present(self.catalog_path(locale, leaflet_id))]

    def locales_of(self, leaflet_id: str) -> list[str]:
        """Return every locale the leaflet has: the source language, then those translated."""
        return [self.settings.source_locale, *self.translated_locales(leaflet_id)]

    def locales_for(self, leaflet_id: str) -> tuple[str, ...]:
        """Return the locales a leaflet is built in by default.

        Those of ``locales`` in leaflets.toml; without it, every locale the
        leaflet has (``locales_of``).
        """
        return self.settings.locales or tuple(self.locales_of(leaflet_id))

    def target_locales(self) -> list[str]:
        """Return the locales translated into: those of ``locales``, then others with catalogs."""
        source = self.settings.source_locale
        return list(dict.fromkeys([*(locale for locale in self.settings.locales if locale != source),
                                   *self.catalog_locales()]))

    def locales_to_check(self, leaflet_id: str) -> list[str]:
        """Return the locales ``leaflets check`` reads: every one the leaflet has or should have.

        The source language first, then those of ``locales`` in leaflets.toml
        (a missing catalog is a finding), then any other translated one.
        """
        source = self.settings.source_locale
        wanted = [*self.settings.locales, *self.translated_locales(leaflet_id)]
        return [source, *(locale for locale in dict.fromkeys(wanted) if locale != source)]

    def brand(self, brand_id: str) -> Brand:
        """Load the brand ``brand_id``; a clear error when there is none."""
        known = brand_ids(self.brands_dir)
        if brand_id not in known:
            raise UsageError(f"unknown brand {brand_id!r}; the library has: {_choices(known)} "
                             f"(folders in {self.brands_dir} with a brand.toml)")
        return load_brand(self.brands_dir / brand_id)


def find_root(start: Path) -> Path:
    """Return the nearest folder from ``start`` upwards that holds ``leaflets.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if present(folder / SETTINGS_FILE):
            return folder
    raise UsageError(f"no {SETTINGS_FILE} found in {start} or any folder above it; run the "
                     "command inside a library or pass --root DIR")


def open_library(root: Path) -> Library:
    """Read the settings of the library at ``root``."""
    root = root.resolve()
    if not present(root / SETTINGS_FILE):
        raise ConfigError(root / SETTINGS_FILE, f"not found; --root must name a library folder "
                                                f"(one holding {SETTINGS_FILE})")
    config = read_toml(root / SETTINGS_FILE, ConfigError)
    config.refuse_unknown({"source_locale", "locales", "brands", "papers", "variants", "output",
                           "review_interval_years", "check", "readability"})
    defaults = Settings()
    papers = _not_empty(config, "papers", config.strings("papers", default=defaults.papers), "a4")
    for paper in papers:
        if paper not in PAPERS:
            raise config.fail("papers", f"unknown paper {paper!r}; use one of: {', '.join(PAPERS)}")
    source_locale = config.get("source_locale", str, default=defaults.source_locale)
    _check_locale(config, "source_locale", source_locale)
    locales = config.strings("locales", default=defaults.locales)
    for locale in locales:
        _check_locale(config, "locales", locale)
    settings = Settings(
        source_locale=source_locale,
        locales=locales,
        brands=_not_empty(config, "brands", config.strings("brands", default=defaults.brands),
                          "default"),
        papers=papers,
        variants=_variants(config, defaults.variants),
        output=Path(config.get("output", str, default=str(defaults.output))),
        review_interval_years=_interval(config, defaults.review_interval_years),
        check=_check_settings(config),
        readability=_readability(config),
    )
    return Library(root, settings)


def _variants(config: TomlTable, default: tuple[Variant, ...]) -> tuple[Variant, ...]:
    names = config.strings("variants", default=tuple(variant.name for variant in default))
    for name in names:
        if name not in Variant.NAMES:
            raise config.fail("variants", f"unknown variant {name!r}; use some of: "
                                          f"{', '.join(Variant.NAMES)}", name)
    if not names:
        raise config.fail("variants", "'variants' is empty; list at least \"standard\"")
    return tuple(dict.fromkeys(Variant.named(name) for name in names))


def _not_empty(config: TomlTable, key: str, values: tuple[str, ...], example: str) -> tuple[str, ...]:
    """Return ``values``, refusing an empty list: a build of nothing is a mistake, not a default."""
    if not values:
        raise config.fail(key, f"'{key}' is empty; list at least one, e.g. {key} = [\"{example}\"], "
                               "or remove the line for the default")
    return values


MAX_REVIEW_INTERVAL_YEARS = 10  # patient information is reviewed every 2 to 3 years


def _interval(config: TomlTable, default: int) -> int:
    years = _positive(config, "review_interval_years", default)
    if years > MAX_REVIEW_INTERVAL_YEARS:
        raise config.fail("review_interval_years", f"'review_interval_years' is {years}; a "
                          f"leaflet's next review is at most {MAX_REVIEW_INTERVAL_YEARS} years "
                          "ahead (3 is usual)")
    return years


def _positive(config: TomlTable, key: str, default: int) -> int:
    value = config.get(key, int, default=default)
    if value < 1:
        raise config.fail(key, f"'{config.prefix}{key}' must be 1 or more, not {value}")
    return value


def _check_settings(config: TomlTable) -> CheckSettings:
    table = config.table("check")
    defaults = CheckSettings()
    if table is None:
        return defaults
    names = set(CheckSettings.__dataclass_fields__)
    table.refuse_unknown(names)
    return CheckSettings(**{name: _positive(table, name, getattr(defaults, name))
                            for name in sorted(names)})


def _readability(config: TomlTable) -> tuple[Target, ...]:
    """Read ``[readability]``: per language, ``{ formula = "...", max = 8 }`` (or ``min``)."""
    table = config.table("readability")
    if table is None:
        return ()
    targets = []
    for language in table.data:
        _check_locale(table, language, language)
        entry = table.table(language, required=True)
        entry.refuse_unknown({"formula", "max", "min"})
        name = entry.get("formula", str, required=True)
        formula = FORMULAS.get(name)
        made_for = [f.name for f in FORMULAS.values() if f.language == language.split("_")[0]]
        if formula is None or formula.language != language.split("_")[0]:
            problem = (f"unknown formula {name!r}" if formula is None
                       else f"{name!r} is made for {formula.language!r}, not {language!r}")
            choices = ", ".join(made_for) if made_for else (
                "none, textstat has no formula for this language; remove the entry")
            raise entry.fail("formula", f"{problem}; for {language!r} use: {choices}")
        wrong = "min" if formula.limit == "max" else "max"
        if wrong in entry.data:
            easier = "lower" if formula.scale == "grade" else "higher"
            raise entry.fail(wrong, f"{name!r} scores easier text {easier}: its target is "
                                    f"'{formula.limit}', not '{wrong}'")
        limit = entry.data.get(formula.limit)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float))):
            raise entry.fail(formula.limit, f"'{entry.prefix}{formula.limit}' must be a number, "
                                            f"not {limit!r}")
        targets.append(Target(language, name, None if limit is None else float(limit)))
    return tuple(targets)


def _check_locale(config: TomlTable, key: str, locale: str) -> None:
    problem = locale_problem(locale)
    if problem:
        raise config.fail(key, problem, value=locale)


def _choices(names: list[str]) -> str:
    return ", ".join(names) if names else "(none)"
