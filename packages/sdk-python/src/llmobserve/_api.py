"""Public context helpers: the customer and tenant of the current request, runs, sections/agents/tools, track().
None of them raises into the caller because of the SDK: bad arguments are logged once and made harmless, and the
caller's code runs exactly once with its result or exception passed through unchanged."""
import copy
import functools
import inspect
import math
import time
from typing import Any, Callable, Dict, Optional, TypeVar

from . import _runtime
from ._constants import (CUSTOMER_ID_LENGTH, ERROR_LENGTH, ID_LENGTH, LABEL_LENGTH, NAME_LENGTH, SDK_ID,
                         SECTION_PATH_LENGTH, TENANT_ID_RE, UNIT_KEYS)
from ._context import UNSET, Ctx, Frame, var
from ._events import attribution, iso_time, new_id, round_ms, truncate
from ._log import debug, warn_once

F = TypeVar("F", bound=Callable[..., Any])


def _valid_customer(customer_id: Any, where: str) -> Optional[str]:
    if customer_id is None:
        return None
    if isinstance(customer_id, int) and not isinstance(customer_id, bool):
        return str(customer_id)
    if not isinstance(customer_id, str) or customer_id == "" or len(customer_id) > CUSTOMER_ID_LENGTH:
        warn_once(f"customer-invalid-{where}",
                  f"{where}: customer id must be a string of 1 to {CUSTOMER_ID_LENGTH} characters; events are sent without a customer")
        return None
    return customer_id


def set_customer_id(customer_id: Optional[str]) -> None:
    """Sets the end-customer for the rest of the current context (this request's asyncio task or thread, and what
    it starts from here on). Concurrent requests are not affected. None clears it."""
    try:
        cur = var.get()
        var.set(cur._replace(customer_id=_valid_customer(customer_id, "set_customer_id")))
    except Exception as e:
        debug(f"set_customer_id failed: {e}")


def get_customer_id() -> Optional[str]:
    c = var.get().customer_id
    if c is not UNSET:
        return c
    a = _runtime.ACTIVE
    return a.cfg.customer_id if a else None


def get_tenant_id() -> str:
    t = var.get().tenant_id
    if t:
        return t
    a = _runtime.ACTIVE
    return a.cfg.tenant_id if a else "default_tenant"


def get_run_id() -> Optional[str]:
    return var.get().run_id


class _Scope:
    """A context change usable as `with`, `async with` and as a decorator of sync and async functions. Each use
    (each `with`, each decorated call) gets its own state, so one object may be used concurrently."""

    def _inner(self, outer: Ctx) -> Ctx:
        raise NotImplementedError

    def _entered(self, outer: Ctx, inner: Ctx) -> Any:
        return None

    def _exited(self, state: Any, outer: Ctx, inner: Ctx, exc: Optional[BaseException]) -> None:
        pass

    def _copy(self) -> "_Scope":
        c = copy.copy(self)
        c.__dict__.pop("_stack", None)
        return c

    def __enter__(self) -> Any:
        stack = self.__dict__.setdefault("_stack", [])
        outer = var.get()
        try:
            inner = self._inner(outer)
            token = var.set(inner)
            state = self._entered(outer, inner)
        except Exception as e:
            debug(f"scope setup failed: {e}")
            stack.append(None)
            return None
        stack.append((token, outer, inner, state))
        return self._value(inner)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        entry = self.__dict__.get("_stack", [None]).pop()
        if entry is None:
            return
        token, outer, inner, state = entry
        try:
            var.reset(token)
        except ValueError:  # exited in another context (a generator resumed elsewhere): restore by value
            var.set(outer)
        try:
            self._exited(state, outer, inner, exc)
        except Exception as e:
            debug(f"scope end failed: {e}")

    async def __aenter__(self) -> Any:
        return self.__enter__()

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.__exit__(exc_type, exc, tb)

    def _value(self, inner: Ctx) -> Any:
        return None

    def __call__(self, fn: F) -> F:
        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._copy():
                    return await fn(*args, **kwargs)
            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._copy():
                return fn(*args, **kwargs)
        return wrapper  # type: ignore[return-value]


class _Span(_Scope):
    def __init__(self, span_type: str, label: str) -> None:
        self.span_type = span_type
        self.label = label

    def _inner(self, outer: Ctx) -> Ctx:
        parent = outer.span
        span_id = new_id()
        frame = Frame(span_id, self.span_type, self.label, f"{parent.path}/{self.label}" if parent else self.label)
        # a top-level span (no run yet) starts its own run, whose id is the span's id
        return outer._replace(run_id=outer.run_id or span_id, span=frame)

    def _entered(self, outer: Ctx, inner: Ctx) -> Any:
        return (time.time(), time.perf_counter())

    def _exited(self, state: Any, outer: Ctx, inner: Ctx, exc: Optional[BaseException]) -> None:
        a = _runtime.ACTIVE
        if a is None:
            return
        frame = inner.span
        attr = attribution(outer, a.cfg, frame.span_id)
        if attr is None:
            return
        started_at, t0 = state
        failed = exc is not None and not isinstance(exc, GeneratorExit)
        attr.update({
            "run_id": inner.run_id or frame.span_id,
            "span_type": frame.span_type,
            "section": frame.label,
            "section_path": frame.path[:SECTION_PATH_LENGTH],
            "started_at": iso_time(started_at),
            "latency_ms": round_ms((time.perf_counter() - t0) * 1000),
            "status": "error" if failed else "ok",
            "error": (f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]) if failed else None,
            "sdk": SDK_ID,
        })
        a.emit(attr)


def _clean_name(name: Any, kind: str) -> str:
    if isinstance(name, str) and name.strip():
        return name.strip()[: LABEL_LENGTH - 6]
    warn_once(f"name-invalid-{kind}", f"{kind}(): name must be a non-empty string; 'unnamed' is used")
    return "unnamed"


def section(name: str) -> _Span:
    """A feature or step: `with section("summarize"):`, `async with ...`, or `@section("summarize")`. Nestable; every
    event inside gets `section` = the innermost label and `section_path` = the labels joined by `/`, and the
    section itself is sent as a `section` span with its duration."""
    return _Span("section", _clean_name(name, "section"))


def agent(name: str) -> _Span:
    """Like section(), for an agent: label `agent:<name>`, span type `agent`."""
    return _Span("agent", "agent:" + _clean_name(name, "agent"))


def tool(name: str) -> _Span:
    """Like section(), for a tool call: label `tool:<name>`, span type `tool`."""
    return _Span("tool", "tool:" + _clean_name(name, "tool"))


class _Run(_Scope):
    def __init__(self, run_id: Optional[str]) -> None:
        if run_id is not None and not (isinstance(run_id, str) and 0 < len(run_id) <= ID_LENGTH):
            warn_once("run-id-invalid", f"run(): run id must be a string of 1 to {ID_LENGTH} characters; a new id is used")
            run_id = None
        self.run_id = run_id

    def _inner(self, outer: Ctx) -> Ctx:
        return outer._replace(run_id=self.run_id or new_id(), span=None)

    def _value(self, inner: Ctx) -> Any:
        return inner.run_id


def run(run_id: Optional[str] = None) -> _Run:
    """One run: every call and span inside shares one `run_id` (`with run() as run_id:`), a fresh tree. Without it,
    each top-level call or section is its own run."""
    return _Run(run_id)


class _Set(_Scope):
    def __init__(self, **changes: Any) -> None:
        self.changes = changes

    def _inner(self, outer: Ctx) -> Ctx:
        return outer._replace(**self.changes)


def with_customer(customer_id: Optional[str]) -> _Set:
    """Everything inside (`with`/decorator) is attributed to `customer_id`."""
    return _Set(customer_id=_valid_customer(customer_id, "with_customer"))


def with_tenant(tenant_id: str) -> _Set:
    """Everything inside is attributed to tenant `tenant_id` (platforms serving several tenants from one process).
    An invalid tenant id is logged and the events of that scope are dropped, never sent to another tenant."""
    if isinstance(tenant_id, str) and TENANT_ID_RE.match(tenant_id):
        return _Set(tenant_id=tenant_id, tenant_invalid=False)
    warn_once("tenant-invalid", f"with_tenant: {tenant_id!r} is not a valid tenant id; events of that scope are dropped")
    return _Set(tenant_invalid=True)


def _non_neg(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0


def track(provider: str, endpoint: str, *, model: Optional[str] = None, units: Optional[Dict[str, float]] = None,
          input_tokens: Optional[int] = None, output_tokens: Optional[int] = None, cost_usd: Optional[float] = None,
          span_type: str = "api", status: str = "ok", latency_ms: Optional[float] = None,
          started_at: Optional[float] = None, metadata: Optional[Dict[str, Any]] = None) -> Optional[str]:
    """A manual event for an API the SDK does not intercept (Stripe fees, Twilio minutes, an internal GPU), attributed
    like an intercepted call. Returns its span id, or None when nothing was recorded. Never raises."""
    try:
        a = _runtime.ACTIVE
        if a is None:
            return None
        if not (isinstance(provider, str) and provider and isinstance(endpoint, str) and endpoint):
            warn_once("track-invalid", "track() needs provider and endpoint as non-empty strings; event ignored")
            return None
        span_id = new_id()
        e = attribution(var.get(), a.cfg, span_id)
        if e is None:
            return None
        e.update({
            "span_type": span_type if span_type in ("llm", "embedding", "vector", "api") else "api",
            "provider": provider[:64], "endpoint": endpoint[:128], "model": truncate(model, NAME_LENGTH),
            "input_tokens": int(round(input_tokens)) if _non_neg(input_tokens) else 0,
            "output_tokens": int(round(output_tokens)) if _non_neg(output_tokens) else 0,
            "started_at": iso_time(started_at if _non_neg(started_at) else time.time()),
            "status": status if status in ("ok", "error", "cancelled", "rate_limited", "timeout") else "ok",
            "sdk": SDK_ID,
        })
        if _non_neg(latency_ms):
            e["latency_ms"] = round_ms(latency_ms)  # type: ignore[arg-type]
        if isinstance(units, dict):
            u = {str(k)[:64]: v for k, v in list(units.items())[:UNIT_KEYS] if k and _non_neg(v)}
            if u:
                e["units"] = u
        if _non_neg(cost_usd):
            e["cost_usd"] = cost_usd
            e["cost_source"] = "manual"
        if isinstance(metadata, dict) and metadata:
            e["metadata"] = dict(metadata)
        a.emit(e)
        return span_id
    except Exception as ex:
        debug(f"track() failed: {ex}")
        return None
