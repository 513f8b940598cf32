"""Delivery to the collector on one background thread, off the caller's path (same outcomes as the TypeScript SDK's
`transport.ts`):

 - `enqueue` is an O(1) append to a bounded deque; when it is full the oldest item is dropped and counted;
 - batches (`max_batch_size`) leave every `flush_interval_ms`, or as soon as one is full; bodies of 16 KiB and more
   are gzip-compressed; the next request reports drops in `x-llmobserve-dropped`;
 - 2xx: acknowledged; 413: the batch is split in two; 408, 429, 5xx and network errors: retried with exponential
   backoff and equal jitter, honouring `Retry-After`, at most MAX_ATTEMPTS times, then dropped (counted);
   other 4xx: refused, counted, logged once, not retried.
It sends with `http.client`, which the SDK never intercepts, so its own traffic is never tracked.
"""
import gzip
import http.client
import json
import random
import threading
import time
from collections import deque
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

from ._constants import SDK_ID
from ._log import debug, warn_once

MAX_ATTEMPTS = 8
BASE_DELAY_S = 0.25
MAX_DELAY_S = 30.0
MAX_RETRY_AFTER_S = 300.0
GZIP_MIN_BYTES = 16 * 1024
#: response bytes of the finished calls waiting to be built into events (a collector that is down stops the sender
#: from building them); beyond, the oldest items are dropped, so memory stays bounded by bytes, not only by count
MAX_QUEUED_CALL_BYTES = 32 * 1024 * 1024
REQUEST_TIMEOUT_S = 15.0


def backoff_delay(attempt: int, rnd: Callable[[], float] = random.random) -> float:
    """Delay before retry `attempt` (1-based): base * 2^(attempt-1), capped, half fixed and half random."""
    exp = min(MAX_DELAY_S, BASE_DELAY_S * 2 ** max(0, attempt - 1))
    return exp / 2 + rnd() * exp / 2


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    v = value.strip()
    try:
        return max(0.0, min(MAX_RETRY_AFTER_S, float(v)))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime
        return max(0.0, min(MAX_RETRY_AFTER_S, parsedate_to_datetime(v).timestamp() - time.time()))
    except (TypeError, ValueError, IndexError):
        return None


class HttpSender:
    """POST /events over one keep-alive connection (http.client)."""

    def __init__(self, collector_url: str) -> None:
        u = urlsplit(collector_url)
        self._https = u.scheme == "https"
        self._host = u.hostname or "localhost"
        self._port = u.port
        self._path = (u.path.rstrip("/") or "") + "/events"
        self._conn: Optional[http.client.HTTPConnection] = None

    def send(self, events: List[Dict[str, Any]], api_key: Optional[str], headers: Dict[str, str]) -> Tuple[int, Dict[str, str], bytes]:
        body = json.dumps(events, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")
        h = {"content-type": "application/json", "user-agent": SDK_ID, **headers}
        if len(body) >= GZIP_MIN_BYTES:
            body = gzip.compress(body, compresslevel=1)
            h["content-encoding"] = "gzip"
        if api_key:
            h["authorization"] = f"Bearer {api_key}"
        for attempt in (0, 1):
            conn = self._conn
            if conn is None:
                cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
                conn = self._conn = cls(self._host, self._port, timeout=REQUEST_TIMEOUT_S)
            try:
                conn.request("POST", self._path, body=body, headers=h)
                r = conn.getresponse()
                data = r.read(1024 * 1024)
                return r.status, {k.lower(): v for k, v in r.getheaders()}, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 1:
                    raise  # a stale keep-alive connection is retried once at once; a dead collector is not
            except BaseException:
                self.close()
                raise
        raise ConnectionError("unreachable")

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None


class Transport:
    """Items are ready events (`dict`, with their API key) or finished calls (objects with `build_event()` and a
    `cfg`), built into events here, on the sender thread."""

    def __init__(self, sender: Any, flush_interval_ms: int, max_batch_size: int, max_queue_size: int) -> None:
        self._sender = sender
        self.flush_interval_s = flush_interval_ms / 1000
        self.max_batch_size = max_batch_size
        self.max_queue_size = max_queue_size
        self._queue: Deque[Tuple[Any, Optional[str]]] = deque()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._thread: Optional[threading.Thread] = None
        self._stopped = False
        self._in_flight = 0
        self._flush_requests = 0
        self._dropped_unreported = 0
        self._call_bytes = 0
        self.stats: Dict[str, Any] = {"pending": 0, "accepted": 0, "duplicates": 0, "rejected": 0, "dropped": 0,
                                      "batches": 0, "retries": 0, "last_error": None}

    # ---- any thread ----

    def enqueue(self, item: Any, api_key: Optional[str] = None) -> None:
        with self._lock:
            if self._stopped:
                return
            size = 0 if isinstance(item, dict) else getattr(item, "size", 0)
            self._call_bytes += size
            while self._queue and (len(self._queue) >= self.max_queue_size or self._call_bytes > MAX_QUEUED_CALL_BYTES):
                self._forget(self._queue.popleft()[0])
                self._count_dropped(1)
            self._queue.append((item, api_key))
            if self._thread is None:
                self._start()
            if len(self._queue) >= self.max_batch_size:
                self._cond.notify()

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Sends everything queued now; True when all of it was settled (sent, refused or dropped) in time."""
        deadline = time.monotonic() + max(0.0, timeout_s)
        with self._lock:
            if self._thread is None and not self._queue:
                return True
            if self._thread is None:
                self._start()
            self._flush_requests += 1
            try:
                self._cond.notify_all()
                while self._queue or self._in_flight:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._thread.is_alive():  # type: ignore[union-attr]
                        return False
                    self._cond.wait(min(left, 0.05))
                return True
            finally:
                self._flush_requests -= 1

    def stop(self, timeout_s: float) -> bool:
        ok = self.flush(timeout_s)
        with self._lock:
            self._stopped = True
            self._cond.notify_all()
        self._sender.close()
        return ok

    def snapshot(self) -> Dict[str, Any]:
        with self._lock:
            s = dict(self.stats)
            s["pending"] = len(self._queue) + self._in_flight
            return s

    # ---- internals ----

    def _start(self) -> None:
        t = threading.Thread(target=self._run, name="llmobserve-sender", daemon=True)
        self._thread = t
        t.start()

    def _count_dropped(self, n: int) -> None:
        self.stats["dropped"] += n
        self._dropped_unreported += n
        warn_once("dropped", f"events dropped (queue full or collector unreachable); see stats()['dropped']")

    def _take(self) -> List[Tuple[Any, Optional[str]]]:
        """Waits for a full batch, the timer, a flush or stop; takes up to max_batch_size items."""
        with self._lock:
            deadline = time.monotonic() + self.flush_interval_s
            while not self._stopped:
                if len(self._queue) >= self.max_batch_size or (self._queue and self._flush_requests):
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    if self._queue:
                        break
                    deadline = time.monotonic() + self.flush_interval_s
                    left = self.flush_interval_s
                self._cond.wait(left)
            n = min(len(self._queue), self.max_batch_size)
            items = [self._queue.popleft() for _ in range(n)]
            for item, _ in items:
                self._forget(item)
            self._in_flight += n
            return items

    def _forget(self, item: Any) -> None:
        """An item leaves the queue (under the lock): its response bytes no longer count."""
        if not isinstance(item, dict):
            self._call_bytes -= getattr(item, "size", 0)

    def _settle(self, n: int) -> None:
        with self._lock:
            self._in_flight -= n
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            items = self._take()
            if not items:
                if self._stopped:
                    return
                continue
            try:
                groups: Dict[Optional[str], List[Dict[str, Any]]] = {}
                for item, key in items:
                    event, key = self._build(item, key)
                    if event is not None:
                        groups.setdefault(key, []).append(event)
                for key, events in groups.items():
                    self._deliver(events, key)
            except Exception as e:  # the sender thread must survive anything
                debug(f"sender: {e}")
            finally:
                self._settle(len(items))

    @staticmethod
    def _build(item: Any, key: Optional[str]) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
        if isinstance(item, dict):
            return item, key
        try:
            event = item.build_event()
        except Exception as e:
            debug(f"could not record a call: {e}")
            return None, key
        if event is None:
            return None, key
        return event, item.cfg.key_for(event["tenant_id"])

    def _deliver(self, events: List[Dict[str, Any]], key: Optional[str]) -> None:
        pending = [events]
        while pending:
            batch = pending.pop()
            attempt = 0
            while True:
                attempt += 1
                headers: Dict[str, str] = {}
                with self._lock:
                    dropped, self._dropped_unreported = self._dropped_unreported, 0
                if dropped:
                    headers["x-llmobserve-dropped"] = str(dropped)
                retry_after: Optional[float] = None
                try:
                    status, h, body = self._sender.send(batch, key, headers)
                except Exception as e:
                    status, h, body = 0, {}, b""
                    self.stats["last_error"] = f"collector unreachable: {type(e).__name__}"
                if dropped and status == 0:
                    with self._lock:
                        self._dropped_unreported += dropped
                if 200 <= status < 300:
                    self._acknowledged(batch, body)
                    break
                if status == 413 and len(batch) > 1:
                    mid = len(batch) // 2
                    pending.extend([batch[mid:], batch[:mid]])
                    break
                if status == 413:
                    self._lost(batch, "rejected", "an event larger than the collector accepts was dropped")
                    break
                if status == 0 or status in (408, 429) or status >= 500:
                    if status:
                        self.stats["last_error"] = f"collector answered HTTP {status}"
                        retry_after = parse_retry_after(h.get("retry-after"))
                    if attempt >= MAX_ATTEMPTS or self._stopped:
                        self._lost(batch, "dropped", f"collector unreachable; {len(batch)} events dropped after {attempt} attempts")
                        break
                    self.stats["retries"] += 1
                    time.sleep(retry_after if retry_after is not None else backoff_delay(attempt))
                    continue
                self.stats["last_error"] = f"collector refused the batch: HTTP {status}"
                self._lost(batch, "rejected", f"collector refused events with HTTP {status}: {body[:200]!r}")
                break

    def _acknowledged(self, batch: List[Dict[str, Any]], body: bytes) -> None:
        self.stats["batches"] += 1
        try:
            r = json.loads(body)
            self.stats["accepted"] += int(r.get("accepted", 0))
            self.stats["duplicates"] += int(r.get("duplicates", 0))
            rejected = r.get("rejected") or []
            self.stats["rejected"] += len(rejected)
            for rej in rejected[:5]:
                warn_once(f"rejected:{rej.get('message')}", f"collector rejected an event: {rej.get('message')}")
        except (ValueError, AttributeError, TypeError):
            self.stats["accepted"] += len(batch)

    def _lost(self, batch: List[Dict[str, Any]], counter: str, message: str) -> None:
        with self._lock:
            if counter == "dropped":
                self._count_dropped(len(batch))
            else:
                self.stats[counter] += len(batch)
        warn_once(f"lost:{counter}:{message[:40]}", message)
