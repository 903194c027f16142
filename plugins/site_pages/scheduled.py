"""Posts dated in the future wait for their day.

With WITH_FUTURE_DATES = False Pelican makes such a post a draft: the production build
(DRAFT_SAVE_AS = "") writes it nowhere, and the preview shows it under luonnokset/. This
module tells those posts apart from the drafts she marked herself (Status: draft), so the
preview can say when one will be published and the build's summary (sitecore/build.py) can
list it; the first build on or after its date publishes it.
"""

from __future__ import annotations

import datetime as dt

from pelican.generators import ArticlesGenerator


def is_scheduled(article, now: dt.datetime) -> bool:
    chosen = str(article.metadata.get("status", "")).strip().lower()
    date = article.date if article.date.tzinfo else article.date.replace(tzinfo=dt.UTC)
    return chosen != "draft" and date > now


def mark_scheduled(generator: ArticlesGenerator) -> None:
    now = dt.datetime.now(dt.UTC)
    for article in generator.drafts:
        article.scheduled = is_scheduled(article, now)
