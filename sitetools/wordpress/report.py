"""The import's report, in Finnish: what was written, what was not, and why."""

from __future__ import annotations

from collections import Counter, defaultdict

from sitecore.plural import plural as count
from sitecore.problems import shown_path as rel

from .plan import Plan

MAX_LISTED = 30
LEFT_OUT = {  # what a post's Converted lists as left out → the report's heading for it
    "shortcodes": "Lyhytkoodit, joita ei tuotu (niiden sisältämä teksti jäi, koodi ei):",
    "blocks": "Lohkot, joita ei tuotu (WordPress teki niiden sisällön vasta sivua näytettäessä):",
}
# Items that are not posts, counted in the report: (one, many).
NOT_POSTS = {
    "attachment": ("liite (kuva tai tiedosto)", "liitettä (kuvat ja tiedostot)"),
    "nav_menu_item": ("valikon kohta", "valikon kohtaa"),
    "revision": ("vanha versio", "vanhaa versiota"),
}


def section(heading: str, lines: list[str]) -> list[str]:
    """The heading and the lines under it (the first MAX_LISTED); nothing when no lines."""
    if not lines:
        return []
    shown = [f"  - {line}" for line in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        shown.append(f"  … ja {count(len(lines) - MAX_LISTED, 'muu', 'muuta')}")
    return [heading, *shown] if heading else shown


def lines(plan: Plan, dry_run: bool) -> list[str]:
    """The whole report, one section after another in the order she reads them: what
    came over, what did not, what to check, and what to do next."""
    drafts = [p for p in plan.posts if not p.published]
    return [
        *summary_lines(plan, dry_run),
        *section(
            f"Luonnokset ({len(drafts)}; Status: draft, eivät näy sivustolla eikä niille tehdä "
            "uudelleenohjausta):",
            [f"”{p.title}” ({p.draft_reason}) → {rel(p.file)}" for p in drafts],
        ),
        *section(f"Ohitettu ({len(plan.skipped)}):", plan.skipped),
        *section("Kirjoitettavat tiedostot:", [rel(p.file) for p in plan.posts] if dry_run else []),
        *image_lines(plan, dry_run),
        *left_out_lines(plan),
        *section(
            "Tarkistettavaa:", [f"”{p.title}”: {n}" for p in plan.posts for n in p.converted.notes]
        ),
        *section("Huomautukset:", plan.problems),
        *comment_lines(plan),
        *ending_lines(plan, dry_run),
    ]


def summary_lines(plan: Plan, dry_run: bool) -> list[str]:
    """Which export this was, whether anything was written, and how many posts and pages
    came over into which folder."""
    export = plan.export
    out = [f"WordPress-tuonti: {export.path.name} (WXR {export.version or '?'}, ”{export.title}”)"]
    if dry_run:
        out.append("Kuivaharjoitus: mitään ei kirjoitettu. Näin tuonti tekisi:")
    published = Counter(p.kind for p in plan.posts if p.published)
    folders = {p.kind: f" kansioon {rel(p.file.parent)}/" for p in plan.posts}
    verb = "tuotaisiin" if dry_run else "tuotu"
    for kind, label, one, many in (
        ("article", "Kirjoitukset", "julkaistu", "julkaistua"),
        ("page", "Sivut", "sivu", "sivua"),
    ):
        out.append(f"{label}: {count(published[kind], one, many)} {verb}{folders.get(kind, '')}")
    return out


def left_out_lines(plan: Plan) -> list[str]:
    """The shortcodes and blocks that could not come over, each with the posts that had
    it, so she can fix those posts by hand."""
    out = []
    for names_of, heading in LEFT_OUT.items():
        titles = defaultdict(list)
        for post in plan.posts:
            for name in getattr(post.converted, names_of):
                titles[name].append(f"”{post.title}”")
        out += section(heading, [f"{name}: {', '.join(t)}" for name, t in sorted(titles.items())])
    return out


def comment_lines(plan: Plan) -> list[str]:
    """The comments and the other items that were not imported, counted only: the
    commenters' names and addresses are theirs and never reach the site."""
    items = plan.export.items
    comments = sum(item.comments for item in items)
    out = ["Kommentit: ei kommentteja."]
    if comments:
        commented = sum(bool(item.comments) for item in items)
        out = [
            f"Kommentit: {count(comments, 'kommentti', 'kommenttia')} "
            f"{count(commented, 'kirjoituksessa', 'kirjoituksessa')}. Niitä ei tuotu: "
            "kommentoijien nimet, sähköpostit ja osoitteet eivät siirry sivustolle."
        ]
    others = Counter(item.type for item in items if item.type not in ("post", "page"))
    if others:
        parts = [
            count(number, *NOT_POSTS.get(kind, (f"muu ({kind})", f"muuta ({kind})")))
            for kind, number in sorted(others.items())
        ]
        out.append(f"Ei tuotu, koska ne eivät ole kirjoituksia: {', '.join(parts)}.")
    return out


def ending_lines(plan: Plan, dry_run: bool) -> list[str]:
    """The redirect lines added, then the next step after a real run, or that a repeated
    run had nothing new to do."""
    would = "lisättäisiin" if dry_run else "lisätty"
    kept = f" ({plan.redirects_kept} oli siellä jo)." if plan.redirects_kept else "."
    out = [
        f"Uudelleenohjaukset: {count(len(plan.redirects), 'rivi', 'riviä')} {would} tiedostoon "
        f"{rel(plan.map_file)}{kept}"
    ]
    if not dry_run and (plan.posts or plan.redirects):
        out.append(
            "Seuraavaksi: rakenna sivusto (invoke build), katso tuodut kirjoitukset "
            "esikatselussa ja luonnokset kansiossa luonnokset/, ja aja invoke check."
        )
    elif not dry_run and not plan.images.planned:
        out.append("Ei mitään uutta: kaikki oli jo tuotu.")
    return out


def image_lines(plan: Plan, dry_run: bool) -> list[str]:
    images = plan.images
    folder = rel(images.folder)
    if images.unchecked:
        out = (
            f"Kuvat: {count(len(images.unchecked), 'kuva', 'kuvaa')} haettaisiin verkosta "
            f"kansioon {folder}/ (kuivaharjoitus ei hae niitä)."
        )
    else:
        verb = "kopioitaisiin" if dry_run else "kopioitu"
        present = f", {len(images.present)} oli siellä jo" if images.present else ""
        missing = f", {len(images.missing)} puuttuu:" if images.missing else "."
        out = f"Kuvat: {count(len(images.planned), 'kuva', 'kuvaa')} {verb} kansioon {folder}/"
        out += present + missing
    return [out, *section("", images.missing)]
