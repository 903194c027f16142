"""Settings for the local preview build.

Everything the practitioner may want to change is in the first block:
her name and contact details are used by every page from here.
"""

from __future__ import annotations

import datetime as dt

# --- The practitioner: change these -------------------------------------------
# Everything here is a placeholder to replace before the first publish (README: "Ennen
# ensimmäistä julkaisua"); `invoke publish` refuses while one is left, and says which.
# Text in square brackets, like "[paikkakunta]", is a placeholder for your own fact.
# Leave a value empty ("") to hide it on the site.
OWNER = {
    "name": "Maija Esimerkki",
    "title": "Työnohjaaja",  # shown under the name; only what the site offers
    "email": "maija@example.fi",
    "phone": "+358 40 123 4567",
    "business_id": "1234567-8",  # Y-tunnus
    "area": "[paikkakunta] ja lähialue, etänä koko Suomi",
    "booking_url": "",  # e.g. the address of an online booking calendar
}
# Where and how you meet clients (the Hinnat and Yhteystiedot pages).
SESSIONS = {
    "city": "[paikkakunta]",  # where you meet face to face, e.g. "Tampere"
    "remote": True,  # True: sessions by video link too
    "first_length": "[30 min]",  # the free first conversation: how long
    "first_how": "puhelimessa tai videoyhteydellä",  # … and how it happens
}
# Prices on the Hinnat page, one row per service page (its Slug), in this order.
# "from": True shows the price as a starting price ("alkaen").
PRICES = [
    {"service": "yksilotyonohjaus", "price": "[hinta €]", "unit": "tapaaminen", "from": False},
    {"service": "tyoyhteison-tyonohjaus", "price": "[hinta €]", "unit": "tapaaminen", "from": True},
    {"service": "johdon-tyonohjaus", "price": "[hinta €]", "unit": "tapaaminen", "from": True},
]
# VAT: "included" (the prices include VAT), "added" (VAT is added to the prices) or
# "exempt" (no VAT: turnover under the small-business threshold, arvonlisäverolaki 3 §).
PRICES_VAT = "included"
VAT_RATE = "25,5 %"
CANCELLATION_TERMS = (
    "Tapaamisen voi perua maksutta viimeistään [24 tuntia] ennen sen alkua. "
    "Myöhemmin perutusta tapaamisesta laskutetaan [puolet] hinnasta."
)
# The form service's address (Formspree and the like). Empty: no form is shown, and the
# privacy policy says nothing of a form.
CONTACT_FORM_ACTION = ""
# The form service, named in the privacy policy when the form is in use.
CONTACT_FORM_SERVICE = {
    "name": "",  # e.g. "Formspree"
    "country": "",  # where it keeps the messages, two letters: "FI", "DE", "US"
    # Outside the EU/EEA only: what the transfer rests on, e.g. "EU:n ja Yhdysvaltojen
    # välinen tietosuojakehys (Data Privacy Framework)" or "komission vakiosopimuslausekkeet".
    "transfer_basis": "",
}
# The privacy policy: how long messages and the web server's logs are kept.
PRIVACY = {
    "message_retention": "12 kuukautta viimeisestä yhteydenpidosta",
    "log_retention": "[lokien säilytysaika, kysy webhotellista]",  # e.g. "30 päivää"
}

SITENAME = "Työnohjaus Maija Esimerkki"
SITE_DESCRIPTION = (
    "Työnohjausta esimiehille, työyhteisöille ja yksilöille: "
    "tukea työn arkeen, johtamiseen ja yhteistyöhön."
)
AUTHOR = OWNER["name"]
SITEURL = ""  # the preview uses relative URLs; publishconf.py sets the real one

# --- Language, time and formats -----------------------------------------------
DEFAULT_LANG = "fi"
LOCALE = ("C",)  # dates come from Babel, never from the system locale
TIMEZONE = "Europe/Helsinki"
DATE_FORMATS_FI = {"date": "d.M.yyyy", "month": "LLLL yyyy"}  # Babel patterns

PATH = "content"
ARTICLE_PATHS = ["blogi"]
PAGE_PATHS = ["sivut"]
# Files served from the site's root: the icons (browser tab, phone home screen, manifest).
ROOT_FILES = {
    "extra/favicon.svg": "favicon.svg",
    "extra/apple-touch-icon.png": "apple-touch-icon.png",
    "extra/icons/icon-192.png": "icons/icon-192.png",
    "extra/icons/icon-512.png": "icons/icon-512.png",
}
STATIC_PATHS = ["images", *ROOT_FILES]
EXTRA_PATH_METADATA = {source: {"path": target} for source, target in ROOT_FILES.items()}
IGNORE_FILES = [".#*", "README.md", "*.yaml", "*.csv"]
DEFAULT_METADATA = {}
# A post dated in the future is scheduled: a draft (previewed under luonnokset/ with a note)
# until its date; it goes public with the first build and publish after that date.
WITH_FUTURE_DATES = False
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_RETENTION = []

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
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "robots", "haku", "manifest"]
ROBOTS_SAVE_AS = "robots.txt"
HAKU_URL = "haku/"  # the search page (plugins/search_index)
HAKU_SAVE_AS = "haku/index.html"
MANIFEST_SAVE_AS = "site.webmanifest"  # the web app manifest (name, icons, colours)
SLUGIFY_SOURCE = "title"
DEFAULT_PAGINATION = 4
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/sivu/{number}/", "{base_name}/sivu/{number}/index.html"),
)

# --- Feeds ---------------------------------------------------------------------
FEED_DOMAIN = "http://localhost:8000"  # the preview server; publishconf.py uses SITEURL
FEED_ALL_ATOM = "blogi/syote.xml"
CATEGORY_FEED_ATOM = "blogi/kategoria/{slug}/syote.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

# --- Theme, Markdown and typography --------------------------------------------
THEME = "theme"
THEME_STATIC_PATHS = ["static"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        "sitecore.nfc": {},  # NFC text: ä typed on a Mac is the same ä (sitecore/nfc.py)
    },
    "output_format": "html5",
}
TYPOGRIFY = True
# Finnish quotes and a widont that spares long words are done in plugins/typography_fi.
TYPOGRIFY_OMIT_FILTERS = ["smartypants", "widont"]
# The last two words of a heading or paragraph are kept on one line only when together
# they are at most this many characters long (a longer pair could not fit a phone's line).
WIDONT_MAX_LENGTH = 12
# Words of at least this many letters get soft hyphens at Voikko's points (typography_fi):
# long compounds break cleanly on a phone, ordinary words stay whole. The second number is
# for headings, titles, table cells and other narrow places, where less fits on a line.
HYPHENATE_MIN_LETTERS = 14
HYPHENATE_MIN_LETTERS_NARROW = 12
# Every value a template prints is escaped (autoescape); what is HTML already (a rendered
# body, a title from plugins/plain_metadata) is printed with |safe or an HTML filter.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# --- Cache: the preview reads again only the Markdown files that changed -------------
# (sitecore.build keeps one cache per Markdown configuration and drops a broken one;
# the published site, publishconf.py, is always built from nothing.)
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha256"
CACHE_PATH = "cache/esikatselu"
# Encoded pictures and share cards, kept by content for every build (publish included).
IMAGE_CACHE_PATH = "cache/kuvat"
# The theme's templates compiled (Jinja bytecode), found by each template's own text.
TEMPLATE_CACHE_PATH = "cache/mallit"

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
    "plugins.asset_hash",  # content-hashed CSS names (before security_headers, which lists them)
    "plugins.search_index",  # the Pagefind index behind the search page haku/
    "plugins.security_headers",  # .htaccess and _headers for the web host
    "plugins.redirects",  # old addresses (content/redirects.yaml) answer 301
]
# Old addresses and the new ones they lead to (written by `invoke wordpress-import`, yours to
# edit), in the content folder; REDIRECT_PAGES: a small page at each old address for hosts
# without redirects (GitHub Pages). Set it to False on Netlify, where such a page would be
# served instead of the 301.
REDIRECTS_FILE = "redirects.yaml"
REDIRECT_PAGES = True
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
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
SHARE_IMAGE = "images/jakokuva.png"
SHARE_IMAGE_ALT = "Tavataan ja tuumataan – työnohjausta esimiehille, työyhteisöille ja yksilöille"
# Site search (Pagefind, plugins/search_index): the search page haku/ and a search field
# in the header of every page. The index is made at every build, the preview included.
SEARCH_INDEX = True
# Pictures (plugins/responsive_images): widths made of each picture, at most the content
# column (38rem = 608 px in theme/static/css/site.css) at 2x; `invoke check` fails on a
# published image file larger than IMAGE_BUDGET_KB.
IMAGE_WIDTHS = (360, 540, 720, 960, 1216)
IMAGE_BUDGET_KB = 500  # a phone photo's largest fallback JPEG is 200–400 KB
# The preview shows example feedback (example: true), marked; publishconf.py turns it off.
FEEDBACK_SHOW_EXAMPLES = True
READING_SPEED_WPM = 180  # Finnish words are long; 180 words a minute
RELATIVE_URLS = False  # root-relative links in the preview, absolute in production
