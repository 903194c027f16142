"""Who keeps her data and where, read from her details (tiedot.yaml): the web host, the
e-mail service, the form service and the survey tool.

Shared by the privacy page (plugins/site_pages gives them to the template as PROCESSORS)
and the launch guard (sitetools/launch_guard.py), so the page and the check that refuses to
publish an incomplete policy read the same settings the same way.
"""

from dataclasses import dataclass
from typing import Any

from babel import Locale

# EU member states and the other EEA countries (Iceland, Liechtenstein, Norway): a transfer
# to any of them needs no further basis under the GDPR. "EU" itself, as a service may say.
EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK EU"
EEA = frozenset(f"{EU} IS LI NO".split())


@dataclass(frozen=True)
class Processor:
    name: str
    country: str  # a two-letter code as her details' reader gives it, "" or a "[gap]"
    transfer_basis: str
    retention: str = ""  # the survey tool's: how long it keeps the answers

    @property
    def country_name(self) -> str:
        """In Finnish, "Yhdysvallat"; the code itself when unknown."""
        return Locale.parse("fi").territories.get(self.country, self.country)

    @property
    def inside_eea(self) -> bool:
        return self.country in EEA

    @property
    def outside_eea(self) -> bool:
        """A country code outside the EU/EEA; a "[gap]" or no country claims no transfer."""
        return len(self.country) == 2 and self.country.isalpha() and not self.inside_eea


def processors(settings: dict[str, Any]) -> dict[str, Processor]:
    """The services the site uses, by their section in her details: the web host and e-mail
    service always, the form service only with a form, the survey tool when she names one."""
    names = {"webhotelli": "WEB_HOST", "sähköpostipalvelu": "EMAIL_SERVICE"}
    if settings["CONTACT_FORM_ACTION"]:
        names["lomake"] = "CONTACT_FORM_SERVICE"
    if settings["SURVEY_SERVICE"]["name"]:
        names["kysely"] = "SURVEY_SERVICE"
    return {section: Processor(**settings[name]) for section, name in names.items()}
