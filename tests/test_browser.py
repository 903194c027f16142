"""The preview build in a real browser (Debian's Chromium through Playwright), served from
127.0.0.1: pages load, the phone menu works with and without JavaScript, nothing scrolls
sideways on a small phone, dark mode follows the system, and no page needs a script or
anything from another host."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from support import PAGE_TYPES, SEED_URL

# Every page but the search page, which runs the search (tests/test_search.py checks it).
WITHOUT_SCRIPT = {kind: url for kind, url in PAGE_TYPES.items() if kind != "haku"}

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SMALLEST = {"width": 320, "height": 640}

LUMINANCE_JS = """el => {
  const channel = c => {
    c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const lum = s => { const [r, g, b] = s.match(/[\\d.]+/g).map(Number);
                     return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
  const opaque = s => !/rgba\\(.*,\\s*0\\)$/.test(s) && s !== 'transparent';
  let bg = 'rgb(255, 255, 255)';  // the browser's own canvas, unless a box paints one
  for (let box = el; box; box = box.parentElement) {
    const colour = getComputedStyle(box).backgroundColor;
    if (opaque(colour)) { bg = colour; break; }
  }
  return {background: lum(bg), text: lum(getComputedStyle(el).color)};
}"""


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def text(locator) -> str:
    """Visible text with the typography evened out (soft hyphens, no-break spaces)."""
    value = locator.inner_text().replace("\u00ad", "")
    return re.sub(r"[\s\u00a0\u202f]+", " ", value).strip()


def contrast(colours: dict[str, float]) -> float:
    light, dark = sorted((colours["background"], colours["text"]), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def open_page(context, url: str):
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    return page


def test_home_page_and_article_load(context_factory, dev_server):
    context = context_factory(viewport=DESKTOP)
    home = open_page(context, f"{dev_server}/")
    assert home.locator("h1").is_visible()
    assert "Tavataan ja tuumataan" in home.locator("main").inner_text()
    font_size = home.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16, "body text must be at least 16 px"

    home.locator("main article.card .card-title a").first.click()
    home.wait_for_url(re.compile(r"/blogi/[a-z0-9-]+/$"))
    assert home.locator("main article h1").is_visible()

    article = open_page(context, f"{dev_server}/{SEED_URL}")
    assert text(article.locator("h1")) == "Mistä syntyy hyödyllinen työnohjaus?"
    heading = article.locator("main article h2", has_text="paremman")
    assert heading.is_visible()
    assert article.locator("main article li", has_text="sai lisää").is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_phone_menu_opens_and_reaches_the_contact_page(context_factory, dev_server, javascript):
    context = context_factory(viewport=PHONE, java_script_enabled=javascript)
    page = open_page(context, f"{dev_server}/")
    button = page.locator("header .menu-button")
    contact = page.locator("header nav").get_by_role("link", name="Yhteystiedot")
    assert button.is_visible()
    assert not contact.is_visible(), "the phone menu should start closed"
    button.click()
    assert contact.is_visible()
    contact.click()
    page.wait_for_url(f"{dev_server}/yhteystiedot/")
    assert text(page.locator("h1")) == "Yhteystiedot"
    assert page.locator('main a[href^="mailto:"]').first.is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("tabs_into_menu", [0, 1, 3], ids=["on-button", "first-link", "third"])
def test_escape_closes_the_phone_menu_and_focus_returns_to_its_button(
    context_factory, dev_server, javascript, tabs_into_menu
):
    page = open_page(context_factory(viewport=PHONE, java_script_enabled=javascript), dev_server)
    button = page.locator("header .menu-button")
    links = page.locator("header nav a")
    for _ in range(5):  # as a keyboard user reaches it: skip link, name, menu button
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    assert links.first.is_visible(), "Enter on the button opens the menu"
    for _ in range(tabs_into_menu):
        page.keyboard.press("Tab")
    if tabs_into_menu:
        expected = links.nth(tabs_into_menu - 1).get_attribute("href")
        assert page.evaluate("document.activeElement.getAttribute('href')") == expected
    page.keyboard.press("Escape")
    assert not links.first.is_visible(), "Escape closes the menu"
    assert button.evaluate("el => el === document.activeElement"), "focus is on the button"
    page.keyboard.press("Enter")
    assert links.first.is_visible(), "and the button opens it again"


def contact_stops(page) -> list[str]:
    """The address of every stop in the tab order that leads to an e-mail or a phone."""
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith(("mailto:", "tel:")):
            stops.append(href)
        if page.evaluate("document.activeElement === document.body"):
            break
    return stops


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_contact_page_email_and_phone_are_one_tab_stop_each(context_factory, dev_server, viewport):
    page = open_page(context_factory(viewport=viewport), f"{dev_server}/yhteystiedot/")
    stops = contact_stops(page)
    assert sorted(stops) == sorted(set(stops)) and len(stops) == 2, stops
    home = open_page(context_factory(viewport=viewport), f"{dev_server}/")
    assert len(contact_stops(home)) == 2, "other pages keep them in the footer"


def boxes(page, selector: str) -> list[dict]:
    return [item.bounding_box() for item in page.locator(selector).all() if item.is_visible()]


def test_wide_screen_shows_the_menu_links_without_opening_anything(context_factory, dev_server):
    page = open_page(context_factory(viewport=DESKTOP), f"{dev_server}/")
    links = page.locator("header nav a")
    assert links.count() >= 5
    for index in range(links.count()):
        assert links.nth(index).is_visible(), links.nth(index).inner_text()
    assert not page.locator("header .menu-button").is_visible()
    parts = boxes(page, "header nav a") + boxes(page, ".brand-name, .header-search input")
    middles = {round(box["y"] + box["height"] / 2) for box in parts}
    assert max(middles) - min(middles) <= 12, f"name, menu and search in one row: {middles}"


@pytest.mark.parametrize("width", [768, 1024])
def test_middle_widths_have_a_two_row_header(context_factory, dev_server, width):
    page = open_page(context_factory(viewport={"width": width, "height": 800}), dev_server)
    links = boxes(page, "header nav a")
    assert len({round(box["y"] + box["height"] / 2) for box in links}) == 1, "links in a row"
    name, search = boxes(page, ".brand-name")[0], boxes(page, ".header-search input")[0]
    assert search["y"] < name["y"] + name["height"], "the search field beside the name"
    assert links[0]["y"] >= name["y"] + name["height"], "the links under them"


@pytest.mark.parametrize("width", [320, 360, 375])
def test_phone_header_gives_the_name_room_beside_the_menu_button(
    context_factory, dev_server, width
):
    page = open_page(context_factory(viewport={"width": width, "height": 640}), dev_server)
    gap = page.evaluate(
        """() => { const range = document.createRange();
        range.selectNodeContents(document.querySelector('.brand-name'));
        const right = Math.max(...[...range.getClientRects()].map(r => r.right));
        return document.querySelector('.menu-button').getBoundingClientRect().left - right; }"""
    )
    assert gap >= 12, f"{width} px: the name ends {gap:.1f} px from the menu button"


# The page types whose text is one reading column, with breadcrumbs above it.
WITH_READING_COLUMN = ["artikkeli", "palvelusivu", "yhteystiedot", "sivu", "hinnat"]


@pytest.mark.parametrize("width", [768, 1280])
@pytest.mark.parametrize("kind", WITH_READING_COLUMN)
def test_breadcrumb_trail_starts_where_the_title_starts(context_factory, dev_server, kind, width):
    context = context_factory(viewport={"width": width, "height": 800})
    page = open_page(context, f"{dev_server}/{PAGE_TYPES[kind]}")
    trail = page.locator("nav.breadcrumbs li").first.bounding_box()
    title = page.locator("main h1").bounding_box()
    assert abs(trail["x"] - title["x"]) < 1, f"{kind} at {width}: {trail['x']} vs {title['x']}"


def test_home_page_uses_the_width_of_a_wide_screen(context_factory, dev_server):
    page = open_page(context_factory(viewport=DESKTOP), f"{dev_server}/")
    portrait = page.locator(".home-intro .portrait").bounding_box()
    cards = boxes(page, "#home-services ~ .service-list > li")
    assert abs(portrait["x"] + portrait["width"] - (cards[-1]["x"] + cards[-1]["width"])) < 1
    assert abs(portrait["width"] - cards[-1]["width"]) < 1, "the portrait as wide as a card"
    text = page.locator(".home-intro > p:not(:has(.portrait))").first.bounding_box()
    assert text["width"] >= 560, "the intro is a full reading column beside the portrait"
    assert text["x"] + text["width"] <= portrait["x"] - 32


SPLIT_WORDS_JS = r"""() => {
  const split = [];
  for (const card of document.querySelectorAll('.card')) {
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\S*\u00ad\S*/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0].replaceAll('\u00ad', '-'));
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("url", ["", "blogi/", "palvelut/", PAGE_TYPES["kategoria"]])
@pytest.mark.parametrize("width", [375, 768, 1280])
def test_cards_with_room_break_no_word(context_factory, dev_server, url, width):
    page = open_page(
        context_factory(viewport={"width": width, "height": 900}), f"{dev_server}/{url}"
    )
    assert page.evaluate(SPLIT_WORDS_JS) == [], f"/{url} at {width} px"


def test_placeholder_portrait_is_dim_in_dark_mode(context_factory, dev_server):
    from io import BytesIO

    from PIL import Image, ImageStat

    for scheme, check in (("dark", lambda level: level < 80), ("light", lambda level: level > 160)):
        page = open_page(context_factory(color_scheme=scheme, viewport=DESKTOP), dev_server)
        shot = page.locator(".home-intro .portrait").screenshot()
        level = ImageStat.Stat(Image.open(BytesIO(shot)).convert("L")).mean[0]
        assert check(level), f"{scheme}: the placeholder's mean level is {level:.0f}"


@pytest.mark.parametrize("kind,url", PAGE_TYPES.items())
def test_no_page_scrolls_sideways_at_320_px(context_factory, dev_server, kind, url):
    page = open_page(context_factory(viewport=SMALLEST), f"{dev_server}/{url}")
    widths = page.evaluate(
        "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{kind} scrolls sideways: {widths}"


@pytest.mark.parametrize(
    "kind,url", [("home", ""), ("article", SEED_URL), ("contact", "yhteystiedot/")]
)
def test_dark_mode_follows_the_system(context_factory, dev_server, kind, url):
    dark = open_page(context_factory(color_scheme="dark"), f"{dev_server}/{url}")
    colours = dark.locator("body").evaluate(LUMINANCE_JS)
    assert colours["background"] < 0.1, f"{kind}: dark mode background is not dark"
    assert colours["text"] > 0.5, f"{kind}: dark mode text is not light"
    assert contrast(colours) >= 7, f"{kind}: body text contrast in dark mode"
    for paragraph in dark.locator("main p").all()[:5]:
        assert contrast(paragraph.evaluate(LUMINANCE_JS)) >= 4.5, paragraph.inner_text()

    light = open_page(context_factory(color_scheme="light"), f"{dev_server}/{url}")
    colours = light.locator("body").evaluate(LUMINANCE_JS)
    assert colours["background"] > 0.7 and colours["text"] < 0.2, f"{kind}: light mode"


@pytest.mark.parametrize("kind,url", WITHOUT_SCRIPT.items())
def test_page_needs_no_script_and_stays_on_this_host(context_factory, dev_server, kind, url):
    context = context_factory(viewport=PHONE)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(f"{dev_server}/{url}")
    assert response.ok
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate(
        "[...document.scripts].map(s => s.type).filter(t => t !== 'application/ld+json')"
    )
    assert scripts == [], f"{kind}: scripts {scripts}"
    assert requests, "no requests recorded"
    away = [r for r in requests if not r.startswith(f"{dev_server}/") and not r.startswith("data:")]
    assert away == [], f"{kind} asks another host: {away}"


def test_no_built_page_has_scripts_or_inline_handlers(dev_site):
    search_page = dev_site.path / "haku" / "index.html"
    for file in dev_site.html_files():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for script in soup.find_all("script"):
            if file == search_page and script.get("src"):  # the search page's own script
                assert script["type"] == "module" and not script.string, file
                assert re.fullmatch(r"/theme/js/haku\.[0-9a-f]{10}\.js", script["src"])
                continue
            assert script.get("type") == "application/ld+json", file
            assert not script.get("src"), file
        for tag in soup.find_all(True):
            handlers = [attr for attr in tag.attrs if attr.startswith("on")]
            assert handlers == [], f"{file}: {tag.name} {handlers}"


def test_contact_form_honeypot_is_invisible(context_factory, form_site):
    from support import serve

    server, url = serve(form_site.path)
    try:
        page = open_page(context_factory(viewport=PHONE), f"{url}/yhteystiedot/")
        assert page.locator('form input[name="nimi"]').is_visible()
        trap = page.locator('form input[name="_gotcha"]')
        box = trap.bounding_box()
        assert (not trap.is_visible()) or box is None or box["x"] + box["width"] <= 0
        widths = page.evaluate(
            "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
        )
        assert widths["scroll"] <= widths["inner"]
    finally:
        server.shutdown()
