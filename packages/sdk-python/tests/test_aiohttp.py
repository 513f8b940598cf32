"""aiohttp's ClientSession (a session created before observe() included): JSON, an SSE stream read line by line,
a stream cut by the server, and one the app stops reading."""
import asyncio
import json
import unittest

import aiohttp

import support
from support import flushed_events
from test_openai import one

import llmobserve


class AiohttpTest(support.TestCase):
    def setUp(self) -> None:
        self.tenant = support.tenant()
        self.mocks = support.mocks()
        self.url = self.mocks.openai + "/v1/chat/completions"

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)

    def run_async(self, coro):
        return asyncio.run(asyncio.wait_for(coro, 30))

    def test_json_stream_cut_and_abandoned(self) -> None:
        usage = {"prompt_tokens": 21, "completion_tokens": 4, "cached_tokens": 5}
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "abcd" * 3}]}

        async def main() -> None:
            session = aiohttp.ClientSession()  # before observe()
            support.observe_for_test(self.tenant)
            async with session:
                async with session.post(self.url, json=body, headers={"x-mock-usage": json.dumps(usage)}) as r:
                    self.assertEqual((await r.json())["usage"]["prompt_tokens"], 21)
                lines = []
                async with session.post(self.url, json={**body, "stream": True, "stream_options": {"include_usage": True}}) as r:
                    async for line in r.content:
                        lines.append(line)
                self.assertGreater(len(lines), 4)
                with self.assertRaises(aiohttp.ClientError):
                    async with session.post(self.url, json={**body, "stream": True}, headers={"x-mock-fail-after": "2"}) as r:
                        async for _ in r.content:
                            pass
                async with session.post(self.url, json={**body, "stream": True}, headers={"x-mock-delay-ms": "5"}) as r:
                    await r.content.readline()  # then stops reading

        self.run_async(main())
        got = flushed_events(self.tenant, 4)
        self.assertEqual(len(got), 4)
        plain = one(got, is_streaming=False)
        self.assertEqual((plain["input_tokens"], plain["cache_read_tokens"], plain["output_tokens"], plain["status"]),
                         (21, 5, 4, "ok"))
        streamed = [e for e in got if e["is_streaming"]]
        ok = one(streamed, status="ok")
        self.assertFalse(ok["usage_estimated"])
        self.assertEqual(sorted(e["status"] for e in streamed), ["cancelled", "error", "ok"])
        self.assertTrue(all(e["usage_estimated"] and e["input_tokens"] == 3 for e in streamed if e["status"] != "ok"))


if __name__ == "__main__":
    unittest.main()
