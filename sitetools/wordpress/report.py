"""The import's report, in Finnish: what was written, what was not, and why."""

from __future__ import annotations

from collections import Counter, defaultdict

from sitecore.plural import plural as count

from .plan import NOT_POSTS, Plan, rel

MAX_LISTED = 30


def listed(lines: list[str]) -> list[str]:
    shown = [f"  - {line}" for line in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        shown.append(f"  … ja {count(len(lines) - MAX_LISTED, 'muu', 'muuta')}")
    return shown


def lines(plan: Plan, dry_run: bool) -> list[str]:
    """The whole report, one section after another in the order she reads them: what
    came over, what did not, what to check, and what to do next."""
    return [
        *summary_lines(plan, dry_run),
        *draft_and_skipped_lines(plan, dry_run),
        *image_lines(plan, dry_run),
        *left_out_lines(plan),
        *check_lines(plan),
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
    folders = {p.kind: rel(p.file.parent) for p in plan.posts}
    verb = "tuotaisiin" if dry_run else "tuotu"
    for kind, label, one, many in (
        ("article", "Kirjoitukset", "julkaistu", "julkaistua"),
        ("page", "Sivut", "sivu", "sivua"),
    ):
        where = f" kansioon {folders[kind]}/" if kind in folders else ""
        out.append(f"{label}: {count(published[kind], one, many)} {verb}{where}")
    return out


def draft_and_skipped_lines(plan: Plan, dry_run: bool) -> list[str]:
    """The drafts (and why each is one), what was skipped and why, and in a dry run the
    files a real run would write, so she knows what to expect before she writes."""
    out = []
    drafts = [p for p in plan.posts if not p.published]
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
    return out


def left_out_lines(plan: Plan) -> list[str]:
    """The shortcodes and blocks that could not come over, each with the posts that had
    it, so she can fix those posts by hand."""
    shortcodes = defaultdict(list)
    blocks = defaultdict(list)
    for post in plan.posts:
        for name in post.converted.shortcodes:
            shortcodes[name].append(post.title)
        for name in sorted(set(post.converted.blocks)):
            blocks[name].append(post.title)
    out = []
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
    return out


def check_lines(plan: Plan) -> list[str]:
    """What the conversion changed in each post (each note once) and what the plan
    found amiss (an untitled post, a broken redirect map): things she should look at."""
    notes = [
        f"”{post.title}”: {note}"
        for post in plan.posts
        for note in dict.fromkeys(post.converted.notes)
    ]
    out = []
    if notes:
        out.append("Tarkistettavaa:")
        out += listed(notes)
    if plan.problems:
        out.append("Huomautukset:")
        out += listed(plan.problems)
    return out


def comment_lines(plan: Plan) -> list[str]:
    """The comments and the other items that were not imported, counted only: the
    commenters' names and addresses are theirs and never reach the site."""
    if plan.comments:
        out = [
            f"Kommentit: {count(plan.comments, 'kommentti', 'kommenttia')} "
            f"{count(plan.commented_posts, 'kirjoituksessa', 'kirjoituksessa')}. Niitä ei tuotu: "
            "kommentoijien nimet, sähköpostit ja osoitteet eivät siirry sivustolle."
        ]
    else:
        out = ["Kommentit: ei kommentteja."]
    if plan.not_posts:
        parts = [
            count(number, *NOT_POSTS.get(kind, (f"muu ({kind})", f"muuta ({kind})")))
            for kind, number in sorted(plan.not_posts.items())
        ]
        out.append(f"Ei tuotu, koska ne eivät ole kirjoituksia: {', '.join(parts)}.")
    return out


def ending_lines(plan: Plan, dry_run: bool) -> list[str]:
    """The redirect lines added, then the next step after a real run, or that a repeated
    run had nothing new to do."""
    map_name = rel(plan.map_file)
    would = "lisättäisiin" if dry_run else "lisätty"
    out = [
        f"Uudelleenohjaukset: {count(len(plan.redirects), 'rivi', 'riviä')} {would} tiedostoon "
        f"{map_name}" + (f" ({plan.redirects_kept} oli siellä jo)." if plan.redirects_kept else ".")
    ]
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
