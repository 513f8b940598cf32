"""The active configuration, registry and transport; observe(), flush(), shutdown(). The interceptors read `ACTIVE`
(one attribute load) on every request: None means "not observing", and the request passes untouched."""
import atexit
import os
import threading
from typing import Any, Dict, Optional

from . import _context
from ._call import Call
from ._config import Config, resolve
from ._log import debug, logger
from ._transport import HttpSender, Transport
from .providers import Registry


class Active:
    __slots__ = ("cfg", "registry", "transport")

    def __init__(self, cfg: Config, registry: Registry, transport: Transport) -> None:
        self.cfg = cfg
        self.registry = registry
        self.transport = transport

    def begin(self, origin: str, method: str, path: str) -> Optional[Call]:
        """A Call when (origin, method, path) is a tracked provider endpoint, else None (the request passes)."""
        provider = self.registry.lookup(origin)
        if provider is None:
            return None
        match = provider.match(method, path)
        if match is None:
            return None
        return Call(provider, match, _context.var.get(), self.cfg, self.transport.enqueue)

    def emit(self, event: Dict[str, Any]) -> None:
        self.transport.enqueue(event, self.cfg.key_for(event["tenant_id"]))


ACTIVE: Optional[Active] = None
_lock = threading.Lock()
_transport: Optional[Transport] = None
_transport_url: Optional[str] = None
_hooks_installed = False


def _new_transport(cfg: Config) -> Transport:
    return Transport(HttpSender(cfg.collector_url), cfg.flush_interval_ms, cfg.max_batch_size, cfg.max_queue_size)


def observe(**options: Any) -> None:
    """Starts (or reconfigures) tracking. Raises LLMObserveConfigError for invalid options; nothing else ever raises."""
    global ACTIVE, _transport, _transport_url
    cfg = resolve(**options)
    with _lock:
        _install_hooks()
        if cfg.debug:
            logger.setLevel("DEBUG")
        if not cfg.enabled:
            ACTIVE = None
            return
        if _transport is None or _transport_url != cfg.collector_url:
            old = _transport
            _transport = _new_transport(cfg)
            _transport_url = cfg.collector_url
            if old is not None:
                threading.Thread(target=old.stop, args=(cfg.shutdown_timeout_ms / 1000,), daemon=True).start()
        else:
            _transport.flush_interval_s = cfg.flush_interval_ms / 1000
            _transport.max_batch_size = cfg.max_batch_size
            _transport.max_queue_size = cfg.max_queue_size
        ACTIVE = Active(cfg, Registry(cfg.providers, {cfg.collector_origin}), _transport)
    from .intercept import install
    install()


def is_observing() -> bool:
    return ACTIVE is not None


def flush(timeout: float = 5.0) -> bool:
    """Sends every event recorded so far; True when all were settled within `timeout` seconds."""
    t = _transport
    if t is None:
        return True
    try:
        return t.flush(timeout)
    except Exception as e:
        debug(f"flush failed: {e}")
        return False


def shutdown(timeout: float = 5.0) -> bool:
    """Flushes, stops the sender thread and stops tracking (observe() may be called again)."""
    global ACTIVE, _transport, _transport_url
    with _lock:
        t, _transport, _transport_url, ACTIVE = _transport, None, None, None
    if t is None:
        return True
    try:
        return t.stop(timeout)
    except Exception as e:
        debug(f"shutdown failed: {e}")
        return False


def stats() -> Dict[str, Any]:
    t = _transport
    if t is None:
        return {"pending": 0, "accepted": 0, "duplicates": 0, "rejected": 0, "dropped": 0, "batches": 0,
                "retries": 0, "last_error": None}
    return t.snapshot()


def _at_exit() -> None:
    a = ACTIVE
    t = _transport
    if t is not None:
        t.flush(a.cfg.shutdown_timeout_ms / 1000 if a else 2.0)


def _after_fork_in_child() -> None:
    """A pre-fork worker (gunicorn, celery) gets a fresh sender: the parent's thread does not exist here, its lock
    may be held, and its queued events are the parent's to send."""
    global ACTIVE, _transport, _lock
    _lock = threading.Lock()
    a = ACTIVE
    if a is None:
        _transport = None
        return
    _transport = _new_transport(a.cfg)
    ACTIVE = Active(a.cfg, a.registry, _transport)


def _install_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_at_exit)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
