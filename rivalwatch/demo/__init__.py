"""Bundled offline demo stores: fake Indonesian shops on 127.0.0.1 in two versions, plus their configs.

``server.DemoStores`` serves them, ``configs.write_demo_configs`` writes their RivalWatch config files,
and ``expected.EXPECTED`` / ``expected.CHANGES`` state what they publish in each version and what
changes from v1 to v2. Names are imported lazily so ``python -m rivalwatch.demo.server`` runs cleanly.
"""

from importlib import import_module

_EXPORTS = {
    "DemoStores": "rivalwatch.demo.server",
    "write_demo_configs": "rivalwatch.demo.configs",
    "EXPECTED": "rivalwatch.demo.expected",
    "CHANGES": "rivalwatch.demo.expected",
    "diff_facts": "rivalwatch.demo.expected",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'rivalwatch.demo' has no attribute {name!r}")
