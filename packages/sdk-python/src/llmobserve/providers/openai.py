"""OpenAI wire format (also spoken by the OpenAI-compatible hosts): Chat Completions, Responses, Embeddings, JSON
and SSE. A port of the TypeScript SDK's `providers/openai.ts`; pure functions.

Canonical usage: `prompt_tokens` / Responses `input_tokens` already include the cached tokens, `completion_tokens` /
`output_tokens` already include the reasoning tokens, so input = prompt_tokens and the details are parts of it.
"""
import re
from typing import Any, List, Optional

from .._estimate import estimate_tokens, text_length
from .._sse import SseEvent
from ._util import (RequestSummary, Summary, Usage, clamp_details, count, has_number, is_obj, obj, parse_json,
                    string, zero_usage)


def clamp_usage(u: Usage) -> Usage:
    """Parts never exceed their totals, even when a server reports inconsistent details."""
    read = min(u["cache_read_tokens"], u["input_tokens"])
    write = min(u["cache_write_tokens"], u["input_tokens"] - read)
    u["cache_read_tokens"] = read
    u["cache_write_tokens"] = write
    u["reasoning_tokens"] = min(u["reasoning_tokens"], u["output_tokens"])
    return u


def _with_details(u: Usage, details: dict) -> Usage:
    """Sets the modality details (audio, image tokens) within the convention; only when there are some."""
    d = clamp_details(u, details)
    if d:
        u["token_details"] = d
    return u


def normalize_chat_usage(usage: Any) -> Optional[Usage]:
    """`usage` of a chat.completion, a chunk or an embeddings list -> canonical usage; None without counts."""
    if not is_obj(usage) or not (has_number(usage, "prompt_tokens") or has_number(usage, "completion_tokens")):
        return None
    pd = obj(usage.get("prompt_tokens_details"))
    cd = obj(usage.get("completion_tokens_details"))
    u = clamp_usage({
        "input_tokens": count(usage.get("prompt_tokens")),
        "output_tokens": count(usage.get("completion_tokens")),
        # DeepSeek reports its cache hits beside the details
        "cache_read_tokens": max(count(pd.get("cached_tokens")), count(usage.get("prompt_cache_hit_tokens"))),
        "cache_write_tokens": count(pd.get("cache_write_tokens")),
        "reasoning_tokens": count(cd.get("reasoning_tokens")),
    })
    return _with_details(u, {"input_audio_tokens": count(pd.get("audio_tokens")),
                             "output_audio_tokens": count(cd.get("audio_tokens"))})


def normalize_responses_usage(usage: Any) -> Optional[Usage]:
    """`usage` of a Responses API `response` (also the images API's shape) -> canonical usage."""
    if not is_obj(usage) or not (has_number(usage, "input_tokens") or has_number(usage, "output_tokens")):
        return None
    i = obj(usage.get("input_tokens_details") or usage.get("input_token_details"))
    o = obj(usage.get("output_tokens_details"))
    u = clamp_usage({
        "input_tokens": count(usage.get("input_tokens")),
        "output_tokens": count(usage.get("output_tokens")),
        "cache_read_tokens": count(i.get("cached_tokens")),
        "cache_write_tokens": count(i.get("cache_write_tokens")),
        "reasoning_tokens": count(o.get("reasoning_tokens")),
    })
    return _with_details(u, {"input_audio_tokens": count(i.get("audio_tokens")),
                             "input_image_tokens": count(i.get("image_tokens")),
                             "output_audio_tokens": count(o.get("audio_tokens")),
                             "output_image_tokens": count(o.get("image_tokens"))})


def _embedding_input_tokens(inp: Any) -> int:
    if isinstance(inp, str):
        return estimate_tokens(len(inp))
    if not isinstance(inp, list):
        return 0
    if inp and isinstance(inp[0], int):
        return len(inp)
    n = 0
    for x in inp:
        if isinstance(x, str):
            n += estimate_tokens(len(x))
        elif isinstance(x, list):
            n += len(x)
    return n


def image_unit(model: str, size: Any, quality: Any) -> str:
    """The overlay's image unit `images_<size>_<quality>`: DALL-E 2 has one quality (standard), DALL-E 3 standard
    (also for auto) and hd; other models keep the quality as requested."""
    sz = size if isinstance(size, str) and size != "auto" else "1024x1024"
    q = quality if isinstance(quality, str) else "standard"
    if model.startswith("dall-e-"):
        q = "hd" if q == "hd" and model == "dall-e-3" else "standard"
    return f"images_{sz}_{q}"


def summarize_request(endpoint: str, body: Any) -> RequestSummary:
    if not is_obj(body):
        return RequestSummary()
    if endpoint == "images.generations":
        model = string(body.get("model")) or "dall-e-2"  # the API's default
        n = body.get("n")
        n = int(round(n)) if isinstance(n, (int, float)) and not isinstance(n, bool) and n > 0 else 1
        return RequestSummary(model, body.get("stream") is True, 0, {image_unit(model, body.get("size"), body.get("quality")): n})
    if endpoint == "audio.speech":
        chars = len(body["input"]) if isinstance(body.get("input"), str) else 0
        return RequestSummary(string(body.get("model")), False, 0, {"characters": chars} if chars else None)
    est = 0
    if endpoint in ("chat.completions", "fim.completions"):
        est = estimate_tokens(text_length(body.get("messages")) + text_length(body.get("prompt")))
    elif endpoint == "responses":
        est = estimate_tokens(text_length(body.get("input")) + text_length(body.get("instructions")))
    elif endpoint == "embeddings":
        est = _embedding_input_tokens(body.get("input"))
    return RequestSummary(string(body.get("model")), body.get("stream") is True, est)


def error_message(body: Any) -> Optional[str]:
    if not is_obj(body):
        return None
    e = body.get("error")
    if is_obj(e):
        return string(e.get("message")) or string(e.get("code")) or string(e.get("type")) or "error"
    if isinstance(e, str):
        return e
    return string(body.get("message"))


def _reported_cost(usage: Any) -> Optional[float]:
    c = usage.get("cost") if is_obj(usage) else None
    return float(c) if isinstance(c, (int, float)) and not isinstance(c, bool) and c >= 0 else None


def summarize_json(endpoint: str, body: Any) -> Summary:
    s = Summary()
    if not is_obj(body):
        return s
    s.model = string(body.get("model"))
    s.response_id = string(body.get("id"))
    if endpoint == "moderations":
        s.units = {"requests": 1}
        return s
    if endpoint == "batches.create":
        s.usage = zero_usage()  # free: the batch's requests are billed when they run
        return s
    if endpoint in ("audio.transcriptions", "audio.translations"):
        # verbose_json: `duration`; json: `usage` of type `duration` (seconds) or `tokens` (gpt-4o-transcribe)
        u = body.get("usage") if is_obj(body.get("usage")) else None
        seconds = body.get("duration") if isinstance(body.get("duration"), (int, float)) else (
            u.get("seconds") if u and u.get("type") == "duration" and isinstance(u.get("seconds"), (int, float)) else 0)
        if seconds and seconds > 0:
            s.units = {"audio_seconds": seconds}
        elif u and u.get("type") == "tokens":
            s.usage = normalize_responses_usage(u)
        return s
    if endpoint in ("images.generations", "images.edits", "responses"):
        s.usage = normalize_responses_usage(body.get("usage"))
        if endpoint == "responses":
            s.output_chars = text_length(body.get("output"))
            if body.get("status") == "failed" or is_obj(body.get("error")):
                s.error = error_message(body) or "response failed"
    else:
        s.usage = normalize_chat_usage(body.get("usage"))
        for c in body.get("choices") or []:
            if is_obj(c):
                s.output_chars += text_length(c.get("message"))
        if is_obj(body.get("error")):
            s.error = error_message(body)
    s.cost_usd = _reported_cost(body.get("usage"))
    return s


_TERMINAL = ("response.completed", "response.incomplete", "response.failed")


_USAGE_RE = re.compile(r'"usage"\s*:\s*\{')
_TYPE_RE = re.compile(r'"type"\s*:\s*"([^"]+)"')


def _fast_stream(endpoint: str, events: List[SseEvent]) -> Optional[Summary]:
    """The usage is in the last events (the include_usage chunk, `response.completed`): scanned from the end, only
    those are parsed. None when there is none (then every event is read, to count the text for an estimate)."""
    if endpoint == "responses":
        for e in reversed(events):
            m = _TYPE_RE.search(e.data) if e.event is None else None
            t = e.event or (m.group(1) if m else None)
            if t not in _TERMINAL:
                continue
            d = parse_json(e.data)
            if is_obj(d) and is_obj(d.get("response")):
                s = summarize_json("responses", d["response"])
                if s.usage:
                    if t == "response.failed" and not s.error:
                        s.error = "response failed"
                    return s
        return None
    for e in reversed(events):
        if not _USAGE_RE.search(e.data):
            continue
        d = parse_json(e.data)
        u = normalize_chat_usage(d.get("usage")) if is_obj(d) else None
        if u is None:
            continue
        s = Summary()
        s.usage = u
        s.cost_usd = _reported_cost(d.get("usage"))
        s.model = string(d.get("model"))
        s.response_id = string(d.get("id"))
        if (s.model is None or s.response_id is None) and events:
            first = parse_json(events[0].data)
            if is_obj(first):
                s.model = s.model or string(first.get("model"))
                s.response_id = s.response_id or string(first.get("id"))
        for e2 in events:  # an error event anywhere still fails the call
            if '"error"' in e2.data:
                d2 = parse_json(e2.data)
                if is_obj(d2) and is_obj(d2.get("error")):
                    s.error = error_message(d2)
        return s
    return None


def summarize_stream(endpoint: str, events: List[SseEvent]) -> Summary:
    fast = _fast_stream(endpoint, events)
    if fast is not None:
        return fast
    s = Summary()
    if endpoint == "responses":
        for e in events:
            d = parse_json(e.data)
            if not is_obj(d):
                continue
            t = e.event or string(d.get("type")) or ""
            if t.endswith(".delta"):
                if isinstance(d.get("delta"), str):
                    s.output_chars += len(d["delta"])
            elif t in ("response.created", "response.in_progress") or t in _TERMINAL:
                r = d.get("response")
                if is_obj(r):
                    s.model = string(r.get("model")) or s.model
                    s.response_id = string(r.get("id")) or s.response_id
                    if t in _TERMINAL:
                        u = normalize_responses_usage(r.get("usage"))
                        if u:
                            s.usage = u
                    if t == "response.failed":
                        s.error = error_message(r) or "response failed"
            elif t == "error":
                s.error = error_message(d) or "stream error"
        return s
    # chat.completions (and any other chunked JSON stream): usage in the last chunk with include_usage
    for e in events:
        if e.data == "[DONE]":
            continue
        d = parse_json(e.data)
        if not is_obj(d):
            continue
        if is_obj(d.get("error")):
            s.error = error_message(d)
            continue
        s.model = s.model or string(d.get("model"))
        s.response_id = s.response_id or string(d.get("id"))
        u = normalize_chat_usage(d.get("usage"))
        if u:
            s.usage = u
            c = _reported_cost(d.get("usage"))
            if c is not None:
                s.cost_usd = c
        for c in d.get("choices") or []:
            if is_obj(c):
                s.output_chars += text_length(c.get("delta"))
    return s
