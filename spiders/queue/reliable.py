"""A reliable shared frontier: a request popped by a worker stays in Redis until it has been answered.

scrapy-redis pops a request off the shared queue and forgets it: a worker killed with requests in
flight loses them (their fingerprints are in the dupefilter, so nobody fetches them again). Here a
pop moves the request, in one Lua script, from the queue into the worker's in-flight hash
``{base}:inflight:{worker}``; the entry is deleted ("acknowledged") only when

* the request was answered (response or final failure) **and** the items its callback produced are
  committed by the staging pipeline (``AckingStagingPipeline`` acknowledges after each flush), or
* the request was handed back to the queue as a new request (retry, redirect), in the same script
  that queues the new one.

Start entries (the seeder's JSON) get the same treatment (``start:<sha1>`` fields). A worker's
heartbeat ``{base}:alive:{worker}`` is refreshed every ``ttl / 3`` seconds; once it has expired,
any other worker moves the dead worker's in-flight entries back to the queue (and counts them in
the run's shared stats as ``rivalwatch/requeued_inflight``). A page the dead worker fetched but
never acknowledged is fetched again; its staged item is replaced, so items still land once.
Enqueueing is one script too (dupefilter ``SADD`` + ``ZADD``): a worker killed between the two no
longer leaves a fingerprint without its request.
"""

from __future__ import annotations

import hashlib
import logging

from storage.extras import require_extra

require_extra("distributed", "the shared Redis frontier (rivalwatch worker)")

from scrapy import signals  # noqa: E402 - after the one-line extra check
from scrapy_redis.scheduler import Scheduler  # noqa: E402
from twisted.internet import task  # noqa: E402

from spiders.pipelines import StagingPipeline  # noqa: E402

logger = logging.getLogger(__name__)

TOKEN = "_rivalwatch_inflight"  # request.meta key holding the in-flight field of a popped request
START = "start:"  # in-flight fields of start entries
REQUEUED_STAT = "rivalwatch/requeued_inflight"

# KEYS: queue, inflight → {token, data} or nil. The token keeps the score so the entry can go back.
_POP = """
local popped = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #popped == 0 then return nil end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local token = popped[2] .. ':' .. redis.sha1hex(popped[1])
redis.call('HSET', KEYS[2], token, popped[1])
return {token, popped[1]}
"""

# KEYS: dupefilter, queue, inflight; ARGV: fingerprint ('' = dont_filter), score, data, token to
# acknowledge ('' = none) → 1 queued, 0 duplicate.
_ENQUEUE = """
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: start list, inflight; ARGV: batch size → entries popped (each recorded as in flight).
_POP_START = """
local entries = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #entries == 0 then return entries end
redis.call('LTRIM', KEYS[1], #entries, -1)
for _, data in ipairs(entries) do redis.call('HSET', KEYS[2], 'start:' .. redis.sha1hex(data), data) end
return entries
"""

# KEYS: inflight, its heartbeat, queue, start list, stats; ARGV: '1' = even if the heartbeat lives
# (a worker returning its own leftovers) → entries moved back, or -1 when the worker is alive.
_REQUEUE = """
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local entries = redis.call('HGETALL', KEYS[1])
local moved = 0
for i = 1, #entries, 2 do
  local token, data = entries[i], entries[i + 1]
  if string.sub(token, 1, 6) == 'start:' then
    redis.call('LPUSH', KEYS[4], data)
  else
    redis.call('ZADD', KEYS[3], string.match(token, '^(.*):%x+$'), data)
  end
  moved = moved + 1
end
redis.call('DEL', KEYS[1])
if moved > 0 then redis.call('HINCRBY', KEYS[5], 'rivalwatch/requeued_inflight', moved) end
return moved
"""


def start_token(data: bytes) -> str:
    return START + hashlib.sha1(data).hexdigest()


class Frontier:
    """The Redis keys of one shared run as seen by one worker, and the atomic operations on them."""

    def __init__(self, server, base: str, worker: str, ttl: int):
        self.server, self.base, self.worker, self.ttl = server, base, worker, ttl
        self.queue, self.dupefilter = f"{base}:requests", f"{base}:dupefilter"
        self.start_urls, self.stats = f"{base}:start_urls", f"{base}:stats"
        self.inflight, self.alive = self.inflight_of(worker), self.alive_of(worker)
        self._pop = server.register_script(_POP)
        self._enqueue = server.register_script(_ENQUEUE)
        self._pop_start = server.register_script(_POP_START)
        self._requeue = server.register_script(_REQUEUE)

    @classmethod
    def from_settings(cls, server, settings) -> "Frontier":
        return cls(server, settings.get("RIVALWATCH_RUN_KEY_BASE"), settings.get("RIVALWATCH_WORKER_ID"),
                   settings.getint("RIVALWATCH_HEARTBEAT_TTL", 15))

    def inflight_of(self, worker: str) -> str:
        return f"{self.base}:inflight:{worker}"

    def alive_of(self, worker: str) -> str:
        return f"{self.base}:alive:{worker}"

    # -- this worker ---------------------------------------------------------------------------
    def beat(self) -> None:
        self.server.set(self.alive, 1, ex=self.ttl)

    def pop(self) -> tuple[str, bytes] | None:
        result = self._pop(keys=[self.queue, self.inflight])
        return (result[0].decode(), result[1]) if result else None

    def push(self, fingerprint: str, score: float, data: bytes, ack: str | None) -> bool:
        return bool(self._enqueue(keys=[self.dupefilter, self.queue, self.inflight],
                                  args=[fingerprint, score, data, ack or ""]))

    def pop_start(self, batch: int) -> list[bytes]:
        return self._pop_start(keys=[self.start_urls, self.inflight], args=[batch])

    def ack(self, tokens) -> None:
        tokens = list(tokens)
        if tokens:
            self.server.hdel(self.inflight, *tokens)

    def return_own(self) -> int:
        """Put this worker's unanswered entries back (a worker stopped before answering them)."""
        return self._requeue(keys=[self.inflight, self.alive, self.queue, self.start_urls, self.stats], args=["1"])

    # -- the other workers ---------------------------------------------------------------------
    def other_inflight(self) -> list[str]:
        """Workers (other than this one) with unacknowledged entries, alive or dead."""
        prefix = f"{self.base}:inflight:"
        keys = [k.decode() for k in self.server.scan_iter(f"{prefix}*", count=100)]
        return [k[len(prefix):] for k in keys if k != self.inflight]

    def recover_dead(self) -> int:
        """Move the in-flight entries of workers whose heartbeat expired back to the queue."""
        moved = 0
        for worker in self.other_inflight():
            count = self._requeue(keys=[self.inflight_of(worker), self.alive_of(worker), self.queue,
                                        self.start_urls, self.stats], args=["0"])
            if count > 0:
                logger.warning("worker %s is gone: %d unanswered request(s) put back in the queue", worker, count)
                moved += count
        return moved

    def pending(self) -> int:
        """Requests and start entries waiting in the queue."""
        return self.server.zcard(self.queue) + self.server.llen(self.start_urls)


class ReliableScheduler(Scheduler):
    """scrapy-redis's scheduler with acknowledged pops, atomic enqueue, a heartbeat and recovery.

    A popped request carries its in-flight token in ``meta``; the token is acknowledged when the
    scraper has finished the request's response (all its items through the pipelines) and the staging
    pipeline has committed them, or handed over when the request comes back as a retry/redirect.
    """

    @classmethod
    def from_crawler(cls, crawler):
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        instance.frontier = Frontier.from_settings(instance.server, crawler.settings)
        instance.downloading: set[str] = set()  # popped, not yet handed to the scraper
        instance.awaiting_flush: list[str] = []  # answered; their items wait in the staging buffer
        instance.staging = None
        instance.heartbeat = None
        return instance

    def open(self, spider):
        super().open(spider)
        self.frontier.beat()  # alive before the first pop, so nobody takes our entries for a dead worker's
        self.heartbeat = task.LoopingCall(self._beat)
        self.heartbeat.start(self.frontier.ttl / 3, now=False)
        scraper = self.crawler.engine.scraper
        staging = [p for p in scraper.itemproc.middlewares if isinstance(p, AckingStagingPipeline)]
        self.staging = staging[0] if staging else None
        if self.staging is None:
            logger.warning("AckingStagingPipeline is not enabled: requests are acknowledged before their items are stored")
        else:
            self.staging.after_flush = self._flushed
        # The scraper has no "response done" signal: wrap the method the engine calls for each
        # answer; its Deferred fires after the callback's items went through the pipelines.
        original = scraper.enqueue_scrape

        def enqueue_scrape(result, request):
            token = request.meta.get(TOKEN)
            self.downloading.discard(token)
            return original(result, request).addBoth(self._scraped, token)

        scraper.enqueue_scrape = enqueue_scrape
        self.crawler.signals.connect(self._dropped, signal=signals.request_dropped)

    def _beat(self) -> None:
        try:
            self.frontier.beat()
            self.frontier.recover_dead()
        except Exception:  # a Redis hiccup must not stop the loop; the next beat retries
            logger.exception("heartbeat failed")

    def close(self, reason):
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        if self.staging is None or not self.staging.buffer:  # the pipeline's close committed every item
            self.frontier.ack(self.awaiting_flush)
        self.awaiting_flush = []  # otherwise (database down) they are put back below
        returned = self.frontier.return_own()
        if returned:
            logger.warning("put %d unanswered request(s) back in the queue on close (%s)", returned, reason)
        super().close(reason)

    # -- queue operations ----------------------------------------------------------------------
    def enqueue_request(self, request):
        token = request.meta.pop(TOKEN, None)
        # A retry or redirect of a request we are downloading replaces it in the same script; a
        # callback's request that copied its response's meta must not acknowledge the response.
        handover = token if token in self.downloading else None
        if handover:
            self.downloading.discard(handover)
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        data = self.queue._encode_request(request)
        if not self.frontier.push(fingerprint, -request.priority, data, handover):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return True

    def next_request(self):
        popped = self.frontier.pop()
        if popped is None:
            return None
        token, data = popped
        request = self.queue._decode_request(data)
        request.meta[TOKEN] = token
        self.downloading.add(token)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis", spider=self.spider)
        return request

    # -- acknowledgements ----------------------------------------------------------------------
    def _scraped(self, result, token):
        if token:
            if self.staging is not None and self.staging.buffer:
                self.awaiting_flush.append(token)  # its items may sit in the unflushed buffer
            else:
                self.frontier.ack([token])
        return result

    def _dropped(self, request, spider=None) -> None:
        token = request.meta.get(TOKEN)
        if token in self.downloading:  # a redirect/retry target refused before it reached the queue
            self.downloading.discard(token)
            self.frontier.ack([token])

    def _flushed(self) -> None:
        tokens, self.awaiting_flush = self.awaiting_flush, []
        self.frontier.ack(tokens)


class AckingStagingPipeline(StagingPipeline):
    """The staging pipeline, telling the reliable scheduler when buffered items are committed."""

    after_flush = None

    def flush(self) -> None:
        super().flush()
        if self.after_flush is not None and not self.buffer:
            self.after_flush()
