"""Load and validate a directory of store YAML files, collecting precise, user-facing errors.

An error names the file, the field path (``sources[1].url``), the bad value and what to do, so an
analyst can fix a file without reading a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from core.config.errors import ConfigError, pydantic_errors, short
from core.config.global_settings import SETTINGS_FILE, GlobalSettings, load_global_settings
from core.config.models import StoreConfig

__all__ = ["ConfigError", "ConfigSet", "default_config_dir", "load_config_dir", "load_store_file"]

DEFAULT_CONFIG_DIR = "competitors"
CONFIG_DIR_ENV = "RIVALWATCH_CONFIG_DIR"


@dataclass
class ConfigSet:
    """All valid stores of a config directory plus the errors found."""

    stores: list[StoreConfig] = field(default_factory=list)
    errors: list[ConfigError] = field(default_factory=list)
    settings: GlobalSettings | None = None

    @property
    def own(self) -> StoreConfig | None:
        """The store flagged ``own: true``, if any."""
        return next((s for s in self.stores if s.own), None)

    def get(self, slug: str) -> StoreConfig | None:
        """The store with this slug, or None."""
        return next((s for s in self.stores if s.slug == slug), None)


def default_config_dir() -> Path:
    """``$RIVALWATCH_CONFIG_DIR`` or ``./competitors``."""
    return Path(os.environ.get(CONFIG_DIR_ENV) or DEFAULT_CONFIG_DIR)


def load_store_file(path: Path) -> tuple[StoreConfig | None, list[ConfigError]]:
    """Parse and validate one YAML file."""
    name = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [ConfigError(name, "", "file is not UTF-8 text; save it as UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return None, [ConfigError(name, where, f"YAML syntax error: {problem}; fix the indentation or quoting")]
    except OSError as exc:
        return None, [ConfigError(name, "", f"cannot read file: {exc.strerror}")]
    if not isinstance(raw, dict):
        return None, [ConfigError(name, "", "expected a mapping of keys (slug:, name:, sources: ...)")]
    try:
        return StoreConfig.model_validate(raw), []
    except ValidationError as exc:
        return None, pydantic_errors(name, exc)


def load_config_dir(directory: Path | str | None = None) -> ConfigSet:
    """Load every ``*.yaml`` / ``*.yml`` file of ``directory`` and check cross-file rules."""
    root = Path(directory) if directory is not None else default_config_dir()
    result = ConfigSet()
    if not root.is_dir():
        result.errors.append(
            ConfigError(str(root), "", "config directory not found; create it or pass --config DIR")
        )
        return result

    result.settings, problems = load_global_settings(root)
    result.errors.extend(problems)
    files = sorted(p for p in [*root.glob("*.yaml"), *root.glob("*.yml")] if p.name != SETTINGS_FILE)
    if not files:
        result.errors.append(ConfigError(str(root), "", "no *.yaml store files in this directory"))
    seen: dict[str, str] = {}
    for path in files:
        store, errors = load_store_file(path)
        result.errors.extend(errors)
        if store is None:
            continue
        if store.slug in seen:
            result.errors.append(
                ConfigError(str(path), "slug", f"slug already used by {seen[store.slug]}; pick another", short(store.slug))
            )
            continue
        seen[store.slug] = str(path)
        result.stores.append(store)
    owners = [s.slug for s in result.stores if s.own]
    if len(owners) > 1:
        result.errors.append(
            ConfigError(str(root), "own", f"only one store may set own: true (found {', '.join(owners)})")
        )
    return result
