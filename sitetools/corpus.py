"""A deterministic Finnish corpus of N blog posts, for `invoke bench --posts N`.

The same N always gives the same files, byte for byte, so timings of this project and of plain
Pelican can be compared across runs and machines. The text is built from the practitioner's own
vocabulary, with what the Finnish typography and the hyphenation work on: quotes, dashes,
ellipses, number ranges, long compounds, lists and subheadings.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

WORDS = [
    "työnohjaus",
    "esihenkilö",
    "työyhteisö",
    "yhteistyö",
    "luottamus",
    "perustehtävä",
    "vuorovaikutus",
    "arki",
    "muutos",
    "jaksaminen",
    "voimavara",
    "tavoite",
    "kokemus",
    "asiakas",
    "laatu",
    "rooli",
    "ryhmä",
    "keskustelu",
    "tuki",
    "ammattitaito",
    "näkökulma",
    "ilmapiiri",
    "sitoutuminen",
    "arviointi",
    "vahvuus",
    "työrooli",
    "prosessi",
    "tapaaminen",
    "ajankäyttö",
    "rajat",
    "arvot",
    "tunne",
    "kuormitus",
    "palaute",
    "oivallus",
    "ratkaisu",
]
COMPOUNDS = [
    "työnohjausprosessi",
    "asiakaslähtöisyys",
    "ryhmädynamiikka",
    "esihenkilötyöskentely",
    "työhyvinvointisuunnitelma",
    "tunnekuormituksen",
    "johtamisjärjestelmä",
    "vertaistukiryhmä",
    "organisaatiomuutos",
    "ammattitaitovaatimukset",
]
CATEGORIES = ("Ajankohtaista", "Esihenkilötyö", "Työyhteisö")
TAGS = ("työnohjaus", "hyödyt", "muutos", "jaksaminen", "vuorovaikutus", "ryhmä", "johtaminen")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.5:
        words[rng.randrange(len(words))] = rng.choice(COMPOUNDS)
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f'"{rng.choice(WORDS)}"')
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 9)}-{rng.randint(10, 20)} h")
    if rng.random() < 0.2:
        words.insert(rng.randrange(1, len(words)), "-")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", "?", "..."))


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def post(number: int, rng: random.Random, start: dt.date) -> str:
    title = " ".join(rng.choice(WORDS + COMPOUNDS) for _ in range(rng.randint(3, 6)))
    date = start + dt.timedelta(days=2 * number)
    tags = ", ".join(sorted(set(rng.sample(TAGS, rng.randint(1, 3)))))
    parts = [
        f"Title: {title.capitalize()} {number}",
        f"Date: {date:%Y-%m-%d} 10:00",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {tags}",
        f"Summary: {sentence(rng)}",
        "",
    ]
    for section in range(rng.randint(2, 4)):
        if section:
            parts += [f"## {rng.choice(WORDS).capitalize()} ja {rng.choice(COMPOUNDS)}", ""]
        parts += [paragraph(rng), ""]
        if rng.random() < 0.4:
            parts += [f"- {sentence(rng)}" for _ in range(rng.randint(2, 5))] + [""]
    return "\n".join(parts)


def write_corpus(folder: Path, count: int, seed: int = 2013) -> list[Path]:
    """count posts into folder (created), the same bytes for the same count and seed."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = dt.date(2010, 1, 1)
    written = []
    for number in range(count):
        path = folder / f"kirjoitus-{number:05d}.md"
        path.write_text(post(number, rng, start), encoding="utf-8")
        written.append(path)
    return written
