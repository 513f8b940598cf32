"""Local token estimate, used only when a provider reports no usage (same rule as the TypeScript SDK's
`estimate/tokens.ts`): one token per 4 characters of text, token-id arrays counted exactly."""
from typing import Any

CHARS_PER_TOKEN = 4

_TEXT_KEYS = frozenset(
    ["content", "text", "input", "instructions", "arguments", "refusal", "reasoning_content", "name", "delta",
     "output", "summary", "tool_calls", "function"]
)
_MAX_DEPTH = 12


def estimate_tokens(chars: int) -> int:
    return -(-chars // CHARS_PER_TOKEN) if chars > 0 else 0


def text_length(value: Any, depth: int = 0) -> int:
    """Characters of text in a request/response fragment; in objects only keys that hold text are followed."""
    if isinstance(value, str):
        return len(value)
    if depth > _MAX_DEPTH:
        return 0
    if isinstance(value, list):
        return sum(text_length(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return sum(text_length(v, depth + 1) for k, v in value.items() if k in _TEXT_KEYS)
    return 0
