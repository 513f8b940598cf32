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
