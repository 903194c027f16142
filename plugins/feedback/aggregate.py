"""Turn checked feedback into what the pages show: counts per theme, quotes, merged lists.

This is the one place where words from feedback files are picked for output, so the
publishing rules live here and nowhere else: named and anonymous files give their texts,
only named files give an author or a service, statistics files only add to the counts, and
`publish: no` files are dropped before anything else happens. Example files (`example:
true`) are dropped by feedback.py before they get here unless the build shows examples (the
preview); when they are shown, every quote of theirs carries the mark.

A file usually counts as one feedback. A file with `count: each_benefit` sums up several
clients' feedback, one listed benefit each, so each of its benefits counts as one unit of
its own: a mention, which the pages call so (Summary.listed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from pelican.contents import Page

from sitecore.feedback import COUNTED, SHOWN, Feedback, Theme
from sitecore.finnish import finnish_plain

SPACES = re.compile(r"\s+")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def polish(text: str) -> Markup:
    """Every text from a feedback file passes through here on its way out.

    Finnish punctuation (plugins/typography_fi) is applied to the plain text, and the result
    is escaped, so HTML or script in a feedback file always shows as text, whether or not
    the templates autoescape.
    """
    return escape(finnish_plain(SPACES.sub(" ", text).strip()))


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[Markup, ...]
    date: dt.date
    author: Markup | str = ""  # empty: shown as "Asiakkaan palaute"
    service: Page | None = None  # the service page, for a named quote only
    featured: bool = False
    example: bool = False

    @property
    def month(self) -> str:
        """For <time datetime>: the month is all a quote says about when."""
        return f"{self.date:%Y-%m}"


@dataclass(frozen=True)
class ThemeCount:
    key: str
    label: Markup
    description: Markup
    count: int  # counted feedback that mention the theme
    total: int  # all counted feedback
    of_total: str  # the total in the elative case, "12:sta"
    texts: tuple[Markup, ...] = ()


@dataclass
class Summary:
    total: int = 0
    themes: list[ThemeCount] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    success_factors: list[Markup] = field(default_factory=list)
    improvements: list[Markup] = field(default_factory=list)
    examples: int = 0  # of total, how many come from example files (preview only)
    listed: int = 0  # of total, how many are benefits of a compiled list (count: each_benefit)

    @property
    def mentioned(self) -> list[ThemeCount]:
        return [theme for theme in self.themes if theme.count]


def elative(number: int) -> str:
    """A number in the elative case as Finns write it: 1:stä, 12:sta, 15:stä, 20:stä, 100:sta.

    The ending is the one the number's last word takes when said aloud; in 11–19 the case
    ending goes before -toista, so they end as their last digit does (viidestätoista)."""
    n = abs(number)
    last = n % 10 or (10 if n % 100 else 100)  # a digit, kymmenen, or sata/tuhat/nolla
    return f"{number}:st{'a' if last in (2, 3, 6, 8, 100) else 'ä'}"  # kahdesta, sadasta


def merge(texts: Iterable[str]) -> list[Markup]:
    """Each text said once (case, spacing and a final stop do not matter), the most often
    said first, otherwise in the order given."""
    counts: Counter[str] = Counter()
    first: dict[str, Markup] = {}
    for text in texts:
        key = " ".join(text.split()).casefold().rstrip(".!")
        if key:
            counts[key] += 1
            first.setdefault(key, polish(text))
    return [first[key] for key, _ in counts.most_common()]  # stable: ties keep their order


def quote_of(item: Feedback, services: dict[str, Page]) -> Quote | None:
    if item.publish not in SHOWN or not item.quote:
        return None
    named = item.publish == "named"  # only a named quote tells who and which service
    parts = PARAGRAPH_BREAK.split(item.quote)
    return Quote(
        paragraphs=tuple(polish(part) for part in parts if part.strip()),
        date=item.date,
        author=polish(item.author) if named else "",
        service=services.get(item.service) if named else None,
        featured=item.featured,
        example=item.example,
    )


def units(item: Feedback) -> list[set[str]]:
    """The themes of each feedback a file counts as: one set, or one per listed benefit."""
    if item.count == "each_benefit":
        return [{benefit.theme} for benefit in item.benefits]
    return [{benefit.theme for benefit in item.benefits}]


def summarize(
    feedback: list[Feedback],
    themes: list[Theme],
    services: dict[str, Page],
    service: str | None = None,
) -> Summary:
    """Everything the "Hyödyt ja palautteet" page shows. For a service page (service: its
    slug): counts over all its counted feedback, no texts, and quotes only from named files
    (an anonymous quote on a service page would tell which service the client used)."""
    ordered = sorted(
        (item for item in feedback if item.publish in COUNTED and service in (None, item.service)),
        key=lambda item: (-item.date.toordinal(), item.path.name),
    )
    shown = [item for item in ordered if item.publish in SHOWN] if service is None else []
    quoted = shown if service is None else [item for item in ordered if item.publish == "named"]
    counted = [unit for item in ordered for unit in units(item)]
    return Summary(
        total=len(counted),
        themes=[  # per theme: how many counted units mention it, what shown files say of it
            ThemeCount(
                key=theme.key,
                label=escape(theme.label),
                description=escape(theme.description),
                count=sum(1 for unit in counted if theme.key in unit),
                total=len(counted),
                of_total=elative(len(counted)),
                texts=tuple(
                    merge(b.text for item in shown for b in item.benefits if b.theme == theme.key)
                ),
            )
            for theme in themes
        ],
        quotes=[quote for item in quoted if (quote := quote_of(item, services))],
        success_factors=merge(text for item in shown for text in item.success_factors),
        improvements=merge(text for item in shown for text in item.improvements),
        examples=sum(len(units(item)) for item in ordered if item.example),
        listed=sum(len(item.benefits) for item in ordered if item.count == "each_benefit"),
    )


def featured(quotes: list[Quote], limit: int = 3) -> list[Quote]:
    """Up to limit quotes the clients allowed on the home page, newest first."""
    return [quote for quote in quotes if quote.featured][:limit]
