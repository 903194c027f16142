"""The site's pictures: every raster image under content/, made ready to publish.

For each source image the library knows, on first use, its variants (widths × formats,
named by their content hash so a changed picture gets a new address) and the clean
fallback written at the image's own address (so `/images/kuva.jpg` still works, in
feeds too, without the original's metadata and megabytes). Files are collected while
the site is rendered and written into the output at the end of the build.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL

from sitecore import outputs

from .cache import VariantCache, digest
from .images import (
    MIME,
    SUFFIX,
    ImageError,
    Quality,
    encode,
    fallback_format,
    open_clean,
    resized,
    widths_for,
)

RECIPE_VERSION = 1  # bump when the way variants are made changes
HASH_LENGTH = 10  # as the asset_hash plugin names the CSS


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

    @property
    def largest_fallback(self) -> Variant:
        return self.of_format(self.fallback)[-1]

    @property
    def mime(self) -> str:
        return MIME[self.fallback]


FORMAT_ORDER = ["avif", "webp", "jpeg", "png"]


@dataclass
class Settings:
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: Quality

    @classmethod
    def from_pelican(cls, settings: dict) -> Settings:
        quality = settings["IMAGE_QUALITY"]
        return cls(
            widths=tuple(settings["IMAGE_WIDTHS"]),
            formats=tuple(settings["IMAGE_FORMATS"]),
            quality=Quality(**quality) if quality else Quality(),
        )

    def recipe(self) -> str:
        return json.dumps(
            {
                "version": RECIPE_VERSION,
                "pillow": PIL.__version__,
                "widths": self.widths,
                "formats": self.formats,
                "quality": vars(self.quality),
            },
            sort_keys=True,
        )


class ImageLibrary:
    def __init__(self, cache: VariantCache, settings: Settings) -> None:
        self.cache = cache
        self.settings = settings
        self.sources: dict[str, Path] = {}  # save_as -> source file
        self.pictures: dict[str, Picture] = {}
        self.to_write: dict[str, Path] = {}  # output path -> cached file

    def add_source(self, save_as: str, source: Path) -> None:
        self.sources[save_as] = Path(source)

    def picture(self, save_as: str) -> Picture:
        """The picture for an image address, its variants to be published; encodes it on
        first use (or reads the cache). Raises ImageError for an unreadable file."""
        picture = self.prepared(save_as)
        for variant in picture.variants:
            self.to_write[variant.url] = variant.cached
        return picture

    def prepared(self, save_as: str) -> Picture:
        """The picture, without publishing its variants (for share images)."""
        if save_as not in self.pictures:
            self.pictures[save_as] = self._make(save_as, self.sources[save_as])
        return self.pictures[save_as]

    def publish_all(self) -> list[tuple[str, ImageError]]:
        """Every source image's clean fallback at its own address; the unreadable ones.

        New pictures are encoded on all cores (Pillow lets go of the GIL while it works;
        each picture is encoded alone, so the bytes do not depend on the order)."""

        def prepare(save_as: str) -> ImageError | None:
            try:
                self.prepared(save_as)
            except ImageError as error:
                return error
            return None

        names = sorted(self.sources)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            errors = dict(zip(names, pool.map(prepare, names), strict=True))
        failed = [(name, error) for name, error in errors.items() if error is not None]
        for name in names:
            if errors[name] is None:
                self.to_write[name] = self.pictures[name].largest_fallback.cached
        return failed

    def write(self, output: Path) -> None:
        for rel, cached in sorted(self.to_write.items()):
            outputs.write(output / rel, cached.read_bytes())

    def _make(self, save_as: str, source: Path) -> Picture:
        data = source.read_bytes()
        key = digest(data + self.settings.recipe().encode())
        manifest = self.cache.read_manifest(key)
        if manifest is None:
            manifest = self._encode(key, data, source.suffix)
        stem = PurePosixPath(save_as)
        variants = tuple(
            Variant(
                item["fmt"],
                item["width"],
                item["height"],
                str(
                    stem.with_name(
                        f"{stem.stem}-{item['width']}.{item['hash']}.{SUFFIX[item['fmt']]}"
                    )
                ),
                self.cache.path(key, item["file"]),
            )
            for item in manifest["variants"]
        )
        largest = max(variants, key=lambda v: v.width)
        return Picture(save_as, largest.width, largest.height, manifest["fallback"], variants)

    def _encode(self, key: str, data: bytes, suffix: str) -> dict:
        image = open_clean(data)
        fallback = fallback_format(suffix, image)
        formats = [f for f in FORMAT_ORDER if f in self.settings.formats or f == fallback]
        items = []
        for width in widths_for(image.width, self.settings.widths):
            scaled = resized(image, width)
            for fmt in formats:
                encoded = encode(scaled, fmt, self.settings.quality)
                name = f"{width}.{SUFFIX[fmt]}"
                self.cache.write(key, name, encoded)
                items.append(
                    {
                        "fmt": fmt,
                        "width": scaled.width,
                        "height": scaled.height,
                        "file": name,
                        "hash": hashlib.sha256(encoded).hexdigest()[:HASH_LENGTH],
                    }
                )
        manifest = {"fallback": fallback, "variants": items}
        self.cache.write_manifest(key, manifest)
        return manifest
