"""What the privacy policy says about the contact form's service, read from the settings.

Shared by the privacy page (plugins/site_pages gives it to the template as FORM_SERVICE) and
the launch guard (sitetools/launch_guard.py), so the page and the check that refuses to
publish an incomplete policy read the same setting the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale

# EU member states and the other EEA countries (Iceland, Liechtenstein, Norway): a transfer
# to any of them needs no further basis under the GDPR.
EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EEA = frozenset(f"{EU} IS LI NO".split())


@dataclass(frozen=True)
class FormService:
    name: str
    country: str  # two letters, upper case ("" when not given)
    country_name: str  # in Finnish, "Yhdysvallat"; the code itself when unknown
    transfer_basis: str

    @property
    def outside_eea(self) -> bool:
        return bool(self.country) and self.country not in EEA


def country_name(code: str, language: str = "fi") -> str:
    return Locale.parse(language).territories.get(code, code) if code else ""


def form_service(settings: dict[str, Any]) -> FormService:
    """CONTACT_FORM_SERVICE ({"name", "country", "transfer_basis"}, from her details)."""
    raw = settings["CONTACT_FORM_SERVICE"]
    code = raw["country"].upper()
    name = country_name(code, settings.get("DEFAULT_LANG", "fi"))
    return FormService(raw["name"], code, name, raw["transfer_basis"])
