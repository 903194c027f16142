"""What a new post's file may hold while she writes does no harm on the site.

`invoke new` writes empty `Tags:` and `Summary:` lines and a hint in an HTML comment.
Pelican would publish an empty Summary as an empty description (search engines and link
previews would show nothing) and copy the comment into the page's source. Here an empty
field counts as absent, and <!-- comments --> are removed from every post and page:
what she writes between them (a hint, a private note) never reaches a visitor.
"""

import re

from pelican import signals

from sitecore.readers import add_step

COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
OPTIONAL_FIELDS = ("summary", "description", "image", "image_alt")


class Tidy:
    """The reader's step: empty optional fields dropped, comments removed."""

    def read(self, source_path):
        content, metadata = super().read(source_path)
        for key in OPTIONAL_FIELDS:
            if key in metadata and not str(metadata[key] or "").strip():
                del metadata[key]
        return content and COMMENT.sub("", content), metadata


def use_reader(readers) -> None:
    add_step(readers, Tidy)


def register() -> None:
    signals.readers_init.connect(use_reader)
