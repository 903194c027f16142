"""Published pictures stay light and keep the page still.

- No image file in the site is larger than IMAGE_BUDGET_KB (a setting): a phone
  downloads it. The responsive_images plugin keeps photos far below it; what is over is
  usually an animated GIF, a huge PNG screenshot or a picture linked in another way.
- Every <img> has width and height, so the browser keeps the picture's room before it
  arrives and the text does not jump (layout shift). The plugin writes them for every
  picture in content/images/; an <img> without them points somewhere else.
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


def check_image_files(site: Site) -> tuple[str, list[Finding]]:
    limit = site.settings["IMAGE_BUDGET_KB"]
    findings: list[Finding] = []
    files = sorted(
        p for p in site.path.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    )
    total = 0
    for file in files:
        size = file.stat().st_size
        total += size
        if size > limit * 1024:
            rel = site.rel(file)
            findings.append(
                Finding(
                    source_of_image(site, rel),
                    f"kuva {rel} on {kb(size)} (raja {limit} kt, asetus IMAGE_BUDGET_KB). "
                    "Kävijän puhelin lataa sen: tallenna valokuva JPEG-muodossa kansioon "
                    "content/images/ ja viittaa siihen ![kuvaus](/images/nimi.jpg), tai "
                    "pienennä kuvaa.",
                )
            )
    images = 0
    for file in site.html_files():
        for image in site.info(file).images:
            images += 1
            missing = [a for a in ("width", "height") if not (getattr(image, a) or "").strip()]
            if not missing:
                continue
            name = PurePosixPath(unquote(urlsplit(image.src).path)).name or image.src
            findings.append(
                Finding(
                    site.locate(file, name),
                    f"sivun /{site.url_of(file)} kuvalta {name} puuttuu "
                    f"{' ja '.join(missing)} (leveys ja korkeus), joten teksti hyppää kuvan "
                    "latautuessa. Tallenna kuva kansioon content/images/ (JPEG tai PNG), niin "
                    "mitat tulevat automaattisesti, tai kirjoita ne <img>-elementtiin.",
                )
            )
    summary = (
        f"{plural(len(files), 'kuvatiedosto', 'kuvatiedostoa')}, yhteensä {kb(total)}; "
        f"{plural(images, '<img>-elementti', '<img>-elementtiä')}"
    )
    return summary, findings


def run(site: CheckSite) -> Outcome:
    return Outcome(*check_image_files(site.site))


CHECK = Check("images", "Kuvat (koko ja mitat)", run)
