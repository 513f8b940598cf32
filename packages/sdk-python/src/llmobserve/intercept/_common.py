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

