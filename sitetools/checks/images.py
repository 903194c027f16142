"""Pictures: light, still, and described.

- No image file in the site is larger than IMAGE_BUDGET_KB (a setting): a phone
  downloads it. The responsive_images plugin keeps photos far below it; what is over is
  usually an animated GIF, a huge PNG screenshot or a picture linked in another way.
- Every <img> has width and height, so the browser keeps the picture's room before it
  arrives and the text does not jump (layout shift). The plugin writes them for every
  picture in content/images/; an <img> without them points somewhere else.
- Images written in content have alt text: a screen reader reads it aloud, and an image
  without it is just "kuva" to a blind visitor. Python-Markdown writes alt="" for
  ![](kuva.jpg), which axe accepts as decoration, so the content files are checked here
  (the a11y check, with axe's findings from the browser pass).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from sitecore.plural import kb, plural

from .base import Check, CheckSite, Outcome
from .site import Finding, Site

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg"}
# kuva-720.0123456789 (a width variant) or blogi-otsikko.0123456789 (a share picture)
VARIANT = re.compile(r"^(?P<stem>.+?)(?:-\d+)?\.[0-9a-f]{10}$")


def source_of_image(site: Site, rel: str) -> str:
    """The content file a published picture was made from, as she would name it."""
    path = PurePosixPath(rel)
    match = VARIANT.match(path.stem)
    stem = match["stem"] if match else path.stem
    for candidate in sorted((site.content_dir / path.parent).glob(f"{stem}.*")):
        if candidate.is_file():
            return candidate.relative_to(site.content_dir.parent).as_posix()
    for page in site.sources:  # a share picture: images/jako/blogi-<slug>.<hash>.png
        slug = page.url.strip("/").rsplit("/", 1)[-1]
        if slug and stem.endswith(f"-{slug}"):
            return page.source
    return f"{site.path.name}/{rel}"


def check_image_files(site: CheckSite) -> Outcome:
    limit = site.settings["IMAGE_BUDGET_KB"]
    files = (p for p in site.path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    sizes = {site.rel(file): file.stat().st_size for file in sorted(files)}
    findings = [
        Finding(
            source_of_image(site, rel),
            f"kuva {rel} on {kb(size)} (raja {limit} kt, asetus IMAGE_BUDGET_KB). "
            "Kävijän puhelin lataa sen: tallenna valokuva JPEG-muodossa kansioon "
            "content/images/ ja viittaa siihen ![kuvaus](/images/nimi.jpg), tai "
            "pienennä kuvaa.",
        )
        for rel, size in sizes.items()
        if size > limit * 1024
    ]
    images = [(file, image) for file in site.html_files() for image in site.info(file).images]
    for file, image in images:
        missing = [a for a in ("width", "height") if not (getattr(image, a) or "").strip()]
        if not missing:
            continue
        name = image_name(image.src) or image.src
        findings.append(
            site.finding(
                file,
                f"sivun /{site.url_of(file)} kuvalta {name} puuttuu "
                f"{' ja '.join(missing)} (leveys ja korkeus), joten teksti hyppää kuvan "
                "latautuessa. Tallenna kuva kansioon content/images/ (JPEG tai PNG), niin "
                "mitat tulevat automaattisesti, tai kirjoita ne <img>-elementtiin.",
                name,
            )
        )
    summary = (
        f"{plural(len(sizes), 'kuvatiedosto', 'kuvatiedostoa')}, "
        f"yhteensä {kb(sum(sizes.values()))}; "
        f"{plural(len(images), '<img>-elementti', '<img>-elementtiä')}"
    )
    return Outcome(summary, findings)


def image_name(src: str) -> str:
    """The file name of an image address, as she wrote it in her Markdown."""
    return PurePosixPath(unquote(urlsplit(src).path)).name


SIZES = Check("images", "Kuvat (koko ja mitat)", check_image_files)


def check_alt_texts(site: Site) -> tuple[int, list[Finding]]:
    findings, count = [], 0
    for file in site.html_files():
        page = site.source_of(file)
        images = [image for image in site.info(file).images if image.in_main] if page else []
        count += len(images)
        for image in (image for image in images if not (image.alt or "").strip()):
            name = image_name(image.src)
            line = site.line_in(page.source, name)
            if line is None:
                continue  # not written in the content file: the theme's decoration
            findings.append(
                Finding(
                    page.source,
                    f"kuvalta {name} puuttuu tekstivastine. Kirjoita hakasulkeisiin, mitä "
                    f"kuvassa on, esimerkiksi ![Työnohjaaja ja asiakas keskustelevat]"
                    f"(…/{name}).",
                    line,
                )
            )
    return count, findings


def run_a11y(site: CheckSite) -> Outcome:
    images, findings = check_alt_texts(site)
    if site.browser.failed:
        failed = site.browser_failed()
        return Outcome(failed.summary, findings + failed.findings)
    runs = plural(site.browser.axe_runs, "axe-ajo", "axe-ajoa")
    summary = f"{runs}, {plural(images, 'sisällön kuva', 'sisällön kuvaa')}"
    return Outcome(summary, findings + site.browser.a11y)


A11Y = Check("a11y", "Saavutettavuus (axe, WCAG 2.2 AA)", run_a11y, needs_browser=True)
