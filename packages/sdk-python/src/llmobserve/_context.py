"""Per-request context in a `contextvars.ContextVar`: customer, tenant, run and the enclosing span. Each asyncio task
and each thread has its own copy, so concurrent requests never see each other's customer; nothing is process-global.
The value is immutable: every change makes a new one (cheap: five slots)."""
import contextvars
from typing import Any, NamedTuple, Optional

UNSET: Any = object()


class Frame(NamedTuple):
    span_id: str
    span_type: str
    label: str
    path: str


class Ctx(NamedTuple):
    customer_id: Any = UNSET  # UNSET: the configured default; None: explicitly no customer
    tenant_id: Optional[str] = None
    tenant_invalid: bool = False
    run_id: Optional[str] = None
    span: Optional[Frame] = None


EMPTY = Ctx()
var: "contextvars.ContextVar[Ctx]" = contextvars.ContextVar("llmobserve_context", default=EMPTY)


def current() -> Ctx:
    return var.get()
