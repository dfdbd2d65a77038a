"""Makes the optional extras unimportable in this interpreter, as on a base install (``pip install -e .``).

Put this folder first on ``PYTHONPATH``: Python imports ``sitecustomize`` at start-up, before any
project code. ``None`` in ``sys.modules`` makes ``import scrapy_redis`` (and its submodules) raise
ModuleNotFoundError and ``importlib.util.find_spec`` answer None, exactly as when not installed.
Child processes inherit ``PYTHONPATH``, so a crawl started by the CLI is blocked too.
"""

import sys

for _name in ("scrapy_redis", "redis", "psycopg", "psycopg2", "psycopg_binary"):
    sys.modules[_name] = None
