"""JSON-LD for search engines: the business and its services on the home page, a Service
on each service page, the Person on the About page, BlogPosting on articles (each graph
with the Person and the business it points to) and a BreadcrumbList wherever the page
shows breadcrumbs.

The data is built here in Python and handed to the templates as ready, escaped JSON, so
the templates hold no logic. No Review or AggregateRating is ever produced: search
engines treat self-published reviews as spam.
"""

from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape
from pelican import signals
from pelican.generators import Generator

from sitecore.html_text import text_of


def plain(value: str | None, limit: int | None = None) -> str:
    """Plain text for <title>, meta tags and JSON-LD: no tags, entities decoded, no soft
    hyphens, white space collapsed; cut at a word boundary when longer than limit."""
    text = text_of(value)
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"
    return text


def plain_html(value: str | None, limit: int | None = None) -> Markup:
    """The `plain` filter: plain text escaped again, safe inside elements and attributes."""
    return escape(plain(value, limit))


def given(node: dict[str, Any]) -> dict[str, Any]:
    """node without its empty values (a detail she left empty is not said)."""
    return {key: value for key, value in node.items() if value}


class StructuredData:
    """Jinja helpers bound to the site's settings, which are read once.

    Each page's data is one graph that defines every @id it points to: the Person in full
    on the About page, the business in full on the home page, and elsewhere each by its
    @id, type, name and address. The e-mail is written plain, as the page shows it."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.siteurl: str = settings.get("SITEURL", "")
        self.lang: str = settings.get("DEFAULT_LANG", "fi")
        self.share_image: str = settings["SHARE_IMAGE"]
        owner: dict[str, str] = settings["OWNER"]
        about = settings["SITE_PAGES"].get("about", "")  # "": the home page
        self.person_id, self.business_id = self.url(f"{about}#henkilo"), self.url("#yritys")
        # Where she works from: a service provider names at least the municipality.
        town = owner.get("municipality")
        place = {"@type": "PostalAddress", "addressLocality": town, "addressCountry": "FI"}
        where = {"address": place} if town else {}
        person = {"@type": "Person", "@id": self.person_id, "name": owner.get("name")}
        self.person = given({**person, "url": self.url(about), **where})
        business = {"@type": "ProfessionalService", "@id": self.business_id, **where}
        self.business = given({**business, "name": settings.get("SITENAME"), "url": self.url("")})
        contacts = {"email": owner.get("email"), "telephone": owner.get("phone")}
        self.person_in_full = given(
            {**self.person, "jobTitle": owner.get("title"), **contacts}
            | {"worksFor": {"@id": self.business_id}}
        )
        self.business_in_full = given(
            {**self.business, "description": settings["SITE_DESCRIPTION"], **contacts}
            | {"image": self.url(self.share_image), "areaServed": owner.get("area")}
            | {"founder": {"@id": self.person_id}, "taxID": owner.get("business_id")}
            | {"inLanguage": self.lang}
        )

    def url(self, path: str) -> str:
        return f"{self.siteurl}/{path}"

    def graph(self, *nodes: dict, person: bool = False, business: dict | None = None) -> Markup:
        """The page's own nodes with the Person and the business, as a script's text: each
        in full on its own page (the About page: person; the home page: business)."""
        people = self.person_in_full if person else self.person
        graph = [*nodes, people, business or self.business]
        data = {"@context": "https://schema.org", "@graph": graph}
        return htmlsafe_json_dumps(data, ensure_ascii=False)  # safe inside a <script>

    def service(self, page) -> dict[str, Any]:
        return {
            "@type": "Service",
            "@id": self.url(f"{page.url}#palvelu"),
            "name": plain(page.title),
            "description": plain(page.summary, 300),
            "url": self.url(page.url),
            "provider": {"@id": self.business_id},
        }

    def home(self, services: list) -> Markup:
        offered = [self.service(page) for page in services]
        offers = [{"@type": "Offer", "itemOffered": {"@id": item["@id"]}} for item in offered]
        return self.graph(*offered, business={**self.business_in_full, "makesOffer": offers})

    def about_page(self, page) -> Markup:
        profile = {"@type": "ProfilePage", "url": self.url(page.url)}
        return self.graph({**profile, "mainEntity": {"@id": self.person_id}}, person=True)

    def article(self, article, image: str = "") -> Markup:
        """A post's BlogPosting; image: the page's share picture (site-relative), which
        the template gives (`share_image` of responsive_images), else the site's."""
        url = self.url(article.url)
        section = article.category.name
        tags = [tag.name for tag in getattr(article, "tags", [])]
        data = {
            "@type": "BlogPosting",
            "headline": plain(article.title),
            "description": plain(article.summary, 300),
            "datePublished": article.date.isoformat(),
            "dateModified": getattr(article, "modified", article.date).isoformat(),
            "inLanguage": self.lang,
            "mainEntityOfPage": url,
            "url": url,
            "image": self.url(image or self.share_image),
            "author": {"@id": self.person_id},
            "publisher": {"@id": self.business_id},
            "articleSection": section,
            "keywords": [name for name in tags if name.casefold() != section.casefold()],
        }
        return self.graph(data)

    def breadcrumbs(self, crumbs: list[tuple[str, str]]) -> Markup:
        items = [
            {"@type": "ListItem", "position": n, "name": plain(label), "item": self.url(url)}
            for n, (label, url) in enumerate(crumbs, start=1)
        ]
        data = {"@context": "https://schema.org", "@type": "BreadcrumbList"}
        return htmlsafe_json_dumps({**data, "itemListElement": items}, ensure_ascii=False)


def install(generator: Generator) -> None:
    helpers = StructuredData(generator.settings)
    generator.env.filters["plain"] = plain_html
    generator.env.globals.update(
        jsonld_home=helpers.home,
        jsonld_article=helpers.article,
        jsonld_service=lambda page: helpers.graph(helpers.service(page)),
        jsonld_about=helpers.about_page,
        jsonld_breadcrumbs=helpers.breadcrumbs,
    )


def register() -> None:
    signals.generator_init.connect(install)
