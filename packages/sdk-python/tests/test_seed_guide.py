"""The seed guide's Python snippets (/work/shared/seed/MULTI_TENANCY_GUIDE.md, copied in this test's reading of it:
solo developer, SaaS founder, multi-tenant SaaS, environment variables) run as written and produce the events the
guide describes. Only what cannot work outside the guide's world is substituted: the collector URL (ours, on a
free port), the placeholder API keys ("your-api-key", "llmo_sk_...", "dev-mode": real keys of a collector in
required-auth mode), and the app objects the snippets assume (`app`, `openai_client`, `User`, `request`). The
OpenAI client talks to https://api.openai.com as in production; its bytes go to the loopback mock."""
import contextvars
import os
import re
import unittest
from typing import Any, Dict, List, Tuple
from unittest import mock

import support
from support import OpenAI, client_routed_to

import llmobserve

#: a verbatim copy of the seed guide, kept in the repository so that CI runs its snippets
GUIDE = os.path.join(support.HERE, "seed_MULTI_TENANCY_GUIDE.md")
#: the original, in the shared/ folder beside the repository (where the developers' machines and CI have it)
ORIGINAL = os.path.join(os.path.dirname(support.ROOT), "shared", "seed", "MULTI_TENANCY_GUIDE.md")


def guide_text() -> str:
    with open(GUIDE, encoding="utf-8") as f:
        return f.read()


def blocks(text: str) -> List[Tuple[str, str, str]]:
    """(heading, language, code) of every fenced block."""
    out = []
    heading = ""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("```"):
            lang = line[3:].strip()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append((heading, lang, "\n".join(lines[i + 1:j])))
            i = j
        i += 1
    return out


def snippet(heading_part: str, lang: str = "python") -> str:
    for h, l, code in blocks(guide_text()):
        if heading_part in h and l == lang:
            return code
    raise AssertionError(f"no {lang} block under a heading with {heading_part!r}")


class FakeApp:
    """`@app.post("/api/chat")` as in FastAPI/Flask: registers the handler."""

    def __init__(self) -> None:
        self.routes: Dict[str, Any] = {}

    def post(self, path: str):
        def register(fn):
            self.routes[path] = fn
            return fn
        return register


class Request:
    def __init__(self, user_id: str, message: str) -> None:
        self.user_id = user_id
        self.message = message


class User:
    def __init__(self, tenant_id: str, api_key: str) -> None:
        self.tenant_id = tenant_id
        self.api_key = api_key


class SeedGuideTest(support.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        db = support.fresh_db()
        cls.keys = {}
        for t in ("your_company", "acme_corp", "my_company", "login_a", "login_b", "login_c"):
            support.collector_cli(db, "tenants", "create", t)
            out = support.collector_cli(db, "keys", "create", "--tenant", t, "--scope", "ingest,read", "--json")
            cls.keys[t] = re.search(r'"key"\s*:\s*"([^"]+)"', out).group(1)
        cls.secured = support.Collector(env={"LLMOBSERVE_AUTH": "required"}, db=db)
        cls.openai_client = OpenAI("https://api.openai.com/v1", http_client=client_routed_to(support.mocks().openai))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.openai_client._http.close()
        support._stop(cls.secured.proc)

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)

    def run_snippet(self, code: str, collector_url: str, **namespace: Any) -> Dict[str, Any]:
        code = code.replace("http://localhost:8000", collector_url).replace("https://your-llmobserve.com", collector_url)
        code = code.replace('"your-api-key"', repr(self.keys["your_company"]))
        code = code.replace('"llmo_sk_..."', repr(self.keys["acme_corp"]))
        ns: Dict[str, Any] = {"__name__": "seed_snippet", **namespace}
        exec(compile(code, "MULTI_TENANCY_GUIDE.md", "exec"), ns)
        return ns

    def ask(self) -> None:
        self.openai_client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])

    @unittest.skipUnless(os.path.exists(ORIGINAL), "the original seed guide is not on this machine")
    def test_the_copy_is_the_seed_guide(self) -> None:
        with open(ORIGINAL, encoding="utf-8") as f:
            self.assertEqual(guide_text(), f.read())

    def test_solo_developer(self) -> None:
        code = snippet("Solo Developer")
        self.assertIn('llmobserve.observe(collector_url="http://localhost:8000")', code)
        before = len(support.collector().events("default_tenant", 0))
        contextvars.copy_context().run(lambda: (self.run_snippet(code, support.collector().url), self.ask()))
        self.assertTrue(llmobserve.flush(10))
        events = support.collector().events("default_tenant", before + 1)
        self.assertEqual(len(events), before + 1)
        e = events[-1] if before == 0 else max(events, key=lambda x: x["received_at"])
        self.assertEqual((e["tenant_id"], e["customer_id"], e["provider"]), ("default_tenant", None, "openai"))
        self.assertEqual(e["cost_status"], "priced")  # "Dashboard shows your total costs"

    def test_saas_founder(self) -> None:
        code = snippet("SaaS Founder")
        self.assertIn("set_customer_id(request.user_id)", code)
        app = FakeApp()

        def scenario() -> Any:
            self.run_snippet(code, self.secured.url, app=app, openai_client=self.openai_client)
            return app.routes["/api/chat"](Request("customer_alice", "What does this cost?"))

        response = contextvars.copy_context().run(scenario)
        self.assertEqual(response["object"], "chat.completion")
        self.assertTrue(llmobserve.flush(10))
        events = self.secured.events("your_company", 1, token=self.keys["your_company"])
        self.assertEqual(len(events), 1)
        e = events[0]
        # "All events tagged with tenant_id="your_company", customer_id="customer_alice""
        self.assertEqual((e["tenant_id"], e["customer_id"]), ("your_company", "customer_alice"))
        self.assertEqual((e["provider"], e["endpoint"], e["model"]), ("openai", "chat.completions", "gpt-4o-mini-2024-07-18"))
        self.assertGreater(e["cost_usd"], 0)

    def test_multi_tenant(self) -> None:
        code = snippet("Multi-Tenant SaaS (Each Tenant")
        self.assertIn('set_customer_id("end_user_42")', code)
        contextvars.copy_context().run(lambda: (self.run_snippet(code, self.secured.url, User=User), self.ask()))
        self.assertTrue(llmobserve.flush(10))
        events = self.secured.events("acme_corp", 1, token=self.keys["acme_corp"])
        self.assertEqual(len(events), 1)
        # "All their API calls are now tagged with tenant_id="acme_corp"", their end-customer too
        self.assertEqual((events[0]["tenant_id"], events[0]["customer_id"]), ("acme_corp", "end_user_42"))

    def test_observe_per_login_keeps_each_tenants_events_with_its_key(self) -> None:
        """The multi-tenant snippet calls observe() at each login: events queued before a re-initialisation still
        travel with the key of the tenant they belong to (the collector refuses another tenant's key)."""
        code = snippet("Multi-Tenant SaaS (Each Tenant")
        ns = contextvars.copy_context().run(lambda: self.run_snippet(code, self.secured.url, User=User))
        init = ns["initialize_observability_for_tenant"]
        logins = ("login_a", "login_b", "login_c")
        for t in logins:
            init(User(tenant_id=t, api_key=self.keys[t]))
            self.ask()  # queued, not yet sent, when the next login re-initialises
        self.assertTrue(llmobserve.flush(10))
        for t in logins:
            self.assertEqual([e["tenant_id"] for e in self.secured.events(t, 1, token=self.keys[t])], [t])
        self.assertEqual(llmobserve.stats()["rejected"], 0)

    def test_environment_variables(self) -> None:
        exports = dict(re.findall(r'export (\w+)="([^"]*)"', snippet("Environment Variables", "bash")))
        self.assertEqual(sorted(exports), ["LLMOBSERVE_API_KEY", "LLMOBSERVE_COLLECTOR_URL", "LLMOBSERVE_TENANT_ID"])
        exports["LLMOBSERVE_COLLECTOR_URL"] = self.secured.url
        exports["LLMOBSERVE_API_KEY"] = self.keys["my_company"]  # "dev-mode": a real key here
        code = snippet("Environment Variables")
        self.assertIn("llmobserve.observe()", code)
        with mock.patch.dict(os.environ, exports):
            contextvars.copy_context().run(lambda: (self.run_snippet(code, self.secured.url), self.ask()))
        self.assertTrue(llmobserve.flush(10))
        events = self.secured.events("my_company", 1, token=self.keys["my_company"])
        self.assertEqual([e["tenant_id"] for e in events], ["my_company"])  # "tenant_id automatically loaded from env var"


if __name__ == "__main__":
    unittest.main()
