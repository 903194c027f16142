"""Hooks for adding rules to the host files the security_headers plugin writes: .htaccess
(Apache) and _headers (Netlify, Cloudflare Pages).

A host reads one such file; more than one plugin has something to say in it. Rather than
read or append to each other's files (which would make the result depend on their order
in PLUGINS), a plugin hands its rules over as data when security_headers writes them:

    from sitecore.htaccess import htaccess_sections, headers_sections
    htaccess_sections.connect(my_rules)   # my_rules(pelican) -> str ("" for nothing)

Sections are written in the order of their receivers' module names, so every build writes
the same bytes. Without security_headers nothing asks, and no host file is written.
"""

from blinker import Signal, signal

htaccess_sections = signal("sitecore.htaccess_sections")
headers_sections = signal("sitecore.headers_sections")


def extra_sections(pelican, hook: Signal) -> list[str]:
    """The sections the connected plugins give for this build, in a stable order."""
    answers = hook.send(pelican)
    ordered = sorted(answers, key=lambda answer: getattr(answer[0], "__module__", ""))
    return [text.strip("\n") for _receiver, text in ordered if text and text.strip()]
