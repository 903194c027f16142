"""What this site adds to Pelican's content model.

- the home page is an ordinary Markdown page saved as index.html, with the root URL;
- service pages (Template: service) are collected, in their Order, for the home page,
  the services page and the footer, and the PRICES setting is joined to them for the
  Hinnat page (each price's total with VAT_RATE added, the price a consumer pays, which the
  page shows with PRICES_VAT = "added");
- `Example: true` becomes a real boolean, `example`, for the "Esimerkki" badge;
- the services that keep her data (web host, e-mail, form, survey tool) are given to the
  privacy policy with their countries' Finnish names as PROCESSORS, and whether the site
  publishes client feedback as FEEDBACK_PUBLISHED;
- every article gets a reading time and its previous and next post;
- a post dated in the future waits for its day. With WITH_FUTURE_DATES = False Pelican
  makes such a post a draft: the production build (DRAFT_SAVE_AS = "") writes it nowhere,
  and the preview shows it under luonnokset/. Such a post is marked `scheduled`, apart from
  the drafts she marked herself (Status: draft), so the preview can say when it will be
  published and the build's summary (sitecore/build.py) can list it; the first build on or
  after its date publishes it.
"""

import datetime as dt
import logging
import math
import re
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
from sitecore.readers import add_step

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")


def prepare_content(content) -> None:
    """Per-object additions, run once each page or article is read."""
    if isinstance(content, Page) and content.save_as == "index.html":
        content.override_url = ""
    if isinstance(content, (Article, Page)):
        content.example = is_example(content.metadata.get("example", ""))
    if isinstance(content, Article):
        words = content.metadata["words"]
        content.reading_minutes = max(1, math.ceil(words / content.settings["READING_SPEED_WPM"]))


class CountWords:
    """The reader's step: the words of the text as read (`words`, for the reading
    time; what the other steps change in the HTML is no word)."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        return content, {**metadata, "words": len(WORD.findall(text_of(content, " ")))}


def use_reader(readers) -> None:
    add_step(readers, CountWords)


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


def price_rows(services: list, settings: dict[str, Any]) -> list[dict]:
    """The rows of the Hinnat page: each of PRICES (service, price, unit, from) with its
    service's `page` and its `total` ("138,05 €") with VAT at VAT_RATE added, which the
    template shows when PRICES_VAT is "added", in the order of PRICES. A row naming a service
    that does not exist is left out, with a Finnish warning."""
    by_slug = {page.slug: page for page in services}
    rows = []
    for item in settings["PRICES"]:
        slug = str(item.get("service", ""))
        if (page := by_slug.get(slug)) is None:
            log.warning(
                f"{details.FILE}, rivi {item.get('line')}: hinnat: palvelua ”{slug}” ei ole, "
                "joten sen hintaa ei näytetä. Kirjoita palvelusivun osoitenimi (Slug), yksi "
                f"näistä: {', '.join(sorted(by_slug))}."
            )
            continue
        total = with_vat(str(item["price"]), str(settings["VAT_RATE"]))
        rows.append({**item, "page": page, "total": total})
    return rows


def collect_services(generator: PagesGenerator) -> None:
    services = service_pages(generator.pages)
    generator.context["SERVICES"] = services
    generator.context["PRICE_ROWS"] = price_rows(services, generator.settings)


def add_privacy(generator: Generator) -> None:
    settings = generator.settings
    generator.context["PROCESSORS"] = processors(settings)
    shown = settings["FEEDBACK_SHOW_EXAMPLES"] is True
    generator.context["FEEDBACK_PUBLISHED"] = shows_feedback(folder_of(settings), shown)


def link_neighbours(generator: ArticlesGenerator) -> None:
    """Previous (older) and next (newer) post for each article; Pelican core has none. Each
    is plain data (url, title), not the article itself: a chain of articles linked to each
    other would make Pelican's content cache pickle the whole blog as one 1,000-deep
    structure."""
    by_date = sorted(generator.articles, key=lambda a: (a.date, a.source_path))
    shown = [None, *({"url": a.url, "title": a.title} for a in by_date), None]
    for index, article in enumerate(by_date, start=1):
        article.prev_article, article.next_article = shown[index - 1], shown[index + 1]


def mark_scheduled(generator: ArticlesGenerator) -> None:
    now = dt.datetime.now(dt.UTC)
    for article in generator.drafts:
        chosen = str(article.metadata.get("status", "")).strip().lower()
        article.scheduled = chosen != "draft" and article.date > now  # Pelican gave it a zone


def register() -> None:
    signals.readers_init.connect(use_reader)
    signals.generator_init.connect(add_privacy)
    signals.content_object_init.connect(prepare_content)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(mark_scheduled)
    signals.page_generator_finalized.connect(collect_services)
