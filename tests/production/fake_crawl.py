"""A stand-in for ``rivalwatch crawl --store SLUG`` in scheduler tests: records its start and end
(wall clock) in ``$FAKE_CRAWL_LOG`` and sleeps ``$FAKE_CRAWL_SECONDS``."""

import os
import sys
import time

slug = sys.argv[1]
with open(os.environ["FAKE_CRAWL_LOG"], "a") as log:
    log.write(f"start {slug} {time.time()} {os.environ.get('RIVALWATCH_LEASE_HOLDER', '')}\n")
time.sleep(float(os.environ.get("FAKE_CRAWL_SECONDS", "1")))
with open(os.environ["FAKE_CRAWL_LOG"], "a") as log:
    log.write(f"end {slug} {time.time()}\n")
