"""No exception of the SDK ever escapes into the app: a failure anywhere in the SDK's bookkeeping leaves the app's
request, its bytes and its exceptions exactly as without the SDK; the sender thread survives its own failures."""
import json
import unittest
from unittest import mock

import httpx
import requests

import support
from support import flushed_events

import llmobserve
from llmobserve import _call, _runtime


class SafetyTest(support.ObservedTestCase):
    def test_failing_bookkeeping_never_reaches_the_app(self) -> None:
        boom = RuntimeError("sdk bug")
        with mock.patch.object(_runtime.Active, "begin", side_effect=boom):
            self.assertEqual(httpx.post(self.url, json=self.body, timeout=10).status_code, 200)
            self.assertEqual(requests.post(self.url, json=self.body, timeout=10).status_code, 200)
        with mock.patch.object(_call.Call, "_keep", side_effect=boom):
            r = httpx.post(self.url, json={**self.body, "stream": True}, timeout=10)
            self.assertIn(b"data: [DONE]", r.content)  # the caller's bytes, whole

    def test_sender_survives_a_failing_event_and_delivers_the_next(self) -> None:
        with mock.patch.object(_call.Call, "build_event", side_effect=RuntimeError("parser bug")):
            httpx.post(self.url, json=self.body, timeout=10).raise_for_status()
            self.assertTrue(llmobserve.flush(10))
        httpx.post(self.url, json=self.body, timeout=10).raise_for_status()
        self.assertEqual(len(flushed_events(self.tenant, 1)), 1)

    def test_malformed_body_is_passed_through_and_recorded_as_error(self) -> None:
        r = httpx.post(self.url, json=self.body, headers={"x-mock-malformed": "1"}, timeout=10)
        with self.assertRaises(json.JSONDecodeError):
            r.json()  # the app sees the provider's bad body, as without the SDK
        e = flushed_events(self.tenant, 1)[0]
        self.assertEqual((e["status"], e["error"]), ("error", "unreadable response body"))

    def test_gzip_response_is_read(self) -> None:
        r = httpx.post(self.url, json=self.body, timeout=10,
                       headers={"x-mock-gzip": "1", "x-mock-usage": json.dumps({"prompt_tokens": 11, "completion_tokens": 2})})
        self.assertEqual(r.json()["usage"]["prompt_tokens"], 11)
        e = flushed_events(self.tenant, 1)[0]
        self.assertEqual((e["input_tokens"], e["output_tokens"], e["usage_estimated"]), (11, 2, False))

    def test_connection_error_is_raised_unchanged_and_recorded(self) -> None:
        llmobserve.observe(collector_url=support.collector().url, tenant_id=self.tenant, flush_interval_ms=20,
                           providers={"http://127.0.0.1:9": "openai"})
        with self.assertRaises(httpx.ConnectError):
            httpx.post("http://127.0.0.1:9/v1/chat/completions", json=self.body, timeout=5)
        e = flushed_events(self.tenant, 1)[0]
        self.assertEqual(e["status"], "error")
        self.assertIn("ConnectError", e["error"])


if __name__ == "__main__":
    unittest.main()
