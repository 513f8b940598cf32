"""Runs the Python SDK's unittest suite with a deadline per test, so that no test can hang `npm test`.

unittest has no timeout of its own: each test gets LLMOBSERVE_TEST_TIMEOUT_S seconds (default 120); past it,
faulthandler prints every thread's stack (what the test was waiting for) and ends the process with a failure.

    /usr/bin/python3 packages/sdk-python/scripts/run_tests.py [unittest discover arguments…]
"""
import faulthandler
import os
import sys
import unittest

PER_TEST_S = float(os.environ.get("LLMOBSERVE_TEST_TIMEOUT_S", "120"))
TESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests")


class DeadlineResult(unittest.TextTestResult):
    def startTest(self, test):
        faulthandler.dump_traceback_later(PER_TEST_S, exit=True)
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        faulthandler.cancel_dump_traceback_later()


def main() -> int:
    suite = unittest.defaultTestLoader.discover(TESTS, top_level_dir=TESTS)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=DeadlineResult)
    print(f"python SDK tests: {PER_TEST_S:g} s deadline per test", file=sys.stderr)
    return 0 if runner.run(suite).wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
