"""What the interceptors share: how an exception ends a call."""
import asyncio
from typing import Tuple

_CANCEL = (GeneratorExit, asyncio.CancelledError, KeyboardInterrupt)


def end_of(exc: BaseException, timeout_types: Tuple[type, ...]) -> str:
    if isinstance(exc, _CANCEL):
        return "cancelled"
    if isinstance(exc, timeout_types):
        return "timeout"
    return "error"


def retry_attempt(value: object) -> object:
    """`x-stainless-retry-count` (the official clients number their retries): the attempt, or None."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return int(value) if isinstance(value, str) and value.isdigit() else None
