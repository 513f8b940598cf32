"""The SDK's own warnings: through `logging` (logger `llmobserve`), each distinct one once, never secrets."""
import logging
import threading

logger = logging.getLogger("llmobserve")
_seen = set()
_lock = threading.Lock()


def warn_once(key: str, message: str) -> None:
    with _lock:
        if key in _seen or len(_seen) > 1000:
            return
        _seen.add(key)
    logger.warning("llmobserve: %s", message)


def debug(message: str) -> None:
    logger.debug("llmobserve: %s", message)
