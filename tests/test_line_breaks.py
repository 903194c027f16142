"""No word broken in the middle: every page type of the real site, in a real browser, at the
widths of a small and an ordinary phone, a tablet and a laptop. A line may end inside a word
only at a soft hyphen (Voikko's hyphenation point); anywhere else the visitor would read
"työnohj / aus". Phone numbers stay on one line."""

from __future__ import annotations

import pytest
from line_breaks import WIDTHS, mid_word_breaks

from support import PAGE_TYPES

pytestmark = pytest.mark.browser

# Every page type (the search page with its static text: results need a query).
PAGES = PAGE_TYPES


@pytest.fixture(scope="module")
def pages(browser):
    """One browser tab per screen width, kept for the whole module."""
    contexts, tabs = [], {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        tabs[width] = context.new_page()
    yield tabs
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", list(PAGES.values()), ids=list(PAGES))
def test_no_word_is_broken_in_the_middle(dev_server, pages, width, url):
    page = pages[width]
    response = page.goto(f"{dev_server}/{url}")
    assert response is not None and response.status in (200, 404)
    assert page.evaluate("window.innerWidth") == width
    assert mid_word_breaks(page) == []


def test_the_walker_finds_a_word_cut_without_a_soft_hyphen(pages):
    """The measurement itself: in a narrow box, a long word without soft hyphens is reported
    where the browser cut it; a word with soft hyphens, broken at them, is not; a phone
    number split across lines is reported."""
    page = pages[320]
    plain = "asiakaslähtöisyytenä"
    soft = "työn\u00adoh\u00adjaa\u00adja\u00adkou\u00adlu\u00adtuk\u00adses\u00adsa"
    page.set_content(
        '<html lang="fi"><body style="overflow-wrap: break-word">'
        f'<p style="width: 5rem">{plain}</p><p style="width: 5rem">{soft}</p>'
        '<p style="width: 5rem"><a href="tel:+358401234567">+358 40 123 4567</a></p>'
        "</body></html>"
    )
    found = mid_word_breaks(page)
    cuts = [f for f in found if f.startswith("p: ")]
    assert cuts, found
    assert all(f[3:].replace("|", "") == plain for f in cuts), found
    assert "phone number split: +358 40 123 4567" in found
