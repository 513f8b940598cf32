"""The package builds (pyproject.toml, src layout) into a wheel that carries py.typed and providers.json, and that
wheel imports on its own. Needs setuptools and wheel (skipped without them: no PyPI here)."""
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

import support


@unittest.skipUnless(importlib.util.find_spec("setuptools") and importlib.util.find_spec("wheel"), "setuptools/wheel missing")
class PackagingTest(support.TestCase):
    def test_wheel_has_typing_marker_and_provider_table(self) -> None:
        tmp = tempfile.mkdtemp(prefix="llmo-py-wheel-")
        self.addCleanup(shutil.rmtree, tmp, True)
        src = os.path.join(tmp, "src")
        shutil.copytree(support.PKG, src, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
        out = os.path.join(tmp, "dist")
        r = subprocess.run([sys.executable, "-c", f"from setuptools import build_meta as b; print(b.build_wheel({out!r}))"],
                           cwd=src, capture_output=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr.decode()[-2000:])
        wheel = os.path.join(out, r.stdout.decode().strip().splitlines()[-1])
        with zipfile.ZipFile(wheel) as z:
            names = set(z.namelist())
            meta = z.read("llmobserve-0.1.0.dist-info/METADATA").decode()
            z.extractall(os.path.join(tmp, "site"))
        for f in ("llmobserve/py.typed", "llmobserve/providers/providers.json", "llmobserve/intercept/_httpx.py"):
            self.assertIn(f, names)
        self.assertIn("Requires-Python: >=3.9", meta)
        self.assertNotIn("Requires-Dist", meta)  # standard library only
        r = subprocess.run([sys.executable, "-c", "import llmobserve.providers as p; print(len(p.supported_names()))"],
                           env={**os.environ, "PYTHONPATH": os.path.join(tmp, "site")}, cwd=tmp, capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(int(r.stdout), 15)


if __name__ == "__main__":
    unittest.main()
