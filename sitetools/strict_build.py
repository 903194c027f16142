"""Run Pelican with every warning fatal, for the build that gets published.

Pelican's own `--fatal warnings` stops at the first warning with an English traceback. This
runs the build to the end instead, so every warning is shown in Pelican's usual way, and
then fails it with one Finnish sentence. Usage: python -m sitetools.strict_build PELICAN-ARGS
"""

from __future__ import annotations

import logging
import sys


class WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(argv: list[str]) -> int:
    import pelican

    counter = WarningCounter()
    init_logging = pelican.init_logging

    def init_and_count(*args, **kwargs) -> None:
        # After Pelican's own set-up: a root handler added earlier would stop basicConfig.
        init_logging(*args, **kwargs)
        logging.getLogger().addHandler(counter)

    pelican.init_logging = init_and_count
    try:
        pelican.main(argv)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    if code == 0 and counter.count:
        print(
            f"Rakentaminen antoi {counter.count} varoitusta (katso viestit yllä). Julkaistava "
            "sivusto rakennetaan tiukasti: korjaa varoitusten kohdat ensin.",
            file=sys.stderr,
        )
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
