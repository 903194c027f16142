"""Settings for the published site: everything in pelicanconf.py, plus absolute URLs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# The site's public address, without a trailing slash. Every absolute URL (canonical,
# Open Graph, feeds, sitemap, JSON-LD) is made from it.
SITEURL = os.environ.get("SITEURL", "https://www.example.fi")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Drafts are previewed locally (under luonnokset/) but never written into the public site.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
