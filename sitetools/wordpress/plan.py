"""What an import would write, decided in full before anything is written.

Every post and page gets its file, slug and new address; what already exists on the site is
skipped (never overwritten) but its old address still leads to it; what was not public on
WordPress (drafts, scheduled, private and password-protected posts) becomes a draft and gets
no redirect; images are found and given their names; the new lines of the redirect map are
made. A dry run prints this plan; a real run writes it (importer.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.urlwrappers import Category, Tag

from sitecore import redirects as redirect_map
from sitecore.html_text import text_of
from sitecore.metadata import content_files, read_header
from sitecore.problems import shown_path
from sitecore.settings import Settings, make_slug

from .convert import Converted, Converter, OldSite
from .media import Images, Source
from .wxr import Export, Item, Term

POST_TYPES = {"post": "article", "page": "page"}
DRAFT_REASONS = {
    "draft": "luonnos WordPressissä",
    "pending": "odotti tarkistusta WordPressissä",
    "future": "ajastettu julkaistavaksi WordPressissä",
    "private": "yksityinen kirjoitus WordPressissä",
}
PASSWORD = "suojattu salasanalla WordPressissä"  # a draft whatever its status
LEFT_OUT = {"trash": "roskakorissa", "auto-draft": "automaattinen luonnos"}
NOTES = {
    "private": (
        "WordPressissä tämä oli yksityinen (vain kirjautuneille), joten se tuotiin "
        "luonnoksena. Julkaise vain, jos haluat sen kaikkien luettavaksi."
    ),
    "password": (
        "WordPressissä tämä oli suojattu salasanalla, joten se tuotiin luonnoksena (salasanaa "
        "ei tuotu). Julkaise vain, jos haluat sen kaikkien luettavaksi."
    ),
}


@dataclass
class Post:
    """One file the import writes."""

    item: Item
    kind: str  # "article" or "page"
    title: str
    slug: str
    file: Path
    draft_reason: str = ""  # "" for a published post
    category: str = ""
    tags: list[str] = field(default_factory=list)
    converted: Converted | None = None

    @property
    def published(self) -> bool:
        return not self.draft_reason


def url_for(settings: Settings, kind: str, slug: str, date: dt.datetime, category: str) -> str:
    """The new address, from the site's URL settings as Pelican formats them."""
    pattern = settings["ARTICLE_URL" if kind == "article" else "PAGE_URL"]
    cat = Category(category, settings).slug if category else ""
    lang = settings["DEFAULT_LANG"]
    return "/" + pattern.format(slug=slug, date=date, category=cat, lang=lang, author="")


def existing_content(settings: Settings) -> tuple[dict[str, Path], set[str], set[str]]:
    """What the site already has, from its Markdown headers: the address of each file, and
    the slugs of its published posts' categories and tags."""
    urls: dict[str, Path] = {}
    categories: set[str] = set()
    tags: set[str] = set()
    for kind, path in content_files(settings):
        header = read_header(path)
        slug = header.get("slug") or make_slug(header.get("title"), settings)
        if header.get("url"):
            url = "/" + header.get("url").lstrip("/")
        elif header.get("save_as"):
            url = "/" + re.sub(r"(^|/)index\.html$", r"\1", header.get("save_as").lstrip("/"))
        else:
            url = url_for(settings, kind, slug, dt.datetime(2000, 1, 1), "")
        urls.setdefault(url, path)
        if kind == "article" and header.get("status", "published") == "published":
            if header.get("category"):
                categories.add(Category(header.get("category"), settings).slug)
            names = [tag.strip() for tag in header.get("tags").split(",")]
            tags.update(Tag(name, settings).slug for name in names if name)
    return urls, categories, tags


def reserved_names(settings: Settings) -> set[str]:
    """First path segments the site itself uses: a page may not take them."""
    values = [v for k, v in settings.items() if k.endswith(("_SAVE_AS", "_URL"))]
    values += [*settings["STATIC_PATHS"], settings["THEME_STATIC_DIR"], settings["FEED_ALL_ATOM"]]
    names = {v.split("/", 1)[0].split("{", 1)[0] for v in values if isinstance(v, str)}
    return {name for name in names if name and "." not in name}


def local_date(item: Item, today: dt.date) -> dt.datetime:
    for value in (item.date, item.modified):
        try:  # WordPress's "0000-00-00 00:00:00" for never is no date either
            return dt.datetime.strptime(value[:16], "%Y-%m-%d %H:%M")
        except ValueError:
            continue
    return dt.datetime.combine(today, dt.time(0, 0))


def old_path(item: Item) -> str:
    """The post's old path (decoded), or "" when its address was ?p=ID."""
    parts = urlsplit(item.link)
    if parts.query and parts.path.strip("/") in ("", "index.php"):
        return ""
    return unquote(parts.path) or ""


def old_hosts(export: Export) -> set[str]:
    """The old blog's host names, with and without www., and those its posts were at."""
    bare = {urlsplit(url).netloc.lower().removeprefix("www.") for url in export.sites}
    hosts = {host for name in bare - {""} for host in (name, "www." + name)}
    hosts |= {urlsplit(item.link).netloc.lower() for item in export.of_type("post", "page")}
    return hosts - {"", "wordpress.com"}


def category_path(term: Term, parents: dict[str, str]) -> str:
    """/category/parent/child/ as WordPress made it (slugs decoded)."""
    chain = [unquote(term.slug)]
    parent = parents.get(term.slug, "")
    while parent and unquote(parent) not in chain and parent in parents:
        chain.insert(0, unquote(parent))
        parent = parents[parent]
    return f"/category/{'/'.join(chain)}/"


class Plan:
    """Everything the import would write, decided by run() before anything is written:
    the posts, what was skipped, the images, the map's new lines and what to check."""

    def __init__(self, export: Export, settings: Settings, source: Source | None, today: dt.date):
        self.export = export
        self.settings = settings
        self.today = today
        self.content = Path(settings["PATH"])
        self.posts: list[Post] = []
        self.skipped: list[str] = []  # what was not imported, and why
        self.problems: list[str] = []
        self.redirects: list[tuple[str, str]] = []  # new lines of the map
        self.redirects_kept = 0  # old addresses already in the map
        self.map_text: str | None = None  # the map's new text, None when unchanged
        self.urls_here, self.categories_here, self.tags_here = existing_content(settings)
        self.reserved = reserved_names(settings)
        self.site = OldSite(old_hosts(export))
        self.images = Images(source, self.content / "images", settings, self.site.hosts)
        self.map_file = redirect_map.map_path(settings)
        pages = self.site.attachment_pages
        for attachment in export.of_type("attachment"):
            if attachment.attachment_url:
                pages[f"?attachment_id={attachment.id}"] = attachment.attachment_url
                if old_path(attachment):
                    pages[redirect_map.key(old_path(attachment))] = attachment.attachment_url
        self.taken: set[str] = set()

    # --- posts ---------------------------------------------------------------------------
    def run(self) -> Plan:
        items = self.export.of_type(*POST_TYPES)
        for item in sorted(items, key=lambda i: (i.type != "post", i.date, i.id)):
            self.place(item)
        new_lines = self.old_addresses()
        converter = Converter(self.site, self.images.site_path, self.export.attachments)
        for post in self.posts:
            post.converted = converter.convert(post.item)
        self.update_map(new_lines)
        return self

    def place(self, item: Item) -> None:
        kind = POST_TYPES[item.type]
        title = text_of(item.title)
        what = "sivu" if kind == "page" else "kirjoitus"
        if item.status != "publish" and item.status not in DRAFT_REASONS:
            reason = LEFT_OUT.get(item.status, f"tila {item.status}")
            self.skipped.append(f"{what} ”{title or f'#{item.id}'}”: {reason}, ei tuotu")
            return
        if not title:
            title = f"Nimetön {what} {item.id}"
            self.problems.append(f"{what} {item.id} oli ilman otsikkoa: otsikoksi tuli ”{title}”")
        about = f"{what} ”{title}”"  # for the report, when it is skipped
        draft = PASSWORD if item.has_password else DRAFT_REASONS.get(item.status, "")
        slug = make_slug(unquote(item.name) or title, self.settings)
        slug = slug or make_slug(title, self.settings) or f"{what}-{item.id}"
        date = local_date(item, self.today)
        category, tags = self.terms(item)
        url = url_for(self.settings, kind, slug, date, category)
        same = self.urls_here.get(url)
        if same is not None:
            self.skipped.append(f"{about}: {shown_path(same)} on jo olemassa (sama osoite {url})")
            if not draft:  # public here: links to it lead there
                self.site.ids[item.id] = url
            return
        if kind == "page" and slug in self.reserved:
            self.skipped.append(f"{about}: osoite /{slug}/ on sivuston oma (esimerkiksi blogi)")
            return
        base, number = slug, 1
        while url in self.taken:
            number += 1
            slug = f"{base}-{number}"
            url = url_for(self.settings, kind, slug, date, category)
        name = f"{date:%Y-%m-%d}-{slug}.md" if kind == "article" else f"{slug}.md"
        file = self.content / self.settings[f"{kind.upper()}_PATHS"][0] / name
        if file.exists():
            self.skipped.append(f"{about}: tiedosto {shown_path(file)} on jo olemassa")
            return
        self.taken.add(url)
        self.posts.append(Post(item, kind, title, slug, file, draft, category, tags))
        if not draft:  # its old addresses get theirs in old_addresses, once all have a place
            self.site.ids[item.id] = url

    def terms(self, item: Item) -> tuple[str, list[str]]:
        """A post's category (its first) and tags (its tags and other categories)."""
        names = {"category": [], "post_tag": []}
        for term in item.terms if item.type == "post" else []:
            if term.name.strip():
                names[term.kind].append(term.name.strip())
        category, *extra = names["category"] or [""]
        tags = names["post_tag"] + [name for name in extra if name not in names["post_tag"]]
        return category, [name.replace(",", " ") for name in tags]

    # --- redirects ---------------------------------------------------------------------------
    def old_addresses(self) -> list[tuple[str, str]]:
        """Old address → new address for every published post and page (its permalink and
        the ?p=ID or ?page_id=ID form, which WordPress answered too), for the categories and
        tags that have a page on the new site, and for the feed."""
        lines: list[tuple[str, str]] = []
        public = [i for i in self.export.of_type(*POST_TYPES) if i.id in self.site.ids]
        for item in public:
            short = f"/?{'page_id' if item.type == 'page' else 'p'}={item.id}"
            lines += [(old, self.site.ids[item.id]) for old in (old_path(item), short) if old]
        lines += self.term_redirects(public)
        feed = self.settings.get("FEED_ALL_ATOM")
        if feed and any(post.published for post in self.posts):
            lines.append(("/feed/", "/" + feed))
        for path, url in lines:
            self.site.paths.setdefault(redirect_map.key(path), url)
        return lines

    def term_redirects(self, public: list[Item]) -> list[tuple[str, str]]:
        """Each category and tag of the public posts once, oldest post first, so the lines
        come out in the same order on every run: a tag to its tag page, a category to its
        category page or, if it became a tag (a post here has one category), to the tag
        page; only to a page the new site will have (its own posts' terms' and the
        published imported posts')."""
        published = [post for post in self.posts if post.published]
        categories = {Category(p.category, self.settings).slug for p in published if p.category}
        categories |= self.categories_here
        tags = {Tag(name, self.settings).slug for post in published for name in post.tags}
        tags |= self.tags_here
        lines: dict[tuple[str, str], tuple[str, str] | None] = {}
        for item in sorted(public, key=lambda i: (i.date, i.id)):
            for term in item.terms:
                if (term.kind, term.slug) in lines or not term.name.strip():
                    continue
                as_category = Category(term.name.strip(), self.settings)
                as_tag = Tag(term.name.strip().replace(",", " "), self.settings)
                old = f"/tag/{unquote(term.slug)}/"
                new = as_tag.url if as_tag.slug in tags else None
                if term.kind == "category":
                    old = category_path(term, self.export.parents)
                    new = as_category.url if as_category.slug in categories else new
                lines[term.kind, term.slug] = (old, "/" + new) if new else None
        return [line for line in lines.values() if line]

    def update_map(self, new_lines: list[tuple[str, str]]) -> None:
        known, problems = redirect_map.load(self.map_file)
        existing = {redirect_map.key(r.old) for r in known}
        if problems:
            self.problems += [str(problem) for problem in problems]
            text = self.map_file.read_text(encoding="utf-8", errors="replace")
            existing |= {redirect_map.key(m[1]) for m in re.finditer(r'^"([^"]+)"\s*:', text, re.M)}
        added: dict[str, tuple[str, str]] = {}
        for old, new in new_lines:
            same = redirect_map.key(old)
            if same in existing:
                self.redirects_kept += 1
            elif same not in added and not redirect_map.check_line(old, new):
                added[same] = (old, new)
        self.redirects = list(added.values())
        if not self.redirects:
            return
        lines = [redirect_map.format_line(old, new) for old, new in self.redirects]
        head = redirect_map.HEADER
        if self.map_file.is_file():
            text = self.map_file.read_text(encoding="utf-8").rstrip("\n")
            head = f"{text}\n\n# invoke wordpress-import {self.export.path.name}"
        self.map_text = head + "\n" + "\n".join(lines) + "\n"

    # --- files ---------------------------------------------------------------------------------
    def file_text(self, post: Post) -> str:
        """The Markdown file: its header (fields without a value left out), a note when
        WordPress hid the post from visitors, and the text."""
        item = post.item
        fields = {"Title": post.title}
        if post.kind == "article":
            fields["Date"] = f"{local_date(item, self.today):%Y-%m-%d %H:%M}"
            fields["Category"] = post.category
            fields["Tags"] = ", ".join(post.tags)
        fields["Slug"] = post.slug
        fields["Summary"] = text_of(item.excerpt, " ")
        fields["Status"] = "" if post.published else "draft"
        header = "\n".join(f"{key}: {' '.join(v.split())}" for key, v in fields.items() if v)
        body = post.converted.markdown
        note = NOTES.get("password" if item.has_password else item.status)
        if note:
            body = f"<!-- {note} -->\n\n{body}"
        return f"{header}\n\n{body}" if body else f"{header}\n"
