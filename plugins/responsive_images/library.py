"""The site's pictures: every raster image under content/, made ready to publish.

For each source image the library knows, on first use, its variants (widths × formats,
named by their content hash so a changed picture gets a new address) and the clean
fallback written at the image's own address (so `/images/kuva.jpg` still works, in
feeds too, without the original's metadata and megabytes). Files are collected while
the site is rendered and written into the output at the end of the build.

Encoding a phone photo into fifteen variants takes seconds; a rebuild after a typo fix
must not. So the variants are kept in the cache folder between builds, keyed by a hash of
the source's content and of everything that shapes the output (widths, formats, qualities,
Pillow's version): a changed photo or setting is encoded again and nothing else is. Files
are written atomically (sitecore.outputs): two builds of the same project may run at once
(a preview and `invoke check`).
"""

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL

from sitecore import outputs
from sitecore.pictures import NotAPicture

from . import images
from .images import SUFFIX

RECIPE_VERSION = 1  # bump when the way variants are made changes
HASH_LENGTH = 10  # as the asset_hash plugin names the CSS
FORMAT_ORDER = ["avif", "webp", "jpeg", "png"]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Variant:
    fmt: str
    width: int
    height: int
    url: str  # output-relative path
    cached: Path


@dataclass(frozen=True)
class Picture:
    """A source image ready for a <picture>: its size and its variants."""

    save_as: str  # the image's own address, relative to the site
    width: int  # of the largest variant: width/height attributes give the aspect ratio
    height: int
    fallback: str  # jpeg or png
    variants: tuple[Variant, ...]

    def of_format(self, fmt: str) -> list[Variant]:
        return [v for v in self.variants if v.fmt == fmt]

    @property
    def formats(self) -> list[str]:
        return sorted({v.fmt for v in self.variants} - {self.fallback}, key=FORMAT_ORDER.index)


class ImageLibrary:
    def __init__(self, settings: dict) -> None:
        project = Path(settings["PATH"]).resolve().parent
        self.folder = project / settings["IMAGE_CACHE_PATH"]
        self.widths = tuple(settings["IMAGE_WIDTHS"])
        self.formats = tuple(settings["IMAGE_FORMATS"])
        self.quality = {**images.QUALITY, **settings["IMAGE_QUALITY"]}
        recipe = {"version": RECIPE_VERSION, "pillow": PIL.__version__, "widths": self.widths}
        recipe |= {"formats": self.formats, "quality": self.quality}
        self.recipe = json.dumps(recipe, sort_keys=True).encode()
        self.sources: dict[str, Path] = {}  # save_as -> source file
        self.pictures: dict[str, Picture] = {}
        self.to_write: dict[str, Path] = {}  # output path -> cached file

    def cached(self, key: str, name: str) -> Path:
        return self.folder / key[:2] / f"{key}-{name}"

    def picture(self, save_as: str) -> Picture:
        """The picture for an image address, its variants to be published; encodes it on
        first use (or reads the cache). Raises NotAPicture for an unreadable file."""
        picture = self.prepared(save_as)
        for variant in picture.variants:
            self.to_write[variant.url] = variant.cached
        return picture

    def prepared(self, save_as: str) -> Picture:
        """The picture, without publishing its variants (for share images)."""
        if save_as not in self.pictures:
            self.pictures[save_as] = self.make(save_as, self.sources[save_as])
        return self.pictures[save_as]

    def publish_all(self) -> list[tuple[str, NotAPicture]]:
        """Every source image's clean fallback at its own address; the unreadable ones.

        New pictures are encoded on all cores (Pillow lets go of the GIL while it works;
        each picture is encoded alone, so the bytes do not depend on the order)."""
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            made = [(name, pool.submit(self.prepared, name)) for name in sorted(self.sources)]
        errors = []
        for name, future in made:
            try:
                picture = future.result()
            except NotAPicture as error:
                errors.append((name, error))
                continue
            self.to_write[name] = picture.of_format(picture.fallback)[-1].cached
        return errors

    def make(self, save_as: str, source: Path) -> Picture:
        data = source.read_bytes()
        key = digest(data + self.recipe)
        manifest = self.manifest(key) or self.encode(key, data, source.suffix)
        stem = PurePosixPath(save_as)
        variants = []
        for item in manifest["variants"]:
            name = f"{stem.stem}-{item['width']}.{item['hash']}.{SUFFIX[item['fmt']]}"
            url, cached = str(stem.with_name(name)), self.cached(key, item["file"])
            variants.append(Variant(item["fmt"], item["width"], item["height"], url, cached))
        largest = max(variants, key=lambda v: v.width)
        fallback = manifest["fallback"]
        return Picture(save_as, largest.width, largest.height, fallback, tuple(variants))

    def manifest(self, key: str) -> dict | None:
        """The recorded result for key, if it and every file it names are there."""
        try:
            data = json.loads(self.cached(key, "kuva.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        names = [variant["file"] for variant in data.get("variants", [])]
        return data if all(self.cached(key, name).is_file() for name in names) else None

    def encode(self, key: str, data: bytes, suffix: str) -> dict:
        image = images.open_clean(data)
        fallback = images.fallback_format(suffix, image)
        formats = [f for f in FORMAT_ORDER if f in self.formats or f == fallback]
        items = []
        for width in images.widths_for(image.width, self.widths):
            scaled = images.resized(image, width)
            for fmt in formats:
                encoded = images.encode(scaled, fmt, self.quality)
                name = f"{width}.{SUFFIX[fmt]}"
                outputs.write(self.cached(key, name), encoded)
                item = {"fmt": fmt, "width": scaled.width, "height": scaled.height, "file": name}
                items.append(item | {"hash": digest(encoded)[:HASH_LENGTH]})
        manifest = {"fallback": fallback, "variants": items}
        text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
        outputs.write(self.cached(key, "kuva.json"), text)
        return manifest
