"""WSGI middleware under the standard library's wsgiref server, ASGI middleware with a minimal ASGI app: a run per
request, the customer from `X-Customer-ID`, and a clean context for the next request on the same thread."""
import asyncio
import threading
import unittest
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx

import support
from support import flushed_events

import llmobserve
from llmobserve import LLMObserveASGIMiddleware, LLMObserveWSGIMiddleware


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *a: object) -> None:
        pass


class MiddlewareTest(support.ObservedTestCase):
    def test_wsgi(self) -> None:
        seen = []

        def app(environ, start_response):
            seen.append(llmobserve.get_customer_id())
            with httpx.Client(timeout=20) as http:
                http.post(self.url, json=self.body).raise_for_status()
            start_response("200 OK", [("content-type", "text/plain")])
            return [b"ok"]

        server = make_server("127.0.0.1", 0, LLMObserveWSGIMiddleware(app), handler_class=QuietHandler)
        self.addCleanup(server.server_close)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        base = f"http://127.0.0.1:{server.server_port}/"
        for customer in ("alice", "bob", None):
            req = urllib.request.Request(base, headers={"X-Customer-ID": customer} if customer else {})
            with urllib.request.urlopen(req, timeout=20) as r:
                self.assertEqual(r.read(), b"ok")
        self.assertEqual(seen, ["alice", "bob", None])  # the third request does not inherit bob
        got = flushed_events(self.tenant, 3)
        self.assertEqual(sorted(str(e["customer_id"]) for e in got), ["None", "alice", "bob"])
        self.assertEqual(len({e["run_id"] for e in got}), 3)  # one run per request

    def test_request_id_header_names_the_run(self) -> None:
        def app(environ, start_response):
            with httpx.Client(timeout=20) as http:
                http.post(self.url, json=self.body).raise_for_status()
            start_response("200 OK", [])
            return [llmobserve.get_run_id().encode()]

        mw = LLMObserveWSGIMiddleware(app, customer_header="X-User", request_id_header="X-Request-ID")
        body = mw({"HTTP_X_USER": "dora", "HTTP_X_REQUEST_ID": "req-7"}, lambda status, headers: None)
        self.assertEqual(b"".join(body), b"req-7")
        body.close()
        self.assertIsNone(llmobserve.get_run_id())  # restored after the response
        e = flushed_events(self.tenant, 1)[0]
        self.assertEqual((e["run_id"], e["customer_id"]), ("req-7", "dora"))

    def test_asgi(self) -> None:
        async def app(scope, receive, send):
            async with httpx.AsyncClient(timeout=20) as http:
                (await http.post(self.url, json=self.body)).raise_for_status()
                (await http.post(self.url, json=self.body)).raise_for_status()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": llmobserve.get_customer_id().encode()})

        mw = LLMObserveASGIMiddleware(app)

        async def request(customer: str) -> bytes:
            sent = []

            async def receive():
                return {"type": "http.request", "body": b"", "more_body": False}

            async def send(message):
                sent.append(message)

            scope = {"type": "http", "method": "GET", "path": "/", "headers": [(b"x-customer-id", customer.encode())]}
            await mw(scope, receive, send)
            return sent[-1]["body"]

        async def main():
            return await asyncio.gather(*(request(f"c{i}") for i in range(10)))

        bodies = asyncio.run(asyncio.wait_for(main(), 30))
        self.assertEqual(bodies, [f"c{i}".encode() for i in range(10)])
        got = flushed_events(self.tenant, 20)
        by_run = {}
        for e in got:
            by_run.setdefault(e["run_id"], set()).add(e["customer_id"])
        self.assertEqual(len(by_run), 10)  # one run per request, two calls each
        self.assertTrue(all(len(c) == 1 for c in by_run.values()))
        self.assertEqual(sorted(c.pop() for c in by_run.values()), sorted(f"c{i}" for i in range(10)))


if __name__ == "__main__":
    unittest.main()
