"""RivalWatch: competitor monitoring for online stores (CLI, configuration, demo stores)."""

__version__ = "0.1.0"
