"""LLMObserve SDK for Python: know what every LLM call costs, per tenant, customer and feature.

    import llmobserve
    from llmobserve import set_customer_id

    llmobserve.observe(collector_url="http://localhost:8000")   # once, at startup
    set_customer_id(request.user_id)                             # in a request handler
    with llmobserve.section("summarize"):
        openai_client.chat.completions.create(...)
"""
from ._api import (agent, get_customer_id, get_run_id, get_tenant_id, run, section, set_customer_id, tool, track,
                   with_customer, with_tenant)
from ._config import LLMObserveConfigError
from ._constants import SDK_VERSION
from ._estimate import CHARS_PER_TOKEN, estimate_tokens
from ._runtime import flush, is_observing, observe as _observe, shutdown, stats
from .middleware import LLMObserveASGIMiddleware, LLMObserveWSGIMiddleware

__version__ = SDK_VERSION

from typing import Dict, Optional


def observe(collector_url: Optional[str] = None, tenant_id: Optional[str] = None, api_key: Optional[str] = None,
            customer_id: Optional[str] = None, flush_interval_ms: float = 500, *, max_batch_size: int = 100,
            max_queue_size: int = 10_000, enabled: Optional[bool] = None, debug: Optional[bool] = None,
            providers: Optional[Dict[str, str]] = None, tenant_api_keys: Optional[Dict[str, str]] = None,
            shutdown_timeout_ms: float = 2000) -> None:
    """Starts tracking every call to a known provider (OpenAI, Anthropic, Pinecone and the OpenAI-compatible hosts)
    made with httpx or requests. Each option: argument > `LLMOBSERVE_*` environment variable > default
    (`http://localhost:8000`, tenant `default_tenant`). `providers={"http://host:port/v1": "openai"}` tracks other
    base URLs with a known wire format. Calling it again reconfigures. Raises LLMObserveConfigError for invalid
    options; the SDK never raises into the app otherwise."""
    _observe(collector_url=collector_url, tenant_id=tenant_id, api_key=api_key, customer_id=customer_id,
             flush_interval_ms=flush_interval_ms, max_batch_size=max_batch_size, max_queue_size=max_queue_size,
             enabled=enabled, debug=debug, providers=providers, tenant_api_keys=tenant_api_keys,
             shutdown_timeout_ms=shutdown_timeout_ms)


__all__ = [
    "observe", "flush", "shutdown", "stats", "is_observing", "set_customer_id", "get_customer_id", "with_customer",
    "with_tenant", "get_tenant_id", "run", "get_run_id", "section", "agent", "tool", "track", "estimate_tokens",
    "CHARS_PER_TOKEN", "LLMObserveConfigError", "LLMObserveASGIMiddleware", "LLMObserveWSGIMiddleware",
    "__version__",
]
