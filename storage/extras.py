"""Optional extras: which modules each pip extra brings, and one clear line when one is missing.

The base install (``pip install -e .``, what ``scripts/demo.sh`` does) runs every command that needs
no optional service. The engines of the optional extras are imported only by the modules that use
them, and those modules start with ``require_extra(...)``: without the extra installed, importing
them raises ``MissingExtra`` whose message is one line naming the command to run. The CLI prints it
as ``error: …`` and exits 2. It lives in ``storage`` (the lowest layer, importing nothing of the
project) so storage, spiders, the dashboard and the CLI all use this one helper.
"""

from __future__ import annotations

import importlib.util

# extra name (pyproject.toml [project.optional-dependencies]) -> modules it must make importable
EXTRAS: dict[str, tuple[str, ...]] = {
    "distributed": ("scrapy_redis", "redis"),
    "postgres": ("psycopg",),
}


class MissingExtra(ImportError):
    """An optional extra is not installed; ``str()`` is the one line to show the user."""

    def __init__(self, extra: str, module: str, purpose: str):
        self.extra, self.module, self.purpose = extra, module, purpose
        super().__init__(f"{purpose} needs the optional '{extra}' extra (module {module} is not installed): "
                         f"pip install 'rivalwatch[{extra}]'", name=module)


def missing_module(extra: str) -> str | None:
    """The first module of ``extra`` that cannot be imported, or None when the extra is installed."""
    for name in EXTRAS[extra]:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):  # blocked (None in sys.modules) or a broken install
            return name
    return None


def have_extra(extra: str) -> bool:
    """True when every module of ``extra`` is importable (nothing is imported)."""
    return missing_module(extra) is None


def require_extra(extra: str, purpose: str) -> None:
    """Raise ``MissingExtra`` naming ``pip install 'rivalwatch[extra]'`` unless ``extra`` is installed."""
    missing = missing_module(extra)
    if missing is not None:
        raise MissingExtra(extra, missing, purpose)


def normalize_database_url(url: str) -> str:
    """``postgresql://`` / ``postgres://`` mean the psycopg 3 driver (the ``postgres`` extra), not psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def require_database_driver(url: str) -> None:
    """Raise ``MissingExtra`` when ``url`` is a PostgreSQL URL and the ``postgres`` extra is missing."""
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("postgresql+psycopg", "postgresql", "postgres"):
        require_extra("postgres", f"the PostgreSQL database {url.split('@')[-1]}")
