"""A Python-Markdown extension: the text is NFC-normalised before anything reads it.

A Mac keyboard writes ä as a + combining diaeresis (NFD); it looks the same, but some fonts
draw it differently, search does not find it, and the same category typed on two machines
becomes two categories. Normalised first, the metadata header (read by the meta extension
after this) and the body are the same text whatever machine wrote them. Listed in MARKDOWN
(pelicanconf.py) as "sitecore.nfc:NfcExtension", so it runs in every Markdown reader.
"""

from __future__ import annotations

import unicodedata

from markdown import Extension
from markdown.preprocessors import Preprocessor


class NfcPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return [unicodedata.normalize("NFC", line) for line in lines]


class NfcExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # 100: before every other preprocessor (the meta extension runs at 27)
        md.preprocessors.register(NfcPreprocessor(md), "nfc", 100)
