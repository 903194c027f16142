"""Two pages may not be written to one file.

Pelican finds out only while writing, and stops with an English FileOverwriteFailedError
that names the output file but neither source. Once every post and page is read, this
module lists every file the build will write (each post and page, and the pages Pelican
makes itself: blog index and its pages, archive, categories, topics, years, feeds) and
names each post or page that wants a file already taken, with the other one and the line
to change.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pelican.generators import ArticlesGenerator
from pelican.paginator import Paginator

from sitecore.metadata import contents_of, read_header
from sitecore.problems import Problem, shown_path

DIRECT_NAMES = {"index": "blogin etusivu", "archives": "blogin arkisto"}


def collision_problems(generators: list, settings: dict) -> list[Problem]:
    claims: dict[str, list] = defaultdict(list)
    for _, content in contents_of(generators):
        if content.save_as:
            claims[content.save_as].append(content)
    made = {}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            made.update(generated_files(generator, settings))
    problems = []
    for save_as, contents in sorted(claims.items()):
        contents.sort(key=age)
        other = None if save_as in made else contents[0]
        for content in contents if other is None else contents[1:]:
            problems.append(collision(content, save_as, other, made.get(save_as)))
    return problems


def age(content) -> tuple[float, str]:
    """Older first: pages (undated), then posts by date. The newer one is asked to move, as
    the older one's address is probably public already."""
    date = getattr(content, "date", None)
    return (date.timestamp() if date else float("-inf"), content.source_path)


def collision(content, save_as: str, other, made_by: str | None) -> Problem:
    """The newer page's problem, at the line where it chose its own address, if it did."""
    path = Path(content.source_path)
    fields = read_header(path).fields
    chosen = next((key for key in ("save_as", "url", "slug") if key in fields), None)
    line = fields.get(chosen or "title", (1, ""))[0]
    address = save_as.removesuffix("index.html") or "/"
    taken = f"sivuston oma sivu ({made_by})"
    if other is not None:
        taken = f"sivu tiedostosta {shown_path(Path(other.source_path))}"
    free = f"{content.slug}-2" if content.slug else "oma-osoite"
    if chosen in ("save_as", "url"):
        fix = "Poista rivi, niin osoite tehdään otsikosta, tai kirjoita toinen osoite"
    elif chosen:
        fix = f"Vaihda se, esimerkiksi Slug: {free}"
    else:
        fix = f"Anna tälle oma osoite: lisää otsikon alle rivi Slug: {free} (tai muuta otsikkoa)"
    return Problem(
        path,
        line,
        f"osoitteessa {address} on jo {taken}; kahta sivua ei voi tallentaa samaan "
        f"osoitteeseen. {fix}.",
    )


def generated_files(generator: ArticlesGenerator, settings: dict) -> dict[str, str]:
    """The files Pelican writes itself for the blog, with what each is (in Finnish)."""
    made: dict[str, str] = {}

    def paginated(save_as: str, url: str, articles: list, what: str, template: str) -> None:
        per_page = settings.get("PAGINATED_TEMPLATES", {}).get(template, False)
        if save_as:
            made[save_as] = what
        if save_as and articles and per_page is not False:
            per_page = per_page or settings["DEFAULT_PAGINATION"]
            paginator = Paginator(save_as, url, articles, settings, per_page)
            for number in range(2, paginator.num_pages + 1):
                made[paginator.page(number).save_as] = f"{what}, sivu {number}"

    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        url = settings.get(f"{name.upper()}_URL", save_as)
        what = DIRECT_NAMES.get(name, save_as)
        paginated(save_as, url, generator.articles, what, name)
    for category, articles in generator.categories:  # Pelican's list of pairs
        paginated(category.save_as, category.url, articles, f"kategoria {category}", "category")
    for tag, articles in generator.tags.items():
        paginated(tag.save_as, tag.url, articles, f"aihe {tag}", "tag")
    for key in ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS"):
        if settings.get(key):
            for article in generator.articles:
                made[settings[key].format(date=article.date)] = "vuoden kirjoitukset"
    return made | feed_files(generator, settings)


def feed_files(generator: ArticlesGenerator, settings: dict) -> dict[str, str]:
    feeds = [settings.get("FEED_ALL_ATOM"), settings.get("FEED_ALL_RSS")]
    for key in ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"):
        if settings.get(key):
            feeds += [settings[key].format(slug=cat.slug) for cat, _ in generator.categories]
    return dict.fromkeys(filter(None, feeds), "syöte")
