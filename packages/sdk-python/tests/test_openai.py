"""OpenAI through httpx (sync and async) and requests, against the mock OpenAI server and a real collector."""
import asyncio
import json
import unittest

import httpx
import requests

import support
from support import OpenAI, flushed_events

import llmobserve


def one(events, **match):
    found = [e for e in events if all(e.get(k) == v for k, v in match.items())]
    if len(found) != 1:
        raise AssertionError(f"expected one event with {match}, got {len(found)}: {json.dumps(events, indent=1)[:3000]}")
    return found[0]


class OpenAITest(support.TestCase):
    def setUp(self) -> None:
        self.tenant = support.tenant()
        self.mocks = support.mocks()
        # a client created BEFORE observe(): tracked too (the transport classes are patched, not instances)
        self.early = OpenAI(self.mocks.openai + "/v1")
        support.observe_for_test(self.tenant)
        self.client = OpenAI(self.mocks.openai + "/v1")

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)
        self.early._http.close()
        self.client._http.close()

    def test_chat_json_cached_and_reasoning_tokens_follow_the_convention(self) -> None:
        usage = {"prompt_tokens": 1000, "completion_tokens": 300, "cached_tokens": 400, "reasoning_tokens": 120}
        with llmobserve.run() as run_id:
            llmobserve.set_customer_id("alice")
            r = self.early.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                                                   extra_headers={"x-mock-usage": json.dumps(usage)})
        self.assertEqual(r["usage"]["prompt_tokens"], 1000)
        e = one(flushed_events(self.tenant, 1), run_id=run_id)
        self.assertEqual((e["provider"], e["endpoint"], e["span_type"]), ("openai", "chat.completions", "llm"))
        self.assertEqual(e["model"], "gpt-4o-mini-2024-07-18")  # as the provider returned it
        self.assertEqual((e["input_tokens"], e["cache_read_tokens"]), (1000, 400))  # cached inside input
        self.assertEqual((e["output_tokens"], e["reasoning_tokens"]), (300, 120))  # reasoning inside output
        self.assertEqual((e["customer_id"], e["tenant_id"], e["status"]), ("alice", self.tenant, "ok"))
        self.assertFalse(e["usage_estimated"])
        self.assertEqual(e["sdk"], "llmobserve-python/0.1.0")
        self.assertEqual(e["cost_status"], "priced")

    def test_stream_with_include_usage_passes_chunk_by_chunk(self) -> None:
        chunks = 0
        stream = self.client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "hello there"}], stream=True,
            stream_options={"include_usage": True}, extra_headers={"x-mock-delay-ms": "5"})
        text = ""
        for c in stream:
            chunks += 1
            if chunks == 1:
                # the first chunk reached the app while the SDK still sees the stream open: nothing was buffered
                self.assertTrue(llmobserve.flush(5))
                self.assertEqual(support.collector().events(self.tenant, 0, deadline_s=0), [])
            for ch in c.get("choices") or []:
                text += ch["delta"].get("content") or ""
        self.assertGreater(chunks, 3)
        self.assertTrue(text)
        e = one(flushed_events(self.tenant, 1), endpoint="chat.completions")
        self.assertTrue(e["is_streaming"])
        self.assertFalse(e["usage_estimated"])
        self.assertGreater(e["output_tokens"], 0)
        self.assertEqual(e["status"], "ok")

    def test_stream_without_usage_is_estimated(self) -> None:
        list(self.client.chat.completions.create(model="gpt-4o-mini", stream=True,
                                                 messages=[{"role": "user", "content": "x" * 400}]))
        e = one(flushed_events(self.tenant, 1), endpoint="chat.completions")
        self.assertTrue(e["usage_estimated"])
        self.assertEqual(e["input_tokens"], 100)  # 400 characters / 4
        self.assertGreater(e["output_tokens"], 0)

    def test_interrupted_stream_is_estimated_and_flagged(self) -> None:
        got = []
        with self.assertRaises(httpx.HTTPError):
            for c in self.client.chat.completions.create(
                    model="gpt-4o-mini", stream=True, stream_options={"include_usage": True},
                    messages=[{"role": "user", "content": "abcd" * 10}], extra_headers={"x-mock-fail-after": "3"}):
                got.append(c)
        self.assertGreater(len(got), 0)
        e = one(flushed_events(self.tenant, 1), endpoint="chat.completions")
        self.assertEqual(e["status"], "error")
        self.assertTrue(e["usage_estimated"])
        self.assertEqual(e["input_tokens"], 10)

    def test_abandoned_stream_is_cancelled(self) -> None:
        stream = self.client.chat.completions.create(model="gpt-4o-mini", stream=True,
                                                     messages=[{"role": "user", "content": "hi"}],
                                                     extra_headers={"x-mock-delay-ms": "5"})
        next(stream)
        stream.close()
        e = one(flushed_events(self.tenant, 1), endpoint="chat.completions")
        self.assertEqual(e["status"], "cancelled")
        self.assertTrue(e["usage_estimated"])

    def test_responses_json_and_stream(self) -> None:
        usage = {"prompt_tokens": 50, "completion_tokens": 20, "cached_tokens": 10, "reasoning_tokens": 5}
        self.client.responses.create(model="gpt-4o-mini", input="hello", extra_headers={"x-mock-usage": json.dumps(usage)})
        events = list(self.client.responses.create(model="gpt-4o-mini", input="hello", stream=True))
        self.assertTrue(any(ev.get("type") == "response.completed" for ev in events))
        got = flushed_events(self.tenant, 2)
        self.assertEqual(len(got), 2)
        plain = one(got, endpoint="responses", is_streaming=False)
        self.assertEqual((plain["input_tokens"], plain["cache_read_tokens"], plain["output_tokens"], plain["reasoning_tokens"]),
                         (50, 10, 20, 5))
        streamed = one(got, endpoint="responses", is_streaming=True)
        self.assertFalse(streamed["usage_estimated"])
        self.assertGreater(streamed["input_tokens"], 0)

    def test_embeddings(self) -> None:
        self.client.embeddings.create(model="text-embedding-3-small", input=["one", "two"])
        e = one(flushed_events(self.tenant, 1), endpoint="embeddings")
        self.assertEqual(e["span_type"], "embedding")
        self.assertGreater(e["input_tokens"], 0)
        self.assertEqual(e["output_tokens"], 0)

    def test_images_and_speech_are_priced_by_units_from_the_request(self) -> None:
        http = self.client._http
        base = self.mocks.openai + "/v1"
        r = http.post(base + "/images/generations", json={"model": "dall-e-3", "prompt": "a cat", "n": 1, "size": "1024x1792", "quality": "hd"})
        self.assertEqual(len(r.json()["data"]), 1)
        speech = http.post(base + "/audio/speech", json={"model": "tts-1", "input": "Hello there", "voice": "alloy"})
        self.assertTrue(speech.headers["content-type"].startswith("audio/"))
        self.assertGreater(len(speech.content), 0)  # the audio bytes, untouched
        got = flushed_events(self.tenant, 2)
        image = one(got, endpoint="images.generations")
        self.assertEqual((image["units"], image["status"], image["model"]), ({"images_1024x1792_hd": 1}, "ok", "dall-e-3"))
        audio = one(got, endpoint="audio.speech")
        self.assertEqual((audio["units"], audio["status"]), ({"characters": 11}, "ok"))
        self.assertEqual(image["cost_status"], "priced")

    def test_async_client(self) -> None:
        async def main() -> None:
            async with httpx.AsyncClient(timeout=30) as http:
                r = await http.post(self.mocks.openai + "/v1/chat/completions",
                                    json={"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]})
                r.raise_for_status()
                async with http.stream("POST", self.mocks.openai + "/v1/chat/completions",
                                       json={"model": "gpt-4o", "stream": True, "stream_options": {"include_usage": True},
                                             "messages": [{"role": "user", "content": "hi"}]}) as s:
                    async for _ in s.aiter_bytes():
                        pass
        asyncio.run(asyncio.wait_for(main(), 20))
        got = flushed_events(self.tenant, 2)
        self.assertEqual(sorted(e["is_streaming"] for e in got), [False, True])
        self.assertTrue(all(not e["usage_estimated"] and e["input_tokens"] > 0 for e in got))

    def test_async_stream_interrupted_and_abandoned(self) -> None:
        body = {"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "abcd" * 5}]}

        async def main() -> None:
            async with httpx.AsyncClient(timeout=30) as http:
                with self.assertRaises(httpx.HTTPError):
                    async with http.stream("POST", self.mocks.openai + "/v1/chat/completions", json=body,
                                           headers={"x-mock-fail-after": "2"}) as s:
                        async for _ in s.aiter_bytes():
                            pass
                async with http.stream("POST", self.mocks.openai + "/v1/chat/completions", json=body,
                                       headers={"x-mock-delay-ms": "5"}) as s:
                    async for _ in s.aiter_bytes():
                        break  # the app stops reading: the stream is closed by the context manager
        asyncio.run(asyncio.wait_for(main(), 20))
        got = flushed_events(self.tenant, 2)
        self.assertEqual(sorted(e["status"] for e in got), ["cancelled", "error"])
        self.assertTrue(all(e["usage_estimated"] and e["input_tokens"] == 5 for e in got))

    def test_requests_json_and_stream(self) -> None:
        s = requests.Session()
        self.addCleanup(s.close)
        r = s.post(self.mocks.openai + "/v1/chat/completions", timeout=20,
                   json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
                   headers={"x-mock-usage": json.dumps({"prompt_tokens": 7, "completion_tokens": 3})})
        self.assertEqual(r.json()["usage"]["prompt_tokens"], 7)
        with s.post(self.mocks.openai + "/v1/chat/completions", stream=True, timeout=20,
                    json={"model": "gpt-4o-mini", "stream": True, "stream_options": {"include_usage": True},
                          "messages": [{"role": "user", "content": "hi"}]}) as r2:
            lines = [l for l in r2.iter_lines() if l]
        self.assertGreater(len(lines), 2)
        got = flushed_events(self.tenant, 2)
        plain = one(got, is_streaming=False)
        self.assertEqual((plain["input_tokens"], plain["output_tokens"]), (7, 3))
        streamed = one(got, is_streaming=True)
        self.assertFalse(streamed["usage_estimated"])

    def test_status_mapping_and_errors_pass_through(self) -> None:
        with self.assertRaises(httpx.HTTPStatusError) as cm:
            self.client.chat.completions.create(model="gpt-4o-mini", messages=[], extra_headers={"x-mock-status": "429"})
        self.assertEqual(cm.exception.response.status_code, 429)
        with self.assertRaises(httpx.HTTPStatusError):
            self.client.chat.completions.create(model="gpt-4o-mini", messages=[], extra_headers={"x-mock-status": "500"})
        got = flushed_events(self.tenant, 2)
        self.assertEqual(sorted(e["status"] for e in got), ["error", "rate_limited"])
        self.assertTrue(all(e["input_tokens"] == 0 and not e["usage_estimated"] for e in got))

    def test_retries_of_one_client_call_share_an_operation(self) -> None:
        with llmobserve.run() as run_id:
            for attempt, status in ((0, "429"), (1, "500"), (2, None)):
                headers = {"x-stainless-retry-count": str(attempt)}
                if status:
                    headers["x-mock-status"] = status
                try:
                    self.client.chat.completions.create(model="gpt-4o-mini", messages=[], extra_headers=headers)
                except httpx.HTTPStatusError:
                    pass
            self.client.chat.completions.create(model="gpt-4o-mini", messages=[])  # a new client call
        got = sorted(flushed_events(self.tenant, 4), key=lambda e: e["started_at"])
        self.assertTrue(all(e["run_id"] == run_id for e in got))
        self.assertEqual([e["metadata"]["attempt"] for e in got], [0, 1, 2, 0])
        self.assertEqual([e["status"] for e in got], ["rate_limited", "error", "ok", "ok"])
        ops = [e["metadata"]["operation_id"] for e in got]
        self.assertEqual(len(set(ops[:3])), 1)
        self.assertNotEqual(ops[3], ops[0])

    def test_untracked_origins_and_paths_pass_untouched(self) -> None:
        r = httpx.get(self.mocks.openai + "/v1/models", timeout=10)  # not a billable endpoint
        self.assertEqual(r.status_code, 200)
        httpx.get(support.collector().url + "/health", timeout=10)  # the collector itself
        llmobserve.track("marker", "end")
        got = flushed_events(self.tenant, 1)
        self.assertEqual([e["provider"] for e in got], ["marker"])


if __name__ == "__main__":
    unittest.main()
