"""Finnish everywhere a visitor looks: every UI string of the theme has a Finnish
translation, and no English UI text reaches a built page."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from support import ROOT, Build

THEME = ROOT / "theme"
PO_FILE = THEME / "translations" / "fi" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# English UI text that themes commonly show; matched as whole words, case-sensitively.
ENGLISH_UI = [
    "Read more",
    "Continue reading",
    "Posted",
    "Posted by",
    "Tags",
    "Tag",
    "Older posts",
    "Newer posts",
    "Newer",
    "Older",
    "Categories",
    "Category",
    "Archives",
    "Archive",
    "Home",
    "Menu",
    "Main menu",
    "Search",
    "Previous",
    "Next",
    "Skip to",
    "Published",
    "Updated",
    "min read",
    "Reading time",
    "Contact",
    "Share",
    "Subscribe",
    "Comments",
    "Leave a reply",
    "Author",
    "Blog",
    "Services",
    "About",
    "Privacy",
    "Send",
    "Submit",
    "Message",
    "Name",
    "Email",
    "E-mail",
    "Phone",
    "required",
    "Business ID",
    "Topics",
    "Breadcrumb",
    "Pages",
    "Feed",
    "Get in touch",
    "All posts",
    "Latest posts",
    "Powered by",
    "Not found",
]
PAGE_X_OF_Y = re.compile(r"\bPage \d+ of \d+\b")
TEXT_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "value", "content")
READABLE_META = {"description", "og:title", "og:description", "og:image:alt", "og:site_name"}


def extracted_messages() -> list[tuple[str, int, str | tuple[str, ...]]]:
    """Every msgid the templates use, found by Babel's extractor with theme/babel.cfg."""
    with open(THEME / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    return [
        (filename, lineno, message)
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(THEME), method_map, options_map
        )
    ]


def catalogue():
    with open(PO_FILE, "rb") as fh:
        return read_po(fh, locale="fi")


MESSAGES = extracted_messages()


def test_the_templates_use_the_catalogue():
    assert len(MESSAGES) >= 30
    files = {filename for filename, _, _ in MESSAGES}
    assert "templates/base.html" in files
    assert any(isinstance(message, tuple) for _, _, message in MESSAGES), "no ngettext found"


@pytest.mark.parametrize(
    "filename,lineno,message", MESSAGES, ids=[f"{f}:{n}" for f, n, _ in MESSAGES]
)
def test_every_msgid_has_a_finnish_msgstr(filename, lineno, message):
    entry = catalogue().get(message[0] if isinstance(message, tuple) else message)
    assert entry is not None, f"{filename}:{lineno}: {message!r} is not in messages.po"
    assert not entry.fuzzy, f"{message!r} is marked fuzzy"
    translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    assert translations and all(t.strip() for t in translations), f"{message!r} untranslated"
    if isinstance(message, tuple):
        assert isinstance(entry.id, tuple) and entry.id[1] == message[1], "plural differs"
    source = message if isinstance(message, tuple) else (message,)
    wanted = {name for text in source for name in PLACEHOLDER.findall(text)}
    for text in translations:
        assert set(PLACEHOLDER.findall(text)) == wanted, f"placeholders differ: {text!r}"


def readable_text(soup: BeautifulSoup) -> list[str]:
    """What a visitor can read or hear: visible text and text-bearing attributes."""
    soup = BeautifulSoup(str(soup), "lxml")
    texts = []
    for tag in soup.find_all(True):
        for attr in TEXT_ATTRIBUTES:
            if attr == "content":
                name = tag.get("name") or tag.get("property")
                if tag.name != "meta" or name not in READABLE_META:
                    continue
            if tag.has_attr(attr):
                texts.append(str(tag[attr]))
    for tag in soup.find_all(["script", "style", "template"]):
        tag.decompose()
    texts.append(soup.get_text(" "))
    return [re.sub(r"\s+", " ", text.replace("\u00ad", "")) for text in texts]


def english_in(texts: list[str], phrases: list[str]) -> list[str]:
    hits = []
    for text in texts:
        for phrase in phrases:
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
                hits.append(phrase)
        hits += PAGE_X_OF_Y.findall(text)
    return hits


def msgid_phrases() -> list[str]:
    """The theme's own English source strings, as they would show if left untranslated
    (placeholders cut out: the longest fixed part of each)."""
    phrases = set()
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogue()}
    for _, _, message in MESSAGES:
        for text in message if isinstance(message, tuple) else (message,):
            fixed = max(PLACEHOLDER.split(text)[::2], key=len).strip(" .,:")
            finnish = translated.get(text, "")
            finnish = " ".join(finnish) if isinstance(finnish, tuple) else finnish
            if len(fixed) >= 4 and fixed not in finnish:
                phrases.add(fixed)
    return sorted(phrases)


def check_pages(build: Build) -> list[str]:
    phrases = sorted(set(ENGLISH_UI) | set(msgid_phrases()))
    problems = []
    for file in build.html_files():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        assert soup.html.get("lang") == "fi", file
        for hit in english_in(readable_text(soup), phrases):
            problems.append(f"{file.relative_to(build.path)}: {hit}")
    return problems


def test_the_english_check_finds_english():
    soup = BeautifulSoup(
        '<html lang="fi"><body><nav aria-label="Main menu"></nav><p>Page 1 of 2</p>'
        "<a>Read more</a><p>Lukuaika 3 min · Kategoriat · Blogi</p></body></html>",
        "lxml",
    )
    hits = english_in(readable_text(soup), ENGLISH_UI + msgid_phrases())
    assert {"Main menu", "Page 1 of 2", "Read more"} <= set(hits)
    assert not {"Blog", "Category", "Categories"} & set(hits)


def test_no_english_ui_text_on_any_page(site):
    assert check_pages(site) == []


def test_no_english_ui_text_with_the_contact_form_and_booking_link(form_site):
    assert form_site.soup("yhteystiedot/").find("form", class_="contact-form") is not None
    assert check_pages(form_site) == []
