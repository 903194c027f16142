"""Finnish punctuation for HTML: quotes, dashes, ellipses, signs and no-break spaces.

Finnish uses the same closing mark on both sides of a quotation (”näin” and ’näin’), an
en dash with spaces for a parenthetical dash (a no-break space before it, so that a line
never starts with it), an en dash without spaces in a range of numbers, dates and weekdays
(1,5–2 h, 2012–2013, klo 9.00–10.30, 5.–7.3.2025, ma–pe) and between two places
(Helsinki–Tampere; a region's own name keeps its hyphen: Etelä-Suomi), the minus sign
before a negative number (−5 °C) and a no-break space between a number and its unit or
sign (3 §, 30 %). Numbers that only look like ranges keep their hyphen: business IDs
(2345678-0), ISO dates (2024-05-31), phone numbers (040-1234567) and case endings
(1990-luvulla). typogrify's smartypants would write English quotes, so the site leaves it
out and uses this instead. Only text is changed: tags, attributes, code and URLs stay as
written, and so does text that is already typographic. Running it twice changes nothing.
"""

import re
from functools import cache

from sitecore.html_text import map_text, map_words
from sitecore.hyphenation import load_voikko

NBSP = "\u00a0"
EN_DASH = "\u2013"
MINUS = "\u2212"

QUOTE_ENTITIES = re.compile(r"&(?:quot|#34|#x22);", re.I)
APOSTROPHE_ENTITIES = re.compile(r"&(?:apos|#39|#x27);", re.I)
ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
SPACE = r"(?:[ \t\r\n\u00a0]|&nbsp;|&#160;)"
# What she may type between the two ends of a range: a hyphen or two, or a dash, with or
# without spaces (9-11, 9 - 11, 9 – 11, 9–11).
_TO = r"[ \t]*(?:-{1,2}|[–—])[ \t]*"
# One side of a range: a number with at most four digits before its decimals or clock
# minutes and no leading zero (9, 1,5, 10.30, 2013), so that phone numbers (040-…),
# business IDs (2345678-0) and ISO dates (…-05-31) never qualify.
_RANGE_END = r"(?:0|[1-9]\d{0,3})(?:[,.:]\d{1,2}(?!\d))?"
# "1,5-2", "2012-2013", "9.00-10.30", "10 - 15": a range of numbers, not part of a longer
# chain of numbers and hyphens (2024-05-31, 978-951-1).
NUMBER_RANGE = re.compile(
    rf"(?<![\w,.:+\-–−/])(?P<first>{_RANGE_END}){_TO}"
    rf"(?P<second>{_RANGE_END})(?![\w,.:]?\d|-\d|/)"
)
# Dates in Finnish order: "5.-7.3.2025", "5.3.-7.4.", "5.3.2025-7.3.2025".
_DAY = r"(?:[12]\d|3[01]|0?[1-9])\."
_MONTH = r"(?:1[0-2]|0?[1-9])\."
DATE_RANGE = re.compile(
    rf"(?<![\w,.:\-–/])(?P<first>{_DAY}(?:{_MONTH}(?:\d{{4}})?)?){_TO}"
    rf"(?P<second>{_DAY}{_MONTH}(?:\d{{4}})?)(?![\w.]?\d)"
)
_WEEKDAY = (
    r"(?:ma|ti|ke|to|pe|la|su|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai"
    r"|sunnuntai)"
)
WEEKDAY_RANGE = re.compile(
    rf"(?<![\w-])(?P<first>{_WEEKDAY}){_TO}(?P<second>{_WEEKDAY})(?![\w-])", re.I
)
# "Helsinki-Tampere", "Turku-Oulu-Kajaani": capitalised words joined by hyphens; the hyphen
# is a span between places when every word is a place name on its own (Voikko).
PLACES = re.compile(r"(?<![\w-])[A-ZÅÄÖ][^\W\d_]+(?:-[A-ZÅÄÖ][^\W\d_]+)+")
# "-5 °C", "(-3)": a hyphen or dash typed before a number, after a space or a parenthesis.
NEGATIVE = re.compile(r"(?<=[\s(\[])[-–](?=\d)")
# "sana - sana", "sana -- sana", "sana – sana": a spaced dash, which must not start a line.
SPACED_DASH = re.compile(rf"[ \t\r\n]+(?P<dash>-{{1,3}}|[–—])(?P<after>{SPACE}+)")
# "sana --sana", "1990--2000": a dash with no space before it.
SPACED_BEFORE = re.compile(r"[ \t\r\n]+-{2,3}")
DOUBLE_HYPHEN = re.compile(r"-{2,3}")
# Units and signs that a number must not be parted from at a line break.
UNITS = (
    "%|‰|€|\\$|£|°C|°|§|h|min|s|ms|t|pv|vrk|vk|kk|v|km|m|cm|mm|m²|m³|kg|g|mg|l|dl|cl|ml|"
    "snt|e|kpl|krt|hlö|henk\\.|t\\.|min\\."
)
NUMBER_UNIT = re.compile(rf"(?P<number>\d(?:[\d,.]*\d)?)[ \t\r\n]+(?=(?:{UNITS})(?![^\W_]))")
# Digit groups of a large number: 1 200 €, 12 000 euroa.
THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3})((?:[ ]\d{3})+)(?![\d,.]\d|\d)")
# Abbreviations that belong with the number after them: klo 9, s. 12, § 3, n. 5.
BEFORE_NUMBER = re.compile(r"(?<![^\W\d_])(klo|s\.|n\.|nro|§)[ \t\r\n]+(?=\d)")


@cache
def _is_place(word: str) -> bool:
    return any(item.get("CLASS") == "paikannimi" for item in load_voikko("fi").analyze(word))


def _span(match: re.Match) -> str:
    parts = match[0].split("-")
    return EN_DASH.join(parts) if all(map(_is_place, parts)) else match[0]


def _punctuate(text: str) -> str:
    if "&" in text:
        text = APOSTROPHE_ENTITIES.sub("'", QUOTE_ENTITIES.sub('"', text))
    text = ELLIPSIS.sub("…", text)
    if re.search("[-–—]", text):  # most runs of text have no dash, many no digit: skipped
        for ranges in (DATE_RANGE, NUMBER_RANGE, WEEKDAY_RANGE):
            text = ranges.sub(rf"\g<first>{EN_DASH}\g<second>", text)
        text = NEGATIVE.sub(MINUS, PLACES.sub(_span, text))
        text = SPACED_DASH.sub(
            lambda m: f"{NBSP}{EN_DASH if m['dash'][0] == '-' else m['dash']}{m['after']}", text
        )
        text = DOUBLE_HYPHEN.sub(EN_DASH, SPACED_BEFORE.sub(f"{NBSP}{EN_DASH}", text))
    text = text.replace('"', "”").replace("'", "’")
    if not re.search(r"\d", text):
        return text
    text = THOUSANDS.sub(lambda m: m[1] + m[2].replace(" ", NBSP), text)
    text = NUMBER_UNIT.sub(lambda m: m["number"] + NBSP, text)
    return BEFORE_NUMBER.sub(lambda m: m[1] + NBSP, text)


def finnish_plain(text: str) -> str:
    """Finnish punctuation for plain text that is escaped later (URLs still kept as is);
    also each run of text of HTML."""
    return map_words(text, _punctuate) if text else text


def finnish_typography(html: str) -> str:
    """Finnish punctuation for an HTML fragment (a body, a title, a summary)."""
    return map_text(html, finnish_plain) if html else html
