"""`npm run bench:python`: time the Python SDK adds per call over an httpx request to the local mock OpenAI server
(same method as `npm run bench:sdk`).

Layout: the mock providers (packages/mock-providers, a node process) and a sink for `POST /events` (a Python process
answering 200) run apart from this worker, which alternates blocks of untracked and tracked calls:
plain `POST /v1/chat/completions`, and streamed (`stream: true` + `stream_options.include_usage`, every chunk read).
Added (median) = median over rounds of (tracked block median - untracked block median), paired by round; added (p99)
= tracked p99 - untracked p99 over all calls. Untracked = after shutdown(): the patched transport's pass-through,
one attribute check. Host CPU added per call = this process's CPU time (all threads: the sender thread building,
gzipping and posting events included) per call, tracked - untracked.

Environment: BENCH_ROUNDS (40), BENCH_BLOCK (50), BENCH_WARMUP (200). Run under /usr/bin/python3 (Debian's httpx).
"""
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import support  # noqa: E402  (starts the mocks; puts src/ on sys.path)

import httpx  # noqa: E402

import llmobserve  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
BLOCK = int(os.environ.get("BENCH_BLOCK", "50"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "200"))

SINK = r'''
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers["content-length"]))
        out = b'{"accepted":0,"duplicates":0,"rejected":[]}'
        self.send_response(200); self.send_header("content-length", str(len(out))); self.end_headers(); self.wfile.write(out)
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(f"http://127.0.0.1:{s.server_address[1]}", flush=True)
s.serve_forever()
'''


def no_delay() -> None:
    """TCP_NODELAY on httpcore 0.16's sockets (Debian's): it writes a request's headers and body apart, and Nagle's
    algorithm with the server's delayed ACK would add ~40 ms to every call, hiding everything else."""
    import socket

    import httpcore.backends.sync as backend
    orig = backend.SyncBackend.connect_tcp

    def connect_tcp(self, *a, **kw):
        stream = orig(self, *a, **kw)
        stream._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return stream
    backend.SyncBackend.connect_tcp = connect_tcp


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    no_delay()
    mocks = support.mocks()
    sink = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE)
    sink_url = sink.stdout.readline().decode().strip()
    url = mocks.openai + "/v1/chat/completions"
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}).encode()
    sbody = json.dumps({"model": "gpt-4o-mini", "stream": True, "stream_options": {"include_usage": True},
                        "messages": [{"role": "user", "content": "Say hello"}]}).encode()
    headers = {"content-type": "application/json", "authorization": "Bearer sk-test"}
    http = httpx.Client(timeout=30)

    def plain() -> None:
        http.post(url, content=body, headers=headers).read()

    def stream() -> None:
        with http.stream("POST", url, content=sbody, headers=headers) as r:
            for _ in r.iter_bytes():
                pass

    def block(fn):
        out = []
        for _ in range(BLOCK):
            t0 = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t0) * 1e6)
        return out

    def start() -> None:
        llmobserve.observe(collector_url=sink_url, providers={mocks.openai + "/v1": "openai"})

    results = {}
    try:
        for name, fn in (("chat.completions", plain), ("chat.completions stream", stream)):
            start()
            for _ in range(WARMUP):
                fn()
            llmobserve.shutdown(5)
            for _ in range(WARMUP):
                fn()
            diffs, all_u, all_t = [], [], []
            cpu = {"u": [0.0, 0], "t": [0.0, 0]}
            for r in range(ROUNDS):
                for mode in (("u", "t") if r % 2 == 0 else ("t", "u")):
                    if mode == "t":
                        start()
                    c0 = time.process_time()
                    xs = block(fn)
                    if mode == "t":
                        llmobserve.flush(10)  # the sender's work for this block is counted in its CPU time
                    cpu[mode][0] += time.process_time() - c0
                    cpu[mode][1] += len(xs)
                    if mode == "t":
                        llmobserve.shutdown(5)
                        all_t += xs
                        tm = statistics.median(xs)
                    else:
                        all_u += xs
                        um = statistics.median(xs)
                diffs.append(tm - um)
            results[name] = {
                "untracked": (statistics.median(all_u), pct(all_u, 99)),
                "tracked": (statistics.median(all_t), pct(all_t, 99)),
                "added_median": statistics.median(diffs),
                "added_p99": pct(all_t, 99) - pct(all_u, 99),
                "ratio": statistics.median(all_t) / statistics.median(all_u),
                "cpu_added": (cpu["t"][0] / cpu["t"][1] - cpu["u"][0] / cpu["u"][1]) * 1e6,
            }
    finally:
        http.close()
        sink.terminate()
        sink.wait(5)
    print(f"python {sys.version.split()[0]}, httpx {httpx.__version__}, {ROUNDS} rounds x {BLOCK} calls per mode, warmup {WARMUP}")
    print("| call | untracked median / p99 | tracked median / p99 | added (median) | added (p99) | ratio (median) | host CPU added per call |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['untracked'][0]:,.0f} µs / {r['untracked'][1]:,.0f} µs | {r['tracked'][0]:,.0f} µs / "
              f"{r['tracked'][1]:,.0f} µs | {r['added_median']:+,.0f} µs | {r['added_p99']:+,.0f} µs | {r['ratio']:.3f} | "
              f"{r['cpu_added']:+,.0f} µs |")


if __name__ == "__main__":
    main()
