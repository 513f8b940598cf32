"""Voyage AI wire format (embeddings, rerank); a port of the TypeScript SDK's `providers/voyage.ts`.
Canonical usage: input = usage.total_tokens."""
from typing import Any, List, Optional

from .._estimate import estimate_tokens, text_length
from .._sse import SseEvent
from ._util import RequestSummary, Summary, Usage, count, has_number, is_obj, string


def normalize_usage(u: Any) -> Optional[Usage]:
    if not is_obj(u) or not has_number(u, "total_tokens"):
        return None
    return {"input_tokens": count(u["total_tokens"]), "output_tokens": 0, "cache_read_tokens": 0,
            "cache_write_tokens": 0, "reasoning_tokens": 0}


def summarize_request(endpoint: str, body: Any) -> RequestSummary:
    if not is_obj(body):
        return RequestSummary()
    chars = (text_length(body.get("query")) + text_length(body.get("documents")) if endpoint == "rerank"
             else text_length(body.get("input")))
    return RequestSummary(string(body.get("model")), False, estimate_tokens(chars))


def error_message(body: Any) -> Optional[str]:
    if not is_obj(body):
        return None
    e = body.get("error")
    return string(body.get("detail")) or string(body.get("message")) or (string(e.get("message")) if is_obj(e) else None)


def summarize_json(endpoint: str, body: Any) -> Summary:
    s = Summary()
    if is_obj(body):
        s.model = string(body.get("model"))
        s.usage = normalize_usage(body.get("usage"))
    return s


def summarize_stream(endpoint: str, events: List[SseEvent]) -> Summary:
    return Summary()
