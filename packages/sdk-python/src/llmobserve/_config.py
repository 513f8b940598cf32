"""`observe()` options, each resolved as argument > `LLMOBSERVE_*` environment variable > default, and validated,
so that a mistake is reported when observe() is called rather than as silently missing data later."""
import os
from typing import Dict, Mapping, Optional

from ._constants import CUSTOMER_ID_LENGTH, DEFAULT_COLLECTOR_URL, DEFAULT_TENANT_ID, TENANT_ID_RE
from .providers import BY_NAME, normalize_origin, supported_names


class LLMObserveConfigError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(f"llmobserve: {message}")


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _env(env: Mapping[str, str], name: str) -> Optional[str]:
    v = env.get(name)
    if v is None or v.strip() == "":
        return None
    return v.strip()


def _env_bool(env: Mapping[str, str], name: str) -> Optional[bool]:
    v = _env(env, name)
    if v is None:
        return None
    if v.lower() in _TRUE:
        return True
    if v.lower() in _FALSE:
        return False
    raise LLMObserveConfigError(f"{name}={v!r} is not a boolean; use 1/true/yes or 0/false/no")


def _positive_int(name: str, v: object, minimum: int = 1) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v < minimum:
        raise LLMObserveConfigError(f"{name} must be a number >= {minimum}, got {v!r}")
    return int(v)


class Config:
    """The resolved, validated configuration (immutable once built)."""

    __slots__ = ("collector_url", "collector_origin", "api_key", "tenant_id", "customer_id", "flush_interval_ms",
                 "max_batch_size", "max_queue_size", "enabled", "debug", "providers", "tenant_api_keys",
                 "shutdown_timeout_ms")

    def key_for(self, tenant_id: str) -> Optional[str]:
        return self.tenant_api_keys.get(tenant_id, self.api_key)


def resolve(collector_url: Optional[str] = None, tenant_id: Optional[str] = None, api_key: Optional[str] = None,
            customer_id: Optional[str] = None, flush_interval_ms: Optional[float] = None,
            max_batch_size: Optional[int] = None, max_queue_size: Optional[int] = None,
            enabled: Optional[bool] = None, debug: Optional[bool] = None,
            providers: Optional[Dict[str, str]] = None, tenant_api_keys: Optional[Dict[str, str]] = None,
            shutdown_timeout_ms: Optional[float] = None, env: Optional[Mapping[str, str]] = None) -> Config:
    env = os.environ if env is None else env
    c = Config()
    url = collector_url if collector_url is not None else (_env(env, "LLMOBSERVE_COLLECTOR_URL") or DEFAULT_COLLECTOR_URL)
    origin = normalize_origin(url) if isinstance(url, str) else None
    if origin is None:
        raise LLMObserveConfigError(f"collector_url must be an http(s) URL, got {url!r}")
    c.collector_url = url.rstrip("/")
    c.collector_origin = origin
    c.api_key = api_key if api_key is not None else _env(env, "LLMOBSERVE_API_KEY")
    tenant = tenant_id if tenant_id is not None else (_env(env, "LLMOBSERVE_TENANT_ID") or DEFAULT_TENANT_ID)
    if not isinstance(tenant, str) or not TENANT_ID_RE.match(tenant):
        raise LLMObserveConfigError(
            f"tenant_id {tenant!r} is invalid: 1 to 64 characters of letters, digits and _ . : - (starting with a letter or digit)")
    c.tenant_id = tenant
    customer = customer_id if customer_id is not None else _env(env, "LLMOBSERVE_CUSTOMER_ID")
    if customer is not None and (not isinstance(customer, str) or not 0 < len(customer) <= CUSTOMER_ID_LENGTH):
        raise LLMObserveConfigError(f"customer_id must be a string of 1 to {CUSTOMER_ID_LENGTH} characters")
    c.customer_id = customer
    c.flush_interval_ms = _positive_int("flush_interval_ms", 500 if flush_interval_ms is None else flush_interval_ms)
    c.max_batch_size = _positive_int("max_batch_size", 100 if max_batch_size is None else max_batch_size)
    c.max_queue_size = _positive_int("max_queue_size", 10_000 if max_queue_size is None else max_queue_size)
    c.shutdown_timeout_ms = _positive_int("shutdown_timeout_ms", 2000 if shutdown_timeout_ms is None else shutdown_timeout_ms, 0)
    disabled = _env_bool(env, "LLMOBSERVE_DISABLED")
    c.enabled = bool(enabled) if enabled is not None else not disabled
    c.debug = bool(debug) if debug is not None else bool(_env_bool(env, "LLMOBSERVE_DEBUG"))
    c.providers = {}
    for base_url, name in (providers or {}).items():
        o = normalize_origin(base_url) if isinstance(base_url, str) else None
        if o is None:
            raise LLMObserveConfigError(f"providers: {base_url!r} is not an http(s) URL")
        if name not in BY_NAME or BY_NAME[name].wire is None:
            raise LLMObserveConfigError(f"providers: unknown provider {name!r} for {base_url}; known: {', '.join(supported_names())}")
        c.providers[o] = name
    c.tenant_api_keys = {}
    for t, key in (tenant_api_keys or {}).items():
        if not TENANT_ID_RE.match(t) or not isinstance(key, str) or key == "":
            raise LLMObserveConfigError(f"tenant_api_keys: invalid entry for tenant {t!r}")
        c.tenant_api_keys[t] = key
    return c
