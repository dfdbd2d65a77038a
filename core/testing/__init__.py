"""Loopback fakes shared by tests, benchmarks and the demo: importable without importing ``tests/``.

``loopback.LoopbackStore`` is the one threaded HTTP server on 127.0.0.1:0 that every fake store builds
on; ``stores`` holds the counting product store and config writers the production tests and the
benchmarks share. Nothing here is used by a crawl.
"""
