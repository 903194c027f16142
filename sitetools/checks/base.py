"""The one interface every check of `invoke check` has, and the site they share.

A check is a key, a Finnish label, whether it needs the browser, and run(site) → Outcome.
What several checks read (parsed pages, one browser pass over the site, the HTML checker
started early) is computed once, on first use, by CheckSite; no check edits another's result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .site import Finding, Site


@dataclass
class Outcome:
    summary: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # extra report lines (tables, lists)


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    run: Callable[[CheckSite], Outcome]
    needs_browser: bool = False
    start: Callable[[CheckSite], Any] | None = None  # slow work begun early: a Popen, killed last


@dataclass(eq=False)
class CheckSite(Site):
    """The built site, with what the checks share computed once: the checks that run
    (wanted), one browser pass (browse: browser.browse) and slow work begun early."""

    wanted: set[str] = field(default_factory=set)
    browse: Callable[[CheckSite], Any] | None = None
    started: dict[str, Any] = field(default_factory=dict)  # a check's key → its Popen
    failure_told: bool = False

    def browser_failed(self) -> Outcome:
        """The outcome of a browser check when the browser itself failed: its one Finnish
        line is a finding of the first such check only, so it is said once."""
        told, self.failure_told = self.failure_told, True
        findings = [] if told else [Finding("invoke check", self.browser.failed)]
        return Outcome("ei tarkistettu: selain epäonnistui", findings)

    @cached_property
    def browser(self):
        """One browser pass over the site: every page loaded under the real headers (for
        privacy, weight and the security policy) and axe on each page type."""
        return self.browse(self)
