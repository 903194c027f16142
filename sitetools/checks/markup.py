"""What the browser would fetch and refuse on a page that is read, not loaded.

`invoke check` loads one page of each type in the browser (browser.py). The other pages
differ from their sample only in their content, and what content can do is in its markup:
the addresses the browser would fetch for it, and what the site's policy refuses (only the
site itself, nothing inline: plugins/security_headers). Reading that from the parsed page
(shared with the link check) keeps the check's time growing with page types, not pages,
while every page is still looked at.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin

from .parse import Link, PageInfo

# The elements whose address the browser fetches, and the policy directive that governs it.
FETCHED_BY_TAG = {
    "img": "img-src",
    "source": "img-src",
    "script": "script-src-elem",
    "iframe": "frame-src",
    "embed": "object-src",
    "object": "object-src",
    "audio": "media-src",
    "video": "media-src",
    "track": "media-src",
}
# A <link> is fetched for these rel values only (alternate, canonical, next… are addresses).
FETCHED_BY_REL = {
    "stylesheet": "style-src-elem",
    "icon": "img-src",
    "apple-touch-icon": "img-src",
    "preload": "default-src",
    "modulepreload": "script-src-elem",
    "prefetch": "default-src",
    "manifest": "manifest-src",
}


def fetched(info: PageInfo) -> list[tuple[Link, str]]:
    """Each address the browser would fetch for the page, with its policy directive."""
    found = []
    for link in info.links:
        if link.tag == "link":
            rels = [FETCHED_BY_REL[rel] for rel in link.rel.split() if rel in FETCHED_BY_REL]
            directive = rels[0] if rels else None
        else:
            directive = FETCHED_BY_TAG.get(link.tag)
        if directive:
            found.append((link, directive))
    return found


def read_load(
    info: PageInfo, page_url: str, own: Callable[[str], bool]
) -> tuple[list[tuple[str, str]], list[str]]:
    """(requests, refused) as a browser load of page_url would record them: the absolute
    address and element of each fetch, and each policy violation as "directive address"."""
    requests: list[tuple[str, str]] = []
    refused: list[str] = []
    for link, directive in fetched(info):
        address = urljoin(page_url, link.url)
        requests.append((address, link.tag))
        if address.startswith("data:") or not own(address):
            refused.append(f"{directive} {address}")
    refused += [f"{directive} inline {sample}" for directive, sample in info.inline]
    return requests, refused
