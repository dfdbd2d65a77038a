"""Generic, config-driven spiders (one class serves every store)."""
