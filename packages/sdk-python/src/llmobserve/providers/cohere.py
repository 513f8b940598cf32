"""Cohere wire format (`cohere`'s ClientV2 and v1 Client to api.cohere.com); a port of the TypeScript SDK's
`providers/cohere.ts`. Pure functions.

/v2/chat (JSON, or SSE `message-start` ... `message-end` with `delta.usage`), /v1/chat (JSON, or JSON lines ending
with `stream-end` and the whole response), /v2|v1/embed (`meta.billed_units.input_tokens`), /v2|v1/rerank
(`meta.billed_units.search_units`, a unit). Canonical usage: `billed_units` (what is charged) when present, else
`tokens`; responses name no model, the requested one is recorded.
"""
import json
from typing import Any, Dict, List, Optional

from .._estimate import estimate_tokens, text_length
from .._sse import SseEvent
from ._util import RequestSummary, Summary, Usage, amount, count, has_number, is_obj, obj, parse_json, positive_units, string


def _token_counts(o: Any) -> Optional[Dict[str, Any]]:
    return o if is_obj(o) and (has_number(o, "input_tokens") or has_number(o, "output_tokens")) else None


def normalize_usage(u: Any) -> Optional[Usage]:
    if not is_obj(u):
        return None
    src = _token_counts(u.get("billed_units")) or _token_counts(u.get("tokens"))
    if src is None:
        return None
    return {"input_tokens": count(src.get("input_tokens")), "output_tokens": count(src.get("output_tokens")),
            "cache_read_tokens": 0, "cache_write_tokens": 0, "reasoning_tokens": 0}


def summarize_request(endpoint: str, body: Any) -> RequestSummary:
    if not is_obj(body):
        return RequestSummary()
    chars = 0
    if endpoint == "chat":
        chars = sum(text_length(body.get(k)) for k in ("messages", "message", "chat_history", "preamble"))
    elif endpoint == "embed":
        chars = text_length(body.get("texts")) + text_length(body.get("inputs"))
    elif endpoint == "rerank":
        chars = text_length(body.get("query")) + text_length(body.get("documents"))
    return RequestSummary(string(body.get("model")), body.get("stream") is True, estimate_tokens(chars))


def error_message(body: Any) -> Optional[str]:
    if not is_obj(body):
        return None
    e = body.get("error")
    return string(body.get("message")) or (string(e.get("message")) if is_obj(e) else string(e))


def _dumps_len(v: Any) -> int:
    return len(json.dumps(v, separators=(",", ":"), ensure_ascii=False))


def summarize_json(endpoint: str, body: Any) -> Summary:
    s = Summary()
    if not is_obj(body):
        return s
    s.response_id = string(body.get("id")) or string(body.get("generation_id")) or string(body.get("response_id"))
    if endpoint == "rerank":
        billed = obj(obj(body.get("meta")).get("billed_units"))
        s.units = positive_units({"search_units": amount(billed.get("search_units"))})
        return s
    s.usage = normalize_usage(body.get("usage")) or normalize_usage(body.get("meta"))
    if endpoint == "chat":
        n = len(body["text"]) if isinstance(body.get("text"), str) else 0
        m = body.get("message")
        if is_obj(m):
            n += text_length(m.get("content")) + text_length(m.get("tool_plan"))
            if isinstance(m.get("tool_calls"), list):
                n += _dumps_len(m["tool_calls"])
        s.output_chars = n
    return s


def _fold_v1(s: Summary, t: str, d: Dict[str, Any]) -> None:
    if t == "stream-start":
        s.response_id = string(d.get("generation_id")) or s.response_id
    elif t == "text-generation":
        if isinstance(d.get("text"), str):
            s.output_chars += len(d["text"])
    elif t in ("tool-calls-chunk", "tool-calls-generation"):
        s.output_chars += text_length(d.get("text")) + (_dumps_len(d["tool_call_delta"]) if "tool_call_delta" in d else 0)
    elif t == "stream-end":
        r = d.get("response") if is_obj(d.get("response")) else None
        u = normalize_usage(r.get("meta")) if r else None
        if u:
            s.usage = u
        if r:
            s.response_id = string(r.get("generation_id")) or string(r.get("response_id")) or s.response_id
        if d.get("finish_reason") in ("ERROR", "ERROR_TOXIC", "ERROR_LIMIT"):
            s.error = f"stream ended with {d['finish_reason']}"


def summarize_stream(endpoint: str, events: List[SseEvent]) -> Summary:
    s = Summary()
    for e in events:
        if e.data == "[DONE]":
            continue
        d = parse_json(e.data)
        if not is_obj(d):
            continue
        v1 = string(d.get("event_type"))
        if v1 is not None:
            _fold_v1(s, v1, d)
            continue
        t = string(d.get("type")) or e.event
        delta = d.get("delta") if is_obj(d.get("delta")) else None
        if t == "message-start":
            s.response_id = string(d.get("id")) or s.response_id
        elif t in ("content-delta", "tool-plan-delta", "tool-call-delta", "tool-call-start"):
            msg = delta.get("message") if delta and is_obj(delta.get("message")) else None
            if msg:
                s.output_chars += text_length(msg.get("content")) + text_length(msg.get("tool_plan"))
                if is_obj(msg.get("tool_calls")):
                    s.output_chars += _dumps_len(msg["tool_calls"])
        elif t == "message-end":
            s.response_id = string(d.get("id")) or s.response_id
            u = normalize_usage(delta.get("usage")) if delta else None
            if u:
                s.usage = u
            if delta and string(delta.get("error")):
                s.error = delta["error"]
            elif delta and delta.get("finish_reason") == "ERROR":
                s.error = "stream error"
        elif is_obj(d.get("error")) or (t == "error" and string(d.get("message"))):
            s.error = error_message(d) or "stream error"
    return s
