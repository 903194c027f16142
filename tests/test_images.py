"""Pictures the way a phone photo arrives, and share images for every post.

One production build (publishconf.py, SITEURL set to a local server) of a project copy
with a real 4000×3000 JPEG that carries GPS coordinates and a rotation tag, as phones
write them. The build is looked at as files, as parsed HTML and in Chromium at 375 px
and DPR 2. Pure functions (widths, markup, title wrapping) get their own fast tests.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import ExifTags, Image, ImageDraw, ImageFilter

from sitetools.checks.server import free_port, start_server
from sitetools.checks.site import Site
from support import copy_project, run_pelican, snapshot

GPS = {1: "N", 2: (61.0, 29.0, 52.5), 3: "E", 4: (23.0, 45.0, 38.25)}
CAMERA = "TestiPuhelin X"
PHOTO_POST = "2016-02-01-ilta-jarvella.md"
PHOTO_URL = "blogi/ilta-jarvella/"
SIZES = "(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}


def phone_photo(path: Path) -> None:
    """4000×3000 pixels stored landscape with EXIF Orientation 6 (shown portrait), GPS and
    a camera name, a red block in the stored top-left corner, texture that does not
    compress to nothing."""
    width, height = 4000, 3000
    rnd = random.Random(14)
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            sky.point(lambda v: 90 + v // 3),
            sky.point(lambda v: 140 + v // 4),
            sky.point(lambda v: 200 - v // 5),
        ),
    )
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y, s = rnd.randrange(width), rnd.randrange(height // 3, height), rnd.randrange(60, 500)
        colour = (rnd.randrange(30, 120), rnd.randrange(80, 160), rnd.randrange(20, 90))
        draw.ellipse((x, y, x + s, y + s * 0.6), fill=colour)
    grain = Image.effect_noise((width // 2, height // 2), 60).resize((width, height))
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(2)), grain.convert("RGB"), 0.22)
    ImageDraw.Draw(image).rectangle((0, 0, 500, 400), fill=(230, 10, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.IFD.GPSInfo] = GPS
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())


def write_post(project: Path, name: str, text: str) -> None:
    (project / "content" / "blogi" / name).write_text(text, encoding="utf-8")


PHOTO_TEXT = """Title: Ilta järvellä
Date: 2016-02-01 18:00
Category: Ajankohtaista
Tags: työhyvinvointi
Summary: Kuva järveltä ja muutama ajatus siitä, miten lepo palauttaa.

![Järvi ja ranta illalla](/images/valokuva.jpg)

{body}

![Sama ranta toisesta kulmasta](/images/valokuva.jpg "Ranta")

Viimeinen kappale.
"""
BODY = "\n\n".join(
    "Lepo on osa työtä. Kun pysähdyt hetkeksi, ajatukset asettuvat ja seuraava päivä "
    "alkaa kevyemmin. Tämä kappale on täytettä, jotta toinen kuva on alempana sivulla."
    for _ in range(12)
)


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    """(project, build, base URL): the production build, served at its own SITEURL."""
    project = copy_project(tmp_path_factory.mktemp("kuvat") / "project")
    phone_photo(project / "content" / "images" / "valokuva.jpg")
    write_post(project, PHOTO_POST, PHOTO_TEXT.format(body=BODY))
    page = project / "content" / "sivut" / "minusta.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Slug: minusta\n", "Slug: minusta\nImage: valokuva.jpg\n"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    build = run_pelican(project, project / "output", "publishconf.py", "-e", f'SITEURL="{base}"')
    assert build.returncode == 0, build.output
    server, _ = start_server(Site.load(build.path, project / "content"), port)
    yield project, build, base
    server.shutdown()
    server.server_close()


def soup_of(build, url: str) -> BeautifulSoup:
    return build.soup(url)


def image_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES]


# --- the photo in the post ----------------------------------------------------------------


def test_a_phone_photo_becomes_a_responsive_picture(photo_site):
    _project, build, base = photo_site
    pictures = soup_of(build, PHOTO_URL).select("main picture")
    assert len(pictures) == 2
    first, second = pictures
    types = [s["type"] for s in first.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    img = first.img
    assert img["alt"] == "Järvi ja ranta illalla"
    assert img["src"] == f"{base}/images/valokuva.jpg"
    # orientation applied: 3000×4000 shown portrait, at most the column at 2× (1216 px)
    assert (int(img["width"]), int(img["height"])) == (1216, 1621)
    for candidate in [img, *first.find_all("source")]:
        assert candidate["sizes"] == SIZES
        widths = [int(part.split()[1][:-1]) for part in candidate["srcset"].split(", ")]
        assert widths == [360, 540, 720, 960, 1216]
        for part in candidate["srcset"].split(", "):
            assert (build.path / part.split()[0].removeprefix(base + "/")).is_file(), part
    # the first picture of the page at once, the others lazily
    assert not img.get("loading") and not img.get("decoding")
    assert second.img["loading"] == "lazy" and second.img["decoding"] == "async"
    assert second.img["title"] == "Ranta"


def test_the_published_photo_has_no_gps_no_exif_and_the_right_way_up(photo_site):
    _project, build, _base = photo_site
    original = build.path / "images" / "valokuva.jpg"
    assert original.stat().st_size < 500 * 1024  # not the megabytes that came in
    files = image_files(build.path)
    assert len([f for f in files if f.name.startswith("valokuva")]) == 16
    for file in files:
        data = file.read_bytes()
        assert b"Exif\x00\x00" not in data and CAMERA.encode() not in data, file
        with Image.open(file) as image:
            assert not image.getexif(), file
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), file
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info), file
    with Image.open(original) as image:
        assert image.size == (1216, 1621)
        rgb = image.convert("RGB")
        # the stored top-left corner is the shown top-right one after a 90° turn
        red = rgb.getpixel((image.width - 20, 20))
        assert red[0] > 180 and red[1] < 80, red
        assert rgb.getpixel((20, 20))[0] < 180


def test_builds_are_byte_identical_and_a_rebuild_encodes_nothing(photo_site, tmp_path):
    project, build, base = photo_site
    cache = project / "cache" / "kuvat"
    before = snapshot(cache, with_times=True)
    again = run_pelican(project, tmp_path / "again", "publishconf.py", "-e", f'SITEURL="{base}"')
    assert again.returncode == 0, again.output
    assert snapshot(again.path) == snapshot(build.path)
    assert snapshot(cache, with_times=True) == before  # nothing re-encoded or rewritten
    # and on a machine without the cache (CI): the same bytes
    fresh = copy_project(tmp_path / "fresh", image_cache=False)
    for name in ("images/valokuva.jpg", f"blogi/{PHOTO_POST}", "sivut/minusta.md"):
        (fresh / "content" / name).write_bytes((project / "content" / name).read_bytes())
    clean = run_pelican(fresh, tmp_path / "clean", "publishconf.py", "-e", f'SITEURL="{base}"')
    assert clean.returncode == 0, clean.output
    assert snapshot(clean.path) == snapshot(build.path)


# --- share images ---------------------------------------------------------------------


def meta(soup: BeautifulSoup, **attrs) -> str:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else ""


def share_of(build, base: str, url: str) -> tuple[BeautifulSoup, Path]:
    soup = soup_of(build, url)
    image = meta(soup, property="og:image")
    assert image.startswith(base + "/"), image
    assert meta(soup, name="twitter:image") == image
    return soup, build.path / image.removeprefix(base + "/")


def test_a_post_with_a_photo_shares_it_cropped_to_1200x630(photo_site):
    _project, build, base = photo_site
    soup, file = share_of(build, base, PHOTO_URL)
    with Image.open(file) as image:
        assert image.format == "JPEG" and image.size == (1200, 630)
        assert not image.getexif()
    assert meta(soup, property="og:image:type") == "image/jpeg"
    assert (meta(soup, property="og:image:width"), meta(soup, property="og:image:height")) == (
        "1200",
        "630",
    )
    assert meta(soup, property="og:image:alt") == "Ilta järvellä"
    assert meta(soup, name="twitter:image:alt") == "Ilta järvellä"


def test_a_post_without_a_picture_shares_a_card_with_its_title(photo_site):
    _project, build, base = photo_site
    soup, file = share_of(build, base, "blogi/tyoyhteiso-muutoksessa/")
    css = (Path(__file__).resolve().parent.parent / "theme/static/css/site.css").read_text()
    accent = css.split("--accent:", 1)[1].split(";", 1)[0].strip().lstrip("#")
    with Image.open(file) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        colours = image.convert("RGB").getcolors(1200 * 630)
    background = max(colours)[1]
    assert background == tuple(int(accent[i : i + 2], 16) for i in (0, 2, 4))
    assert any(c == (255, 255, 255) for _n, c in colours)  # the title, in white
    assert meta(soup, property="og:image:type") == "image/png"
    assert meta(soup, property="og:image:alt") == "Työyhteisö muutoksessa"
    # every post has its own share picture
    soups = [BeautifulSoup(p.read_text(), "lxml") for p in build.path.glob("blogi/*/index.html")]
    posts = [s for s in soups if meta(s, property="og:type") == "article"]
    images = {meta(s, property="og:image") for s in posts}
    assert len(posts) == 6 and len(images) == 6
    assert all(i.startswith(f"{base}/images/jako/blogi-") for i in images), images


def test_pages_keep_the_site_image_unless_they_name_one(photo_site):
    _project, build, base = photo_site
    soup, file = share_of(build, base, "palvelut/")
    assert file == build.path / "images" / "jakokuva.png"
    assert meta(soup, property="og:image:alt").startswith("Tavataan ja tuumataan")
    soup, file = share_of(build, base, "minusta/")  # Image: valokuva.jpg
    assert file.parent.name == "jako" and file.suffix == ".jpg"
    with Image.open(file) as image:
        assert image.size == (1200, 630)


# --- in the browser ---------------------------------------------------------------------

LAYOUT_SHIFT = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__cls += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.slow
@pytest.mark.browser
def test_a_phone_downloads_little_picks_avif_and_nothing_jumps(photo_site, browser):
    _project, _build, base = photo_site
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    context.add_init_script(LAYOUT_SHIFT)
    page = context.new_page()
    images: list[tuple[str, str, int]] = []

    def record(response) -> None:
        if response.request.resource_type == "image":
            body = response.body()
            images.append((response.url, response.headers.get("content-type", ""), len(body)))

    page.on("response", record)
    page.goto(f"{base}/{PHOTO_URL}", wait_until="load")
    first = page.locator("main picture img").first
    first.evaluate("(img) => img.decode()")
    for _ in range(10):  # read to the end, as a visitor scrolls
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(80)
    page.locator("main picture img").nth(1).evaluate("(img) => img.decode()")
    page.wait_for_timeout(300)
    chosen = first.evaluate("(img) => [img.currentSrc, img.clientWidth, img.naturalWidth]")
    cls = page.evaluate("() => window.__cls")
    context.close()
    photos = [i for i in images if "/images/valokuva" in i[0]]
    assert photos, images
    assert all(kind == "image/avif" for _url, kind, _size in photos), photos
    assert chosen[0].endswith(".avif") and "-720." in chosen[0], chosen
    assert chosen[1] == 375 - 40  # the column, as `sizes` says
    total = sum(size for _url, _kind, size in images)
    assert total <= 200 * 1024, images
    assert cls < 0.01, cls


# --- invoke check ---------------------------------------------------------------------


def run_check(project: Path, output: Path, only: str = "images") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitetools.check", str(output), "content", "--only", only],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_passes_the_photo_and_fails_a_heavy_image_or_one_without_size(photo_site, tmp_path):
    project, build, _base = photo_site
    proc = run_check(project, build.path, "images,html,links")  # <picture> is valid HTML too
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK    Kuvat" in proc.stdout and "OK    HTML" in proc.stdout
    broken = copy_project(tmp_path / "broken")
    rnd = random.Random(1)
    gif = Image.frombytes("L", (900, 900), rnd.randbytes(900 * 900))
    buffer = io.BytesIO()
    gif.save(buffer, "GIF")
    assert len(buffer.getvalue()) > 500 * 1024
    (broken / "content" / "images" / "animaatio.gif").write_bytes(buffer.getvalue())
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'
    (broken / "content" / "images" / "kaavio.svg").write_text(svg, encoding="utf-8")
    write_post(
        broken,
        "2016-03-01-animaatio.md",
        "Title: Animaatio\nDate: 2016-03-01\nCategory: Ajankohtaista\n\n"
        "Johdanto.\n\n![Liikkuva kuvio](/images/animaatio.gif)\n\n"
        "![Kaavio](/images/kaavio.svg)\n",
    )
    out = run_pelican(broken, tmp_path / "out", "publishconf.py")
    assert out.returncode == 0, out.output
    gif_img = out.soup("blogi/animaatio/").select_one('main img[src$="animaatio.gif"]')
    assert (gif_img["width"], gif_img["height"]) == ("900", "900")  # published as it is
    proc = run_check(broken, out.path)
    assert proc.returncode == 1, proc.stdout
    lines = [line for line in proc.stdout.splitlines() if line.startswith("  - ")]
    assert any(
        "content/images/animaatio.gif:" in line and "raja 500 kt" in line for line in lines
    ), lines
    assert any(
        "content/blogi/2016-03-01-animaatio.md, rivi 9:" in line
        and "kaavio.svg puuttuu width ja height" in line
        for line in lines
    ), lines
