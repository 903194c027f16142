# Placeholder until issue 5 lands: the theme needs the hyphenate filter.
from pelican import signals


def _install(generator):
    generator.env.filters.setdefault("hyphenate", lambda value: value)


def register():
    signals.generator_init.connect(_install)
