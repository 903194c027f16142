"""Settings for the published site: everything in pelicanconf.py, plus absolute URLs.

The site's public address (SITEURL, and FEED_DOMAIN with it) is hers: tiedot.yaml, `sivusto:
osoite`; sitecore.settings sets it for this file. Every absolute URL (canonical, Open Graph,
feeds, sitemap, JSON-LD) is made from it.
"""

from pathlib import Path

from pelican.settings import load_source

# pelicanconf.py beside this file, whatever the current folder (and never a stale copy).
_base = load_source("pelicanconf", str(Path(__file__).with_name("pelicanconf.py")))
globals().update({key: value for key, value in vars(_base).items() if key.isupper()})

DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False  # the published site is built from nothing, every time
LOAD_CONTENT_CACHE = False

# Example feedback (example: true) is never part of the public site: not a word, not a count.
FEEDBACK_SHOW_EXAMPLES = False

# Drafts are previewed locally (under luonnokset/) but never written into the public site.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
