"""Gemini (what google-genai sends over httpx: generateContent, streamGenerateContent?alt=sse, embedContent,
countTokens), Voyage (embeddings) and Cohere (v2 chat and its SSE stream, the v1 JSON-lines stream, rerank units),
against the mock servers."""
import json
import unittest

import httpx

import support
from support import flushed_events
from test_openai import one


class GeminiVoyageTest(support.ObservedTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.http = httpx.Client(timeout=20, headers={"x-goog-api-key": "g-test"})
        self.addCleanup(self.http.close)
        self.gemini = support.mocks().gemini + "/v1beta/models/gemini-2.5-flash"

    def test_generate_content_thoughts_and_cache(self) -> None:
        usage = {"promptTokenCount": 500, "candidatesTokenCount": 40, "cachedContentTokenCount": 200, "thoughtsTokenCount": 60}
        body = {"contents": [{"role": "user", "parts": [{"text": "hello"}]}]}
        r = self.http.post(self.gemini + ":generateContent", json=body, headers={"x-mock-usage": json.dumps(usage)})
        self.assertIn("candidates", r.json())
        with self.http.stream("POST", self.gemini + ":streamGenerateContent?alt=sse", json=body) as s:
            chunks = [c for c in s.iter_bytes()]
        self.assertGreater(len(chunks), 1)
        self.http.post(self.gemini + ":countTokens", json=body).raise_for_status()
        got = flushed_events(self.tenant, 3)
        gen = one(got, endpoint="generateContent")
        self.assertEqual(gen["provider"], "google")
        # prompt includes the cached tokens; thoughts come on top of the candidates
        self.assertEqual((gen["input_tokens"], gen["cache_read_tokens"], gen["output_tokens"], gen["reasoning_tokens"]),
                         (500, 200, 100, 60))
        self.assertTrue(gen["model"].startswith("gemini-2.5-flash"))
        stream = one(got, endpoint="streamGenerateContent")
        self.assertEqual((stream["is_streaming"], stream["usage_estimated"], stream["status"]), (True, False, "ok"))
        self.assertGreater(stream["output_tokens"], 0)
        count = one(got, endpoint="countTokens")
        self.assertEqual((count["input_tokens"], count["span_type"]), (0, "api"))

    def test_cut_stream_is_estimated(self) -> None:
        body = {"contents": [{"role": "user", "parts": [{"text": "hello"}]}]}
        with self.assertRaises(httpx.HTTPError):
            with self.http.stream("POST", self.gemini + ":streamGenerateContent?alt=sse", json=body,
                                  headers={"x-mock-fail-after": "2"}) as s:
                for _ in s.iter_bytes():
                    pass
        e = one(flushed_events(self.tenant, 1), endpoint="streamGenerateContent")
        self.assertEqual(e["status"], "error")
        self.assertTrue(e["usage_estimated"])

    def test_embed_content_without_usage_is_estimated_with_the_path_model(self) -> None:
        self.http.post(support.mocks().gemini + "/v1beta/models/text-embedding-004:embedContent",
                       json={"content": {"parts": [{"text": "x" * 40}]}}).raise_for_status()
        e = one(flushed_events(self.tenant, 1), endpoint="embedContent")
        self.assertEqual((e["model"], e["span_type"], e["input_tokens"], e["usage_estimated"]),
                         ("text-embedding-004", "embedding", 10, True))

    def test_voyage_embeddings(self) -> None:
        self.http.post(support.mocks().voyage + "/v1/embeddings", json={"model": "voyage-3", "input": ["a", "b"]},
                       headers={"x-mock-usage": json.dumps({"total_tokens": 17})}).raise_for_status()
        e = one(flushed_events(self.tenant, 1), endpoint="embeddings")
        self.assertEqual((e["provider"], e["model"], e["input_tokens"], e["usage_estimated"]), ("voyage", "voyage-3", 17, False))

    def test_cohere_billed_units_streams_and_rerank(self) -> None:
        base = support.mocks().cohere
        usage = {"x-mock-usage": json.dumps({"input_tokens": 30, "output_tokens": 12})}
        msg = {"model": "command-r-plus", "messages": [{"role": "user", "content": "hi"}]}
        self.http.post(base + "/v2/chat", json=msg, headers=usage).raise_for_status()
        with self.http.stream("POST", base + "/v2/chat", json={**msg, "stream": True}, headers=usage) as s:
            self.assertGreater(len(list(s.iter_bytes())), 1)
        with self.http.stream("POST", base + "/v1/chat", json={"model": "command-r", "message": "hi", "stream": True},
                              headers=usage) as s:
            self.assertIn("stream+json", s.headers["content-type"])
            list(s.iter_bytes())
        self.http.post(base + "/v2/rerank", json={"model": "rerank-v3.5", "query": "q", "documents": ["a", "b"]}).raise_for_status()
        got = flushed_events(self.tenant, 4)
        chats = [e for e in got if e["endpoint"] == "chat"]
        self.assertEqual(len(chats), 3)
        # billed units (what Cohere charges), not `tokens` (which the mock inflates by the prompt template)
        self.assertTrue(all((e["input_tokens"], e["output_tokens"], e["usage_estimated"]) == (30, 12, False) for e in chats), chats)
        self.assertEqual(sorted(e["is_streaming"] for e in chats), [False, True, True])
        self.assertEqual(sorted(e["model"] for e in chats), ["command-r", "command-r-plus", "command-r-plus"])
        rerank = one(got, endpoint="rerank")
        self.assertEqual(rerank["units"], {"search_units": 1})


if __name__ == "__main__":
    unittest.main()
