"""Analyst configuration: one validated YAML file per store (see ``models`` and ``loader``)."""

from rivalwatch.config.loader import ConfigError, ConfigSet, load_config_dir, load_store_file
from rivalwatch.config.models import AlertRule, Source, StoreConfig

__all__ = [
    "AlertRule",
    "ConfigError",
    "ConfigSet",
    "Source",
    "StoreConfig",
    "load_config_dir",
    "load_store_file",
]
