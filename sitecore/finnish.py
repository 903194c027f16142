"""Finnish punctuation for HTML: quotes, dashes, ellipses and no-break spaces.

Finnish uses the same closing mark on both sides of a quotation (”näin” and ’näin’), an
en dash with spaces for a parenthetical dash, an en dash without spaces in a range of
numbers (1,5–2 h, 2012–2013, klo 9.00–10.30) and a no-break space between a number and
its unit. Numbers that only look like ranges keep their hyphen: business IDs (2345678-0),
ISO dates (2024-05-31), phone numbers (040-1234567) and case endings (1990-luvulla).
typogrify's smartypants would write English quotes, so the site leaves it out and uses this
instead. Only text is changed: tags, attributes, code and URLs stay as
written, and so does text that is already typographic. Running it twice changes nothing.
"""

from __future__ import annotations

import re

from sitecore.html_text import map_text, map_words

NBSP = "\u00a0"
EN_DASH = "\u2013"

QUOTE_ENTITIES = re.compile(r"&(?:quot|#34|#x22);", re.I)
APOSTROPHE_ENTITIES = re.compile(r"&(?:apos|#39|#x27);", re.I)
ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")
SPACE = r"(?:[ \t\r\n\u00a0]|&nbsp;|&#160;)"
# One side of a range: a number with at most four digits before its decimals or clock
# minutes and no leading zero (9, 1,5, 10.30, 2013), so that phone numbers (040-…),
# business IDs (2345678-0) and ISO dates (…-05-31) never qualify.
_RANGE_END = r"(?:0|[1-9]\d{0,3})(?:[,.:]\d{1,2}(?!\d))?"
# "1,5-2", "2012-2013", "9.00-10.30", "10 - 15": a range of numbers, hyphen or spaced
# dash, not part of a longer chain of numbers and hyphens (2024-05-31, 1.2.2013-3.2.2013).
NUMBER_RANGE = re.compile(
    rf"(?<![\w,.:+\-–/])(?P<first>{_RANGE_END})"
    r"(?:-|[ \t]+-{1,2}[ \t]+|--)"
    rf"(?P<second>{_RANGE_END})(?![\w,.:]?\d|-\d|/)"
)
# "sana - sana" or "sana -- sana": a spaced dash, which must not start a line.
SPACED_DASH = re.compile(rf"[ \t\r\n]+-{{1,3}}(?P<after>{SPACE}+)")
# "sana --sana", "1990--2000": a dash with no space before it.
SPACED_BEFORE = re.compile(r"[ \t\r\n]+-{2,3}")
DOUBLE_HYPHEN = re.compile(r"-{2,3}")
# Units and signs that a number must not be parted from at a line break.
UNITS = (
    "%|‰|€|\\$|£|°C|°|h|min|s|ms|t|pv|vrk|vk|kk|v|km|m|cm|mm|m²|m³|kg|g|mg|l|dl|cl|ml|"
    "snt|e|kpl|krt|hlö|henk\\.|t\\.|min\\."
)
NUMBER_UNIT = re.compile(rf"(?P<number>\d(?:[\d,.]*\d)?)[ \t\r\n]+(?=(?:{UNITS})(?![^\W_]))")
# Digit groups of a large number: 1 200 €, 12 000 euroa.
THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3})((?:[ ]\d{3})+)(?![\d,.]\d|\d)")
# Abbreviations that belong with the number after them: klo 9, s. 12, § 3, n. 5.
BEFORE_NUMBER = re.compile(r"(?<![^\W\d_])(klo|s\.|n\.|nro|§)[ \t\r\n]+(?=\d)")


def _punctuate(text: str) -> str:
    text = QUOTE_ENTITIES.sub('"', text)
    text = APOSTROPHE_ENTITIES.sub("'", text)
    text = ELLIPSIS.sub("…", text)
    text = NUMBER_RANGE.sub(lambda m: f"{m['first']}{EN_DASH}{m['second']}", text)
    text = SPACED_DASH.sub(lambda m: f"{NBSP}{EN_DASH}{m['after']}", text)
    text = SPACED_BEFORE.sub(f"{NBSP}{EN_DASH}", text)
    text = DOUBLE_HYPHEN.sub(EN_DASH, text)
    text = text.replace('"', "”").replace("'", "’")
    text = THOUSANDS.sub(lambda m: m[1] + m[2].replace(" ", NBSP), text)
    text = NUMBER_UNIT.sub(lambda m: m["number"] + NBSP, text)
    return BEFORE_NUMBER.sub(lambda m: m[1] + NBSP, text)


def _text_run(text: str) -> str:
    return map_words(text, _punctuate)


def finnish_typography(html: str) -> str:
    """Finnish punctuation for an HTML fragment (a body, a title, a summary)."""
    if not html:
        return html
    return map_text(html, _text_run)


def finnish_plain(text: str) -> str:
    """Finnish punctuation for plain text that is escaped later (URLs still kept as is)."""
    if not text:
        return text
    return _text_run(text)
