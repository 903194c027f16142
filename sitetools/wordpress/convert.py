"""One post's content, as WordPress stored it, → the site's Markdown.

1. Block editor posts: the <!-- wp:… --> comments are read (blocks.py); classic editor
   posts: own-line video addresses become links and WordPress's wpautop makes the
   paragraphs. Shortcodes are replaced in both (shortcodes.py).
2. The HTML is cleaned with BeautifulSoup: nothing from another host stays (iframes,
   embeds, scripts and forms become plain links or go), images move to content/images/,
   links to the old blog point to the new addresses, headings start at ##, a heading
   written in capitals is written as a sentence.
3. markdownify writes the Markdown; a picture with a caption stays a small <figure> block.

Everything left out or changed that she may want to look at is noted for the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter
from markdownify import MarkdownConverter
from pelican.tools.pelican_import import decode_wp_content

from sitecore.html_text import text_of
from sitecore.redirects import key as path_key

from . import blocks, shortcodes
from .media import IMAGE_SUFFIXES, UPLOADS
from .wxr import Item

TAG = re.compile(r"<[^<>]*>")
OWN_LINE_URL = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.M)
# Elements that go with their content: they run, ask or draw something, or are empty; and
# the file block's download button, which is the editor's, not the text's.
DROP = "script, style, noscript, form, input, button, select, textarea, svg, math, canvas, "
DROP += "template, link, meta, source, track, param, a.wp-block-file__button"
# Elements that go but leave their content: the old theme's boxes and inline styling.
UNWRAP = {"span", "div", "section", "article", "header", "footer", "font", "center", "main"}
UNWRAP |= {"aside", "nav", "mark", "small", "u", "ins", "abbr", "time", "label", "picture"}
INLINE_KEEP = {"a", "em", "strong", "i", "b", "code", "br"}
# HTML as written: only &, < and > escaped, <br> without a slash.
INLINE = HTMLFormatter(EntitySubstitution.substitute_xml, void_element_close_prefix=None)
HEADINGS = [f"h{level}" for level in range(1, 7)]
# The attributes that survive, by element (none on the others).
SPAN = {"colspan", "rowspan"}
KEEP_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "td": SPAN, "th": SPAN}
ALT = "_wp_attachment_image_alt"  # the post meta with a media library picture's alt text
WP_IMAGE_ID = re.compile(r"wp-image-(\d+)")
YOUTUBE_EMBED = re.compile(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+).*", re.S)
SPACES = re.compile(r"[ \t\u00a0]{2,}|\u00a0")  # the editor's runs and no-break spaces
NUMBER_START = re.compile(r"^([ \t]*\d+)([.)])(?=\s)", re.M)
MARK_START = re.compile(r"^([ \t]*)([-+](?=\s)|#|>)", re.M)
# Spaces at a line's end; the group: the two of a line break followed by more text.
TRAILING_SPACE = re.compile(r"(?<=\S)[ \t]*(  )(?=\n[^\n]*\S)|[ \t]+$", re.M)
# Blocks that become fixed HTML: a line, or nothing (a reusable block is saved elsewhere).
FIXED_BLOCKS = {"separator": "<hr>", "more": "", "nextpage": "", "spacer": "", "block": ""}
MEDIA_ATTRIBUTES = ("src", "mp3", "m4a", "ogg", "mp4", "webm")
VIDEO_ID = re.compile(r"(?:v=|youtu\.be/|embed/|video/|vimeo\.com/)([\w-]{6,})")


@dataclass
class OldSite:
    """The old blog's addresses and what each is now (filled in by the plan)."""

    hosts: set[str]
    paths: dict[str, str] = field(default_factory=dict)  # redirects.key(old) → new path
    ids: dict[int, str] = field(default_factory=dict)  # post ID → new path
    attachment_pages: dict[str, str] = field(default_factory=dict)  # key(page) → file URL

    def attachment_file(self, url: str) -> str | None:
        """The file an attachment page (…/kirjoitus/kuva/, ?attachment_id=) shows."""
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        if "attachment_id" in query:
            return self.attachment_pages.get(f"?attachment_id={query['attachment_id'][0]}")
        return self.attachment_pages.get(path_key(parts.path or "/"))

    def shows_file(self, url: str) -> bool:
        """Whether url is an uploaded file, an image or an attachment page."""
        parts = urlsplit(url)
        path = unquote(parts.path).lower()
        if UPLOADS in path or "/attachment/" in path or "attachment_id" in parts.query:
            return True
        return path.endswith(tuple(IMAGE_SUFFIXES)) or bool(self.attachment_file(url))

    def own(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            return parts.netloc.lower() in self.hosts
        return not parts.scheme and not parts.netloc and url.startswith("/")

    def new_address(self, url: str) -> str | None:
        """The new address for a link to the old blog, or None when it has none."""
        parts = urlsplit(url)  # WordPress's #anchors (#comments, #more-12) are not here
        query = parse_qs(parts.query)
        ids = [query[name][0] for name in ("p", "page_id") if name in query]
        found = [self.ids[int(i)] for i in ids if i.isdigit() and int(i) in self.ids]
        return found[0] if found else self.paths.get(path_key(parts.path or "/"))


@dataclass
class Converted:
    markdown: str
    shortcodes: set[str] = field(default_factory=set)  # "[name]": unknown, left out
    blocks: set[str] = field(default_factory=set)  # dynamic, left out
    notes: list[str] = field(default_factory=list)  # in Finnish, for the report


class Markdown(MarkdownConverter):
    """markdownify with the site's choices: # headings, - lists, figures kept as HTML."""

    def convert_figure(self, el, text, parent_tags):
        """A clean one-block <figure>: the picture and its caption (links and emphasis kept)."""
        img = el.find("img")
        caption = el.find("figcaption")
        has_caption = caption is not None and caption.get_text(strip=True)
        caption_html = f"<figcaption>{inline_html(caption)}</figcaption>" if has_caption else ""
        picture = f'<img src="{escape(img.get("src", ""))}" alt="{escape(img.get("alt", ""))}">'
        return f"\n\n<figure>{picture}{caption_html}</figure>\n\n"

    def escape(self, text, parent_tags):
        """Text that reads as an HTML tag stays text (WordPress showed &lt;b&gt; as <b>, and
        so must the post): its < is written &lt;, which Markdown leaves alone."""
        return super().escape(text, parent_tags).replace("<", "&lt;")

    def convert_p(self, el, text, parent_tags):
        """A paragraph's line that would read as Markdown ("2013. vuonna …" as a numbered
        list, "- " as a list, "# " as a heading, "> " as a quote) is escaped: it was text."""
        markdown = super().convert_p(el, text, parent_tags)
        return MARK_START.sub(r"\1\\\2", NUMBER_START.sub(r"\1\\\2", markdown))

    def convert_li(self, el, text, parent_tags):
        """List items with their nested lines indented by four spaces, which is what
        Python-Markdown needs to see a nested list (markdownify indents by the bullet)."""
        markdown = super().convert_li(el, text, parent_tags)
        width = markdown.find(" ") + 1  # the bullet's, with its space
        return re.sub(f"^ {{{width}}}", "    ", markdown, flags=re.M) if width else markdown


def inline_html(element: Tag) -> str:
    """The element's content as inline HTML with only simple tags, on one line (the
    element is changed on the way: it is written, not kept)."""
    for comment in element.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for tag in element.find_all(True):
        if tag.name not in INLINE_KEEP:
            tag.unwrap()
        else:
            tag.attrs = {"href": tag["href"]} if tag.name == "a" and tag.get("href") else {}
    return re.sub(r"\s+", " ", element.decode_contents(formatter=INLINE)).strip()


@dataclass
class Converter:
    """Converts the posts of one import, collecting what the report should say."""

    site: OldSite
    image_path: Callable[[str, str], str | None]  # (url, post title) → /images/… or None
    attachments: dict[int, Item]

    # --- 1. WordPress's own markup -------------------------------------------------------
    def html_of(self, content: str) -> str:
        if "<!-- wp:" in content:
            html = blocks.render(content, self.block, self.result.blocks)
            return shortcodes.replace(html, self.shortcode)
        content = OWN_LINE_URL.sub(lambda m: m[1] + embed_link(m[2], self.item) + m[3], content)
        return wpautop(shortcodes.replace(content, self.shortcode))

    def block(self, block: blocks.Block) -> str | None:
        name = block.name
        if name == "embed" or name.startswith("core-embed/"):
            url = block.attrs.get("url") or re.search(r"https?://[^\s<>\"]+|$", block.inner)[0]
            caption = BeautifulSoup(block.inner, "html.parser").find("figcaption")
            label = caption.get_text(" ", strip=True) if caption else ""
            return embed_link(url, self.item, label) if url else ""
        if name in ("buttons", "button"):
            links = BeautifulSoup(block.inner, "html.parser").find_all("a", href=bool)
            texts = [(a["href"], a.get_text()) for a in links]  # one without text shows nothing
            return "".join(embed_link(href, self.item, text) for href, text in texts if text)
        return FIXED_BLOCKS.get(name)

    def shortcode(self, code: shortcodes.Shortcode) -> str:
        name = code.name.lower()
        if name in ("caption", "wp_caption"):
            return caption_figure(code)
        if name == "gallery":
            return self.gallery(code)
        if name == "embed":
            url = (code.content or "").strip() or code.attrs.get("src", "")
            return embed_link(url, self.item) if url else ""
        if name in ("audio", "video"):
            url = next(filter(None, map(code.attrs.get, MEDIA_ATTRIBUTES)), "")
            return embed_link(url, self.item, url.rsplit("/", 1)[-1]) if url else ""
        self.result.shortcodes.add(f"[{code.name}]")  # unknown: its text stays, the code goes
        return shortcodes.replace(code.content or "", self.shortcode)

    def gallery(self, code: shortcodes.Shortcode) -> str:
        ids = code.attrs.get("ids") or code.attrs.get("include") or ""
        if ids:
            chosen = [self.attachments.get(int(i)) for i in re.findall(r"\d+", ids)]
        else:
            chosen = [a for _, a in sorted(self.attachments.items()) if a.parent == self.item.id]
        return "\n".join(  # an empty caption is written as none, like any empty figcaption
            "<figure>"
            f'<img src="{escape(pic.attachment_url)}" alt="{escape(pic.meta.get(ALT, ""))}">'
            f"<figcaption>{pic.excerpt.strip()}</figcaption></figure>"
            for pic in filter(None, chosen)
            if pic.attachment_url
        )

    # --- 2. cleaning ------------------------------------------------------------------------
    def clean(self, soup: BeautifulSoup) -> None:
        """Plain, local HTML that markdownify can write. One pass per job, in an order
        later passes rely on (embeds become links before links are rewritten; images read
        their wp-image-N class before the attributes go)."""
        embeds_to_links(soup, self.item, self.result)
        media_to_links(soup, self.result)
        for tag in soup.select(DROP):
            tag.decompose()
        for tag in soup.find_all("img"):
            if not tag.decomposed:  # gone with a link whose other picture was missing
                self.image(tag)
        for tag in soup.find_all("a"):
            self.link(tag)
        for cite in soup.select("blockquote cite"):  # a quote's source: its own "— Name" line
            cite.string = "— " + cite.get_text(" ", strip=True)
            cite.name = "p"
        self.figures(soup)
        shift_headings(soup, self.result)
        for tag in soup.find_all(UNWRAP):
            tag.unwrap()
        tidy_spaces(soup)
        for tag in soup.find_all(["p", "li", "h2", "h3", "h4", "h5", "h6"]):
            if not tag.get_text(strip=True) and not tag.find("img"):
                tag.decompose()  # the editor's spacers: empty lines or headings to a reader
        for tag in soup.find_all(True):  # the old theme's classes, styles and ids go
            keep = KEEP_ATTRIBUTES.get(tag.name, ())
            tag.attrs = {k: v for k, v in tag.attrs.items() if k in keep}

    def image(self, img: Tag) -> None:
        link = img.parent if img.parent.name == "a" else None
        src = img.get("src") or img.get("data-src") or ""
        src = "https:" + src if src.startswith("//") else src
        new = self.image_path(src, self.title) if src else None
        if new is None:
            (img if link is None else link).decompose()
            return
        found = WP_IMAGE_ID.search(" ".join(img.get("class", [])))  # its media library entry
        library = self.attachments.get(int(found[1])) if found else None
        meta = library.meta if library else {}
        alt = (img.get("alt") or "").strip() or meta.get(ALT, "").strip()
        if not alt:
            figure = img.find_parent("figure")
            caption = figure.find("figcaption") if figure else None
            alt = caption.get_text(" ", strip=True) if caption else ""
        if not alt:
            self.result.notes.append(
                f"kuvalta {new.rsplit('/', 1)[-1]} puuttuu kuvaus (alt): kirjoita se "
                "hakasulkeisiin tai alt-kohtaan"
            )
        img.attrs = {"src": new, "alt": alt}
        if link is not None and self.site.shows_file(link.get("href", "")):
            link.unwrap()  # WordPress's "link to the image file / attachment page"

    def link(self, tag: Tag) -> None:
        href = (tag.get("href") or "").strip()
        if not href or href.lower().startswith("javascript:"):
            tag.unwrap()
            return
        if not self.site.own(href):
            return
        attachment = self.site.attachment_file(href)
        href = attachment or href
        path = unquote(urlsplit(href).path)
        if UPLOADS in path or attachment:
            is_image = path.lower().endswith(tuple(IMAGE_SUFFIXES))
            new = self.image_path(href, self.title) if is_image else None
            kept = "linkki vanhan blogin tiedostoon jäi ennalleen"
        else:  # a link to the old blog's front page leads to the new one's
            parts = urlsplit(href)
            new = self.site.new_address(href) or (
                "" if parts.path.strip("/") or parts.query else "/"
            )
            kept = "linkki vanhaan blogiin jäi ennalleen (ei uutta osoitetta)"
        if new:
            tag["href"] = new
        else:
            self.result.notes.append(f"{kept}: {href}")

    def figures(self, soup: BeautifulSoup) -> None:
        """A figure stays a figure only when it is one picture (with its caption);
        galleries, quotes, tables and embeds in figures become their content."""
        for figure in list(soup.find_all("figure")):
            if figure.decomposed:
                continue
            images = figure.find_all("img")
            nested = figure.find("figure")
            other = figure.find(["table", "blockquote", "p", "ul", "ol", "a"])
            if len(images) == 1 and not nested and (other is None or other.name == "a"):
                continue  # one picture, maybe linked
            caption = figure.find("figcaption", recursive=False)
            if caption is not None:
                caption.name = "p"
            if not images and not figure.get_text(strip=True):
                figure.decompose()
                continue
            figure.unwrap()
        for listing in soup.find_all(["ul", "ol"]):
            items = listing.find_all("li", recursive=False)
            if items and all(li.find("figure") and not li.get_text(strip=True) for li in items):
                for li in items:
                    li.unwrap()
                listing.unwrap()

    # --- 3. Markdown ------------------------------------------------------------------------
    def convert(self, item: Item) -> Converted:
        """The post's Markdown, and what the report should say about it."""
        self.item = item  # the post being converted, its title and what is said about it
        self.title = text_of(item.title)
        self.result = result = Converted("")
        soup = BeautifulSoup(self.html_of(item.content), "html.parser")
        self.clean(soup)
        result.markdown = tidy(Markdown(heading_style="atx", bullets="-").convert_soup(soup))
        result.notes = list(dict.fromkeys(result.notes))  # each once, in their order
        return result


def tidy(markdown: str) -> str:
    """No trailing spaces except markdownify's two before a line break (<br>) inside a
    paragraph, and no more than one blank line in a row."""
    markdown = TRAILING_SPACE.sub(lambda space: space[1] or "", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return markdown + "\n" if markdown else ""


def wpautop(text: str) -> str:
    """The classic editor's paragraphs, as WordPress shows them (its wpautop, as Pelican's
    importer ports it); a line break between a tag's attributes becomes the space it means
    first, so the port does not read it as a paragraph's line break."""
    return decode_wp_content(TAG.sub(lambda tag: tag[0].replace("\n", " "), text))


def embeds_to_links(soup: BeautifulSoup, item, result: Converted) -> None:
    """Nothing may load from another host: an iframe, object or embed becomes a link to
    what it showed (a YouTube player to the video's own page), or goes if it has no web
    address."""
    for tag in soup.find_all(["iframe", "object", "embed"]):
        url = tag.get("src") or tag.get("data") or ""
        url = "https:" + url if url.startswith("//") else url
        if urlsplit(url).scheme not in ("http", "https"):
            tag.decompose()
            continue
        url = YOUTUBE_EMBED.sub(r"https://www.youtube.com/watch?v=\1", url)  # the video's page
        link = embed_link(url, item, tag.get("title") or "")
        tag.replace_with(BeautifulSoup(link, "html.parser"))
        result.notes.append(f"upotus muutettiin linkiksi: {url}")


def media_to_links(soup: BeautifulSoup, result: Converted) -> None:
    """A <video> or <audio> player becomes a link to its file named by the file, so the
    page plays nothing by itself; one without a source goes."""
    for tag in soup.find_all(["video", "audio"]):
        sources = [each["src"] for each in (tag, *tag.find_all("source")) if each.get("src")]
        if not sources:
            tag.decompose()
            continue
        name = escape(unquote(sources[0].rsplit("/", 1)[-1]))
        tag.replace_with(BeautifulSoup(f'<a href="{escape(sources[0])}">{name}</a>', "html.parser"))
        result.notes.append(f"video tai ääni muutettiin linkiksi: {sources[0]}")


def tidy_spaces(soup: BeautifulSoup) -> None:
    """No-break spaces and runs of spaces the editor left become one plain space, so
    the Markdown has no invisible characters; code keeps its spacing."""
    for text in soup.find_all(string=SPACES):
        if not text.find_parent(["pre", "code"]):
            text.replace_with(SPACES.sub(" ", text))


def shift_headings(soup: BeautifulSoup, result: Converted) -> None:
    """The post's title is its only h1: its own headings start at h2 and skip no level
    (h2 + h4 become ## + ###), in their order.
    A heading written in capitals becomes a sentence (screen readers spell capitals)."""
    found = soup.find_all(HEADINGS)
    levels = sorted({int(tag.name[1]) for tag in found})
    new_level = {level: min(6, 2 + rank) for rank, level in enumerate(levels)}
    for tag in found:
        tag.name = f"h{new_level[int(tag.name[1])]}"
        letters = [c for c in tag.get_text() if c.isalpha()]
        if len(letters) >= 4 and all(c.isupper() for c in letters):
            sentence_case(tag)
            result.notes.append(
                f"isoilla kirjaimilla kirjoitettu otsikko kirjoitettiin tavallisesti: "
                f"”{tag.get_text(strip=True)}” (tarkista erisnimet)"
            )


def sentence_case(tag: Tag) -> None:
    """Lower case, but for the first letter (the heading has some: four at least)."""
    for text in list(tag.strings):  # its text, not its comments
        text.replace_with(text.lower())
    first = next(text for text in tag.strings if text.strip())
    first.replace_with(re.sub(r"\S", lambda letter: letter[0].upper(), first, count=1))


def oembed_title(url: str, item) -> str:
    """The title WordPress stored for an embedded address (its oEmbed cache), if any."""
    wanted = VIDEO_ID.search(url)
    needle = wanted[1] if wanted else url
    cached = [value for key, value in sorted(item.meta.items()) if key.startswith("_oembed_")]
    titles = [re.search(r'title="([^"]+)"', value) for value in cached if needle in value]
    return next((text_of(title[1]) for title in titles if title), "")


def embed_link(url: str, item, label: str = "") -> str:
    """An embedded video or post as a plain link: nothing is loaded from its site."""
    return f'<p><a href="{escape(url)}">{escape(label or oembed_title(url, item) or url)}</a></p>'


def caption_figure(code: shortcodes.Shortcode) -> str:
    """[caption]<img …> Kuvateksti[/caption] → <figure> with <figcaption>."""
    content = code.content or ""
    soup = BeautifulSoup(content, "html.parser")
    picture = soup.find("a") if soup.find("a") and soup.find("a").find("img") else soup.find("img")
    if picture is None:
        return content
    picture.extract()
    caption = code.attrs.get("caption") or inline_html(soup)
    return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"
