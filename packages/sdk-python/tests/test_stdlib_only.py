"""The package needs nothing but the standard library at run time: with httpx and requests unimportable it still
observes, records spans and track() events, and delivers them (here by its atexit flush). Run under this interpreter, and under Python 3.9
(the oldest supported) when one is on the machine."""
import glob
import os
import subprocess
import sys
import unittest

import support

SCRIPT = r'''
import sys
sys.modules["httpx"] = None      # import httpx -> ImportError
sys.modules["requests"] = None
sys.path.insert(0, SRC)
import llmobserve
llmobserve.observe(collector_url=URL, tenant_id=TENANT, flush_interval_ms=20)
with llmobserve.run("stdlib-run"):
    llmobserve.set_customer_id("carol")
    with llmobserve.section("billing"):
        llmobserve.track("twilio", "calls", units={"minutes": 3.5})
# no flush(): the atexit hook delivers what is queued
'''


def interpreters():
    found = [sys.executable]
    found += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.9*/bin/python3.9")))[:1]
    return found


class StdlibOnlyTest(support.TestCase):
    def test_runs_without_httpx_and_requests(self) -> None:
        for exe in interpreters():
            with self.subTest(python=exe):
                tenant = support.tenant()
                code = f"SRC={os.path.join(support.PKG, 'src')!r}\nURL={support.collector().url!r}\nTENANT={tenant!r}\n" + SCRIPT
                r = subprocess.run([exe, "-c", code], capture_output=True, timeout=60)
                self.assertEqual(r.returncode, 0, r.stderr.decode())
                events = support.collector().events(tenant, 2)
                self.assertEqual(sorted(e["span_type"] for e in events), ["api", "section"])
                self.assertTrue(all(e["customer_id"] == "carol" and e["run_id"] == "stdlib-run" for e in events))
                api = next(e for e in events if e["span_type"] == "api")
                self.assertEqual(api["section_path"], "billing")


if __name__ == "__main__":
    unittest.main()
