"""Wire events (shared/PRODUCT.md "The event"): attribution from the context, limits enforced."""
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, Optional

from ._config import Config
from ._constants import ERROR_LENGTH, NAME_LENGTH, SDK_ID, SECTION_PATH_LENGTH
from ._context import UNSET, Ctx


def new_id() -> str:
    return str(uuid.uuid4())


def iso_time(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now() -> float:
    return time.time()


def truncate(s: Optional[str], n: int) -> Optional[str]:
    if s is None or s == "":
        return None
    return s if len(s) <= n else s[:n]


def round_ms(ms: float) -> float:
    return round(ms, 3) if ms > 0 else 0


def attribution(ctx: Ctx, cfg: Config, span_id: str) -> Optional[Dict[str, Any]]:
    """Tenant, customer, run and section of an event made in `ctx`; None when it must be dropped (a with_tenant()
    scope with an invalid tenant: better lost than attributed to another tenant)."""
    if ctx.tenant_invalid:
        return None
    span = ctx.span
    return {
        "span_id": span_id,
        "run_id": ctx.run_id or span_id,
        "parent_span_id": span.span_id if span else None,
        "section": span.label if span else None,
        "section_path": span.path[:SECTION_PATH_LENGTH] if span else None,
        "tenant_id": ctx.tenant_id or cfg.tenant_id,
        "customer_id": cfg.customer_id if ctx.customer_id is UNSET else ctx.customer_id,
    }


def call_event(attr: Dict[str, Any], *, span_type: str, provider: str, endpoint: str, model: Optional[str],
               usage: Optional[Dict[str, Any]], started_at: float, latency_ms: float, status: str,
               error: Optional[str], is_streaming: bool, usage_estimated: bool) -> Dict[str, Any]:
    u = usage or {}
    e = dict(attr)
    e.update({
        "span_type": span_type,
        "provider": provider,
        "endpoint": endpoint,
        "model": truncate(model, NAME_LENGTH),
        "input_tokens": u.get("input_tokens", 0),
        "output_tokens": u.get("output_tokens", 0),
        "cache_read_tokens": u.get("cache_read_tokens", 0),
        "cache_write_tokens": u.get("cache_write_tokens", 0),
        "reasoning_tokens": u.get("reasoning_tokens", 0),
        "started_at": iso_time(started_at),
        "latency_ms": round_ms(latency_ms),
        "status": status,
        "error": None if error is None else error[:ERROR_LENGTH],
        "is_streaming": is_streaming,
        "usage_estimated": usage_estimated,
        "sdk": SDK_ID,
    })
    if u.get("cache_write_1h_tokens"):
        e["cache_write_1h_tokens"] = u["cache_write_1h_tokens"]
    if u.get("token_details"):
        e["token_details"] = dict(u["token_details"])
    return e
