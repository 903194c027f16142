"""Nothing unpublished reaches the site: no draft, no hidden page outside its own
address, no word of feedback its giver did not allow to be published, and no word of
example feedback (`example: true`, invented, never part of the production site).

Drafts and hidden pages come from the source map (with their rendered text); feedback
files are read by the contract of content/feedback/ (see its README): only `publish:
named` or `anonymous` may show words, and only `named` the author. Text is compared
after typography is undone (soft hyphens, no-break spaces, Finnish quotes and dashes),
in every text file of the output: pages, feeds, the sitemap, and the search index
(Pagefind's compressed fragments, decompressed: see site.py).

And every file of the output was made by the build from content/ or theme/. The build
records what it wrote and from what (sitecore/outputs.py, saved by the source_map plugin
into cache/tuotokset/). A file it did not record got there some other way: through a
symbolic link to outside the project, or left in the folder by something else. A file it
recorded as a copy must still be a copy: the same bytes as its source, and that source a
real file inside content/ or theme/, not a link to somewhere else.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from sitecore.feedback import SHOWN, texts_of
from sitecore.html_text import replaced, text_of, tidy
from sitecore.plural import form, plural

from .base import Check, CheckSite, Outcome
from .site import Finding, Site

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
URL_TOKEN = re.compile(r"[^\s\"'<>()\[\]{},=]+")
SPACE = re.compile(r"\s+")
# Typography undone: soft hyphens and joiners dropped, no-break spaces, Finnish quotes and
# dashes made plain, an ellipsis three dots.
AS_PLAIN = {" ": "\u00a0\u202f\u2009", '"': "\u201d\u201c\u201e\u00bb\u00ab", "'": "\u2019\u2018"}
AS_PLAIN |= {"-": "\u2013\u2014", "": "\u00ad\u200b\u2060", "...": "\u2026"}
PLAIN = [(old, new) for new, olds in AS_PLAIN.items() for old in olds]
MIN_SENTENCE = 30
HOST_FILES = {".htaccess", "_headers"}
LISTED = 20  # unmade files listed one by one; the rest are counted
UNMADE = (
    "tiedosto on sivustossa, mutta mikään sisällön tai teeman tiedosto ei tehnyt sitä: se voi "
    "olla peräisin projektin ulkopuolelta. Sivustoa ei saa julkaista näin. Tarkista, onko "
    "kansioissa content/ tai theme/ linkkejä muualle, ja rakenna sivusto uudelleen."
)


def normalise(text: str, read: bool = False) -> str:
    """Plain, comparable text: markup gone (attribute values kept), typography undone.
    read: text is a page's text as the checks' parser read it (PageInfo.text)."""
    if read:  # its markup gone once, as text_of leaves it
        text = tidy(text)
    for _ in range(1 if read else 2):  # feeds carry their posts' HTML escaped once more
        text = text_of(text, " ", values=True)
    return SPACE.sub(" ", replaced(text, PLAIN)).strip().casefold()


def linked_paths(text: str, site: Site) -> set[str]:
    """The site-relative paths that text names as whole addresses of this site (in links,
    attributes, JSON-LD, feeds' escaped HTML, plain text), without index.html, query or
    fragment (#…): so that /404/ is found only where /404/ is meant, not in
    /blogi/sivu/404/."""
    tokens = URL_TOKEN.findall(html.unescape(html.unescape(text)))
    paths = (site.internal_path(token.rstrip(".;:!?")) for token in tokens if "/" in token)
    return {path.removesuffix("index.html") for path in paths if path and path.startswith("/")}


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(normalise(text)) if len(s) >= MIN_SENTENCE]


@dataclass
class Secret:
    """Text that must not be in the output, and where it was written."""

    where: str
    texts: list[str]
    urls: list[str]
    what: str  # Finnish: what the file is
    own_file: str = ""  # the output file it may live in (a hidden page's own page)
    kind: str = "page"  # page, feedback or example: what to do about it (TODO)


# How each kind of secret is published if it should be (or why it never may be).
TODO = {
    "page": "tai julkaise sivu kirjoittamalla Status: published.",
    "feedback": "tai muuta kohta publish: named, jos antaja on antanut luvan julkaista.",
    "example": (
        "– esimerkkipalautetta ei saa näkyä julkaistulla sivustolla (publishconf.py: "
        "FEEDBACK_SHOW_EXAMPLES = False)."
    ),
}


UNPUBLISHED = {"draft": "luonnos (Status: draft)", "hidden": "piilotettu sivu (Status: hidden)"}


def page_secrets(site: Site) -> list[Secret]:
    secrets = []
    for page in (p for p in site.sources if p.status in UNPUBLISHED):
        texts = sentences(page.text)
        if len(page.title) >= 25:
            texts.append(normalise(page.title))
        urls = [f"/{page.url}".removesuffix("index.html")] if page.url else []
        own = page.save_as if page.status == "hidden" else ""
        secrets.append(Secret(page.source, texts, urls, UNPUBLISHED[page.status], own))
    return secrets


def hidden_example(site: Site, item) -> bool:
    """Example feedback the build that made the site hides: a production build (its pages
    carry an absolute address) always does; the preview unless pelicanconf.py says
    FEEDBACK_SHOW_EXAMPLES = True, and then marked as examples."""
    shown = not site.siteurl and site.settings["FEEDBACK_SHOW_EXAMPLES"] is True
    return item.example and not shown


def feedback_secrets(site: Site) -> list[Secret]:
    """Texts of feedback that may not be shown, and names that may not be shown."""
    secrets = []
    for item in site.feedback:
        example = hidden_example(site, item)
        hidden = texts_of(item) if item.publish not in SHOWN or example else []
        if (item.publish != "named" or example) and item.author:
            hidden = [*hidden, item.author]
        texts = [normalise(t) for t in hidden if len(normalise(t)) >= 12]
        if texts:
            rel = item.path.relative_to(site.content_dir.parent).as_posix()
            what = "esimerkkipalaute (example: true)" if example else "palaute"
            kind = "example" if example else "feedback"
            secrets.append(Secret(rel, texts, [], f"{what} (publish: {item.publish})", kind=kind))
    return secrets


def allowed_text(site: Site) -> str:
    """What the practitioner published herself: her Markdown and publishable feedback.
    A sentence found there is hers to show, even when a draft repeats it."""
    published = {p.source for p in site.sources if p.status == "published"}
    parts = [site.written(source) for source in sorted(published)]
    for item in site.feedback:
        if item.publish in SHOWN and not hidden_example(site, item):
            parts += texts_of(item)
    return normalise("\n".join(parts))


def check_leaks(site: Site) -> tuple[str, list[Finding]]:
    secrets = page_secrets(site) + feedback_secrets(site)
    allowed = allowed_text(site)
    # The host's configuration files name pages on purpose (ErrorDocument 404 /404.html).
    files = [f for f in site.text_files() if f.name not in HOST_FILES]
    texts = {site.rel(f): f.read_text(encoding="utf-8", errors="replace") for f in files}
    indexed = {fragment.rel: fragment for fragment in site.fragments}
    texts.update({rel: fragment.text for rel, fragment in indexed.items()})
    # A page's text as its parse for the other checks left it (each page is parsed once).
    pages = {site.rel(f): f for f in files if f.suffix == ".html" and site.rel(f) not in indexed}
    normal = {
        rel: normalise("".join(site.info(pages[rel]).text), read=True)
        if rel in pages
        else normalise(text)
        for rel, text in texts.items()
    }
    links = {rel: linked_paths(text, site) for rel, text in texts.items()}
    findings = []
    for secret in secrets:
        needles = [t for t in secret.texts if t not in allowed]
        hits = []
        for rel in texts:
            if rel == secret.own_file:
                continue
            hit = next((t for t in needles if t in normal[rel]), None)
            linked = next((u for u in secret.urls if u in links[rel]), None)
            if hit or linked:
                hits.append((rel, hit, linked))
        if hits:
            # Name a page written from content first: that is where the leak is made.
            hits.sort(key=lambda h: (site.source_of(h[0]) is None, h[0]))
            findings.append(leak(site, secret, hits[0], len(hits) - 1, indexed))
    findings += [
        Finding(
            page.source,
            f"luonnos on kirjoitettu julkaistavaan sivustoon ({page.save_as}). "
            'Julkaisuasetuksissa (publishconf.py) pitää olla DRAFT_SAVE_AS = "".',
        )
        for page in site.sources
        if page.status == "draft" and page.save_as and (site.path / page.save_as).is_file()
    ]
    count = sum(len(s.texts) + len(s.urls) for s in secrets)
    sources = plural(len(secrets), "julkaisematon lähde", "julkaisematonta lähdettä")
    summary = f"{sources}, haettu {plural(count, 'teksti tai osoite', 'tekstiä ja osoitetta')}"
    return summary, findings


def leak(site: Site, secret: Secret, found: tuple, others: int, indexed: dict) -> Finding:
    """The finding for a secret found (file, text, address) in a file, and in others more."""
    rel, hit, url = found
    shown = site.where(rel)
    page = site.url_of(site.path / rel)
    fragment = indexed.get(rel)
    if fragment is not None and not url:
        detail = (
            f"sen tekstiä on sivuston hakuhakemistossa ({rel}, tulos {fragment.url}): ”{hit[:80]}”"
        )
        fix = "Poista teksti sivulta, josta hakutulos tehdään"
    elif url:
        detail = f"sivustolla on linkki siihen ({url}) tiedostossa /{page} ({shown})"
        fix = "Poista linkki"
    else:
        detail = f"sen tekstiä näkyy tiedostossa /{page} ({shown}): ”{hit[:80]}”"
        fix = "Poista teksti sieltä"
    also = f" Se näkyy myös {others} muussa tiedostossa (syötteet, listaukset)." if others else ""
    return Finding(secret.where, f"{secret.what} vuotaa: {detail}. {fix} {TODO[secret.kind]}{also}")


def unmade_files(site: Site) -> list[Finding]:
    if site.outputs is None:
        return [
            Finding(
                f"{site.path.name}/",
                "rakentaminen ei kertonut, mistä tämän kansion tiedostot tehtiin (kansiossa "
                "cache/tuotokset/ ei ole sen kirjaa). Rakenna sivusto uudelleen komennolla "
                "invoke check tai invoke build.",
            )
        ]
    # a symbolic link (to a folder too) counted as a file: rglob does not follow links
    files = (p for p in site.path.rglob("*") if p.is_symlink() or not p.is_dir())
    unmade = sorted(rel for rel in map(site.rel, files) if rel not in site.outputs)
    findings = [Finding(f"{site.path.name}/{rel}", UNMADE) for rel in unmade[:LISTED]]
    if (more := len(unmade) - LISTED) > 0:
        findings.append(
            Finding(
                f"{site.path.name}/",
                f"… ja {plural(more, 'muu tiedosto', 'muuta tiedostoa')}, "
                f"{form(more, 'jota', 'joita')} mikään sisällön tai teeman tiedosto ei tehnyt.",
            )
        )
    roots = [folder.resolve() for folder in (site.content_dir, site.project / "theme")]
    for rel, made in sorted(site.outputs.items()):
        output = site.path / rel
        if made.copy and output.is_file():
            problem = copy_problem(site.project / made.source, output, roots)
            if problem:
                findings.append(Finding(made.source, f"{problem} ({site.path.name}/{rel})."))
    return findings


def copy_problem(source: Path, output: Path, roots: list[Path]) -> str | None:
    real = source.resolve()
    if not any(real.is_relative_to(root) for root in roots):
        return (
            f"tiedosto on symbolinen linkki kohteeseen {real}, joka on sivuston kansioiden "
            "ulkopuolella, ja se kopioitiin sivustoon. Poista linkki"
        )
    if not real.is_file():
        return "tiedostoa ei enää ole, mutta sen kopio on sivustossa. Rakenna sivusto uudelleen"
    if real.read_bytes() != output.read_bytes():
        return (
            "sivustossa oleva kopio ei ole sama kuin tämä tiedosto, vaikka rakentaminen "
            "kopioi sen. Rakenna sivusto uudelleen"
        )
    return None


def run(site: CheckSite) -> Outcome:
    summary, findings = check_leaks(site)
    return Outcome(summary, findings + unmade_files(site))


CHECK = Check("leaks", "Ei julkaisemattomia tekstejä", run)
