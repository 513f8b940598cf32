"""Small pure helpers of the wire-format modules (as the TypeScript SDK's `providers/util.ts`)."""
import json
import math
from typing import Any, Dict, Optional

Usage = Dict[str, Any]


def is_obj(v: Any) -> bool:
    return isinstance(v, dict)


def count(v: Any) -> int:
    """A count as a non-negative integer; anything else is 0."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return 0
    if isinstance(v, float) and not math.isfinite(v):
        return 0
    return int(round(v)) if v > 0 else 0


def amount(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return 0
    return v if v > 0 and math.isfinite(v) else 0


def has_number(o: Dict[str, Any], key: str) -> bool:
    v = o.get(key)
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def string(v: Any) -> Optional[str]:
    return v if isinstance(v, str) and v != "" else None


def obj(v: Any) -> Dict[str, Any]:
    return v if isinstance(v, dict) else {}


def parse_json(data: str) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return None


def zero_usage() -> Usage:
    return {"input_tokens": 0, "output_tokens": 0, "cache_read_tokens": 0, "cache_write_tokens": 0, "reasoning_tokens": 0}


def positive_units(units: Dict[str, float]) -> Optional[Dict[str, float]]:
    out = {k: v for k, v in units.items() if isinstance(v, (int, float)) and v > 0}
    return out or None


def clamp_details(u: Usage, d: Dict[str, int]) -> Optional[Dict[str, int]]:
    """Keeps a provider's modality details within the convention even when its counts disagree: input parts never
    exceed input_tokens, output parts output_tokens, cached audio neither cache reads nor audio input (the TS SDK's
    clampDetails). None when no positive count is left."""
    out: Dict[str, int] = {}
    left = u["input_tokens"]
    for k in ("input_audio_tokens", "input_image_tokens", "input_video_tokens"):
        v = min(d.get(k, 0), left)
        if v > 0:
            out[k] = v
            left -= v
    audio_read = min(d.get("cache_audio_read_tokens", 0), u["cache_read_tokens"], out.get("input_audio_tokens", 0))
    if audio_read > 0:
        out["cache_audio_read_tokens"] = audio_read
    left = u["output_tokens"]
    for k in ("output_audio_tokens", "output_image_tokens"):
        v = min(d.get(k, 0), left)
        if v > 0:
            out[k] = v
            left -= v
    return out or None


class Summary:
    """What a response said: model, id, canonical usage (None when none was reported), text seen, error, units."""

    __slots__ = ("model", "response_id", "usage", "output_chars", "error", "usage_partial", "units",
                 "units_estimated", "cost_usd")

    def __init__(self) -> None:
        self.model: Optional[str] = None
        self.response_id: Optional[str] = None
        self.usage: Optional[Usage] = None
        self.output_chars = 0
        self.error: Optional[str] = None
        self.usage_partial = False
        self.units: Optional[Dict[str, float]] = None
        self.units_estimated = False
        self.cost_usd: Optional[float] = None


class RequestSummary:
    __slots__ = ("model", "stream", "estimated_input_tokens", "units", "units_estimated")

    def __init__(self, model: Optional[str] = None, stream: bool = False, estimated_input_tokens: int = 0,
                 units: Optional[Dict[str, float]] = None, units_estimated: bool = False) -> None:
        self.model = model
        self.stream = stream
        self.estimated_input_tokens = estimated_input_tokens
        self.units = units
        self.units_estimated = units_estimated
