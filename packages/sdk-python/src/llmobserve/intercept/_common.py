"""What the interceptors share: how an exception ends a call."""
from typing import Any, Callable, Iterable, Iterator, Tuple

_CANCEL = (GeneratorExit, KeyboardInterrupt)


def end_of(exc: BaseException, timeout_types: Tuple[type, ...]) -> str:
    # asyncio.CancelledError (and anyio's/trio's cancellations) by name: importing asyncio here costs every app
    if isinstance(exc, _CANCEL) or type(exc).__name__ in ("CancelledError", "Cancelled"):
        return "cancelled"
    if isinstance(exc, timeout_types):
        return "timeout"
    return "error"


def tee(chunks: Iterable[bytes], call: Any, timeouts: Tuple[type, ...]) -> Iterator[bytes]:
    """Passes the chunks through as they come, keeping a reference to each for the call; ends the call."""
    try:
        for chunk in chunks:
            call.chunk(chunk)
            yield chunk
    except BaseException as e:
        call.finish(end_of(e, timeouts), e)
        raise
    call.finish("complete")


def forward(call: Any, timeouts: Tuple[type, ...], fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The original send; an exception ends the call and is re-raised unchanged."""
    try:
        return fn(*args, **kwargs)
    except BaseException as e:
        call.finish(end_of(e, timeouts), e)
        raise


async def forward_async(call: Any, timeouts: Tuple[type, ...], fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return await fn(*args, **kwargs)
    except BaseException as e:
        call.finish(end_of(e, timeouts), e)
        raise


def install_once(patch: Callable[[], None]) -> Callable[[], None]:
    """`patch` runs once, when its library can be imported (the SDK needs none of them)."""
    done = []

    def install() -> None:
        if done:
            return
        try:
            patch()
        except ImportError:
            return
        done.append(True)
    return install
