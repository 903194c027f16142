"""The built site as the checks see it: its files, its address, and where each page
was written from.

Every check reports in terms of the practitioner's own files: an output page is mapped
back to its Markdown file through the source map the source_map plugin writes at build
time (cache/lahteet.json beside content/). The search index is read here too: Pagefind
stores each indexed page's text, title and other metadata in a fragment file, gzip-compressed
JSON after the signature "pagefind_dcd".
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitecore import outputs
from sitecore import settings as site_settings
from sitecore.dates import today
from sitecore.feedback import folder_of, load_folder
from sitecore.outputs import Made
from sitecore.problems import Finding, line_of

from .parse import PageInfo, parse_file

SOURCE_MAP = Path("cache") / "lahteet.json"  # the source_map plugin's file, beside content/
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')
TEXT_SUFFIXES = {".html", ".xml", ".txt", ".json", ".js", ".css", ".svg", ".webmanifest"}
SIGNATURE = b"pagefind_dcd"
BUNDLE = "pagefind"  # the search index's folder (plugins/search_index)


@dataclass
class SourcePage:
    source: str
    kind: str
    status: str
    save_as: str
    url: str
    template: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Fragment:
    """One page in the search index, as Pagefind stores it."""

    rel: str  # the fragment file, relative to the site folder
    url: str  # the page a search result links to
    title: str
    text: str  # everything a visitor could see of it: title, metadata and content


def fragments(site: Path) -> list[Fragment]:
    found = []
    for file in sorted((site / BUNDLE / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(file.read_bytes()).removeprefix(SIGNATURE))
        meta = data.get("meta") or {}
        rel, title = file.relative_to(site).as_posix(), str(meta.get("title", ""))
        text = "\n".join([*(str(v) for v in meta.values()), data.get("content", "")])
        found.append(Fragment(rel, data.get("url", ""), title, text))
    return found


@dataclass(eq=False)
class Site:
    """The site and what is read of it, each read once: a check never changes the site it
    reads, and every page links to the same few hundred addresses, thousands of times over
    on a large site."""

    path: Path
    content_dir: Path
    sources: list[SourcePage] = field(default_factory=list)
    outputs: dict[str, Made] | None = None  # None: the build left no record
    facts: dict = field(default_factory=dict)  # what its plugins noted (sitecore.outputs)

    @classmethod
    def load(cls, path: Path, content_dir: Path, **more) -> Site:
        """The site at path, built from content_dir (more: a subclass's own fields)."""
        site = cls(Path(path).resolve(), Path(content_dir).resolve(), **more)
        source_map = site.content_dir.parent / SOURCE_MAP
        if source_map.is_file():
            data = json.loads(source_map.read_text(encoding="utf-8"))
            site.sources = [SourcePage(**item) for item in data.get("pages", [])]
        if record := outputs.load(site.project, site.path):
            site.outputs, site.facts = record.files, record.facts
        return site

    @property
    def project(self) -> Path:
        return self.content_dir.parent

    @cached_property
    def settings(self) -> dict:
        """The project's settings, when content_dir is a project's content folder."""
        if not (self.project / site_settings.PREVIEW).is_file():
            return {**site_settings.defaults(), "PATH": str(self.content_dir)}
        return site_settings.load(self.project)

    @cached_property
    def feedback(self) -> list:
        """The feedback files as the feedback plugin reads them (broken ones left out; none
        when there is no feedback folder)."""
        services = [
            p.url.strip("/").rsplit("/", 1)[-1] for p in self.sources if p.template == "service"
        ]
        timezone = self.settings.get("TIMEZONE", "Europe/Helsinki")
        return load_folder(folder_of(self.settings), services, today(timezone)).feedback

    @cached_property
    def siteurl(self) -> str:
        """The SITEURL the site was built with ("" for root-relative links)."""
        home = self.path / "index.html"
        match = CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
        return match[1].rstrip("/") if match else ""

    @cached_property
    def fragments(self) -> list[Fragment]:
        """The search index's pages (the leak check and the search check read them)."""
        return fragments(self.path)

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))

    def text_files(self) -> list[Path]:
        return sorted(
            p
            for p in self.path.rglob("*")
            if p.is_file() and (p.suffix in TEXT_SUFFIXES or p.name in {"_headers", ".htaccess"})
        )

    def rel(self, file: Path | str) -> str:
        return file if isinstance(file, str) else file.relative_to(self.path).as_posix()

    @cache  # noqa: B019 - one Site per check run
    def info(self, file: Path) -> PageInfo:
        """The parsed page, feed, sitemap or robots.txt."""
        return parse_file(file)

    @cache  # noqa: B019 - one Site per check run
    def written(self, source: str) -> str:
        """The text of a content file ("" when there is none)."""
        path = self.project / source
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""

    @cached_property
    def by_save_as(self) -> dict[str, SourcePage]:
        return {page.save_as: page for page in self.sources if page.save_as}

    def source_of(self, file: Path | str) -> SourcePage | None:
        return self.by_save_as.get(self.rel(file))

    def where(self, file: Path | str) -> str:
        """The content file a page was written from, or the output file itself."""
        page = self.source_of(file)
        if page:
            return page.source
        rel = self.rel(file)
        origin = "syöte tai sivukartta" if rel.endswith(".xml") else "teeman pohja tai asetukset"
        return f"{self.path.name}/{rel} ({origin})"

    def line_in(self, source: str, *needles: str, nth: int = 0) -> int | None:
        """The line of a content file where the first of needles found is written: its
        nth occurrence (an element given twice on a page is written twice), else its last.
        A needle is text as written there: raw HTML's start tag as the page has it, an
        address, a name."""
        return line_of(self.written(source), *needles, nth=nth)

    def finding(self, file: Path | str, message: str, *needles: str, nth: int = 0) -> Finding:
        """The finding at the content file and line to fix for what needles find on the page
        built into file: the page's own content file when it has them; else the content
        file that does (a summary, a title or a category shows on many pages: the fault is
        where it was written); else the page's own file, or the output file of a theme's
        page."""
        page = self.source_of(file)
        sources = [page.source] if page else []
        sources += sorted({p.source for p in self.sources if p.status == "published"} - {*sources})
        for source in sources if any(needles) else ():
            line = self.line_in(source, *needles, nth=nth)
            if line:
                return Finding(source, message, line)
        return Finding(self.where(file), message)

    def url_of(self, file: Path) -> str:
        """The address a visitor uses for an output file, relative to the site root."""
        rel = self.rel(file)
        return rel.removesuffix("index.html") if rel.rsplit("/", 1)[-1] == "index.html" else rel

    def internal_path(self, url: str) -> str | None:
        """The site-relative path of an absolute or root-relative URL of this site, or
        None when the URL points elsewhere."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") or url.startswith("//"):
            own = urlsplit(self.siteurl)
            base = own.path.rstrip("/")
            if not self.siteurl or parts.netloc != own.netloc or not parts.path.startswith(base):
                return None
            return unquote(parts.path[len(base) :])
        return None if parts.scheme else unquote(parts.path)  # mailto:, tel:, data: …

    def narrow_page_types(self, names: list[str]) -> None:
        """Keep only the named page types, all when none is named (PAGE_TYPES, the checks'
        one list of samples: the browser checks and `invoke audit` load one page of each);
        ValueError, in Finnish, for a name that is not one of them."""
        known = dict(self.settings["PAGE_TYPES"])
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(
                f"Tuntematon sivutyyppi: {', '.join(unknown)}. Sivutyypit: {', '.join(known)}"
            )
        self.settings["PAGE_TYPES"] = {n: u for n, u in known.items() if not names or n in names}

    @cache  # noqa: B019 - one Site per check run
    def file_for(self, site_path: str) -> Path | None:
        """The output file a web server would send for a site-relative path."""
        rel = site_path.lstrip("/")
        candidate = self.path / rel
        if rel == "" or rel.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.resolve().is_relative_to(self.path):
            return None
        return candidate if candidate.is_file() else None
