"""The classic editor's text as WordPress shows it: wpautop, ported from formatting.php.

The classic editor stores no <p>: a blank line ends a paragraph and a single line break is a
<br>, and WordPress adds the markup when it shows the post. The same steps are taken here
(in the same order, without the parts for <option>, <object> and <textarea> that a blog
post does not need), so a post reads the same after the move as it did before.
"""

from __future__ import annotations

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
NEWLINE_MARK = " <!-- wpnl --> "
TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)


def _mark_newlines_in_tags(text: str) -> str:
    """A line break inside a tag (between attributes) is no paragraph break."""

    def replace(match: re.Match) -> str:
        return match.group().replace("\n", NEWLINE_MARK)

    return TAG_OR_COMMENT.sub(replace, text)


def wpautop(text: str, br: bool = True) -> str:
    """Paragraphs (<p>) and line breaks (<br />) for text written in the classic editor."""
    if not text.strip():
        return ""
    text = text + "\n"
    kept: dict[str, str] = {}

    def keep_pre(match: re.Match) -> str:
        key = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[key] = match.group()
        return key

    text = PRE.sub(keep_pre, text)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _mark_newlines_in_tags(text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p]
    text = "".join(f"<p>{p.strip(chr(10))}</p>\n" for p in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(
            r"<(script|style|svg|math).*?</\1>",
            lambda m: m.group().replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, original in kept.items():
        text = text.replace(key, original)
    return text.replace(NEWLINE_MARK, "\n").replace(NEWLINE_MARK.strip(), "\n")
