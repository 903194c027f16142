"""A hook for adding rules to the .htaccess the security_headers plugin writes.

The web host reads one .htaccess; more than one plugin has something to say in it. Rather
than have plugins append to each other's file (which would make the result depend on their
order in PLUGINS), security_headers asks for extra sections through this signal when it
writes the file:

    from sitecore.htaccess import htaccess_sections
    htaccess_sections.connect(my_rules)   # my_rules(pelican) -> str ("" for nothing)

Sections are written in the order of their receivers' module names, so every build writes
the same bytes.
"""

from __future__ import annotations

from blinker import signal

htaccess_sections = signal("sitecore.htaccess_sections")


def extra_sections(pelican) -> list[str]:
    """The sections the connected plugins give for this build, in a stable order."""
    answers = htaccess_sections.send(pelican)
    ordered = sorted(answers, key=lambda answer: getattr(answer[0], "__module__", ""))
    return [text.strip("\n") for _receiver, text in ordered if text and text.strip()]
