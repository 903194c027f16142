"""JSON-LD for search engines: Person and ProfessionalService on the home page,
BlogPosting on articles and a BreadcrumbList wherever the page shows breadcrumbs.

The data is built here in Python and handed to the templates as ready, escaped JSON, so
the templates hold no logic. No Review or AggregateRating is ever produced: search
engines treat self-published reviews as spam.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator

SOFT_HYPHEN = "\u00ad"
SPACES = re.compile(r"[ \t\r\n]+")


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}" if url is not None else siteurl


def plain(value: str | None, limit: int | None = None) -> str:
    """Plain text for <title>, meta tags and JSON-LD: no tags, entities decoded, no soft
    hyphens, white space collapsed; cut at a word boundary when longer than limit."""
    if not value:
        return ""
    text = Markup(str(value)).striptags().replace(SOFT_HYPHEN, "")
    text = SPACES.sub(" ", text).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"
    return text


def plain_html(value: str | None, limit: int | None = None) -> Markup:
    """The `plain` filter: plain text escaped again, safe inside elements and attributes."""
    return escape(plain(value, limit))


def to_script(data: dict[str, Any]) -> Markup:
    """Serialise for a <script type="application/ld+json"> element, safely."""
    text = json.dumps(data, ensure_ascii=False, indent=None, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


class StructuredData:
    """Jinja helpers bound to the site's settings, which are read once."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.siteurl: str = settings.get("SITEURL", "")
        self.sitename: str = settings.get("SITENAME", "")
        self.description: str = settings["SITE_DESCRIPTION"]
        self.owner: dict[str, str] = settings["OWNER"]
        self.share_image: str = settings["SHARE_IMAGE"]
        self.lang: str = settings.get("DEFAULT_LANG", "fi")
        self.about: str = settings["SITE_PAGES"]["about"]

    def person(self) -> dict[str, Any]:
        owner = self.owner
        person = {
            "@type": "Person",
            "@id": absolute(self.siteurl, f"{self.about}#henkilo"),
            "name": owner.get("name"),
            "jobTitle": owner.get("title"),
            "email": owner.get("email") and f"mailto:{owner['email']}",
            "telephone": owner.get("phone"),
            "url": absolute(self.siteurl, self.about),
            "address": self.address(),
        }
        return {key: value for key, value in person.items() if value}

    def address(self) -> dict[str, str] | None:
        """Where she works from: a service provider names at least the municipality."""
        if not (town := self.owner.get("municipality")):
            return None
        return {"@type": "PostalAddress", "addressLocality": town, "addressCountry": "FI"}

    def home(self, services: list) -> Markup:
        owner = self.owner
        business = {
            "@type": "ProfessionalService",
            "@id": absolute(self.siteurl, "#yritys"),
            "name": self.sitename,
            "description": self.description,
            "url": absolute(self.siteurl, ""),
            "image": absolute(self.siteurl, self.share_image),
            "email": owner.get("email"),
            "telephone": owner.get("phone"),
            "areaServed": owner.get("area"),
            "founder": {"@id": absolute(self.siteurl, f"{self.about}#henkilo")},
            "taxID": owner.get("business_id"),
            "inLanguage": self.lang,
            "makesOffer": [
                {
                    "@type": "Offer",
                    "itemOffered": {
                        "@type": "Service",
                        "name": plain(page.title),
                        "url": absolute(self.siteurl, page.url),
                    },
                }
                for page in services
            ],
        }
        business = {key: value for key, value in business.items() if value}
        return to_script({"@context": "https://schema.org", "@graph": [self.person(), business]})

    def article(self, article) -> Markup:
        url = absolute(self.siteurl, article.url)
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": plain(article.title),
            "description": plain(article.summary, 300),
            "datePublished": article.date.isoformat(),
            "dateModified": getattr(article, "modified", article.date).isoformat(),
            "inLanguage": self.lang,
            "mainEntityOfPage": url,
            "url": url,
            "image": absolute(self.siteurl, self.image_of(article)),
            "author": self.person(),
            "publisher": {"@id": absolute(self.siteurl, "#yritys"), "name": self.sitename},
            "articleSection": article.category.name,
            "keywords": [tag.name for tag in getattr(article, "tags", [])],
        }
        return to_script(data)

    def image_of(self, content) -> str:
        """The post's own share image (share_image plugin), else the site's."""
        image = getattr(content, "share_image", None)
        return image.url if image else self.share_image

    def breadcrumbs(self, crumbs: list[tuple[str, str]]) -> Markup:
        data = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": plain(label),
                    "item": absolute(self.siteurl, url),
                }
                for position, (label, url) in enumerate(crumbs, start=1)
            ],
        }
        return to_script(data)


def install(generator: Generator) -> None:
    helpers = StructuredData(generator.settings)
    generator.env.filters["plain"] = plain_html
    generator.env.globals.update(
        jsonld_home=helpers.home,
        jsonld_article=helpers.article,
        jsonld_breadcrumbs=helpers.breadcrumbs,
    )


def register() -> None:
    signals.generator_init.connect(install)
