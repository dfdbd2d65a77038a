"""``python -m rivalwatch`` = the ``rivalwatch`` command."""

from rivalwatch.cli import app

app(prog_name="rivalwatch")
