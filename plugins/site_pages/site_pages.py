"""What this site adds to Pelican's content model.

- the home page is an ordinary Markdown page saved as index.html, with the root URL;
- service pages (Template: service) are collected, in their Order, for the home page,
  the services page and the footer, and the PRICES setting is joined to them for the
  Hinnat page (with PRICES_VAT = "added", each price's total with VAT_RATE added, the
  price a consumer pays);
- `Example: true` becomes a real boolean, `example`, for the "Esimerkki" badge;
- the services that keep her data (web host, e-mail, form, survey tool) are given to the
  privacy policy with their countries' Finnish names as PROCESSORS, and whether the site
  publishes client feedback as FEEDBACK_PUBLISHED;
- every article gets a reading time and its previous and next post;
- a post dated in the future is scheduled: left out until its day (scheduled.py).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import NumberFormatError, format_currency, parse_decimal
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from sitecore import details
from sitecore.feedback import folder_of, shows_feedback
from sitecore.html_text import text_of
from sitecore.metadata import is_example, service_pages
from sitecore.privacy import processors

from .scheduled import mark_scheduled

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")


def reading_minutes(html: str, words_per_minute: int) -> int:
    words = len(WORD.findall(text_of(html, " ")))
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
    total: str = ""  # with VAT added ("138,05 €"), when PRICES_VAT is "added"


def number_in(text: str, sign: str) -> Decimal | None:
    """The number in "110 €" or "25,5 %", as Finns write it; None for a placeholder."""
    try:
        number = text.strip().removesuffix(sign).strip().replace(" ", "\u00a0")
        return parse_decimal(number, locale="fi", strict=True)
    except NumberFormatError:
        return None


def with_vat(price: str, rate: str) -> str:
    """'138,05 €': price with VAT at rate added, or "" when either is not a number yet."""
    amount, percent = number_in(price, "€"), number_in(rate, "%")
    if amount is None or percent is None:
        return ""
    total = (amount * (100 + percent) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    pattern = "#,##0\u00a0¤" if total == total.to_integral() else "#,##0.00\u00a0¤"
    return format_currency(total, "EUR", pattern, locale="fi", currency_digits=False)


def price_rows(
    services: list, prices: list[dict[str, Any]], vat_added: str | None = None
) -> tuple[list[PriceRow], list[str]]:
    """PRICES joined to the service pages, in the order of PRICES, each with its total when
    VAT at the rate vat_added is added; and Finnish messages for rows naming a service that
    does not exist."""
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
        price = str(item.get("price", ""))
        rows.append(
            PriceRow(
                title=page.title,
                url=page.url,
                price=price,
                unit=str(item.get("unit", "")),
                starting=bool(item.get("from", False)),
                total=with_vat(price, vat_added) if vat_added else "",
            )
        )
    return rows, problems


def collect_services(generator: PagesGenerator) -> None:
    services = service_pages(generator.pages)
    generator.context["SERVICES"] = services
    settings = generator.settings
    added = str(settings["VAT_RATE"]) if settings["PRICES_VAT"] == "added" else None
    rows, problems = price_rows(services, settings["PRICES"], added)
    for problem in problems:
        log.warning("%s", problem)
    generator.context["PRICE_ROWS"] = rows


def add_privacy(generator: Generator) -> None:
    settings = generator.settings
    generator.context["PROCESSORS"] = processors(settings)
    shown = settings["FEEDBACK_SHOW_EXAMPLES"] is True
    generator.context["FEEDBACK_PUBLISHED"] = shows_feedback(folder_of(settings), shown)


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
    signals.generator_init.connect(add_privacy)
    signals.content_object_init.connect(prepare_content)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(mark_scheduled)
    signals.page_generator_finalized.connect(collect_services)
