"""One tracked HTTP call. On the caller's path it only keeps references: the request body, the response status and
headers, and each response chunk as it passes (bounded). Everything else (decompression, JSON/SSE parsing, the event)
runs later on the sender thread (`build_event`), so the caller's bytes and chunk timing are untouched."""
import itertools
import json
import time
import uuid
import zlib
from collections import deque
from typing import Any, Deque, Dict, List, Optional, Tuple

from ._estimate import estimate_tokens
from ._events import attribution, call_event, new_id
from ._log import debug
from ._sse import is_json_lines_type, parse_json_lines, parse_sse
from .providers import Match, Provider
from .providers._util import RequestSummary, Summary

MAX_REQUEST_BYTES = 8 * 1024 * 1024
#: response bytes kept whole; beyond, the head and the tail (where usage is) are kept
MAX_RESPONSE_BYTES = 8 * 1024 * 1024
HEAD_BYTES = 1024 * 1024
TAIL_BYTES = 2 * 1024 * 1024


def status_from_http(code: int) -> str:
    if code == 429:
        return "rate_limited"
    if code in (408, 504):
        return "timeout"
    return "error" if code >= 400 else "ok"


class Call:
    __slots__ = ("provider", "match", "ctx", "cfg", "started_at", "t0", "t1", "request_body", "status_code",
                 "request_headers", "response_headers", "decoded", "head", "head_size", "tail",
                 "tail_size", "size", "truncated", "end", "error", "done", "_submit")

    def __init__(self, provider: Provider, match: Match, ctx: Any, cfg: Any, submit: Any) -> None:
        self.provider = provider
        self.match = match
        self.ctx = ctx
        self.cfg = cfg
        self._submit = submit
        self.started_at = time.time()
        self.t0 = time.perf_counter()
        self.t1 = 0.0
        self.request_body: Optional[bytes] = None
        self.status_code = 0
        #: header mappings with a case-insensitive .get (httpx.Headers, requests' CaseInsensitiveDict), read only
        #: when the event is built, on the sender thread
        self.request_headers: Any = None
        self.response_headers: Any = None
        #: the body chunks are already decoded (requests/urllib3 decode gzip and deflate themselves)
        self.decoded = False
        self.head: List[bytes] = []
        self.head_size = 0
        self.tail: Optional[Deque[bytes]] = None
        self.tail_size = 0
        self.size = 0
        self.truncated = False
        self.end = ""  # complete | error | cancelled | timeout
        self.error: Optional[str] = None
        self.done = False

    # ---- the caller's path: cheap, never raising ----

    def response(self, status_code: int, headers: Any) -> None:
        self.status_code = status_code
        self.response_headers = headers

    def _header(self, headers: Any, name: str) -> str:
        try:
            v = headers.get(name) if headers is not None else None
        except Exception:
            v = None
        return v if isinstance(v, str) else ""

    def chunk(self, b: bytes) -> None:
        try:
            self._keep(b)
        except Exception as e:  # never into the app
            debug(f"could not keep a chunk: {e}")

    def _keep(self, b: bytes) -> None:
        n = len(b)
        self.size += n
        if self.tail is None:
            if self.head_size + n <= MAX_RESPONSE_BYTES:
                self.head.append(b)
                self.head_size += n
                return
            self._start_tail()
        self.tail.append(b)  # type: ignore[union-attr]
        self.tail_size += n
        while self.tail_size > TAIL_BYTES and len(self.tail) > 1:  # type: ignore[arg-type]
            self.tail_size -= len(self.tail.popleft())  # type: ignore[union-attr]

    def _start_tail(self) -> None:
        """The response outgrew MAX_RESPONSE_BYTES: keep its first HEAD_BYTES, then a rolling tail."""
        self.truncated = True
        kept: List[bytes] = []
        size = 0
        for c in self.head:
            if size >= HEAD_BYTES:
                break
            kept.append(c)
            size += len(c)
        self.head, self.head_size = kept, size
        self.tail = deque()

    def finish(self, end: str, error: Optional[BaseException] = None) -> None:
        """The response ended (`complete`), failed (`error`, `timeout`) or was abandoned (`cancelled`); once."""
        if self.done:
            return
        self.done = True
        self.t1 = time.perf_counter()
        self.end = end
        if error is not None:
            self.error = (type(error).__name__ + (f": {error}" if str(error) else ""))[:1000]
        try:
            self._submit(self)
        except Exception as e:  # never into the app
            debug(f"could not queue a call: {e}")

    # ---- the sender thread ----

    def _body_bytes(self) -> Optional[bytes]:
        """The response body, decoded; None when it cannot be read (unknown encoding, cut or corrupt compressed data)."""
        raw = b"".join(self.head)
        enc = "" if self.decoded else self._header(self.response_headers, "content-encoding").lower().strip()
        if self.truncated:
            if enc not in ("", "identity"):
                return None
            return raw + b"\n\n" + b"".join(self.tail or ())
        if enc in ("", "identity"):
            return raw
        try:
            if enc in ("gzip", "x-gzip"):
                return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw)
            if enc == "deflate":
                try:
                    return zlib.decompress(raw)
                except zlib.error:
                    return zlib.decompress(raw, -zlib.MAX_WBITS)
        except zlib.error:
            return None
        return None  # br, zstd: not in the standard library

    def _request_summary(self) -> RequestSummary:
        wire = self.provider.wire
        try:
            body = json.loads(self.request_body) if self.request_body else None
        except (ValueError, UnicodeDecodeError):
            body = None
        try:
            return wire.summarize_request(self.match.endpoint, body)
        except Exception:
            return RequestSummary()

    def build_event(self) -> Optional[Dict[str, Any]]:
        """The wire event of this call (a port of the TypeScript tracker's buildEvent), or None to record nothing."""
        cfg = self.cfg
        span_id = new_id()
        attr = attribution(self.ctx, cfg, span_id)
        if attr is None or 300 <= self.status_code < 400:
            return None  # an invalid with_tenant() scope; a redirect (the followed request is tracked)
        wire = self.provider.wire
        endpoint = self.match.endpoint
        summary = Summary()
        unreadable = False
        error: Optional[str] = None
        content_type = self._header(self.response_headers, "content-type").lower()
        is_sse = "text/event-stream" in content_type
        is_lines = not is_sse and is_json_lines_type(content_type)
        # a body in another format (audio/mpeg of speech, images): not read; the request's units say what it cost
        opaque = self.status_code < 400 and content_type != "" and "json" not in content_type and not (is_sse or is_lines)
        if self.status_code > 0 and self.size > 0 and not opaque:
            body = self._body_bytes()
            text = body.decode("utf-8", "replace") if body is not None else None
            if text is None:
                pass  # an encoding the standard library cannot read (br, zstd): recorded without usage, estimated
            elif is_sse or is_lines:
                summary = wire.summarize_stream(endpoint, parse_sse(text) if is_sse else parse_json_lines(text))
            elif self.status_code >= 400:
                try:
                    error = wire.error_message(json.loads(text))
                except ValueError:
                    pass
            else:
                try:
                    summary = wire.summarize_json(endpoint, json.loads(text))
                except ValueError:
                    if self.truncated:
                        summary = _truncated_json(wire, endpoint, text)
                    else:
                        unreadable = self.end == "complete"
        elif self.size == 0 and not opaque and 200 <= self.status_code < 300 and self.end == "complete":
            unreadable = True  # an empty body where a JSON one was due

        if self.end in ("error", "timeout", "cancelled"):
            status = self.end
            error = self.error or self.end
        elif self.status_code >= 400:
            status = status_from_http(self.status_code)
            error = error or f"HTTP {self.status_code}"
        elif unreadable:
            status, error = "error", "unreadable response body"
        elif summary.error:
            status, error = "error", summary.error
        else:
            status = "ok"

        usage = summary.usage
        estimated = False
        req: Optional[RequestSummary] = None
        produced = 200 <= self.status_code < 300 and self.size > 0 and not unreadable
        units = summary.units
        units_estimated = summary.units_estimated
        if (not units or units_estimated) and not usage and produced:
            req = self._request_summary()
            if req.units:
                units, units_estimated = req.units, req.units_estimated
        if usage and summary.usage_partial:
            usage = dict(usage)
            usage["output_tokens"] = max(usage["output_tokens"], estimate_tokens(summary.output_chars))
            estimated = True
        elif not usage and produced and not units:
            req = req or self._request_summary()
            usage = {"input_tokens": req.estimated_input_tokens, "output_tokens": estimate_tokens(summary.output_chars),
                     "cache_read_tokens": 0, "cache_write_tokens": 0, "reasoning_tokens": 0}
            estimated = True
        if units and units_estimated:
            estimated = True
        model = summary.model
        if model is None:
            req = req or self._request_summary()
            model = req.model or self.match.model
        is_streaming = is_sse or is_lines or (req.stream if req else False)
        event = call_event(attr, span_type=self.match.span_type, provider=self.provider.name, endpoint=endpoint,
                           model=model, usage=usage, started_at=self.started_at,
                           latency_ms=((self.t1 or time.perf_counter()) - self.t0) * 1000, status=status,
                           error=error, is_streaming=is_streaming, usage_estimated=estimated)
        raw_attempt = self._header(self.request_headers, "x-stainless-retry-count")
        attempt = int(raw_attempt) if raw_attempt.isdigit() else None
        op_key = (attr["tenant_id"], self.ctx.run_id, self.provider.name, endpoint)
        metadata: Dict[str, Any] = {"operation_id": operation_for(op_key, attempt), "attempt": attempt or 0}
        if summary.response_id:
            metadata["provider_response_id"] = summary.response_id[:256]
        request_id = self._header(self.response_headers, "x-request-id") or self._header(self.response_headers, "request-id")
        if request_id:
            metadata["provider_request_id"] = request_id[:256]
        if metadata:
            event["metadata"] = metadata
        if units:
            event["units"] = units
        if self.provider.reports_cost and summary.cost_usd is not None:
            event["cost_usd"] = summary.cost_usd
            event["cost_source"] = "provider"
        return event


_OP_PREFIX = "op_" + uuid.uuid4().hex[:8]
_op_counter = itertools.count(1)
_ops: Dict[Tuple[Any, ...], str] = {}


def operation_for(key: Tuple[Any, ...], attempt: Optional[int]) -> str:
    """Retry awareness (as the TS SDK's operations.ts): the official clients number their attempts in
    `X-Stainless-Retry-Count`; each attempt is its own event, and a retry shares the operation id of the latest first
    attempt to the same endpoint in the same run. Runs on the sender thread, which builds events in the order the
    calls ended, so a first attempt is always seen before its retries."""
    if attempt:
        op = _ops.get(key)
        if op is not None:
            return op
    op = f"{_OP_PREFIX}_{next(_op_counter):x}"
    if attempt is not None:
        if len(_ops) >= 1000:
            _ops.clear()
        _ops[key] = op
    return op


def _truncated_json(wire: Any, endpoint: str, text: str) -> Summary:
    """A JSON body too large to keep whole: its `usage` is read from the tail (where providers put it)."""
    at = text.rfind('"usage"')
    while at != -1:
        start = text.find("{", at)
        if start != -1:
            try:
                usage, _ = json.JSONDecoder().raw_decode(text, start)
                return wire.summarize_json(endpoint, {"usage": usage})
            except ValueError:
                pass
        at = text.rfind('"usage"', 0, at)
    return Summary()
