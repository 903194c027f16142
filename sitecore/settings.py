"""The project's Pelican settings, read the way Pelican reads them, her details added, and
every setting of the project's own checked against one schema.

Tools (tasks.py, sitetools) read the settings here instead of importing pelicanconf.py, so
every default is there too, and relative paths are resolved against the project folder, not
the current directory. The layers, lowest first: the defaults (Pelican's, and SCHEMA's for
the project's own settings), the settings file (pelicanconf.py; publishconf.py builds on
it), her details (tiedot.yaml, sitecore/details.py) and an override (the tests', `-e`).
"""

import ast
import copy
import functools
import locale
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.utils import slugify

from sitecore import details as her
from sitecore.feedback import did_you_mean
from sitecore.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = "pelicanconf.py"
PRODUCTION = "publishconf.py"  # the published site: its address is hers (tiedot.yaml)

Settings = dict[str, Any]

# The project's own settings: name -> (type, default), the one place their defaults live.
# Code reads settings[NAME]; pelicanconf.py sets only what differs for this site. Her own
# (OWNER, PRICES, CONTACT_FORM_ACTION, …) are sitecore/details.py's, always filled from
# tiedot.yaml.
SCHEMA: dict[str, tuple[type | tuple[type, ...], Any]] = {
    # The site's own addresses (menu, templates, structured data, checks) and sample pages.
    "SITE_PAGES": (dict, {}),
    "MENU": (list, []),  # (label, address)
    "PAGE_TYPES": (dict, {}),  # name: address, one page of each kind (checks, tests)
    "SHARE_IMAGE": (str, ""),  # the site's own share picture
    "SHARE_IMAGE_ALT": (str, ""),  # empty: SITENAME
    "SEARCH_INDEX": (bool, False),  # the search page and the Pagefind index
    # Dates through Babel (plugins/i18n_fi): the date_NAME filters.
    "DATE_FORMATS_FI": (dict, {"date": "d.M.yyyy", "month": "LLLL yyyy", "iso": "yyyy-MM-dd"}),
    "READING_SPEED_WPM": (int, 180),  # Finnish words are long; 180 words a minute
    # The last two words of a heading or paragraph are kept on one line only when together
    # they are at most this long (a longer pair could not fit a phone's line).
    "WIDONT_MAX_LENGTH": (int, 12),
    # Words of at least this many letters get soft hyphens at Voikko's points: long compounds
    # break cleanly on a phone. The second is for headings, titles, table cells and other
    # narrow places, where less fits on a line.
    "HYPHENATE_MIN_LETTERS": (int, 14),
    "HYPHENATE_MIN_LETTERS_NARROW": (int, 12),
    # Pictures (plugins/responsive_images): the widths made of each, at most the content
    # column (38rem = 608 px in theme/static/css/site.css) at 2x; the formats besides the
    # fallback; encoder qualities; the sizes attribute; where encoded pictures are kept.
    "IMAGE_WIDTHS": ((tuple, list), (360, 540, 720, 960, 1216)),
    "IMAGE_FORMATS": ((tuple, list), ("avif", "webp")),
    "IMAGE_QUALITY": (dict, {}),
    "IMAGE_SIZES": (str, "(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"),
    "IMAGE_CACHE_PATH": (str, "cache/kuvat"),
    "IMAGE_BUDGET_KB": (int, 500),  # `invoke check` fails on a larger image file
    "SHARE_IMAGE_PATH": (str, "images/jako"),  # the posts' share cards
    "SHARE_CARD_FONT": (str, "/usr/share/fonts/opentype/urw-base35/P052-Bold.otf"),
    "SHARE_CARD_FONT_SMALL": (str, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    # Feedback files (plugins/feedback), under PATH; examples shown (the preview only);
    # strict: a broken file stops the build; how many quotes the home page shows.
    "FEEDBACK_PATH": (str, "feedback"),
    "FEEDBACK_SHOW_EXAMPLES": (bool, False),
    "FEEDBACK_STRICT": (bool, False),
    "FEEDBACK_FEATURED_MAX": (int, 3),
    # Old addresses (plugins/redirects), under PATH; a small page at each for hosts without
    # redirects (GitHub Pages); False on Netlify, where it would be served instead of the 301.
    "REDIRECTS_FILE": (str, "redirects.yaml"),
    "REDIRECT_PAGES": (bool, True),
    "HTML_CACHE_SECONDS": (int, 300),  # how long browsers keep a page (.htaccess)
    "ASSET_CACHE_SECONDS": (int, 365 * 24 * 3600),  # … and a content-hashed CSS or JS file
    # The theme's templates compiled (Jinja bytecode), found by each template's own text.
    "TEMPLATE_CACHE_PATH": ((str, type(None)), "cache/mallit"),
    # Metadata fields the site reads besides Pelican's own (content_guard refuses others).
    "SITE_FIELDS": (list, []),
    "SITEMAP_EXCLUDE": (list, []),  # URL paths (patterns) the sitemap leaves out
    "STRICT_BUILD": (bool, False),  # a warning fails the build (publish)
}
# Known, but not ours to default: Pelican's settings without a default in DEFAULT_CONFIG.
OTHERS = {"AUTHOR", "TIMEZONE", "FEED_DOMAIN", "FEED_ALL_RSS", "CATEGORY_FEED_RSS"}


def load(
    project: Path = ROOT, conf: str = PREVIEW, override: dict[str, Any] | None = None
) -> Settings:
    """Pelican's settings from project/conf with her details, defaults filled in and paths
    made absolute. What is wrong in them is read() and the build's to say."""
    return read(project, conf, override)[0]


def read(
    project: Path = ROOT, conf: str = PREVIEW, override: dict[str, Any] | None = None
) -> tuple[Settings, list[Problem]]:
    """The settings, and every problem in her details and in the settings files."""
    details = her.read(project / her.FILE)
    mine = dict(details.settings)
    address = mine.pop("SITEURL", "")
    if conf == PRODUCTION:
        mine |= {"SITEURL": address, "FEED_DOMAIN": address}
    with keep_locale():
        settings = read_settings(str(project / conf), override={**mine, **(override or {})})
    settings = {**defaults(), **settings}
    return settings, [*details.problems, *schema_problems(project, conf, settings)]


def defaults() -> Settings:
    """The project's own settings at their defaults (a folder without settings files)."""
    return {name: copy.deepcopy(default) for name, (_, default) in SCHEMA.items()}


def schema_problems(project: Path, conf: str, settings: Settings) -> list[Problem]:
    """A setting written in pelicanconf.py or publishconf.py that nothing reads (a misspelt
    name), that is hers (tiedot.yaml), or whose value is of the wrong type."""
    templates = {*DEFAULT_CONFIG["DIRECT_TEMPLATES"], *settings["DIRECT_TEMPLATES"]}
    derived = {f"{name.upper()}_{end}" for name in templates for end in ("URL", "SAVE_AS")}
    known = {*DEFAULT_CONFIG, *SCHEMA, *OTHERS, *derived, *her.SETTINGS}
    problems = []
    written = list(assignments([project / PREVIEW, project / conf]))
    last = {name: (path, line) for name, path, line in written}  # the one that counts
    mistyped = {name for name, (kind, _) in SCHEMA.items() if not isinstance(settings[name], kind)}
    for name, path, line in written:
        if name in her.SETTINGS:
            message = (
                f"asetus {name} on omia tietojasi, jotka luetaan tiedostosta {her.FILE}. "
                "Poista tämä rivi ja kirjoita tieto sinne."
            )
        elif name not in known:
            message = (
                f"tuntematon asetus {name}: sitä ei lue mikään.{did_you_mean(name, known)} "
                "Korjaa nimi, tai lisää uusi asetus tiedoston sitecore/settings.py "
                "luetteloon SCHEMA."
            )
        elif name in mistyped and last[name] == (path, line):
            message = (
                f"asetuksen {name} arvo on väärää tyyppiä. Kirjoita samaa tyyppiä kuin "
                f"oletusarvo {name} = {SCHEMA[name][1]!r}."
            )
        else:
            continue
        problems.append(Problem(path, line, message))
    return problems


def assignments(paths: list[Path]) -> Iterator[tuple[str, Path, int]]:
    """Every setting (an upper-case name) a settings file assigns, with its line."""
    for path in filter(Path.is_file, dict.fromkeys(paths)):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            for target in getattr(node, "targets", []):  # an assignment
                if isinstance(target, ast.Name) and target.id.isupper():
                    yield target.id, path, node.lineno


@contextmanager
def keep_locale() -> Iterator[None]:
    """Pelican sets the process locale from LOCALE ("C"), which would make every later
    open() without an encoding ASCII; the tools and tests go on in the same process."""
    old = locale.setlocale(locale.LC_ALL)
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, old)


def make_slug(text: str, settings: Settings) -> str:
    """A slug as Pelican makes it for a title with these settings (ASCII, Finnish folded)."""
    subs = tuple(map(tuple, settings.get("SLUG_REGEX_SUBSTITUTIONS", [])))
    case, uni = (
        settings.get("SLUGIFY_PRESERVE_CASE", False),
        settings.get("SLUGIFY_USE_UNICODE", False),
    )
    return slug_of(text, subs, case, uni)


@functools.lru_cache(maxsize=16384)
def slug_of(text: str, subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
    """Pelican's slugify, remembered: the live preview's warm process checks every title,
    category and tag again in each build (a thousand posts, four thousand slugs)."""
    return slugify(text, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)
