"""What this site adds to Pelican's content model.

- the home page is an ordinary Markdown page saved as index.html, with the root URL;
- service pages (Template: service) are collected, in their Order, for the home page,
  the services page and the footer, and the PRICES setting is joined to them for the
  Hinnat page;
- `Example: true` becomes a real boolean, `example`, for the "Esimerkki" badge;
- the contact form's service (CONTACT_FORM_SERVICE) is given to the privacy policy,
  with its country's Finnish name and whether it is outside the EU/EEA, as FORM_SERVICE;
- every article gets a reading time and its previous and next post;
- a post dated in the future is scheduled: left out until its day (scheduled.py).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from sitecore import details
from sitecore.metadata import is_example, service_pages
from sitecore.privacy import form_service

from .scheduled import mark_scheduled

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
TAG = re.compile(r"<!--.*?-->|<[^>]+>", re.S)  # a comment is no words, whoever removes it


def reading_minutes(html: str, words_per_minute: int) -> int:
    words = len(WORD.findall(TAG.sub(" ", html)))
    return max(1, math.ceil(words / words_per_minute))


def prepare_content(content) -> None:
    """Per-object additions, run once each page or article is read."""
    if isinstance(content, Page) and content.save_as == "index.html":
        content.override_url = ""
    if isinstance(content, (Article, Page)):
        content.example = is_example(content.metadata.get("example", ""))
    if isinstance(content, Article):
        wpm = content.settings["READING_SPEED_WPM"]
        content.reading_minutes = reading_minutes(content._content, wpm)


@dataclass(frozen=True)
class PriceRow:
    """One row of the Hinnat page: a service page and its price as the settings give it."""

    title: str
    url: str
    price: str
    unit: str
    starting: bool  # shown as "alkaen"


def price_rows(services: list, prices: list[dict[str, Any]]) -> tuple[list[PriceRow], list[str]]:
    """PRICES joined to the service pages, in the order of PRICES; and Finnish messages for
    rows naming a service that does not exist."""
    by_slug = {page.slug: page for page in services}
    rows, problems = [], []
    for item in prices:
        slug = str(item.get("service", ""))
        page = by_slug.get(slug)
        if page is None:
            problems.append(
                f"{details.FILE}, rivi {item.get('line')}: hinnat: palvelua ”{slug}” ei ole, "
                "joten sen hintaa ei näytetä. Kirjoita palvelusivun osoitenimi (Slug), yksi "
                f"näistä: {', '.join(sorted(by_slug))}."
            )
            continue
        rows.append(
            PriceRow(
                title=page.title,
                url=page.url,
                price=str(item.get("price", "")),
                unit=str(item.get("unit", "")),
                starting=bool(item.get("from", False)),
            )
        )
    return rows, problems


def collect_services(generator: PagesGenerator) -> None:
    services = service_pages(generator.pages)
    generator.context["SERVICES"] = services
    rows, problems = price_rows(services, generator.settings["PRICES"])
    for problem in problems:
        log.warning("%s", problem)
    generator.context["PRICE_ROWS"] = rows


def add_form_service(generator: Generator) -> None:
    generator.context["FORM_SERVICE"] = form_service(generator.settings)


@dataclass(frozen=True)
class Neighbour:
    """What an article's page shows of the post before or after it. Plain data, not the
    article itself: a chain of articles linked to each other would make Pelican's content
    cache pickle the whole blog as one 1,000-deep structure."""

    url: str
    title: str


def link_neighbours(generator: ArticlesGenerator) -> None:
    """Previous (older) and next (newer) post for each article; Pelican core has none."""
    by_date = sorted(generator.articles, key=lambda a: (a.date, a.source_path))
    shown = [Neighbour(a.url, a.title) for a in by_date]
    for index, article in enumerate(by_date):
        article.prev_article = shown[index - 1] if index > 0 else None
        article.next_article = shown[index + 1] if index + 1 < len(by_date) else None


def register() -> None:
    signals.generator_init.connect(add_form_service)
    signals.content_object_init.connect(prepare_content)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(mark_scheduled)
    signals.page_generator_finalized.connect(collect_services)
