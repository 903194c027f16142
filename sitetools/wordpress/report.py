"""The import's report, in Finnish: what was written, what was not, and why."""

from __future__ import annotations

from collections import Counter, defaultdict

from .plan import Plan, rel

MAX_LISTED = 30


def count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def listed(lines: list[str]) -> list[str]:
    shown = [f"  - {line}" for line in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        shown.append(f"  … ja {len(lines) - MAX_LISTED} muuta")
    return shown


def lines(plan: Plan, dry_run: bool) -> list[str]:
    export = plan.export
    out = [f"WordPress-tuonti: {export.path.name} (WXR {export.version or '?'}, ”{export.title}”)"]
    if dry_run:
        out.append("Kuivaharjoitus: mitään ei kirjoitettu. Näin tuonti tekisi:")
    published = Counter(p.kind for p in plan.posts if p.published)
    drafts = [p for p in plan.posts if not p.published]
    folders = {p.kind: rel(p.file.parent) for p in plan.posts}
    verb = "tuotaisiin" if dry_run else "tuotu"
    for kind, label, one, many in (
        ("article", "Kirjoitukset", "julkaistu", "julkaistua"),
        ("page", "Sivut", "sivu", "sivua"),
    ):
        where = f" kansioon {folders[kind]}/" if kind in folders else ""
        out.append(f"{label}: {count(published[kind], one, many)} {verb}{where}")
    if drafts:
        out.append(
            f"Luonnokset ({len(drafts)}; Status: draft, eivät näy sivustolla eikä niille tehdä "
            "uudelleenohjausta):"
        )
        out += listed([f"”{p.title}” ({p.draft_reason}) → {rel(p.file)}" for p in drafts])
    if plan.skipped:
        out.append(f"Ohitettu ({len(plan.skipped)}):")
        out += listed([f"{s.kind} ”{s.title}”: {s.reason}" for s in plan.skipped])
    if dry_run and plan.posts:
        out.append("Kirjoitettavat tiedostot:")
        out += listed([rel(p.file) for p in plan.posts])
    out += image_lines(plan, dry_run)
    shortcodes = defaultdict(list)
    blocks = defaultdict(list)
    notes = []
    for post in plan.posts:
        converted = post.converted
        for name in converted.shortcodes:
            shortcodes[name].append(post.title)
        for name in sorted(set(converted.blocks)):
            blocks[name].append(post.title)
        notes += [f"”{post.title}”: {note}" for note in dict.fromkeys(converted.notes)]
    if shortcodes:
        out.append("Lyhytkoodit, joita ei tuotu (niiden sisältämä teksti jäi, koodi ei):")
        out += listed(
            [
                f"[{name}]: {', '.join(f'”{t}”' for t in ts)}"
                for name, ts in sorted(shortcodes.items())
            ]
        )
    if blocks:
        out.append(
            "Lohkot, joita ei tuotu (WordPress teki niiden sisällön vasta sivua näytettäessä):"
        )
        out += listed(
            [f"{name}: {', '.join(f'”{t}”' for t in ts)}" for name, ts in sorted(blocks.items())]
        )
    if notes:
        out.append("Tarkistettavaa:")
        out += listed(notes)
    if plan.problems:
        out.append("Huomautukset:")
        out += listed(plan.problems)
    if plan.comments:
        out.append(
            f"Kommentit: {count(plan.comments, 'kommentti', 'kommenttia')} "
            f"{count(plan.commented_posts, 'kirjoituksessa', 'kirjoituksessa')}. Niitä ei tuotu: "
            "kommentoijien nimet, sähköpostit ja osoitteet eivät siirry sivustolle."
        )
    else:
        out.append("Kommentit: ei kommentteja.")
    if plan.not_posts:
        parts = [f"{number} {what}" for what, number in sorted(plan.not_posts.items())]
        out.append(f"Ei tuotu, koska ne eivät ole kirjoituksia: {', '.join(parts)}.")
    map_name = rel(plan.map_file)
    would = "lisättäisiin" if dry_run else "lisätty"
    out.append(
        f"Uudelleenohjaukset: {count(len(plan.redirects), 'rivi', 'riviä')} {would} tiedostoon "
        f"{map_name}" + (f" ({plan.redirects_kept} oli siellä jo)." if plan.redirects_kept else ".")
    )
    if not dry_run and (plan.posts or plan.redirects):
        out.append(
            "Seuraavaksi: rakenna sivusto (invoke build), katso tuodut kirjoitukset "
            "esikatselussa ja luonnokset kansiossa luonnokset/, ja aja invoke check."
        )
    if not dry_run and not plan.posts and not plan.redirects and not plan.images.planned:
        out.append("Ei mitään uutta: kaikki oli jo tuotu.")
    return out


def image_lines(plan: Plan, dry_run: bool) -> list[str]:
    images = plan.images
    folder = rel(images.folder)
    out = []
    if images.unchecked:
        out.append(
            f"Kuvat: {count(len(images.unchecked), 'kuva', 'kuvaa')} haettaisiin verkosta "
            f"kansioon {folder}/ (kuivaharjoitus ei hae niitä)."
        )
    else:
        verb = "kopioitaisiin" if dry_run else "kopioitu"
        out.append(
            f"Kuvat: {count(len(images.planned), 'kuva', 'kuvaa')} {verb} kansioon {folder}/"
            + (f", {len(images.present)} oli siellä jo" if images.present else "")
            + (f", {len(images.missing)} puuttuu:" if images.missing else ".")
        )
    out += listed([f"”{m.post}”: {m.url} ({m.reason})" for m in images.missing])
    return out
