"""Site search: a Pagefind index of the published posts and pages, built with the site.

With SEARCH_INDEX = True (pelicanconf.py) every build ends by indexing, into
output/pagefind/, the pages a visitor may search: the published posts and pages (services,
benefits, about… and the home page's own text) — never a draft, a scheduled post, a
hidden page (404), example material (`Example: true`) or a list page (tag, category,
year, archive, blog pages), which only repeat the posts. Inside a page only the element
marked data-pagefind-body is read, minus what is marked data-pagefind-ignore (breadcrumbs,
reading time, calls to action): the templates say which.

The HTML handed to Pagefind (never the output files) is made to read as sentences:
soft hyphens (Voikko's, in long words) are taken out, so "ryhmätyönohjaus" is one word;
list items end with ";" (the last with "."), labels with ":" and values with ".", where
Pagefind would otherwise run them together ("Sähköpostimaija@…") or make each item a
sentence of its own. A visitor may type "tyonohjaus" for "työnohjaus": the words of the
indexed text that have å, ä or ö are added once each in folded form (a, a, o) at the end,
after FOLD_MARK, and js/haku.js shows a match there on the words it stands for.

Pages are indexed one by one in URL order through `pagefind --service` (index(), below),
so the same content gives a byte-identical index. Only the files
the search page uses are kept from Pagefind's bundle (no ready-made UI).

Settings: SEARCH_INDEX (default False: no index, no search page, no search form),
HAKU_URL / HAKU_SAVE_AS (the search page, a direct template; DIRECT_TEMPLATES must name
"haku").
"""

import base64
import json
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from subprocess import PIPE
from typing import IO, Any
from urllib.parse import urlsplit

from pelican import signals

from sitecore import outputs
from sitecore.metadata import is_example

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
# What the search page loads from Pagefind's bundle: its JavaScript API, the WebAssembly,
# the index and the fragments. The rest (ready-made UIs, other languages) is never
# requested, so it is not published.
KEEP = re.compile(
    r"^(pagefind\.js|pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta"
    r"|index/[\w-]+\.pf_index|fragment/[\w-]+\.pf_fragment|filter/[\w-]+\.pf_filter)$"
)
SOFT_HYPHEN = re.compile(r"\u00ad|&shy;|&#173;|&#x0*ad;", re.I)
BODY_MARK = "data-pagefind-body"
IGNORE_MARK = "data-pagefind-ignore"
# The end of a list item, label, value or paragraph before a list whose text ends in a
# letter (inline tags may close first), and what it ends with for the index.
INLINE_ENDS = r"(?:</(?:a|b|em|i|span|strong)>)*\s*"
# (At a tag or a space first: most places fail that at once, a third of the time.)
ITEM_END = re.compile(rf"(?=[<\s])(?<=\w)({INLINE_ENDS}</(li|dt|dd|p(?=>\s*<[ou]l[\s>]))>)")
ENDINGS = {"li": ";", "dt": ":", "dd": ".", "p": ":"}
LAST_ITEM = re.compile(rf";({INLINE_ENDS}</li>\s*</[ou]l>)")
FOLDED = str.maketrans("åäö", "aao")
FOLD_MARK = "⁂"  # js/haku.js: the folded words follow this one
WORD = re.compile(r"\w+")
# What Pagefind never reads, wherever it is (its own list), elements within a line of
# text (the others separate words) and elements without an end.
INLINE = frozenset({"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "small", "span"})
INLINE |= {"strong", "sub", "sup", "time"}
UNREAD = frozenset(
    {"script", "style", "noscript", "label", "form", "svg", "footer", "nav", "iframe"}
)
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})


class IndexedText(HTMLParser):
    """The text Pagefind reads of a page: inside data-pagefind-body, outside
    data-pagefind-ignore and the elements it never reads."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool | None]] = []  # tag, True: body, False: not read
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.text.append("" if tag in INLINE else " ")  # other elements part words
        if tag in VOID:
            return
        names = {name for name, _value in attrs}
        ignored = tag in UNREAD or IGNORE_MARK in names
        self.open.append((tag, False if ignored else BODY_MARK in names or None))

    def handle_endtag(self, tag: str) -> None:
        self.text.append("" if tag in INLINE else " ")
        tags = [name for name, _read in self.open]
        if tag in tags:  # closes what was left open inside it too
            del self.open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        reads = [read for _tag, read in self.open]
        if True in reads and False not in reads:
            self.text.append(data)


def folded_words(html: str) -> list[str]:
    """The words of the indexed text that have å, ä or ö, folded, once each, sorted."""
    parser, start = IndexedText(), html.find(BODY_MARK)
    parser.feed(html[html.rfind("<", 0, start) :] if start > 0 else "")  # nothing before is read
    parser.close()
    words = {word.lower() for word in WORD.findall("".join(parser.text))}
    return sorted({word.translate(FOLDED) for word in words} - words)


def for_index(html: str) -> str:
    """The page as Pagefind should read it (see the module's docstring)."""
    html = ITEM_END.sub(lambda m: f"{ENDINGS[m[2]]}{m[1]} ", SOFT_HYPHEN.sub("", html))
    html = LAST_ITEM.sub(r".\1", html)
    folded = folded_words(html)
    if not folded:
        return html
    head, body_end, tail = html.rpartition("</body>")
    copy = f"<div {BODY_MARK}>{FOLD_MARK} {' '.join(folded)}</div>"
    return f"{head}{copy}{body_end}{tail}" if body_end else html + copy


def bundle_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """What the search page loads: the index's files and the WebAssembly of the index's
    language (named in pagefind-entry.json)."""
    entry = json.loads(files["pagefind-entry.json"])
    wasm = {f"wasm.{lang['wasm']}.pagefind" for lang in entry.get("languages", {}).values()}
    return {path: data for path, data in files.items() if KEEP.match(path) or path in wasm}


class PagefindError(RuntimeError):
    """The service could not be started or answered with an error (message in English,
    from Pagefind; the plugin says in Finnish what it means)."""


def ask(proc: subprocess.Popen, stderr: IO[bytes], payloads: Iterable[dict]) -> list[dict]:
    """Send each request as soon as it is made (the service works on one while the next is
    made), then read their answers, in the same order."""
    sent = 0
    for sent, payload in enumerate(payloads, 1):
        message = json.dumps({"message_id": sent - 1, "payload": payload}).encode()
        proc.stdin.write(base64.b64encode(message) + b",")
        proc.stdin.flush()
    chunks, commas = [], 0
    while commas < sent:  # an answer ends at a comma (base64 has none)
        chunk = proc.stdout.read1(65536)
        if not chunk:
            stderr.seek(0)
            text = stderr.read().decode("utf-8", "replace").strip()
            raise PagefindError(f"the service stopped (exit code {proc.wait()}): {text[-500:]}")
        chunks.append(chunk)
        commas += chunk.count(b",")
    answers = b"".join(chunks).split(b",")[:sent]
    results = [json.loads(base64.b64decode(answer))["payload"] for answer in answers]
    for result in results:
        if result.get("type") == "Error":
            raise PagefindError(result.get("message", "unknown error"))
    return results


def index(pages: Iterable[tuple[str, str]], config: dict[str, Any]) -> dict[str, bytes]:
    """Index pages (the address a result links to, the HTML) in the order given; the whole
    bundle (index, fragments, WebAssembly, JavaScript) by relative path.

    Why not the `pagefind` package's own async PagefindIndex? It reads the service's
    answers in a loop that sleeps 0.1 s before each one, so every page costs at least 0.1 s
    (32 pages: 3.4 s, for a site that builds in 0.3 s), and it cannot run inside
    livereload's event loop. The protocol is small and the same one that package speaks:
    each request is JSON, base64 encoded, followed by a comma; each answer comes back the
    same way. The service reads every request as it comes and handles them one at a time
    in the order sent, so each page is sent as soon as it is made (the service indexes it
    while the next is made, on another core) and the answers read afterwards,
    and pages sent in sorted order give the same index every time (Pagefind's own `--site`
    walk follows the file system's order, which differs between folders and machines, and
    so would the index). At the end of its input the service exits at once, whatever it
    has not answered yet: its input is closed only when the last answer is in.

    The bundle is asked for in memory rather than with WriteFiles: the service answers
    WriteFiles before its writes have reached the disk (Pagefind 1.4 hands them to
    background threads), so a file read right after it can still be empty."""
    with tempfile.TemporaryFile() as stderr:
        try:  # the pinned pagefind_bin package's binary, never another version from PATH
            from pagefind_bin import get_executable

            command = [get_executable(), "--service"]
            proc = subprocess.Popen(command, stdin=PIPE, stdout=PIPE, stderr=stderr)
        except (ImportError, OSError) as err:
            raise PagefindError(str(err)) from err
        with proc:  # closes its input (the service exits) and waits
            (new,) = ask(proc, stderr, [{"type": "NewIndex", "config": config}])
            at = {"index_id": new["index_id"]}
            files = (
                {"type": "AddFile", **at, "url": url, "file_path": None, "file_contents": html}
                for url, html in pages
            )
            answers = ask(proc, stderr, chain(files, [{"type": "GetFiles", **at}]))
    return {item["path"]: base64.b64decode(item["content"]) for item in answers[-1]["files"]}


def build_index(output: Path, pages: list[tuple[str, str]], siteurl: str, language: str) -> None:
    """Index pages (url, save_as) of the built site in output into output/pagefind/, in
    address order whatever the order given (the order decides the bytes of the index)."""
    bundle = output / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    files = bundle_files(index(readable(output, pages, siteurl), {"force_language": language}))
    for rel, data in sorted(files.items()):
        target = outputs.write(bundle / rel, data)
        outputs.record(output, target, "plugins/search_index")


def readable(output: Path, pages: Iterable[tuple[str, str]], siteurl: str) -> Iterator[tuple]:
    """Each page (url, save_as) in address order as Pagefind should read it, made only
    when it is sent."""
    base = urlsplit(siteurl).path.rstrip("/")
    for url, save_as in sorted(pages):
        html = (output / save_as).read_text(encoding="utf-8")
        if BODY_MARK in html:
            yield f"{base}/{url}", for_index(html)
        else:
            log.warning(
                "Haku: sivulta %s puuttuu %s, joten sitä ei voi hakea. Lisää se sivun "
                "pohjaan (theme/templates) sisällön ympärille.",
                save_as,
                BODY_MARK,
            )


# A build's searchable pages, by output folder: made at initialized (with an index), found
# when all is read, indexed and dropped at finalized.
BUILDS: dict[str, set[tuple[str, str]]] = {}


def configure(pelican) -> None:
    if pelican.settings["SEARCH_INDEX"]:
        BUILDS[pelican.output_path] = set()
    else:
        pelican.settings["HAKU_SAVE_AS"] = ""  # no search page without an index


def collect(generators) -> None:
    """The published posts and pages a visitor may find: (url, save_as) each, the url
    site-relative as Pelican gives it ("" for the home page). Published only: drafts,
    scheduled posts and hidden pages (404) are in other lists."""
    if generators and generators[0].output_path in BUILDS:
        BUILDS[generators[0].output_path] = {
            (content.url, content.save_as)
            for gen in generators
            for content in [*getattr(gen, "articles", []), *getattr(gen, "pages", [])]
            if content.save_as and not is_example(content.metadata.get("example"))
        }


def write(pelican) -> None:
    pages = BUILDS.pop(pelican.output_path, None)
    if pages is None:
        return
    try:
        settings = pelican.settings
        build_index(Path(pelican.output_path), pages, settings["SITEURL"], settings["DEFAULT_LANG"])
    except (PagefindError, OSError) as err:
        log.error(
            "Hakuhakemistoa ei voitu tehdä (Pagefind: %s). Asenna ohjelmat uudelleen "
            "komennolla bin/setup, tai poista haku käytöstä kirjoittamalla "
            "pelicanconf.py-tiedostoon SEARCH_INDEX = False.",
            err,
        )


def register() -> None:
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
