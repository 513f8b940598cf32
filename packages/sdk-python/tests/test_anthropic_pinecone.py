"""Anthropic Messages (JSON, streaming, cache tokens) and Pinecone's REST data plane, against the mock servers."""
import json
import unittest

import httpx
import requests

import support
from support import Anthropic, flushed_events
from test_openai import one

import llmobserve


class AnthropicTest(support.TestCase):
    def setUp(self) -> None:
        self.tenant = support.tenant()
        support.observe_for_test(self.tenant)
        self.client = Anthropic(support.mocks().anthropic)
        self.addCleanup(self.client._http.close)

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)

    USAGE = {"input_tokens": 100, "output_tokens": 40, "cache_creation_input_tokens": 300,
             "cache_read_input_tokens": 600, "ephemeral_1h_input_tokens": 200}

    def test_messages_cache_tokens_are_added_to_input(self) -> None:
        r = self.client.messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                        messages=[{"role": "user", "content": "hi"}],
                                        extra_headers={"x-mock-usage": json.dumps(self.USAGE)})
        self.assertEqual(r["usage"]["input_tokens"], 100)  # Anthropic's: without the cache
        e = one(flushed_events(self.tenant, 1), endpoint="messages")
        self.assertEqual(e["provider"], "anthropic")
        self.assertEqual(e["input_tokens"], 1000)  # canonical: 100 + 300 + 600
        self.assertEqual((e["cache_read_tokens"], e["cache_write_tokens"], e["cache_write_1h_tokens"]), (600, 300, 200))
        self.assertEqual(e["output_tokens"], 40)
        self.assertFalse(e["usage_estimated"])

    def test_stream_with_cache_tokens(self) -> None:
        types = [ev["type"] for ev in self.client.messages.create(
            model="claude-sonnet-4-5", max_tokens=100, stream=True, messages=[{"role": "user", "content": "hi"}],
            extra_headers={"x-mock-usage": json.dumps(self.USAGE)})]
        self.assertEqual((types[0], types[-1]), ("message_start", "message_stop"))
        e = one(flushed_events(self.tenant, 1), endpoint="messages")
        self.assertTrue(e["is_streaming"])
        self.assertEqual((e["input_tokens"], e["cache_read_tokens"], e["cache_write_tokens"], e["output_tokens"]),
                         (1000, 600, 300, 40))
        self.assertFalse(e["usage_estimated"])

    def test_interrupted_stream_keeps_input_and_estimates_output(self) -> None:
        with self.assertRaises(httpx.HTTPError):
            for _ in self.client.messages.create(model="claude-sonnet-4-5", max_tokens=100, stream=True,
                                                 messages=[{"role": "user", "content": "hi"}],
                                                 extra_headers={"x-mock-usage": json.dumps(self.USAGE),
                                                                "x-mock-fail-after": "4"}):
                pass
        e = one(flushed_events(self.tenant, 1), endpoint="messages")
        self.assertEqual(e["status"], "error")
        self.assertTrue(e["usage_estimated"])
        self.assertEqual(e["input_tokens"], 1000)  # reported up front by message_start

    def test_error_status(self) -> None:
        with self.assertRaises(httpx.HTTPStatusError):
            self.client.messages.create(model="claude-sonnet-4-5", max_tokens=1, messages=[],
                                        extra_headers={"x-mock-status": "529"})
        e = one(flushed_events(self.tenant, 1), endpoint="messages")
        self.assertEqual(e["status"], "error")
        self.assertTrue(e["error"])


class PineconeTest(support.TestCase):
    def setUp(self) -> None:
        self.tenant = support.tenant()
        support.observe_for_test(self.tenant)
        self.host = support.mocks().pinecone
        self.session = requests.Session()
        self.session.headers.update({"Api-Key": "pc-test", "X-Pinecone-API-Version": "2025-04"})
        self.addCleanup(self.session.close)

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)

    def test_data_plane_read_and_write_units(self) -> None:
        vectors = [{"id": f"v{i}", "values": [0.1, 0.2, 0.3, 0.4], "metadata": {"text": "x" * 3000}} for i in range(3)]
        r = self.session.post(self.host + "/vectors/upsert", json={"vectors": vectors, "namespace": "ns"}, timeout=10)
        self.assertEqual(r.json()["upsertedCount"], 3)
        q = self.session.post(self.host + "/query", json={"vector": [0.1, 0.2, 0.3, 0.4], "topK": 2, "namespace": "ns"},
                              timeout=10)
        self.assertIn("matches", q.json())
        with httpx.Client(timeout=10, headers={"Api-Key": "pc-test"}) as http:
            http.get(self.host + "/vectors/fetch", params={"ids": "v1", "namespace": "ns"}).raise_for_status()
        got = flushed_events(self.tenant, 3)
        up = one(got, endpoint="upsert")
        self.assertEqual((up["provider"], up["span_type"]), ("pinecone", "vector"))
        # 3 records of 2 + 16 + ~3013 bytes = ~9.1 KB -> 10 write units, estimated from the request
        self.assertEqual(up["units"], {"write_units": 10})
        self.assertTrue(up["usage_estimated"])
        query = one(got, endpoint="query")
        self.assertEqual(query["units"], {"read_units": 5})
        self.assertFalse(query["usage_estimated"])
        fetch = one(got, endpoint="fetch")
        self.assertEqual(fetch["units"], {"read_units": 1})

    def test_urllib3_directly_as_the_official_pinecone_client_does(self) -> None:
        import urllib3
        pool = urllib3.PoolManager()
        self.addCleanup(pool.clear)
        headers = {"Api-Key": "pc-test", "Content-Type": "application/json"}
        r = pool.request("POST", self.host + "/query", body=json.dumps({"vector": [0.1, 0.2, 0.3, 0.4], "topK": 1}),
                         headers=headers)
        self.assertIn("matches", json.loads(r.data))
        # read later, chunk by chunk (preload_content=False): an OpenAI stream through urllib3
        openai = support.mocks().openai
        s = pool.request("POST", openai + "/v1/chat/completions", preload_content=False, headers=headers,
                         body=json.dumps({"model": "gpt-4o-mini", "stream": True, "stream_options": {"include_usage": True},
                                          "messages": [{"role": "user", "content": "hi"}]}))
        data = b"".join(s.stream(64))
        s.release_conn()
        self.assertIn(b"[DONE]", data)
        # requests (urllib3 underneath) is recorded once
        self.session.post(self.host + "/query", json={"vector": [0.1, 0.2, 0.3, 0.4], "topK": 1}, timeout=10)
        got = flushed_events(self.tenant, 3)
        self.assertEqual(len(got), 3)
        self.assertEqual(sorted(e["endpoint"] for e in got), ["chat.completions", "query", "query"])
        self.assertTrue(all(e["units"] == {"read_units": 5} for e in got if e["endpoint"] == "query"))
        chat = next(e for e in got if e["endpoint"] == "chat.completions")
        self.assertEqual((chat["is_streaming"], chat["usage_estimated"], chat["status"]), (True, False, "ok"))
        self.assertGreater(chat["input_tokens"], 0)


if __name__ == "__main__":
    unittest.main()
