"""How a plugin changes what Pelican's readers give, through public API only.

Pelican sends `readers_init` before it makes a reader of each class in
`readers.reader_classes`, so a plugin can put there a subclass of the class that is there
now (Pelican's MarkdownReader or HTMLReader, or another plugin's subclass of it) whose
`read()` changes the HTML and the metadata. Each plugin adds its own step over the others',
in any order, and each works alone. What read() gives is kept in Pelican's reader cache, so
a step must depend on the content file alone; and it runs before Pelican's TYPOGRIFY.
"""

from functools import cache

from pelican.readers import BaseReader

# The settings the site's reader steps read: what the steps give is kept in the reader cache,
# so these choose its folder, with the steps' code (sitecore.build.prepare_cache).
SETTINGS = (
    "FORMATTED_FIELDS",
    "TYPOGRIFY",
    "TYPOGRIFY_IGNORE_TAGS",
    "TYPOGRIFY_OMIT_FILTERS",
    "WIDONT_MAX_LENGTH",
)


@cache
def with_step(base: type, step: type) -> type:
    """base with step's methods first; named as base, so metadata["reader"] stays the same."""
    return type(base.__name__, (step, base), {})


def add_step(readers, step: type) -> None:
    """Every reader of content in readers.reader_classes (not the static files' BaseReader),
    with step (a class whose methods call super()) over it."""
    for extension, reader in list(readers.reader_classes.items()):
        if isinstance(reader, type) and issubclass(reader, BaseReader) and reader is not BaseReader:
            readers.reader_classes[extension] = with_step(reader, step)
