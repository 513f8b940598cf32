"""Context is per asyncio task and per thread (contextvars), never process-global; sections, runs, tenants."""
import asyncio
import threading
import unittest

import httpx

import support
from support import flushed_events
from test_openai import one

import llmobserve
from llmobserve import _config


class IsolationTest(support.TestCase):
    def setUp(self) -> None:
        self.tenant = support.tenant()
        support.observe_for_test(self.tenant, max_batch_size=500)
        self.url = support.mocks().openai + "/v1/chat/completions"

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)

    def test_200_tasks_and_50_threads_never_see_each_others_customer(self) -> None:
        body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
        wrong = []

        async def task(i: int, http: httpx.AsyncClient) -> None:
            llmobserve.set_customer_id(f"task-{i}")
            await asyncio.sleep(0)  # let the other tasks set theirs
            r = await http.post(self.url, json=body, headers={"x-mock-wait-ms": str(i % 7)})
            r.raise_for_status()
            if llmobserve.get_customer_id() != f"task-{i}":
                wrong.append(i)

        async def main() -> None:
            async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=50)) as http:
                await asyncio.gather(*(task(i, http) for i in range(200)))

        def thread(i: int, barrier: threading.Barrier) -> None:
            llmobserve.set_customer_id(f"thread-{i}")
            barrier.wait(10)
            with httpx.Client(timeout=30) as http:
                http.post(self.url, json=body).raise_for_status()
            if llmobserve.get_customer_id() != f"thread-{i}":
                wrong.append(i)

        barrier = threading.Barrier(50)
        threads = [threading.Thread(target=thread, args=(i, barrier)) for i in range(50)]
        for t in threads:
            t.start()
        asyncio.run(asyncio.wait_for(main(), 60))
        for t in threads:
            t.join(30)
        self.assertFalse(any(t.is_alive() for t in threads))
        self.assertEqual(wrong, [])
        self.assertIsNone(llmobserve.get_customer_id())  # the main thread never set one
        got = flushed_events(self.tenant, 250)
        self.assertEqual(len(got), 250)
        # each customer's events are exactly its own call: as many distinct customers as calls
        customers = sorted(e["customer_id"] for e in got)
        self.assertEqual(customers, sorted([f"task-{i}" for i in range(200)] + [f"thread-{i}" for i in range(50)]))


class SpansTest(support.TestCase):
    def setUp(self) -> None:
        self.tenant = support.tenant()
        support.observe_for_test(self.tenant)
        self.client = support.OpenAI(support.mocks().openai + "/v1")
        self.addCleanup(self.client._http.close)

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)

    def ask(self) -> None:
        self.client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])

    def test_nested_sections_agent_tool_as_context_managers_and_decorators(self) -> None:
        @llmobserve.tool("search")
        def search() -> str:
            self.ask()
            return "found"

        @llmobserve.agent("research")
        async def research() -> str:
            async with llmobserve.section("plan"):
                self.ask()
            return search()

        with llmobserve.run("req-42") as run_id:
            self.assertEqual(run_id, "req-42")
            self.assertEqual(asyncio.run(asyncio.wait_for(research(), 20)), "found")
            with self.assertRaises(ZeroDivisionError):
                with llmobserve.section("broken"):
                    1 / 0
        got = flushed_events(self.tenant, 6)
        self.assertTrue(all(e["run_id"] == "req-42" for e in got))
        agent = one(got, span_type="agent")
        plan = one(got, span_type="section", section="plan")
        tool = one(got, span_type="tool")
        self.assertEqual(plan["parent_span_id"], agent["span_id"])
        self.assertEqual(tool["parent_span_id"], agent["span_id"])
        calls = [e for e in got if e["span_type"] == "llm"]
        self.assertEqual(sorted(e["section_path"] for e in calls), ["agent:research/plan", "agent:research/tool:search"])
        self.assertEqual(one(calls, section="tool:search")["parent_span_id"], tool["span_id"])
        broken = one(got, section="broken")
        self.assertEqual(broken["status"], "error")
        self.assertIn("ZeroDivisionError", broken["error"])

    def test_with_tenant_and_invalid_tenant_drops(self) -> None:
        other = support.tenant()
        with llmobserve.with_tenant(other):
            self.ask()
            self.assertEqual(llmobserve.get_tenant_id(), other)
        with llmobserve.with_tenant("not a tenant!"):
            self.ask()  # dropped: better lost than attributed to another tenant
        llmobserve.track("marker", "end", units={"requests": 1})
        self.assertEqual(len(flushed_events(other, 1)), 1)
        mine = support.collector().events(self.tenant, 1)
        self.assertEqual([e["provider"] for e in mine], ["marker"])
        self.assertEqual(mine[0]["units"], {"requests": 1})

    def test_with_customer_scope_and_disabled_tracking(self) -> None:
        llmobserve.set_customer_id("outer")
        with llmobserve.with_customer("inner"):
            self.assertEqual(llmobserve.get_customer_id(), "inner")
            self.ask()
        self.assertEqual(llmobserve.get_customer_id(), "outer")
        self.assertEqual([e["customer_id"] for e in flushed_events(self.tenant, 1)], ["inner"])
        llmobserve.observe(enabled=False)
        self.assertFalse(llmobserve.is_observing())
        self.ask()
        self.assertIsNone(llmobserve.track("x", "y"))
        support.observe_for_test(self.tenant)
        llmobserve.track("marker", "end")
        got = flushed_events(self.tenant, 2)
        self.assertEqual(sorted(e["provider"] for e in got), ["marker", "openai"])  # nothing while disabled

    def test_track_manual_event_with_cost(self) -> None:
        llmobserve.set_customer_id("bob")
        span_id = llmobserve.track("stripe", "charge_fee", cost_usd=0.59, metadata={"invoice": "in_1"})
        self.assertIsNotNone(span_id)
        self.assertIsNone(llmobserve.track("", "x"))  # invalid: ignored, never raises
        e = one(flushed_events(self.tenant, 1), span_id=span_id)
        self.assertEqual((e["customer_id"], e["cost_usd"], e["metadata"]), ("bob", 0.59, {"invoice": "in_1"}))


class ConfigTest(support.TestCase):
    def test_argument_beats_environment_beats_default(self) -> None:
        env = {"LLMOBSERVE_TENANT_ID": "env_tenant", "LLMOBSERVE_COLLECTOR_URL": "http://collector:9000/",
               "LLMOBSERVE_API_KEY": "llmo_sk_env"}
        c = _config.resolve(env=env)
        self.assertEqual((c.tenant_id, c.collector_url, c.api_key), ("env_tenant", "http://collector:9000", "llmo_sk_env"))
        c = _config.resolve(tenant_id="arg", collector_url="https://x.example", env=env)
        self.assertEqual((c.tenant_id, c.collector_url, c.collector_origin), ("arg", "https://x.example", "https://x.example"))
        c = _config.resolve(env={})
        self.assertEqual((c.tenant_id, c.collector_url, c.api_key, c.flush_interval_ms),
                         ("default_tenant", "http://localhost:8000", None, 500))

    def test_invalid_options_are_reported_at_observe(self) -> None:
        for kw in ({"tenant_id": "bad tenant"}, {"collector_url": "ftp://x"}, {"flush_interval_ms": 0},
                   {"providers": {"http://h:1": "nope"}}, {"providers": {"h:1": "openai"}}):
            with self.assertRaises(llmobserve.LLMObserveConfigError, msg=str(kw)):
                _config.resolve(env={}, **kw)
        with self.assertRaises(llmobserve.LLMObserveConfigError):
            _config.resolve(env={"LLMOBSERVE_DISABLED": "maybe"})

    def test_providers_map_base_urls_by_origin(self) -> None:
        c = _config.resolve(env={}, providers={"http://127.0.0.1:11434/v1": "openai", "https://gw.example:443/x": "anthropic"})
        self.assertEqual(c.providers, {"http://127.0.0.1:11434": "openai", "https://gw.example": "anthropic"})


if __name__ == "__main__":
    unittest.main()
