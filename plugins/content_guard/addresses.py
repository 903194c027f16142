"""The fields that decide where a post or page is written (Slug, Save_as, Url, Template),
and the addresses its title, category and tags make, checked before Pelican reads them.

Pelican ends with an English traceback for each of these: a Slug or Save_as that leads out
of the site, a title so long that its address is no valid file name, a template that does
not exist. Here each is a Finnish problem with the line and what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitecore.metadata import Header
from sitecore.problems import Problem
from sitecore.settings import Settings, make_slug

SLUG = re.compile(r"^[a-z0-9_][a-z0-9_-]*$")  # what Pelican's slugify makes of a title
PATH_PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")
MAX_SLUG = 200  # a file name may have 255 bytes; an address this long is a mistake anyway
SHORT_SLUG = 60
# Templates that Pelican itself renders for lists and feeds: no post or page uses them.
LIST_TEMPLATES = {"base", "index", "archives", "period_archives", "category", "tag", "robots"}
LIST_TEMPLATES |= {"author", "authors", "categories", "tags", "redirect"}


@dataclass(frozen=True)
class Rules:
    """What the checks need from the settings, read once per build."""

    settings: Settings
    templates: list[str]
    site_fields: set[str]  # metadata fields besides Pelican's own (SITE_FIELDS)

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        folder = Path(settings["THEME"]) / "templates"
        skip = LIST_TEMPLATES | set(settings.get("DIRECT_TEMPLATES", []))
        names = sorted(p.stem for p in folder.glob("*.html") if p.stem not in skip)
        return cls(settings, names, set(settings["SITE_FIELDS"]))

    def slug(self, text: str) -> str:
        return make_slug(text, self.settings)


def shorten(slug: str) -> str:
    """The slug cut at a hyphen, at most SHORT_SLUG characters."""
    return slug if len(slug) <= SHORT_SLUG else slug[: SHORT_SLUG + 1].rsplit("-", 1)[0]


Said = tuple[str, str]  # (the field whose line is named, the message)


def address_problems(path: Path, header: Header, rules: Rules) -> list[Problem]:
    said = [slug_problem(header, rules), *name_problems(header, rules)]
    said += [*path_problems(header, rules), template_problem(header, rules)]
    return [
        Problem(path, header.fields.get(key, (1,))[0], text) for key, text in filter(None, said)
    ]


def slug_problem(header: Header, rules: Rules) -> Said | None:
    """The Slug as written, or the slug the title makes when there is no Slug."""
    title = header.get("title")
    if "slug" not in header.fields:
        made = rules.slug(title) if title else ""
        if len(made) <= MAX_SLUG:
            return None
        return (
            "title",
            f"otsikosta tulisi liian pitkä osoite ({len(made)} merkkiä, enintään "
            f"{MAX_SLUG}). Anna sivulle lyhyempi osoite: lisää otsikon alle rivi "
            f"Slug: {shorten(made)}",
        )
    value = header.get("slug")
    if not SLUG.match(value):
        suggestion = rules.slug(title if "/" in value or not rules.slug(value) else value)
        return (
            "slug",
            f"osoitenimi ”{value}” ei käy: siinä saa olla vain pieniä kirjaimia a–z, "
            "numeroita, yhdysviivoja ja alaviivoja (ei kauttaviivoja, välilyöntejä eikä "
            f"ääkkösiä). Kirjoita esimerkiksi Slug: {shorten(suggestion) or 'oma-osoite'}",
        )
    if len(value) > MAX_SLUG:
        return (
            "slug",
            f"osoitenimi on liian pitkä ({len(value)} merkkiä, enintään {MAX_SLUG}). "
            f"Kirjoita lyhyempi, esimerkiksi Slug: {shorten(value)}",
        )
    return None


def name_problems(header: Header, rules: Rules) -> list[Said]:
    """Category and tag names whose addresses would be too long to be a file name, or empty
    (Pelican would warn in English and make a page at the address of the list of them)."""
    names = [("category", header.get("category").strip())]
    names += [("tags", name.strip()) for name in header.get("tags").split(",")]
    labels = {
        "category": ("kategorian", "Category: Työyhteisö"),
        "tags": ("aiheen", "Tags: työnohjaus, hyvinvointi"),
    }
    too_long = "tulisi liian pitkä osoite. Kirjoita lyhyempi nimi"
    no_letters = "ei voi tehdä osoitetta: siinä ei ole kirjaimia eikä numeroita. Kirjoita sana"
    return [
        (
            key,
            f"{labels[key][0]} nimestä ”{name[:40] + '…' if slug else name}” "
            f"{too_long if slug else no_letters}, esimerkiksi {labels[key][1]}",
        )
        for key, name in names
        if name and (not (slug := rules.slug(name)) or len(slug) > MAX_SLUG)
    ]


def path_problems(header: Header, rules: Rules) -> list[Said]:
    """Save_as and Url: an address inside the site, in plain characters."""
    said = []
    for key, label, ends in (("save_as", "Save_as", (".html",)), ("url", "Url", ("/", ".html"))):
        value = header.get(key)
        if not value or valid_path(value, ends):
            continue
        example = f"{rules.slug(header.get('title')) or 'sivu'}/index.html"
        if key == "url":
            example = example.removesuffix("index.html")
        said.append(
            (
                key,
                f"{label} ”{value}” ei käy: sen pitää olla osoite sivuston sisällä (ei alussa "
                "kauttaviivaa, ei ../, vain kirjaimia a–z, numeroita, viivoja ja pisteitä), "
                f"esimerkiksi {label}: {example}. Poista rivi, niin osoite tehdään otsikosta.",
            )
        )
    return said


def template_problem(header: Header, rules: Rules) -> Said | None:
    value = header.get("template")
    if "template" not in header.fields or value in rules.templates:
        return None
    return (
        "template",
        f"mallipohjaa ”{value}” ei ole. Käytettävissä ovat: {', '.join(rules.templates)}. "
        "Kirjoita esimerkiksi Template: service (palvelusivu), tai poista rivi, niin sivu "
        "tehdään tavallisella pohjalla (page tai article).",
    )


def valid_path(value: str, ends: tuple[str, ...]) -> bool:
    parts = value.removesuffix("/").split("/")
    return (
        not value.startswith("/")
        and value.endswith(ends)
        and all(PATH_PART.match(part) and len(part) <= MAX_SLUG for part in parts)
    )
