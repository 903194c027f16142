"""The project's one way of reading HTML: the standard library's html.parser.

It is what the checks, the pictures, the search index and the importer (BeautifulSoup's
"html.parser" tree) read pages with; text_of and start_tags give everyone else the text
and the tags of a fragment from the same parser, instead of a pattern of their own.

map_text applies a text transform to the text of an HTML fragment and to nothing else:
typography and hyphenation must never touch tags, attribute values, comments, code or
the contents of <script> and <style>, and must copy everything else through byte for
byte, which html.parser (it hands on decoded text and rebuilt tags) cannot promise, so
this one walker keeps its own tokenizer.
"""

import re
from collections.abc import Callable
from html.parser import HTMLParser

INVISIBLE = (("\u00ad", ""), ("\u200b", ""))  # soft hyphen, zero-width space: dropped


def replaced(text: str, pairs) -> str:
    """text with each (old, new) of pairs replaced: str.replace, as str.translate with a
    table takes its slow path on any text with ä or ö (seconds over a thousand pages)."""
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def tidy(text: str) -> str:
    """Text as a reader sees it once its markup is gone: no soft hyphens or zero-width
    spaces, white space collapsed (text_of's last step)."""
    return " ".join(replaced(text, INVISIBLE).split())


class _Reader(HTMLParser):
    """The text of a fragment, each tag standing as sep; and its start tags as written."""

    def __init__(self, html: str | None, sep: str = "", values: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.sep, self.values = sep, values
        self.text: list[str] = []
        self.tags: list[str] = []
        self.feed(html or "")
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(self.get_starttag_text() or "")
        values = [value for _name, value in attrs if value] if self.values else []
        self.text.append(" ".join(["", *values, ""]) if values else self.sep)

    def handle_endtag(self, tag: str) -> None:
        self.text.append(self.sep)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def text_of(html: str | None, sep: str = "", *, values: bool = False) -> str:
    """The text a reader sees in html: tags and comments gone, entities decoded, no soft
    hyphens, white space collapsed. Each tag counts as sep: "" keeps "<em>a</em>b" one
    word, " " parts every element's text from the next; values=True adds each tag's
    attribute values (alt, title, content), where text can be too."""
    if "<" in (html := html or "") or "&" in html:  # else (most titles) nothing to parse
        html = "".join(_Reader(html, sep, values).text)
    return tidy(html)


def start_tags(html: str) -> list[str]:
    """Every start tag of html, exactly as written."""
    return _Reader(html).tags


TAG = re.compile(
    r"<!--.*?-->"  # comment
    r"|<![^>]*>"  # doctype, CDATA
    r"|<\?.*?\?>"  # processing instruction
    # an element whose contents are raw text, where "<" does not start a tag: whole
    r"|<(?P<raw>script|style|textarea|title)(?![\w:-])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r".*?(?:</(?P=raw)\s*>|\Z)"
    r"|<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)
# Elements whose text is code, data or drawing: copied as written.
SKIP = frozenset({"code", "kbd", "math", "pre", "samp", "svg", "tt"})
# URLs and e-mail addresses written as text stay exactly as written (one group: split by
# it, a text's odd parts are they).
URL_OR_EMAIL = re.compile(
    r"((?:\b(?:https?|ftp)://|\bwww\.|\bmailto:)[^\s<>\"”’]*[^\s<>\"”’.,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    re.I,
)


def map_text(
    html: str,
    transform: Callable[[str], str],
    *,
    inside: frozenset[str] = frozenset(),
    transform_inside: Callable[[str], str] | None = None,
) -> str:
    """Return html with transform applied to each run of text outside tags and skipped
    elements; text within any of the elements named in inside gets transform_inside."""
    out: list[str] = []
    pos = skipped = within = 0  # where text starts; how many SKIP, inside elements we are in

    def apply(text: str) -> str:
        if skipped or not text:
            return text
        return transform_inside(text) if within and transform_inside else transform(text)

    for match in TAG.finditer(html):
        out += [apply(html[pos : match.start()]), match[0]]
        pos = match.end()
        name, step = (match["name"] or "").lower(), -1 if match["close"] else 1
        if match[0].endswith("/>"):
            continue
        if name in SKIP:
            skipped = max(0, skipped + step)
        elif name in inside:
            within = max(0, within + step)
    return "".join([*out, apply(html[pos:])])


URL_HINTS = ("://", "www.", "@", "mailto:")


def map_words(text: str, transform: Callable[[str], str]) -> str:
    """Apply transform to the parts of one text run that are not URLs or e-mail addresses."""
    lowered = text.lower()
    if not any(hint in lowered for hint in URL_HINTS):  # most runs: no regex scan needed
        return transform(text)
    parts = URL_OR_EMAIL.split(text)
    return "".join(part if odd % 2 else transform(part) for odd, part in enumerate(parts))
