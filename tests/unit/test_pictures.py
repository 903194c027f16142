"""The picture and share-card code without a build: widths, the <picture> markup, and
how a title is broken into lines (milliseconds each)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from plugins.responsive_images.card import Colours, wrap
from plugins.responsive_images.images import widths_for
from plugins.responsive_images.library import Picture, Variant
from plugins.responsive_images.markup import rewrite
from plugins.responsive_images.share import compound_parts


def test_widths_never_exceed_the_original_or_the_column():
    configured = (360, 540, 720, 960, 1216)
    assert widths_for(4000, configured) == [360, 540, 720, 960, 1216]
    assert widths_for(800, configured) == [360, 540, 720, 800]
    assert widths_for(300, configured) == [300]


def picture() -> Picture:
    variants = tuple(
        Variant(fmt, w, w // 2, f"images/k-{w}.0123456789.{ext}", Path("x"))
        for fmt, ext in (("avif", "avif"), ("webp", "webp"), ("jpeg", "jpg"))
        for w in (360, 720)
    )
    return Picture("images/k.jpg", 720, 360, "jpeg", variants)


def test_rewrite_touches_only_the_site_own_images():
    html = (
        '<p><img alt="Yksi" src="/images/k.jpg" class="kuva"></p>'
        '<picture><img src="/images/k.jpg" alt="oma"></picture>'
        '<img src="https://muualla.example/k.jpg" alt="vieras">'
        '<p><img alt="Kaksi" src="/images/k.jpg"></p>'
    )
    ours = picture()
    new = rewrite(html, lambda src: ours if src == "/images/k.jpg" else None, "100vw", "")
    soup = BeautifulSoup(new, "html.parser")
    made = soup.select("p > picture")
    assert [p.img["alt"] for p in made] == ["Yksi", "Kaksi"]
    assert made[0].img["class"] == ["kuva"] and made[0].img["width"] == "720"
    assert "loading" not in made[0].img.attrs and made[1].img["loading"] == "lazy"
    assert '<picture><img src="/images/k.jpg" alt="oma"></picture>' in new
    assert '<img src="https://muualla.example/k.jpg" alt="vieras">' in new


def test_title_wraps_at_compound_parts_and_never_overflows():
    def fits(text: str) -> bool:
        return len(text) <= 16

    def compounds(word: str) -> list[str]:
        return {"työhyvinvointikoordinaattori": ["työ", "hyvinvointi", "koordinaattori"]}.get(
            word, [word]
        )

    lines = wrap("Uusi työhyvinvointikoordinaattori aloittaa", fits, compounds)
    assert lines == ["Uusi työ-", "hyvinvointi-", "koordinaattori", "aloittaa"]
    # whole words only (no splitter): a word longer than the line cannot be set
    assert wrap("Uusi työhyvinvointikoordinaattori", fits, None) is None
    assert wrap("Esimies-alaiskeskustelu", fits, None) == ["Esimies-", "alaiskeskustelu"]


def test_card_colours_come_from_the_theme_css():
    css = ":root {\n  --bg: #fbfaf7;\n  --accent: #1d5c57;\n  --accent-contrast: #ffffff;\n}"
    css += "\n@media (prefers-color-scheme: dark) { :root { --accent: #7fcbc1; } }"
    colours = Colours.from_css(css)
    assert colours.background == (0x1D, 0x5C, 0x57) and colours.text == (255, 255, 255)


class FakeVoikko:
    def __init__(self, structures: list[str]) -> None:
        self.structures = structures

    def analyze(self, word: str) -> list[dict]:
        return [{"STRUCTURE": s} for s in self.structures]


def test_compound_parts_are_where_every_analysis_agrees():
    word = "työnohjauskoulutus"
    agree = FakeVoikko(["=pppppppppp=pppppppp", "=pppppppppp=pppppppp"])
    assert compound_parts(agree, word) == ["työnohjaus", "koulutus"]
    differ = FakeVoikko(["=pppppppppp=pppppppp", "=pppp=pppppp=pppppppp"])  # työn| once
    assert compound_parts(differ, word) == ["työnohjaus", "koulutus"]
    assert compound_parts(FakeVoikko(["=pppp=pppppppppppppp"]), word) == ["työn", "ohjauskoulutus"]
    assert compound_parts(FakeVoikko([]), word) == [word]  # no analysis: the word whole


def test_a_gif_keeps_its_address_and_gets_its_size():
    html = '<p><img src="/images/a.gif" alt="Liike"></p><p><img src="/images/a.gif" alt="2"></p>'
    new = rewrite(html, lambda src: (320, 200), "100vw", "")
    assert new == (
        '<p><img src="/images/a.gif" alt="Liike" width="320" height="200"></p>'
        '<p><img src="/images/a.gif" alt="2" width="320" height="200" loading="lazy" '
        'decoding="async"></p>'
    )
