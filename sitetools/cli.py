"""`invoke` in Finnish: the project's tasks as a program of their own (invoke's documented
`Program` with a bundled namespace), its help, task list and command-line errors in Finnish
rather than invoke's English. bin/invoke runs it (`python tasks.py …`)."""

import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager

from invoke import Collection, ParseError, Program, __version__
from invoke.util import helpline

from sitecore.feedback import did_you_mean

VALUE = {str: "=TEKSTI", int: "=LUKU"}
# invoke's parse errors come as English text only: the ones she can cause, by their start.
UNKNOWN = re.compile(r"^No idea what '(?P<token>.*)' is!$")
MISSING = re.compile(r"^'.*' did not receive required positional arguments")
NO_VALUE = re.compile(r"^Flag <Argument: (?P<name>\S+)")


class FinnishProgram(Program):
    def print_help(self) -> None:
        print("Käyttö: invoke KOMENTO [valitsimet]\n")
        self.list_tasks()

    def list_tasks(self) -> None:
        print("Komennot:\n")
        self.print_columns([(n, helpline(t)) for n, t in sorted(self.collection.tasks.items())])
        print("Komennon ohje ja valitsimet: invoke --help KOMENTO")

    def print_task_help(self, name: str) -> None:
        context = self.parser.contexts[name]
        words = "".join(' "…"' for _ in context.positional_args)
        print(f"Käyttö: invoke {name}{words}{' [valitsimet]' if context.flags else ''}\n")
        doc = inspect.getdoc(self.collection[name]) or ""
        print("\n".join(f"  {line}" if line else "" for line in doc.splitlines()), end="\n\n")
        if context.flags:
            print("Valitsimet:\n")
            rows = context.flags.items()
            self.print_columns([(f + VALUE.get(a.kind, ""), a.help) for f, a in rows])

    def parse_tasks(self) -> None:
        with self.in_finnish():
            super().parse_tasks()

    def parse_cleanup(self) -> None:
        with self.in_finnish():
            super().parse_cleanup()

    @contextmanager
    def in_finnish(self) -> Iterator[None]:
        try:
            yield
        except ParseError as error:
            raise ParseError(self.explain(str(error), error.context)) from None

    def explain(self, said: str, context) -> str:
        task = context.name if context is not None else None
        unknown, no_value = UNKNOWN.match(said), NO_VALUE.match(said)
        if MISSING.match(said) and task:
            needed = "; ".join(arg.help or arg.name for arg in context.missing_positional_args)
            return f'Komento invoke {task} tarvitsee: {needed}. Kirjoita invoke {task} "…".'
        if no_value:
            flag = "--" + no_value["name"].replace("_", "-")
            return f"Valitsimen {flag} perään tarvitaan arvo: {flag}=… ."
        if unknown and unknown["token"].startswith("-") and task:
            token, flags = unknown["token"], list(context.flags)
            return (
                f"Komennolla invoke {task} ei ole valitsinta {token}.{did_you_mean(token, flags)}"
                f" Sen valitsimet: {', '.join(flags) or 'ei yhtään'} (invoke --help {task})."
            )
        if unknown:
            token, tasks = unknown["token"], list(self.collection.tasks)
            return f"Komentoa ”{token}” ei ole.{did_you_mean(token, tasks)} Komennot: invoke --list"
        return "Komentoa ei ymmärretty. Komennot: invoke --list, ohje: invoke --help KOMENTO"


def run(module) -> None:
    """Run module's tasks as `invoke`, with Finnish help and errors."""
    FinnishProgram(__version__, Collection.from_module(module), binary="invoke").run()
