"""Clients created before the first observe() of the process (before llmobserve is even imported) are tracked: the
transport classes are patched, not instances. Run in a fresh interpreter, where nothing was patched yet."""
import os
import subprocess
import sys
import unittest

import support

SCRIPT = r'''
import sys, json
import httpx, requests
sync_client = httpx.Client(timeout=20)
async_client = httpx.AsyncClient(timeout=20)
session = requests.Session()
sys.path.insert(0, SRC)
import llmobserve
llmobserve.observe(collector_url=COLLECTOR, tenant_id=TENANT, providers={OPENAI + "/v1": "openai"}, flush_interval_ms=20)
body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
url = OPENAI + "/v1/chat/completions"
sync_client.post(url, json=body).raise_for_status()
session.post(url, json=body, timeout=20).raise_for_status()
import asyncio
async def main():
    (await async_client.post(url, json=body)).raise_for_status()
    await async_client.aclose()
asyncio.run(asyncio.wait_for(main(), 20))
assert llmobserve.flush(10), llmobserve.stats()
'''


class EarlyClientsTest(support.TestCase):
    def test_clients_created_before_observe_are_tracked(self) -> None:
        tenant = support.tenant()
        head = (f"SRC={os.path.join(support.PKG, 'src')!r}\nCOLLECTOR={support.collector().url!r}\n"
                f"TENANT={tenant!r}\nOPENAI={support.mocks().openai!r}\n")
        r = subprocess.run([sys.executable, "-c", head + SCRIPT], capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode()[-3000:])
        events = support.collector().events(tenant, 3)
        self.assertEqual(len(events), 3)
        self.assertTrue(all(e["provider"] == "openai" and e["input_tokens"] > 0 for e in events))


if __name__ == "__main__":
    unittest.main()
