"""Delivery: batching, gzip, retries with backoff, 413 split, bounded memory with a drop counter, a collector that is
down, and a fresh sender in a forked child. A small in-process fake collector scripts the answers."""
import gzip
import json
import os
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List

import support  # noqa: F401  (puts the package on sys.path)

import llmobserve
from llmobserve import _transport
from llmobserve._transport import HttpSender, Transport


class FakeCollector:
    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.script: List[int] = []  # statuses to answer, in order; then 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["content-length"]))
                body = gzip.decompress(raw) if self.headers.get("content-encoding") == "gzip" else raw
                events = json.loads(body)
                status = outer.script.pop(0) if outer.script else 200
                if status == 413 and len(events) == 1:
                    status = 200
                outer.requests.append({"status": status, "headers": dict(self.headers), "events": events,
                                       "bytes": len(raw)})
                out = json.dumps({"accepted": len(events), "duplicates": 0, "rejected": []}).encode()
                self.send_response(status)
                if status == 503:
                    self.send_header("retry-after", "0")
                self.send_header("content-length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stored(self) -> List[Dict[str, Any]]:
        return [e for r in self.requests if 200 <= r["status"] < 300 for e in r["events"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def event(i: int, pad: int = 0) -> Dict[str, Any]:
    return {"span_id": f"s{i}", "tenant_id": "t", "provider": "x", "pad": "p" * pad}


class TransportTest(support.TestCase):
    def setUp(self) -> None:
        self.fake = FakeCollector()
        self.addCleanup(self.fake.close)

    def transport(self, **kw: Any) -> Transport:
        t = Transport(HttpSender(self.fake.url), kw.get("interval", 10), kw.get("batch", 100), kw.get("queue", 10_000))
        self.addCleanup(t.stop, 2)
        return t

    def test_batches_gzip_and_api_key(self) -> None:
        t = self.transport(batch=50)
        for i in range(120):
            t.enqueue(event(i, pad=400), "llmo_sk_test")
        self.assertTrue(t.flush(10))
        self.assertEqual(len(self.fake.stored()), 120)
        self.assertEqual([len(r["events"]) for r in self.fake.requests], [50, 50, 20])
        big = self.fake.requests[0]
        self.assertEqual(big["headers"].get("content-encoding"), "gzip")  # 50 x 400 bytes > 16 KiB
        self.assertLess(big["bytes"], 16 * 1024)
        self.assertEqual(big["headers"]["authorization"], "Bearer llmo_sk_test")
        self.assertEqual(t.snapshot()["accepted"], 120)

    def test_retries_5xx_and_splits_413(self) -> None:
        self.fake.script = [503, 503, 413]
        t = self.transport()
        for i in range(8):
            t.enqueue(event(i))
        self.assertTrue(t.flush(10))
        self.assertEqual(sorted(e["span_id"] for e in self.fake.stored()), sorted(f"s{i}" for i in range(8)))
        self.assertEqual([r["status"] for r in self.fake.requests[:3]], [503, 503, 413])
        self.assertEqual(t.snapshot()["retries"], 2)

    def test_bounded_queue_drops_oldest_and_reports_the_count(self) -> None:
        t = Transport(HttpSender(self.fake.url), 60_000, 1000, 100)  # no timer tick during the test
        self.addCleanup(t.stop, 2)
        for i in range(250):
            t.enqueue(event(i))
        self.assertEqual(t.snapshot()["dropped"], 150)
        self.assertTrue(t.flush(10))
        self.assertEqual([e["span_id"] for e in self.fake.stored()], [f"s{i}" for i in range(150, 250)])
        self.assertEqual(self.fake.requests[0]["headers"].get("x-llmobserve-dropped"), "150")

    def test_queued_calls_are_bounded_by_their_bytes_too(self) -> None:
        class BigCall:
            cfg = None
            size = 4 * 1024 * 1024  # a finished call holding 4 MiB of response, not built into an event yet

            def build_event(self):
                return None

        t = Transport(HttpSender(self.fake.url), 60_000, 1000, 10_000)
        self.addCleanup(t.stop, 2)
        for _ in range(20):
            t.enqueue(BigCall())
        s = t.snapshot()
        self.assertEqual(s["pending"], 8)  # 8 x 4 MiB = the 32 MiB budget
        self.assertEqual(s["dropped"], 12)
        self.assertTrue(t.flush(10))
        self.assertEqual(t.snapshot()["pending"], 0)
        self.assertEqual(t._call_bytes, 0)

    def test_backoff_has_jitter_and_a_cap(self) -> None:
        self.assertEqual(_transport.backoff_delay(1, lambda: 0), 0.125)
        self.assertEqual(_transport.backoff_delay(1, lambda: 1), 0.25)
        self.assertEqual(_transport.backoff_delay(30, lambda: 1), 30.0)
        self.assertEqual(_transport.parse_retry_after("7"), 7.0)
        self.assertEqual(_transport.parse_retry_after("100000"), 300.0)
        self.assertIsNone(_transport.parse_retry_after("soon"))


class CollectorDownTest(support.TestCase):
    def test_calls_keep_working_memory_stays_bounded_and_flush_returns(self) -> None:
        m = support.mocks()
        # a port nobody listens on: connection refused, retried with backoff
        llmobserve.observe(collector_url="http://127.0.0.1:9", providers={m.openai + "/v1": "openai"},
                           flush_interval_ms=10, max_queue_size=50)
        self.addCleanup(llmobserve.shutdown, 1)
        client = support.OpenAI(m.openai + "/v1")
        self.addCleanup(client._http.close)
        for _ in range(80):
            r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
            self.assertIn("choices", r)
        t0 = time.monotonic()
        self.assertFalse(llmobserve.flush(timeout=0.5))
        self.assertLess(time.monotonic() - t0, 5)  # a deadline, not a benchmark: flush never hangs
        s = llmobserve.stats()
        self.assertLessEqual(s["pending"], 50 + 100)  # the queue bound (+ one batch in flight)
        self.assertGreater(s["dropped"], 0)
        self.assertIn("unreachable", s["last_error"])


@unittest.skipUnless(hasattr(os, "fork"), "needs fork")
class ForkTest(support.TestCase):
    def test_a_forked_worker_gets_a_fresh_sender(self) -> None:
        fake = FakeCollector()
        self.addCleanup(fake.close)
        llmobserve.observe(collector_url=fake.url, flush_interval_ms=10)
        self.addCleanup(llmobserve.shutdown, 2)
        llmobserve.track("parent", "before_fork")
        self.assertTrue(llmobserve.flush(5))
        pid = os.fork()
        if pid == 0:  # the child: its own thread and queue
            code = 1
            try:
                llmobserve.track("child", "work")
                code = 0 if llmobserve.flush(5) else 2
            finally:
                os._exit(code)
        deadline = time.monotonic() + 20
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                self.fail("forked child did not finish")
            time.sleep(0.02)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        llmobserve.track("parent", "after_fork")
        self.assertTrue(llmobserve.flush(5))
        self.assertEqual(sorted(e["provider"] + "/" + e["endpoint"] for e in fake.stored()),
                         ["child/work", "parent/after_fork", "parent/before_fork"])


if __name__ == "__main__":
    unittest.main()
