"""Anthropic Messages API wire format; a port of the TypeScript SDK's `providers/anthropic.ts`. Pure functions.

Canonical usage: Anthropic's `input_tokens` EXCLUDES cache reads and writes, which come on top of it, so canonical
input = input_tokens + cache_creation_input_tokens + cache_read_input_tokens; 1-hour cache writes
(`cache_creation.ephemeral_1h_input_tokens`) are kept as cache_write_1h_tokens, a part of the cache writes.
"""
import json
from typing import Any, List, Optional

from .._estimate import estimate_tokens, text_length
from .._sse import SseEvent
from ._util import (RequestSummary, Summary, Usage, count, has_number, is_obj, parse_json, positive_units, string,
                    zero_usage)


def _one_hour(usage: dict) -> Optional[int]:
    cc = usage.get("cache_creation")
    return count(cc["ephemeral_1h_input_tokens"]) if is_obj(cc) and has_number(cc, "ephemeral_1h_input_tokens") else None


def _with_one_hour(u: Usage, one_hour: Optional[int]) -> Usage:
    if one_hour:
        u["cache_write_1h_tokens"] = min(one_hour, u["cache_write_tokens"])
    return u


def normalize_usage(usage: Any) -> Optional[Usage]:
    if not is_obj(usage) or not (has_number(usage, "input_tokens") or has_number(usage, "output_tokens")):
        return None
    write = count(usage.get("cache_creation_input_tokens"))
    read = count(usage.get("cache_read_input_tokens"))
    u = {"input_tokens": count(usage.get("input_tokens")) + write + read,
         "output_tokens": count(usage.get("output_tokens")),
         "cache_read_tokens": read, "cache_write_tokens": write, "reasoning_tokens": 0}
    return _with_one_hour(u, _one_hour(usage))


def _server_tool_units(usage: Any):
    if not is_obj(usage) or not is_obj(usage.get("server_tool_use")):
        return None
    return positive_units({"web_search_requests": count(usage["server_tool_use"].get("web_search_requests"))})


def summarize_request(endpoint: str, body: Any) -> RequestSummary:
    if not is_obj(body):
        return RequestSummary()
    chars = text_length(body.get("messages")) + text_length(body.get("system")) + text_length(body.get("tools"))
    return RequestSummary(string(body.get("model")), body.get("stream") is True, estimate_tokens(chars))


def error_message(body: Any) -> Optional[str]:
    if not is_obj(body):
        return None
    e = body.get("error")
    if is_obj(e):
        return string(e.get("message")) or string(e.get("type")) or "error"
    return string(body.get("message"))


def _content_chars(content: Any) -> int:
    n = 0
    for b in content if isinstance(content, list) else []:
        if not is_obj(b):
            continue
        for k in ("text", "thinking"):
            if isinstance(b.get(k), str):
                n += len(b[k])
        if b.get("type") == "tool_use" and "input" in b:
            n += len(json.dumps(b["input"], separators=(",", ":"), ensure_ascii=False))
    return n


def summarize_json(endpoint: str, body: Any) -> Summary:
    s = Summary()
    if not is_obj(body):
        return s
    s.response_id = string(body.get("id"))
    if endpoint in ("messages.count_tokens", "messages.batches.create"):
        s.usage = zero_usage()  # free: a count is information; a batch is billed when its requests run
        return s
    s.model = string(body.get("model"))
    s.usage = normalize_usage(body.get("usage"))
    s.units = _server_tool_units(body.get("usage"))
    s.output_chars = _content_chars(body.get("content"))
    if body.get("type") == "error":
        s.error = error_message(body) or "error"
    return s


def summarize_stream(endpoint: str, events: List[SseEvent]) -> Summary:
    """`message_start` gives the input usage; `message_delta` the cumulative usage. A stream cut before its
    `message_delta` keeps the input usage with `usage_partial` set, so that the output is estimated."""
    s = Summary()
    for e in events:
        d = parse_json(e.data)
        if not is_obj(d):
            continue
        t = e.event or string(d.get("type"))
        if t == "content_block_delta":
            delta = d.get("delta")
            if is_obj(delta):
                for k in ("text", "partial_json", "thinking"):
                    if isinstance(delta.get(k), str):
                        s.output_chars += len(delta[k])
                        break
        elif t == "message_start":
            m = d.get("message")
            if not is_obj(m):
                continue
            s.model = string(m.get("model")) or s.model
            s.response_id = string(m.get("id")) or s.response_id
            u = normalize_usage(m.get("usage"))
            if u:
                s.usage = u
                s.usage_partial = True
            s.units = _server_tool_units(m.get("usage")) or s.units
        elif t == "message_delta":
            du = d.get("usage")
            if not is_obj(du):
                continue
            base = s.usage or zero_usage()
            write = count(du["cache_creation_input_tokens"]) if has_number(du, "cache_creation_input_tokens") else base["cache_write_tokens"]
            read = count(du["cache_read_input_tokens"]) if has_number(du, "cache_read_input_tokens") else base["cache_read_tokens"]
            plain = (count(du["input_tokens"]) if has_number(du, "input_tokens")
                     else base["input_tokens"] - base["cache_read_tokens"] - base["cache_write_tokens"])
            one_hour = _one_hour(du)
            s.usage = _with_one_hour({
                "input_tokens": plain + write + read,
                "output_tokens": count(du["output_tokens"]) if has_number(du, "output_tokens") else base["output_tokens"],
                "cache_read_tokens": read, "cache_write_tokens": write, "reasoning_tokens": 0,
            }, one_hour if one_hour is not None else base.get("cache_write_1h_tokens"))
            s.usage_partial = False
            s.units = _server_tool_units(du) or s.units
        elif t == "error":
            s.error = error_message(d) or "stream error"
    return s
