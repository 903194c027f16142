"""What a new post's file may hold while she writes does no harm on the site.

`invoke new` writes empty `Tags:` and `Summary:` lines and a hint in an HTML comment.
Pelican would publish an empty Summary as an empty description (search engines and link
previews would show nothing) and copy the comment into the page's source. Here an empty
field counts as absent, and <!-- comments --> are removed from every post and page:
what she writes between them (a hint, a private note) never reaches a visitor.
"""

import re

from pelican import signals
from pelican.contents import Article, Page

COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
OPTIONAL_FIELDS = ("summary", "description", "image", "image_alt")


def tidy(content) -> None:
    if not isinstance(content, (Article, Page)):
        return
    for key in OPTIONAL_FIELDS:
        if key in content.metadata and not str(content.metadata[key] or "").strip():
            del content.metadata[key]
            attribute = "_summary" if key == "summary" else key
            if attribute in vars(content):
                delattr(content, attribute)
    if content._content and "<!--" in content._content:
        content._content = COMMENT.sub("", content._content)


def register() -> None:
    signals.content_object_init.connect(tidy)
