"""Google Gemini API wire format (what `google-genai` speaks to generativelanguage.googleapis.com); a port of the
TypeScript SDK's `providers/gemini.ts`. Pure functions.

POST /v1beta/models/<model>:generateContent | :streamGenerateContent (`?alt=sse`) | :embedContent |
:batchEmbedContents | :countTokens (free). Canonical usage: `promptTokenCount` INCLUDES `cachedContentTokenCount`,
`toolUsePromptTokenCount` comes on top, `thoughtsTokenCount` is NOT inside `candidatesTokenCount`; so input =
prompt + toolUsePrompt, cache_read = cached, output = candidates + thoughts, reasoning = thoughts.
"""
import json
from typing import Any, List, Optional

from .._estimate import estimate_tokens, text_length
from .._sse import SseEvent
from ._util import (RequestSummary, Summary, Usage, clamp_details, count, has_number, is_obj, parse_json, string,
                    zero_usage)


def _modality(details: Any, modality: str) -> int:
    return sum(count(d.get("tokenCount")) for d in details if is_obj(d) and d.get("modality") == modality) \
        if isinstance(details, list) else 0


def normalize_usage(u: Any) -> Optional[Usage]:
    if not is_obj(u) or not (has_number(u, "promptTokenCount") or has_number(u, "candidatesTokenCount")):
        return None
    thoughts = count(u.get("thoughtsTokenCount"))
    inp = count(u.get("promptTokenCount")) + count(u.get("toolUsePromptTokenCount"))
    out = count(u.get("candidatesTokenCount")) + thoughts
    usage = {"input_tokens": inp, "output_tokens": out, "cache_read_tokens": min(count(u.get("cachedContentTokenCount")), inp),
             "cache_write_tokens": 0, "reasoning_tokens": thoughts}
    # other modalities than text, at their own rates
    details = clamp_details(usage, {
        "input_audio_tokens": _modality(u.get("promptTokensDetails"), "AUDIO"),
        "input_image_tokens": _modality(u.get("promptTokensDetails"), "IMAGE"),
        "input_video_tokens": _modality(u.get("promptTokensDetails"), "VIDEO"),
        "cache_audio_read_tokens": _modality(u.get("cacheTokensDetails"), "AUDIO"),
        "output_audio_tokens": _modality(u.get("candidatesTokensDetails"), "AUDIO"),
        "output_image_tokens": _modality(u.get("candidatesTokensDetails"), "IMAGE"),
    })
    if details:
        usage["token_details"] = details
    return usage


def _text_length(v: Any, depth: int = 0) -> int:
    """Text of Gemini `Content` values (`{role, parts: [{text}]}`, lists of them, strings)."""
    if isinstance(v, str):
        return len(v)
    if depth > 8:
        return 0
    if isinstance(v, list):
        return sum(_text_length(x, depth + 1) for x in v)
    if not is_obj(v):
        return 0
    n = len(v["text"]) if isinstance(v.get("text"), str) else 0
    n += _text_length(v.get("parts"), depth + 1) + _text_length(v.get("content"), depth + 1)
    fn = v.get("functionCall") if is_obj(v.get("functionCall")) else v.get("functionResponse")
    if is_obj(fn):
        n += text_length(json.dumps(fn, separators=(",", ":"), ensure_ascii=False))
    return n


def summarize_request(endpoint: str, body: Any) -> RequestSummary:
    stream = endpoint == "streamGenerateContent"
    if not is_obj(body):
        return RequestSummary(None, stream)
    chars = _text_length(body.get("contents")) + _text_length(body.get("content")) + _text_length(body.get("systemInstruction"))
    for r in body.get("requests") or [] if isinstance(body.get("requests"), list) else []:
        if is_obj(r):
            chars += _text_length(r.get("content"))
    return RequestSummary(None, stream, estimate_tokens(chars))


def error_message(body: Any) -> Optional[str]:
    if isinstance(body, list):
        body = body[0] if body else None
    if not is_obj(body):
        return None
    e = body.get("error")
    return (string(e.get("message")) or string(e.get("status")) or "error") if is_obj(e) else None


def _candidate_chars(candidates: Any) -> int:
    n = 0
    for c in candidates if isinstance(candidates, list) else []:
        content = c.get("content") if is_obj(c) else None
        for p in content.get("parts") or [] if is_obj(content) and isinstance(content.get("parts"), list) else []:
            if is_obj(p):
                if isinstance(p.get("text"), str):
                    n += len(p["text"])
                if is_obj(p.get("functionCall")):
                    n += len(json.dumps(p["functionCall"], separators=(",", ":"), ensure_ascii=False))
    return n


def summarize_json(endpoint: str, body: Any) -> Summary:
    s = Summary()
    if endpoint == "countTokens":
        s.usage = zero_usage()
        return s
    if not is_obj(body):
        return s
    s.model = string(body.get("modelVersion"))
    s.response_id = string(body.get("responseId"))
    s.usage = normalize_usage(body.get("usageMetadata"))
    s.output_chars = _candidate_chars(body.get("candidates"))
    fb = body.get("promptFeedback")
    if is_obj(fb) and string(fb.get("blockReason")) and not s.usage:
        s.error = f"blocked: {fb['blockReason']}"
    return s


def summarize_stream(endpoint: str, events: List[SseEvent]) -> Summary:
    """Usage is cumulative (the last one wins); a stream cut before a candidate's `finishReason` keeps its last usage
    with `usage_partial`, so the output is estimated."""
    s = Summary()
    finished = False
    for e in events:
        d = parse_json(e.data)
        if not is_obj(d):
            continue
        if is_obj(d.get("error")):
            s.error = error_message(d) or "stream error"
            continue
        s.model = string(d.get("modelVersion")) or s.model
        s.response_id = string(d.get("responseId")) or s.response_id
        s.output_chars += _candidate_chars(d.get("candidates"))
        u = normalize_usage(d.get("usageMetadata"))
        if u:
            s.usage = u
        cands = d.get("candidates")
        if isinstance(cands, list) and any(is_obj(c) and isinstance(c.get("finishReason"), str) for c in cands):
            finished = True
    s.usage_partial = s.usage is not None and not finished
    return s
