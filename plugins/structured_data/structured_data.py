"""JSON-LD for search engines: the business and its services on the home page, a Service
on each service page, the Person on the About page, BlogPosting on articles (each graph
with the Person and the business it points to) and a BreadcrumbList wherever the page
shows breadcrumbs.

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
    """Jinja helpers bound to the site's settings, which are read once.

    Each page's data is one graph that defines every @id it points to: the Person in full
    on the About page, the business in full on the home page, and elsewhere each by its
    @id, type, name and address. The e-mail is written plain, as the page shows it."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.siteurl: str = settings.get("SITEURL", "")
        self.sitename: str = settings.get("SITENAME", "")
        self.description: str = settings.get("SITE_DESCRIPTION", "")
        self.owner: dict[str, str] = settings.get("OWNER", {})
        self.share_image: str = settings.get("SHARE_IMAGE", "")
        self.lang: str = settings.get("DEFAULT_LANG", "fi")
        self.about: str = settings.get("SITE_PAGES", {}).get("about", "minusta/")
        self.person_id = absolute(self.siteurl, f"{self.about}#henkilo")
        self.business_id = absolute(self.siteurl, "#yritys")

    def person(self, full: bool) -> dict[str, Any]:
        owner = self.owner
        person = {"@type": "Person", "@id": self.person_id, "name": owner.get("name")}
        person["url"] = absolute(self.siteurl, self.about)
        if full:
            person["jobTitle"] = owner.get("title")
            person["email"] = owner.get("email")
            person["telephone"] = owner.get("phone")
            person["worksFor"] = {"@id": self.business_id}
        return {key: value for key, value in person.items() if value}

    def business(self, services: list | None) -> dict[str, Any]:
        owner = self.owner
        business = {"@type": "ProfessionalService", "@id": self.business_id}
        business["name"] = self.sitename
        business["url"] = absolute(self.siteurl, "")
        if services is not None:
            business["description"] = self.description
            business["image"] = absolute(self.siteurl, self.share_image)
            business["email"] = owner.get("email")
            business["telephone"] = owner.get("phone")
            business["areaServed"] = owner.get("area")
            business["founder"] = {"@id": self.person_id}
            business["taxID"] = owner.get("business_id")
            business["inLanguage"] = self.lang
            business["makesOffer"] = [
                {"@type": "Offer", "itemOffered": {"@id": self.service_id(page)}}
                for page in services
            ]
        return {key: value for key, value in business.items() if value}

    def graph(self, *nodes: dict, person: bool = False, services: list | None = None) -> Markup:
        """The page's own nodes with the Person and the business, as a script's text: the
        Person in full on the About page (person), the business on the home page (services,
        what it offers)."""
        graph = [*nodes, self.person(person), self.business(services)]
        return to_script({"@context": "https://schema.org", "@graph": graph})

    def service_id(self, page) -> str:
        return absolute(self.siteurl, f"{page.url}#palvelu")

    def service(self, page) -> dict[str, Any]:
        return {
            "@type": "Service",
            "@id": self.service_id(page),
            "name": plain(page.title),
            "description": plain(page.summary, 300),
            "url": absolute(self.siteurl, page.url),
            "provider": {"@id": self.business_id},
        }

    def home(self, services: list) -> Markup:
        return self.graph(*map(self.service, services), services=services)

    def page(self, page) -> Markup:
        """The About page's ProfilePage of the Person, or a service page's Service."""
        if page.url != self.about:
            return self.graph(self.service(page))
        url = absolute(self.siteurl, page.url)
        profile = {"@type": "ProfilePage", "url": url, "mainEntity": {"@id": self.person_id}}
        return self.graph(profile, person=True)

    def article(self, article) -> Markup:
        url = absolute(self.siteurl, article.url)
        section = article.category.name
        data = {
            "@type": "BlogPosting",
            "headline": plain(article.title),
            "description": plain(article.summary, 300),
            "datePublished": article.date.isoformat(),
            "dateModified": getattr(article, "modified", article.date).isoformat(),
            "inLanguage": self.lang,
            "mainEntityOfPage": url,
            "url": url,
            "image": absolute(self.siteurl, self.image_of(article)),
            "author": {"@id": self.person_id},
            "publisher": {"@id": self.business_id},
            "articleSection": section,
            "keywords": [
                tag.name
                for tag in getattr(article, "tags", [])
                if tag.name.casefold() != section.casefold()
            ],
        }
        return self.graph(data)

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
        jsonld_page=helpers.page,
        jsonld_breadcrumbs=helpers.breadcrumbs,
    )


def register() -> None:
    signals.generator_init.connect(install)
