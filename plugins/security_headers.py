"""HTTP headers for the two kinds of static host the site may live on.

Writes into the output:
- .htaccess for Apache (the usual Finnish web hotel; needs mod_headers and mod_expires,
  which such hosts have), and
- _headers for Netlify and Cloudflare Pages.

Both say the same: a Content-Security-Policy that allows only the site itself (no inline
scripts, no third parties), nosniff, a strict referrer policy, no powerful browser
features, and a short cache for HTML. `invoke check` serves the site with exactly these
headers and fails on any policy violation.

Pictures (/images/) get a policy of their own besides: an SVG opened at its own address
runs no script and loads nothing, whatever slipped into it (content_guard refuses such
SVGs; this is the second lock).

The search page (haku/, with SEARCH_INDEX) runs Pagefind's WebAssembly, which a browser
compiles only when script-src allows 'wasm-unsafe-eval' (no other source is added: no
'unsafe-eval', no 'unsafe-inline'). Apache can say that for haku/ alone (an <If> block);
the _headers format cannot: Cloudflare Pages joins the values of every rule that matches
a path into one list, which a browser reads as two policies that must both allow it, so
there the search policy is the site's policy.

Other plugins hand their own rules over as data through the sitecore.htaccess hooks
(asset_hash: a year's cache for its content-hashed CSS and JS; redirects: old addresses);
this plugin reads no other plugin's files. The headers of each file are one list of rules
(sitecore.htaccess.HeaderRule): the file is written from it, and it is left in the build's
record for `invoke check`, which serves the site with them.

Settings (defaults in sitecore/settings.py): CONTACT_FORM_ACTION (its origin is allowed as a
form target), HTML_CACHE_SECONDS, SEARCH_INDEX and HAKU_URL (the search page).
"""

import re
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from sitecore import htaccess, outputs
from sitecore.htaccess import HeaderRule, netlify_rule

# Pictures (content/images/) are never a page: an SVG opened at its own address runs no
# script, loads nothing and may not even send a form (sandbox); its own styles still apply.
PICTURES = "images/"
PICTURE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
WASM_NOTE = """\
# The search page runs WebAssembly ('wasm-unsafe-eval'); this format cannot give
# one path its own policy, so every page has the search page's policy.
"""


def site_path(settings: dict, path: str) -> str:
    """The URL path of a path of the site (the site may live below its host's root)."""
    return f"{urlsplit(settings.get('SITEURL') or '').path.rstrip('/')}/{path.lstrip('/')}"


def search_path(settings: dict) -> str | None:
    """The URL path of the search page, or None when the site has no search."""
    search = settings["SEARCH_INDEX"] and settings.get("HAKU_URL")
    return site_path(settings, search) if search else None


# The site's policy: only the site itself (form-action: the contact form's origin too; the
# search page's script-src: WebAssembly).
POLICY = (
    "default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'{form}; frame-ancestors 'none'"
)
# The headers every response gets besides its policy, in a stable order.
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
    ),
    "X-Frame-Options": "DENY",
}


def content_security_policy(settings: dict, wasm: bool = False) -> str:
    action = urlsplit(settings["CONTACT_FORM_ACTION"])
    form = action.scheme in ("http", "https") and action.netloc
    return POLICY.format(
        form=f" {action.scheme}://{action.netloc}" if form else "",
        wasm=" 'wasm-unsafe-eval'" if wasm else "",
    )


def security_headers(settings: dict, wasm: bool = False) -> dict[str, str]:
    """The headers every response gets, in a stable order."""
    return {"Content-Security-Policy": content_security_policy(settings, wasm), **HEADERS}


def netlify_rules(settings: dict, extra: list[HeaderRule]) -> list[HeaderRule]:
    """Every path's headers, other plugins' rules, then the pictures' policy."""
    every = netlify_rule("/*", security_headers(settings, search_path(settings) is not None))
    pictures = {"Content-Security-Policy": PICTURE_POLICY}
    return [every, *extra, netlify_rule(f"{site_path(settings, PICTURES)}*", pictures)]


def netlify_block(rule: HeaderRule) -> str:
    return rule.path + "\n" + "".join(f"  {name}: {value}\n" for name, value in rule.headers)


def netlify_headers(settings: dict, rules: list[HeaderRule]) -> str:
    wasm = search_path(settings) is not None
    return f"""# Netlify and Cloudflare Pages read this file. Written by the security_headers
# plugin at every build: edit the plugin or its settings, not this file.
# HTML keeps the hosts' own short cache (max-age=0, must-revalidate): a second
# Cache-Control rule for /* would be joined to the one of the hashed files.
{WASM_NOTE if wasm else ""}{"".join(map(netlify_block, rules[:-1]))}\
# Pictures get a policy of their own too: a browser enforces both, so the stricter.
{netlify_block(rules[-1])}"""


def feed_names(settings: dict) -> str:
    """An Apache regex for the feeds' file names (FEED_ALL_ATOM, CATEGORY_FEED_ATOM …)."""
    feeds = {Path(str(v)).name for k, v in settings.items() if k.endswith("FEED_ATOM") and v}
    return "^(" + "|".join(re.escape(name) for name in sorted(feeds)) + ")$" if feeds else "^$"


def path_rule(path: str, policy: str) -> HeaderRule:
    """The URL paths under path with a policy of their own (an .htaccess <If>)."""
    pattern = f"^{re.escape(path)}"
    return HeaderRule(pattern, pattern, (("Content-Security-Policy", policy),))


def apache_rules(settings: dict) -> list[HeaderRule]:
    """Every path's headers, then the pictures' policy and the search page's, each
    replacing the policy for its paths."""
    every = HeaderRule("", "", tuple(security_headers(settings).items()))
    rules = [every, path_rule(site_path(settings, PICTURES), PICTURE_POLICY)]
    if search := search_path(settings):
        rules.append(path_rule(search, content_security_policy(settings, wasm=True)))
    return rules


PATH_NOTES = ("Pictures: no script, nothing loaded", "The search page runs Pagefind's WebAssembly")


def path_policy(comment: str, rule: HeaderRule) -> str:
    """An .htaccess block that gives the URL paths of rule a policy of their own."""
    [(name, value)] = rule.headers
    return f"""
# {comment}: this path's own policy.
<If "%{{REQUEST_URI}} =~ m#{rule.path}#">
  <IfModule mod_headers.c>
    Header always set {name} "{value}"
  </IfModule>
</If>
"""


def apache_htaccess(settings: dict, rules: list[HeaderRule], sections: list[str]) -> str:
    html_cache = settings["HTML_CACHE_SECONDS"]
    headers = "\n".join(f'  Header always set {name} "{value}"' for name, value in rules[0].headers)
    policies = "".join(map(path_policy, PATH_NOTES, rules[1:]))
    return f"""# Apache (web hotels) reads this file. Written by the security_headers plugin at
# every build: edit the plugin or its settings, not this file.
ErrorDocument 404 /404.html
AddDefaultCharset utf-8
AddType image/avif .avif
AddType image/webp .webp

# The feeds are Atom; every other .xml file (the sitemap) keeps the server's own type.
<FilesMatch "{feed_names(settings)}">
  ForceType application/atom+xml
</FilesMatch>

# For the host and for publishing, not for visitors: this file, _headers (Netlify), the
# publish marker and rsync's temporary folders (every name that starts with a dot, in any
# folder; .well-known/ stays reachable for certificates).
<FilesMatch "^(\\.|_headers$)">
  Require all denied
</FilesMatch>
<IfModule mod_alias.c>
  RedirectMatch 404 "/\\.(?!well-known/)"
</IfModule>

<IfModule mod_headers.c>
{headers}
</IfModule>
{policies}
<IfModule mod_expires.c>
  ExpiresActive On
  ExpiresDefault "access plus {html_cache} seconds"
  ExpiresByType text/html "access plus {html_cache} seconds"
</IfModule>

<IfModule mod_headers.c>
  <FilesMatch "\\.html$">
    Header set Cache-Control "public, max-age={html_cache}, must-revalidate"
  </FilesMatch>
</IfModule>

# Every text type the site serves, as Debian's and other servers label it (.js is
# text/javascript there). Pagefind's index files are compressed already.
<IfModule mod_deflate.c>
  <IfModule mod_filter.c>
    AddOutputFilterByType DEFLATE text/html text/css text/plain text/xml application/xml
    AddOutputFilterByType DEFLATE text/javascript application/javascript application/json
    AddOutputFilterByType DEFLATE application/manifest+json image/svg+xml
    AddOutputFilterByType DEFLATE application/atom+xml application/rss+xml
  </IfModule>
</IfModule>
""" + "".join(f"\n{section}\n" for section in sections)


def write_headers(pelican) -> None:
    settings, output = pelican.settings, Path(pelican.output_path)
    given = [rule for rules in htaccess.answers(pelican, htaccess.header_rules) for rule in rules]
    rules = {"_headers": netlify_rules(settings, given), ".htaccess": apache_rules(settings)}
    sections = htaccess.extra_sections(pelican, htaccess.htaccess_sections)
    texts = {
        "_headers": netlify_headers(settings, rules["_headers"]),
        ".htaccess": apache_htaccess(settings, rules[".htaccess"], sections),
    }
    for name, text in texts.items():
        outputs.write(output / name, text)
        outputs.record(output, name, "plugins/security_headers")
    outputs.note(output, "headers", {name: [*map(asdict, r)] for name, r in rules.items()})


def register() -> None:
    signals.finalized.connect(write_headers)
