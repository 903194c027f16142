"""The checks of `invoke check`, one module each, in the order they are reported.

To add one: a module with `CHECK = Check(key, label, run)` (see base.py), and one line here.
"""

from . import browser, code, headers, html_valid, images, launch, leaks, links, search
from .base import Check

CHECKS: list[Check] = [
    launch.CHECK,
    html_valid.CHECK,
    links.CHECK,
    code.CHECK,
    images.A11Y,
    browser.PRIVACY,
    leaks.CHECK,
    headers.CHECK,
    search.CHECK,
    images.SIZES,
]
