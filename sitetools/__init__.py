"""Command-line tools behind `invoke` tasks: publishing, checking and the like."""
