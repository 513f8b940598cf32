"""One provider table and one usage convention for both SDKs:
 - providers.json is what scripts/gen-providers.ts generates from the TypeScript registry now (drift test);
 - the Python wire formats read the same bodies as the TypeScript adapters do (tests/parity.ts runs those)."""
import json
import subprocess
import unittest

import support

from llmobserve.providers import ALL, BY_NAME, Registry, normalize_origin
from llmobserve._sse import parse_sse


def node(args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(["node", "--import", "tsx", *args], cwd=support.ROOT, input=stdin, capture_output=True, timeout=120)


def sse(*events) -> str:
    out = ""
    for e in events:
        if isinstance(e, tuple):
            out += f"event: {e[0]}\ndata: {json.dumps(e[1])}\n\n"
        else:
            out += f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n"
    return out


CHAT = {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"}}],
        "usage": {"prompt_tokens": 1200, "completion_tokens": 340, "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 50},
                  "completion_tokens_details": {"reasoning_tokens": 200, "audio_tokens": 10}}}
CHUNK = {"id": "c1", "model": "gpt-4o-mini", "choices": [{"index": 0, "delta": {"content": "Hel"}}], "usage": None}
ANTHROPIC_USAGE = {"input_tokens": 30, "output_tokens": 12, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 900,
                   "cache_creation": {"ephemeral_1h_input_tokens": 60}, "server_tool_use": {"web_search_requests": 2}}

CASES = [
    {"provider": "openai", "kind": "json", "endpoint": "chat.completions", "body": CHAT},
    {"provider": "openai", "kind": "json", "endpoint": "chat.completions", "body": {**CHAT, "usage": {"prompt_tokens": 5, "completion_tokens": 2, "prompt_tokens_details": {"cached_tokens": 9}}}},
    {"provider": "openai", "kind": "json", "endpoint": "embeddings", "body": {"object": "list", "model": "text-embedding-3-small", "usage": {"prompt_tokens": 8, "total_tokens": 8}}},
    {"provider": "openai", "kind": "json", "endpoint": "responses", "body": {"id": "resp_1", "model": "o3", "status": "completed", "output": [{"type": "message", "content": [{"type": "output_text", "text": "hi"}]}],
                                                                            "usage": {"input_tokens": 100, "output_tokens": 50, "input_tokens_details": {"cached_tokens": 40}, "output_tokens_details": {"reasoning_tokens": 30}}}},
    {"provider": "openai", "kind": "json", "endpoint": "responses", "body": {"id": "resp_2", "model": "o3", "status": "failed", "error": {"message": "boom"}, "usage": {"input_tokens": 1, "output_tokens": 0}}},
    {"provider": "deepseek", "kind": "json", "endpoint": "chat.completions", "body": {"model": "deepseek-chat", "usage": {"prompt_tokens": 100, "completion_tokens": 5, "prompt_cache_hit_tokens": 60, "prompt_cache_miss_tokens": 40}}},
    {"provider": "openrouter", "kind": "json", "endpoint": "chat.completions", "body": {"model": "x/y", "usage": {"prompt_tokens": 10, "completion_tokens": 5, "cost": 0.0042}}},
    {"provider": "openai", "kind": "stream", "endpoint": "chat.completions",
     "sse": sse(CHUNK, {**CHUNK, "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 4, "prompt_tokens_details": {"cached_tokens": 3}}}, "[DONE]")},
    {"provider": "openai", "kind": "stream", "endpoint": "chat.completions", "sse": sse(CHUNK, CHUNK, "[DONE]")},
    {"provider": "openai", "kind": "stream", "endpoint": "chat.completions", "sse": sse(CHUNK, {"error": {"message": "overloaded"}})},
    {"provider": "openai", "kind": "stream", "endpoint": "responses",
     "sse": sse(("response.created", {"type": "response.created", "response": {"id": "resp_3", "model": "gpt-4o", "status": "in_progress"}}),
                ("response.output_text.delta", {"type": "response.output_text.delta", "delta": "Hello"}),
                ("response.completed", {"type": "response.completed", "response": {"id": "resp_3", "model": "gpt-4o", "status": "completed",
                                                                                    "usage": {"input_tokens": 20, "output_tokens": 7, "input_tokens_details": {"cached_tokens": 0}}}}))},
    {"provider": "openai", "kind": "stream", "endpoint": "responses",
     "sse": sse(("response.created", {"type": "response.created", "response": {"id": "resp_4", "model": "gpt-4o"}}),
                ("response.output_text.delta", {"type": "response.output_text.delta", "delta": "Hello there"}))},
    {"provider": "openai", "kind": "request", "endpoint": "images.generations", "body": {"model": "dall-e-3", "n": 2, "size": "1792x1024", "quality": "hd"}},
    {"provider": "openai", "kind": "request", "endpoint": "images.generations", "body": {"prompt": "cat", "quality": "hd"}},
    {"provider": "openai", "kind": "request", "endpoint": "images.generations", "body": {"model": "gpt-image-1", "size": "auto", "quality": "low"}},
    {"provider": "openai", "kind": "json", "endpoint": "images.generations", "body": {"created": 1, "data": [], "usage": {"input_tokens": 50, "output_tokens": 4000, "input_tokens_details": {"image_tokens": 10, "text_tokens": 40}}}},
    {"provider": "openai", "kind": "json", "endpoint": "audio.transcriptions", "body": {"text": "hi", "duration": 12.5}},
    {"provider": "openai", "kind": "json", "endpoint": "audio.transcriptions", "body": {"text": "hi", "usage": {"type": "duration", "seconds": 7}}},
    {"provider": "openai", "kind": "json", "endpoint": "audio.transcriptions", "body": {"text": "hi", "usage": {"type": "tokens", "input_tokens": 30, "output_tokens": 5, "input_token_details": {"audio_tokens": 25, "text_tokens": 5}}}},
    {"provider": "openai", "kind": "json", "endpoint": "moderations", "body": {"id": "modr-1", "model": "omni-moderation-latest", "results": []}},
    {"provider": "openai", "kind": "request", "endpoint": "audio.speech", "body": {"model": "tts-1", "input": "Hello world", "voice": "alloy"}},
    {"provider": "openai", "kind": "request", "endpoint": "chat.completions", "body": {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "x" * 41}]}},
    {"provider": "openai", "kind": "request", "endpoint": "embeddings", "body": {"model": "e", "input": [[1, 2, 3], "abcdefgh"]}},
    {"provider": "openai", "kind": "request", "endpoint": "responses", "body": {"model": "o3", "input": "abcd" * 5, "instructions": "be brief"}},
    {"provider": "anthropic", "kind": "json", "endpoint": "messages", "body": {"id": "msg_1", "type": "message", "model": "claude-sonnet-4-5", "usage": ANTHROPIC_USAGE,
                                                                              "content": [{"type": "text", "text": "hi"}, {"type": "tool_use", "input": {"q": "x"}}]}},
    {"provider": "anthropic", "kind": "json", "endpoint": "messages.count_tokens", "body": {"input_tokens": 42}},
    {"provider": "anthropic", "kind": "stream", "endpoint": "messages",
     "sse": sse(("message_start", {"type": "message_start", "message": {"id": "msg_2", "model": "claude-haiku-4-5", "usage": {**ANTHROPIC_USAGE, "output_tokens": 1}}}),
                ("content_block_delta", {"type": "content_block_delta", "delta": {"type": "text_delta", "text": "Hello"}}),
                ("message_delta", {"type": "message_delta", "usage": {"output_tokens": 77}}),
                ("message_stop", {"type": "message_stop"}))},
    {"provider": "anthropic", "kind": "stream", "endpoint": "messages",
     "sse": sse(("message_start", {"type": "message_start", "message": {"id": "msg_3", "model": "claude-haiku-4-5", "usage": {"input_tokens": 10, "output_tokens": 1}}}),
                ("content_block_delta", {"type": "content_block_delta", "delta": {"type": "text_delta", "text": "Hel"}}))},
    {"provider": "anthropic", "kind": "stream", "endpoint": "messages", "sse": sse(("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}))},
    {"provider": "anthropic", "kind": "request", "endpoint": "messages", "body": {"model": "claude", "system": "sys", "messages": [{"role": "user", "content": [{"type": "text", "text": "hello"}]}]}},
    {"provider": "google", "kind": "json", "endpoint": "generateContent", "body": {
        "modelVersion": "gemini-2.5-flash", "responseId": "r1", "candidates": [{"content": {"parts": [{"text": "hi"}]}, "finishReason": "STOP"}],
        "usageMetadata": {"promptTokenCount": 300, "candidatesTokenCount": 20, "cachedContentTokenCount": 100, "thoughtsTokenCount": 15,
                          "toolUsePromptTokenCount": 5, "promptTokensDetails": [{"modality": "AUDIO", "tokenCount": 50}, {"modality": "TEXT", "tokenCount": 250}],
                          "cacheTokensDetails": [{"modality": "AUDIO", "tokenCount": 30}], "candidatesTokensDetails": [{"modality": "IMAGE", "tokenCount": 10}]}}},
    {"provider": "google", "kind": "json", "endpoint": "countTokens", "body": {"totalTokens": 5}},
    {"provider": "google", "kind": "json", "endpoint": "generateContent", "body": {"promptFeedback": {"blockReason": "SAFETY"}}},
    {"provider": "google", "kind": "stream", "endpoint": "streamGenerateContent",
     "sse": sse({"modelVersion": "gemini-2.5-pro", "candidates": [{"content": {"parts": [{"text": "Hel"}]}}], "usageMetadata": {"promptTokenCount": 9, "candidatesTokenCount": 1}},
                {"candidates": [{"content": {"parts": [{"text": "lo"}]}, "finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 9, "candidatesTokenCount": 4}})},
    {"provider": "google", "kind": "stream", "endpoint": "streamGenerateContent",
     "sse": sse({"modelVersion": "gemini-2.5-pro", "candidates": [{"content": {"parts": [{"text": "Hel"}]}}], "usageMetadata": {"promptTokenCount": 9, "candidatesTokenCount": 1}})},
    {"provider": "google", "kind": "request", "endpoint": "batchEmbedContents", "body": {"requests": [{"content": {"parts": [{"text": "abcdefgh"}]}}, {"content": {"parts": [{"text": "ijkl"}]}}]}},
    {"provider": "google", "kind": "request", "endpoint": "streamGenerateContent", "body": {"contents": [{"parts": [{"text": "hey", "functionCall": {"name": "f", "args": {"a": 1}}}]}], "systemInstruction": {"parts": [{"text": "sys"}]}}},
    {"provider": "voyage", "kind": "json", "endpoint": "embeddings", "body": {"object": "list", "model": "voyage-3", "usage": {"total_tokens": 21}}},
    {"provider": "voyage", "kind": "request", "endpoint": "rerank", "body": {"model": "rerank-2", "query": "q" * 8, "documents": ["d" * 12]}},
    {"provider": "cohere", "kind": "json", "endpoint": "chat", "body": {"id": "c1", "message": {"content": [{"type": "text", "text": "hey"}], "tool_calls": [{"id": "t"}]},
                                                                      "usage": {"billed_units": {"input_tokens": 10, "output_tokens": 3}, "tokens": {"input_tokens": 110, "output_tokens": 3}}}},
    {"provider": "cohere", "kind": "json", "endpoint": "embed", "body": {"id": "e1", "meta": {"tokens": {"input_tokens": 7}}}},
    {"provider": "cohere", "kind": "json", "endpoint": "rerank", "body": {"id": "r1", "meta": {"billed_units": {"search_units": 2}}}},
    {"provider": "cohere", "kind": "stream", "endpoint": "chat",
     "sse": sse(("message-start", {"type": "message-start", "id": "m1"}),
                ("content-delta", {"type": "content-delta", "delta": {"message": {"content": {"text": "Hi"}}}}),
                ("message-end", {"type": "message-end", "delta": {"finish_reason": "COMPLETE", "usage": {"billed_units": {"input_tokens": 4, "output_tokens": 2}}}}), "[DONE]")},
    {"provider": "cohere", "kind": "stream", "endpoint": "chat",
     "sse": sse({"event_type": "stream-start", "generation_id": "g1"}, {"event_type": "text-generation", "text": "Hello"},
                {"event_type": "stream-end", "finish_reason": "ERROR_LIMIT", "response": {"generation_id": "g1", "meta": {"billed_units": {"input_tokens": 5, "output_tokens": 1}}}})},
    {"provider": "cohere", "kind": "request", "endpoint": "chat", "body": {"model": "command-r", "message": "abcd", "preamble": "efgh", "stream": True}},
    {"provider": "pinecone", "kind": "json", "endpoint": "query", "body": {"matches": [], "usage": {"readUnits": 6}}},
    {"provider": "pinecone", "kind": "json", "endpoint": "upsert", "body": {"upsertedCount": 12}},
    {"provider": "pinecone", "kind": "json", "endpoint": "inference.embed", "body": {"model": "multilingual-e5-large", "usage": {"total_tokens": 33}}},
    {"provider": "pinecone", "kind": "request", "endpoint": "upsert", "body": {"vectors": [{"id": "a" * 10, "values": [0.5] * 1536, "sparseValues": {"indices": [1, 2], "values": [0.1, 0.2]}, "metadata": {"k": "v" * 900}}]}},
    {"provider": "pinecone", "kind": "request", "endpoint": "update", "body": {"id": "a", "values": [0.1] * 2000}},
    {"provider": "pinecone", "kind": "request", "endpoint": "delete", "body": {"ids": ["a"]}},
]


def python_summary(case):
    wire = BY_NAME[case["provider"]].wire
    if case["kind"] == "request":
        r = wire.summarize_request(case["endpoint"], case["body"])
        return {"model": r.model, "stream": r.stream, "estimatedInputTokens": r.estimated_input_tokens,
                "units": r.units, "unitsEstimated": r.units_estimated}
    s = (wire.summarize_json(case["endpoint"], case["body"]) if case["kind"] == "json"
         else wire.summarize_stream(case["endpoint"], parse_sse(case["sse"])))
    out = {"model": s.model, "responseId": s.response_id, "usage": s.usage, "error": s.error,
           "usagePartial": s.usage_partial, "units": s.units, "unitsEstimated": s.units_estimated}
    if BY_NAME[case["provider"]].reports_cost:
        out["costUsd"] = s.cost_usd
    if s.usage is None or s.usage_partial:
        out["outputChars"] = s.output_chars  # only used for local estimates
    return out


def ts_view(ts, py):
    """The TypeScript summary restricted to the fields compared, absent optional fields as their defaults."""
    defaults = {"usagePartial": False, "units": None, "unitsEstimated": False, "costUsd": None, "stream": False}
    return {k: ts.get(k, defaults.get(k)) for k in py}


class ParityTest(support.TestCase):
    def test_provider_table_is_generated_from_the_typescript_registry(self) -> None:
        r = node(["packages/sdk-python/scripts/gen-providers.ts", "--check"])
        self.assertEqual(r.returncode, 0, r.stderr.decode())

    def test_wire_formats_read_bodies_as_the_typescript_sdk_does(self) -> None:
        r = node(["packages/sdk-python/tests/parity.ts"], json.dumps(CASES).encode())
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        ts_all = json.loads(r.stdout)
        self.assertEqual(len(ts_all), len(CASES))
        for case, ts in zip(CASES, ts_all):
            py = python_summary(case)
            with self.subTest(provider=case["provider"], kind=case["kind"], endpoint=case["endpoint"]):
                self.assertEqual(py, ts_view(ts, py))

    def test_registry_recognises_hosts_and_endpoints(self) -> None:
        reg = Registry({"http://127.0.0.1:5000": "openai"}, {"http://127.0.0.1:8000"})
        self.assertEqual(reg.lookup("https://api.openai.com").name, "openai")
        self.assertEqual(reg.lookup("https://my-index-abc.svc.us-east1.pinecone.io").name, "pinecone")
        self.assertEqual(reg.lookup("https://res.openai.azure.com").name, "azure")
        self.assertIsNone(reg.lookup("https://example.com"))
        self.assertEqual(reg.lookup("http://127.0.0.1:5000").name, "openai")
        openai = BY_NAME["openai"]
        self.assertEqual(openai.match("POST", "/openai/deployments/d/chat/completions?api-version=1").endpoint, "chat.completions")
        self.assertIsNone(openai.match("GET", "/v1/models"))
        self.assertEqual(BY_NAME["anthropic"].match("POST", "/v1/messages/count_tokens").endpoint, "messages.count_tokens")
        g = BY_NAME["google"].match("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
        self.assertEqual((g.endpoint, g.model), ("streamGenerateContent", "gemini-2.5-flash"))
        self.assertEqual(BY_NAME["google"].match("POST", "/v1beta/tunedModels/my%20model:generateContent").model, "my model")
        self.assertEqual(normalize_origin("HTTPS://API.OpenAI.com:443/v1"), "https://api.openai.com")
        self.assertTrue(all(p.origins or p.host_suffixes for p in ALL))


if __name__ == "__main__":
    unittest.main()
