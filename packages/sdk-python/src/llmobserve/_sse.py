"""Server-sent events parser (WHATWG rules reduced to what LLM APIs use), as the TypeScript SDK's `sse.ts`."""
from typing import List, NamedTuple, Optional


class SseEvent(NamedTuple):
    event: Optional[str]
    data: str


def parse_sse(text: str) -> List[SseEvent]:
    """A complete (or cut) SSE body -> its events; an event without its terminating blank line is dropped."""
    out: List[SseEvent] = []
    event: Optional[str] = None
    data: List[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line == "":
            if data:
                out.append(SseEvent(event, "\n".join(data)))
            data = []
            event = None
            continue
        if line.startswith(":"):
            continue
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "data":
            data.append(value)
        elif field == "event":
            event = value
    return out


def parse_json_lines(text: str) -> List[SseEvent]:
    """Newline-delimited JSON streams (Cohere's v1 chat stream, `application/stream+json`): one event a line."""
    return [SseEvent(None, line.rstrip("\r")) for line in text.split("\n") if line.strip()]


def is_json_lines_type(content_type: str) -> bool:
    return any(t in content_type for t in ("stream+json", "ndjson", "jsonl", "json-seq"))
