"""The base layer: configuration (models, loading, alert-rule grammar), network safety
(netguard, safe_fetch), the field catalogue (``fields``), report formats and the loopback
fakes for tests, benchmarks and the demo. Imports nothing else of RivalWatch.
"""
