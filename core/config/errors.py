"""Config errors as analysts read them: file, field path (``sources[1].url``), message, bad value.

Shared by the store loader (``loader``) and the global settings (``global_settings``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True)
class ConfigError:
    """One problem in one config file."""

    file: str
    field: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        shown = f" (got {self.value})" if self.value is not None else ""
        return f"{where}: {self.message}{shown}"


def _field_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def short(value: object) -> str:
    """A value as shown in an error: its repr, cut at 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def pydantic_errors(name: str, exc: ValidationError) -> list[ConfigError]:
    """One ConfigError per pydantic error, in words an analyst can act on."""
    errors = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden" and loc[:1] == ("overrides",) and len(loc) == 2:
            from core.config.overrides import PATHS

            message = f"unknown fact path; use one of {', '.join(PATHS)}"
        elif err["type"] == "extra_forbidden":
            message = "unknown key; remove it or check its spelling against the schema"
        elif err["type"] == "missing":
            message = "required field is missing; add it"
        elif err["type"] == "literal_error":
            message = message.replace("Input should be", "use one of")
        value = None if err["type"] == "missing" else short(err.get("input"))
        errors.append(ConfigError(name, _field_path(loc), message, value))
    return errors
