"""httpx (sync and async), used by the official `openai` and `anthropic` clients."""
from typing import Any, AsyncIterator, Iterator

from .. import _runtime
from .._log import debug
from ..providers import split_url
from ._common import end_of, forward, forward_async, install_once, tee


@install_once
def install() -> None:
    import httpx
    timeouts = (httpx.TimeoutException,)
    sync_orig = httpx.HTTPTransport.handle_request
    async_orig = httpx.AsyncHTTPTransport.handle_async_request

    def begin(request: Any) -> Any:
        a = _runtime.ACTIVE
        if a is None:
            return None
        try:
            origin, path = split_url(str(request.url))
            if origin is None:
                return None
            call = a.begin(origin, request.method, path)
            if call is None:
                return None
            try:
                call.request_body = request.content
            except Exception:  # a streaming request body: not read here
                pass
            call.request_headers = request.headers
            return call
        except Exception as e:
            debug(f"httpx: {e}")
            return None

    class SyncTee(httpx.SyncByteStream):
        """The response body, chunk by chunk as it arrives, with a reference to each chunk kept for the call."""

        def __init__(self, stream: Any, call: Any) -> None:
            self._stream = stream
            self._call = call

        def __iter__(self) -> Iterator[bytes]:
            return tee(self._stream, self._call, timeouts)

        def close(self) -> None:
            try:
                self._stream.close()
            finally:
                self._call.finish("cancelled")  # a no-op when it completed

    class AsyncTee(httpx.AsyncByteStream):
        def __init__(self, stream: Any, call: Any) -> None:
            self._stream = stream
            self._call = call

        async def __aiter__(self) -> AsyncIterator[bytes]:
            call = self._call
            try:
                async for chunk in self._stream:
                    call.chunk(chunk)
                    yield chunk
            except BaseException as e:
                call.finish(end_of(e, timeouts), e)
                raise
            call.finish("complete")

        async def aclose(self) -> None:
            try:
                await self._stream.aclose()
            finally:
                self._call.finish("cancelled")

    def handle_request(self: Any, request: Any) -> Any:
        call = begin(request)
        if call is None:
            return sync_orig(self, request)
        response = forward(call, timeouts, sync_orig, self, request)
        call.response(response.status_code, response.headers)
        response.stream = SyncTee(response.stream, call)
        return response

    async def handle_async_request(self: Any, request: Any) -> Any:
        call = begin(request)
        if call is None:
            return await async_orig(self, request)
        response = await forward_async(call, timeouts, async_orig, self, request)
        call.response(response.status_code, response.headers)
        response.stream = AsyncTee(response.stream, call)
        return response

    handle_request.__wrapped__ = sync_orig  # type: ignore[attr-defined]
    handle_async_request.__wrapped__ = async_orig  # type: ignore[attr-defined]
    httpx.HTTPTransport.handle_request = handle_request  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = handle_async_request  # type: ignore[method-assign]
