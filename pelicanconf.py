"""Settings for the local preview build: what an engineer changes.

Her own details (name, contacts, prices, the form service, the site's name and address) are
in tiedot.yaml; the project's own settings and their defaults are in sitecore/settings.py
(SCHEMA), and a name written here that nothing reads is an error.
"""

import datetime as dt

# --- Language, time and formats -----------------------------------------------
DEFAULT_LANG = "fi"
LOCALE = ("C",)  # dates come from Babel, never from the system locale
TIMEZONE = "Europe/Helsinki"

PATH = "content"
ARTICLE_PATHS = ["blogi"]
PAGE_PATHS = ["sivut"]
# Files served from the site's root: the icons (browser tab, phone home screen, manifest),
# kept in content/extra/ under the same path.
root_files = ["favicon.svg", "apple-touch-icon.png", "icons/icon-192.png", "icons/icon-512.png"]
STATIC_PATHS = ["images", *(f"extra/{name}" for name in root_files)]
EXTRA_PATH_METADATA = {f"extra/{name}": {"path": name} for name in root_files}
IGNORE_FILES = [".#*", "README.md", "*.yaml", "*.csv"]
# A post dated in the future is scheduled: a draft (previewed under luonnokset/ with a note)
# until its date; it goes public with the first build and publish after that date.
WITH_FUTURE_DATES = False

# --- Clean Finnish URLs --------------------------------------------------------
ARTICLE_URL = "blogi/{slug}/"
ARTICLE_SAVE_AS = "blogi/{slug}/index.html"
DRAFT_URL = "luonnokset/{slug}/"
DRAFT_SAVE_AS = "luonnokset/{slug}/index.html"
DRAFT_PAGE_URL = "luonnokset/sivut/{slug}/"
DRAFT_PAGE_SAVE_AS = "luonnokset/sivut/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "blogi/kategoria/{slug}/"
CATEGORY_SAVE_AS = "blogi/kategoria/{slug}/index.html"
TAG_URL = "blogi/aihe/{slug}/"
TAG_SAVE_AS = "blogi/aihe/{slug}/index.html"
YEAR_ARCHIVE_URL = "blogi/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "blogi/{date:%Y}/index.html"
ARCHIVES_URL = "blogi/arkisto/"
ARCHIVES_SAVE_AS = "blogi/arkisto/index.html"
INDEX_URL = "blogi/"
INDEX_SAVE_AS = "blogi/index.html"
AUTHOR_SAVE_AS = ""
# No list of tags, categories or authors: they are not in DIRECT_TEMPLATES.
DIRECT_TEMPLATES = ["index", "archives", "robots", "haku", "manifest"]
ROBOTS_SAVE_AS = "robots.txt"
HAKU_URL = "haku/"  # the search page (plugins/search_index)
HAKU_SAVE_AS = "haku/index.html"
MANIFEST_SAVE_AS = "site.webmanifest"  # the web app manifest (name, icons, colours)
DEFAULT_PAGINATION = 4
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/sivu/{number}/", "{base_name}/sivu/{number}/index.html"),
)

# --- Feeds ---------------------------------------------------------------------
FEED_DOMAIN = "http://localhost:8000"  # the preview server; publishconf.py uses SITEURL
FEED_ALL_ATOM = "blogi/syote.xml"
CATEGORY_FEED_ATOM = "blogi/kategoria/{slug}/syote.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20

# --- Theme, Markdown and typography --------------------------------------------
THEME = "theme"
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        # NFC text: ä typed on a Mac is the same ä (sitecore/nfc.py)
        "sitecore.nfc:NfcExtension": {},
    },
    "output_format": "html5",
}
TYPOGRIFY = True
# Finnish quotes and a widont that spares long words are done in plugins/typography_fi.
TYPOGRIFY_OMIT_FILTERS = ["smartypants", "widont"]
# Every value a template prints is escaped (autoescape); what is HTML already (a rendered
# body, a title from plugins/plain_metadata) is printed with |safe or an HTML filter.
# (Pelican adds its defaults, trim_blocks and lstrip_blocks, to the keys set here.)
# Each build makes its own Jinja environment: no template changes while one runs, so Jinja
# need not look at the template files' times again at every page (auto_reload).
JINJA_ENVIRONMENT = {"autoescape": True, "auto_reload": False}

# --- Cache: the preview reads again only the Markdown files that changed -------------
# (sitecore.build keeps one cache per Markdown configuration and drops a broken one;
# the published site, publishconf.py, is always built from nothing.)
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha256"
CACHE_PATH = "cache/esikatselu"

# Metadata fields the site's plugins and templates read besides Pelican's own; content_guard
# refuses any other (a misspelt field would be ignored without a word). Example: true marks
# example material (badge; never published, not searched).
SITE_FIELDS = ["description", "example", "image", "image_alt"]

# --- Plugins --------------------------------------------------------------------
# The site's own plugins are the package plugins/, installed with the project (bin/setup).
PLUGINS = [
    "plugins.content_guard",
    "plugins.writing",  # empty fields and <!-- comments --> of a new post never reach the site
    "plugins.plain_metadata",  # metadata is text: escaped once when read
    "plugins.i18n_fi",
    "plugins.typography_fi",
    "plugins.site_pages",
    "plugins.feedback",
    "plugins.responsive_images",  # <picture>, no EXIF; og:image for every post (picture or card)
    "plugins.structured_data",
    "plugins.sitemap",
    "plugins.source_map",  # which content file each page comes from, for `invoke check`
    "plugins.asset_hash",  # content-hashed CSS and JS names, kept a year by browsers
    "plugins.search_index",  # the Pagefind index behind the search page haku/
    "plugins.security_headers",  # .htaccess and _headers for the web host
    "plugins.redirects",  # old addresses (content/redirects.yaml) answer 301
]
# URL paths the sitemap leaves out: drafts, 404, robots.txt, the search page, the manifest.
SITEMAP_EXCLUDE = ["^luonnokset/", "^404", "^robots\\.txt$", "^haku/", "^site\\.webmanifest$"]

# The site's own addresses, relative to SITEURL: the menu, the templates, the structured
# data and the checks all take them from here (a page's address is its Slug, or its Title).
SITE_PAGES = {
    "services": "palvelut/",
    "prices": "hinnat/",
    "about": "minusta/",
    "benefits": "hyodyt/",
    "blog": INDEX_URL,
    "archive": ARCHIVES_URL,
    "contact": "yhteystiedot/",
    "privacy": "tietosuojaseloste/",
    "search": HAKU_URL,
}
# Navigation: (label, address)
MENU = [
    ("Palvelut", SITE_PAGES["services"]),
    ("Hinnat", SITE_PAGES["prices"]),
    ("Minusta", SITE_PAGES["about"]),
    ("Hyödyt ja palautteet", SITE_PAGES["benefits"]),
    ("Blogi", SITE_PAGES["blog"]),
    ("Yhteystiedot", SITE_PAGES["contact"]),
]
# One page of each kind the site has (name: address), for `invoke check`'s browser checks
# and the tests; the check weighs the largest post in place of the sample post.
PAGE_TYPES = {
    "etusivu": "",
    "artikkeli": ARTICLE_URL.format(slug="mista-syntyy-hyodyllinen-tyonohjaus"),
    "palvelusivu": "yksilotyonohjaus/",
    "palvelut": SITE_PAGES["services"],
    "hinnat": SITE_PAGES["prices"],
    "sivu": SITE_PAGES["about"],
    "yhteystiedot": SITE_PAGES["contact"],
    "tietosuoja": SITE_PAGES["privacy"],
    "hyödyt": SITE_PAGES["benefits"],
    "blogi": SITE_PAGES["blog"],
    "blogisivu-2": f"{INDEX_URL}sivu/2/",
    "kategoria": CATEGORY_URL.format(slug="ajankohtaista"),
    "aihe": TAG_URL.format(slug="tyonohjaus"),
    "arkisto": SITE_PAGES["archive"],
    "vuosi": YEAR_ARCHIVE_URL.format(date=dt.date(2013, 1, 1)),
    "haku": SITE_PAGES["search"],
    "404": "404.html",
}
# The alt text says what the picture says (it was drawn with "esimiehille").
SHARE_IMAGE = "images/jakokuva.png"
SHARE_IMAGE_ALT = "Tavataan ja tuumataan – työnohjausta esimiehille, työyhteisöille ja yksilöille"
# Site search (Pagefind, plugins/search_index): the search page haku/ and a search field
# in the header of every page. The index is made at every build, the preview included.
SEARCH_INDEX = True
# The preview shows example feedback (example: true), marked; publishconf.py turns it off.
FEEDBACK_SHOW_EXAMPLES = True
