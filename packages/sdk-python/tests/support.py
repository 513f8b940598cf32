"""Test environment: a real collector process (the built CLI, fresh SQLite, port 0) and the mock provider servers
of packages/mock-providers (tests/mock_servers.ts), each started once per test run and stopped at exit. Every wait
has a deadline. Also minimal stand-ins for the official `openai` / `anthropic` clients (not installable here: no
PyPI) that send the same HTTP requests through httpx."""
import atexit
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from typing import Any, Callable, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(PKG))
sys.path.insert(0, os.path.join(PKG, "src"))

import httpx  # noqa: E402  (Debian's python3-httpx)

import llmobserve  # noqa: E402

COLLECTOR_CLI = os.path.join(ROOT, "packages", "collector", "dist", "cli", "main.js")
START_DEADLINE_S = 30


def _read_line(proc: subprocess.Popen, what: str, accept: Callable[[str], Optional[str]]) -> str:
    """The first stdout line `accept` takes, within START_DEADLINE_S (a reader thread: readline has no timeout)."""
    found: List[str] = []
    done = threading.Event()

    def reader() -> None:
        for raw in proc.stdout:  # type: ignore[union-attr]
            v = accept(raw.decode("utf-8", "replace"))
            if v is not None:
                found.append(v)
                done.set()
                break
        done.set()
        for _ in proc.stdout:  # type: ignore[union-attr]  # keep draining so the child never blocks on a full pipe
            pass

    threading.Thread(target=reader, daemon=True).start()
    if not done.wait(START_DEADLINE_S) or not found:
        proc.kill()
        raise RuntimeError(f"{what} did not start within {START_DEADLINE_S} s")
    return found[0]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            try:
                pipe.close()
            except OSError:
                pass


def fresh_db() -> str:
    return os.path.join(tempfile.mkdtemp(prefix="llmo-py-"), "collector.sqlite")


def collector_cli(db: str, *args: str) -> str:
    """A collector CLI command (tenants, keys) on `db`; its stdout."""
    return subprocess.run(["node", COLLECTOR_CLI, *args, "--db", db], check=True, capture_output=True, timeout=60).stdout.decode()


class Collector:
    def __init__(self, env: Optional[Dict[str, str]] = None, db: Optional[str] = None) -> None:
        if not os.path.exists(COLLECTOR_CLI):
            raise RuntimeError("collector not built: run `npm run build` first")
        db = db or fresh_db()
        self.proc = subprocess.Popen(["node", COLLECTOR_CLI, "serve", "--host", "127.0.0.1", "--port", "0", "--db", db],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
        atexit.register(_stop, self.proc)

        def accept(line: str) -> Optional[str]:
            i = line.find("http://127.0.0.1:")
            return line[i:].split()[0] if "listening on" in line and i >= 0 else None
        self.url = _read_line(self.proc, "collector", accept)

    def get(self, path: str, token: Optional[str] = None) -> Any:
        req = urllib.request.Request(self.url + path, headers={"authorization": f"Bearer {token}"} if token else {})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def events(self, tenant: str, expected: int, deadline_s: float = 10.0, token: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every event stored for `tenant`, once at least `expected` are (or the deadline passed)."""
        end = time.monotonic() + deadline_s
        while True:
            events: List[Dict[str, Any]] = []
            for r in self.get(f"/runs?tenant_id={tenant}&limit=500", token)["runs"]:
                events += self.get(f"/runs/{r['run_id']}?tenant_id={tenant}", token)["events"]
            if len(events) >= expected or time.monotonic() > end:
                return events
            time.sleep(0.05)


class Mocks:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(["node", "--import", "tsx", os.path.join(HERE, "mock_servers.ts")], cwd=ROOT,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        atexit.register(_stop, self.proc)
        urls = json.loads(_read_line(self.proc, "mock providers", lambda l: l if l.startswith("{") else None))
        self.openai: str = urls["openai"]
        self.anthropic: str = urls["anthropic"]
        self.pinecone: str = urls["pinecone"]
        self.gemini: str = urls["gemini"]
        self.voyage: str = urls["voyage"]
        self.cohere: str = urls["cohere"]


_collector: Optional[Collector] = None
_mocks: Optional[Mocks] = None


def collector() -> Collector:
    global _collector
    if _collector is None:
        _collector = Collector()
    return _collector


def mocks() -> Mocks:
    global _mocks
    if _mocks is None:
        _mocks = Mocks()
    return _mocks


def tenant() -> str:
    """A fresh tenant per test: tests share one collector and never see each other's events."""
    return "t_" + uuid.uuid4().hex[:16]


def observe_for_test(tenant_id: str, **kw: Any) -> None:
    m = mocks()
    providers = {m.openai + "/v1": "openai", m.anthropic: "anthropic", m.pinecone: "pinecone", m.gemini: "google",
                 m.voyage: "voyage", m.cohere: "cohere"}
    providers.update(kw.pop("providers", {}))
    llmobserve.observe(collector_url=collector().url, tenant_id=tenant_id, providers=providers,
                       flush_interval_ms=kw.pop("flush_interval_ms", 20), **kw)


def flushed_events(tenant_id: str, expected: int) -> List[Dict[str, Any]]:
    if not llmobserve.flush(timeout=10):
        raise AssertionError(f"flush did not complete: {llmobserve.stats()}")
    return collector().events(tenant_id, expected)


# ---- stand-ins for the official clients: the same requests (paths, headers, JSON bodies) over httpx ----

def _headers(extra: Optional[Dict[str, str]]) -> Dict[str, str]:
    h = {"x-stainless-lang": "python", "x-stainless-retry-count": "0", "accept": "application/json"}
    h.update(extra or {})
    return h


class _Completions:
    def __init__(self, client: "OpenAI") -> None:
        self._c = client

    def create(self, extra_headers: Optional[Dict[str, str]] = None, **body: Any) -> Any:
        return self._c._post("/chat/completions", body, extra_headers)


class _Chat:
    def __init__(self, client: "OpenAI") -> None:
        self.completions = _Completions(client)


class _Endpoint:
    def __init__(self, client: "OpenAI", path: str) -> None:
        self._c = client
        self._path = path

    def create(self, extra_headers: Optional[Dict[str, str]] = None, **body: Any) -> Any:
        return self._c._post(self._path, body, extra_headers)


class OpenAI:
    """`openai.OpenAI(base_url=..., api_key=...)`: chat.completions, responses, embeddings; `stream=True` returns the
    parsed chunks as an iterator, read as they arrive."""

    def __init__(self, base_url: str, api_key: str = "sk-test", http_client: Optional[httpx.Client] = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = http_client or httpx.Client(timeout=30)
        self._auth = {"authorization": f"Bearer {api_key}"}
        self.chat = _Chat(self)
        self.responses = _Endpoint(self, "/responses")
        self.embeddings = _Endpoint(self, "/embeddings")

    def _post(self, path: str, body: Dict[str, Any], extra: Optional[Dict[str, str]]) -> Any:
        headers = {**_headers(extra), **self._auth}
        req = self._http.build_request("POST", self.base_url + path, json=body, headers=headers)
        if body.get("stream"):
            return _sse_json(self._http.send(req, stream=True))
        r = self._http.send(req)
        r.raise_for_status()
        return r.json()


class Anthropic:
    """`anthropic.Anthropic(base_url=...)`: messages.create (and stream=True, parsed SSE events)."""

    def __init__(self, base_url: str, api_key: str = "sk-ant-test", http_client: Optional[httpx.Client] = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = http_client or httpx.Client(timeout=30)
        self._auth = {"x-api-key": api_key, "anthropic-version": "2023-06-01"}
        self.messages = self

    def create(self, extra_headers: Optional[Dict[str, str]] = None, **body: Any) -> Any:
        req = self._http.build_request("POST", self.base_url + "/v1/messages", json=body,
                                       headers={**_headers(extra_headers), **self._auth})
        if body.get("stream"):
            return _sse_json(self._http.send(req, stream=True))
        r = self._http.send(req)
        r.raise_for_status()
        return r.json()


def _sse_json(r: httpx.Response) -> Any:
    try:
        for line in r.iter_lines():
            line = line.rstrip("\r\n")
            if line.startswith("data: ") and line != "data: [DONE]":
                yield json.loads(line[6:])
    finally:
        r.close()


class _RedirectPool:
    """An httpcore connection pool that sends every request to a loopback mock, whatever host it names."""

    def __init__(self, pool: Any, target: str) -> None:
        import httpcore
        self._httpcore = httpcore
        self._pool = pool
        host, port = target.split("://", 1)[1].split(":")
        self._host = host.encode()
        self._port = int(port)

    def handle_request(self, request: Any) -> Any:
        request.url = self._httpcore.URL(scheme=b"http", host=self._host, port=self._port, target=request.url.target)
        return self._pool.handle_request(request)

    def close(self) -> None:
        self._pool.close()


def client_routed_to(mock_url: str) -> httpx.Client:
    """An httpx client whose requests keep their real URL (https://api.openai.com/...) for the app and the SDK, but
    whose bytes go to the loopback mock: the seed's snippets run unchanged, without `providers=` mappings."""
    transport = httpx.HTTPTransport()
    transport._pool = _RedirectPool(transport._pool, mock_url)  # type: ignore[attr-defined]
    return httpx.Client(transport=transport, timeout=30)


import contextvars  # noqa: E402
import unittest  # noqa: E402


class TestCase(unittest.TestCase):
    """Each test runs in a fresh contextvars.Context: a set_customer_id() at a test's top level (as in a request
    handler) does not leak into the next test, which runs on the same thread."""

    def run(self, result: Any = None) -> Any:
        return contextvars.Context().run(super().run, result)


class ObservedTestCase(TestCase):
    """Observing for a fresh tenant (the mocks mapped as providers); `self.url` is the mock's chat completions."""

    def setUp(self) -> None:
        self.tenant = tenant()
        observe_for_test(self.tenant)
        self.url = mocks().openai + "/v1/chat/completions"
        self.body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}

    def tearDown(self) -> None:
        llmobserve.shutdown(timeout=5)
