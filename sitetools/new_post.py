"""`invoke new "Otsikko"`: the file for a new post (or page), ready to write in.

The post is a draft dated today, in the most used category, named as Pelican will name
its address (the site's own slug settings), so the file name and the address agree. An
existing file is never overwritten.
"""

import datetime as dt
from pathlib import Path

from sitecore.metadata import content_files, read_header
from sitecore.problems import not_writable
from sitecore.settings import make_slug

# The new file's text: {title}, {preview_url}, and a post's {date} and {category}.
SKELETONS = Path(__file__).with_name("skeletons")


class NewFileError(Exception):
    """What went wrong, in Finnish, for the practitioner."""


def most_used_category(settings: dict) -> str:
    """The category of most posts; ties go to the one written most recently; Pelican's
    DEFAULT_CATEGORY when no post has one."""
    seen: dict[str, tuple[int, str]] = {}  # name: (posts, the latest date)
    for _, path in content_files(settings, "article"):
        fields = read_header(path)
        name = fields.get("category").strip()
        if name:
            posts, latest = seen.get(name, (0, ""))
            seen[name] = (posts + 1, max(latest, fields.get("date")))
    return max(seen, key=lambda name: (seen[name], name), default=settings["DEFAULT_CATEGORY"])


def same_address(kind: str, slug: str, settings: dict) -> Path | None:
    """An existing post or page (kind) whose address (Slug:, else its title's slug) would be
    slug."""
    for _, path in content_files(settings, kind):
        fields = read_header(path)
        if (fields.get("slug") or make_slug(fields.get("title"), settings)) == slug:
            return path
    return None


def create(
    root: Path,
    settings: dict,
    title: str,
    *,
    page: bool = False,
    category: str | None = None,
    today: dt.date,
    port: int,
) -> tuple[Path, str, str | None]:
    """Write the new file; its path, its address in the preview and its category (a post's).
    NewFileError if the title is empty or the file exists."""
    title = " ".join(title.split())
    if not title:
        raise NewFileError('Anna otsikko, esimerkiksi: invoke new "Mistä työnohjaus alkaa?"')
    slug = make_slug(title, settings)
    if not slug:
        raise NewFileError(
            f"Otsikosta ”{title}” ei saa tehtyä osoitetta. Käytä otsikossa kirjaimia."
        )
    content, kind = root / settings["PATH"], "page" if page else "article"
    url = f"http://localhost:{port}/" + settings["DRAFT_PAGE_URL" if page else "DRAFT_URL"]
    url = url.format(slug=slug)
    if page:
        path = content / settings["PAGE_PATHS"][0] / f"{slug}.md"
    else:
        category = " ".join((category or "").split()) or most_used_category(settings)
        path = content / settings["ARTICLE_PATHS"][0] / f"{today.isoformat()}-{slug}.md"
    if len(path.name.encode()) > 255:  # the longest file name file systems take
        raise NewFileError("Otsikosta tulisi liian pitkä tiedostonimi. Anna lyhyempi otsikko.")
    if path.exists():
        raise NewFileError(
            f"Tiedosto {path.relative_to(root)} on jo olemassa, eikä sitä korvattu. Avaa se "
            "ja jatka kirjoittamista, tai anna uudelle tekstille toinen otsikko."
        )
    taken = same_address(kind, slug, settings)
    if taken:
        raise NewFileError(
            f"Samalla otsikolla on jo {'sivu' if page else 'kirjoitus'} "
            f"{taken.relative_to(root)}, eikä sitä korvattu. Jatka sitä, tai anna uudelle "
            "tekstille toinen otsikko (kahdella tekstillä ei voi olla samaa osoitetta)."
        )
    skeleton = (SKELETONS / f"{kind}.md").read_text(encoding="utf-8")
    text = skeleton.format(title=title, date=today.isoformat(), category=category, preview_url=url)
    made = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # x: never overwrite
            made = True
            handle.write(text)
    except OSError as err:
        if made:  # no half-written file to be refused as existing next time
            path.unlink(missing_ok=True)
        raise NewFileError(not_writable(path.parent, err)) from None
    return path, url, category
