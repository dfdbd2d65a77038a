"""Analyst configuration: one validated YAML file per store (see ``models`` and ``loader``)."""

from core.config.loader import ConfigError, ConfigSet, load_config_dir, load_store_file
from core.config.models import AlertRule, Source, StoreConfig

__all__ = [
    "AlertRule",
    "ConfigError",
    "ConfigSet",
    "Source",
    "StoreConfig",
    "load_config_dir",
    "load_store_file",
]
