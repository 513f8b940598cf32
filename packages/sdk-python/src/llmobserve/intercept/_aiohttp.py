"""aiohttp (`ClientSession`, also under httpx clients given an aiohttp transport such as openai's
`DefaultAioHttpClient`). The session's `_request` is patched once (sessions created before observe() are tracked);
the body is seen as the app consumes it: every read of aiohttp's StreamReader goes through `_read_nowait_chunk`,
which the response's reader passes through, keeping a reference to each chunk."""
import json
from typing import Any

from .. import _runtime
from .._log import debug
from ..providers import split_url
from ._common import end_of, forward_async, install_once


@install_once
def install() -> None:
    import asyncio

    import aiohttp
    from aiohttp.client_reqrep import ClientResponse
    timeouts = (asyncio.TimeoutError, aiohttp.ServerTimeoutError)
    orig = aiohttp.ClientSession._request
    orig_release = ClientResponse.release
    orig_close = ClientResponse.close

    def begin(session: Any, method: str, str_or_url: Any, kwargs: Any) -> Any:
        a = _runtime.ACTIVE
        if a is None:
            return None
        try:
            build = getattr(session, "_build_url", None)
            url = str(build(str_or_url) if build else str_or_url)
            origin, path = split_url(url)
            if origin is None:
                return None
            call = a.begin(origin, method.upper(), path)
            if call is None:
                return None
            body = kwargs.get("json")
            if body is not None:
                call.request_body = json.dumps(body).encode()
            else:
                data = kwargs.get("data")
                call.request_body = data.encode() if isinstance(data, str) else data if isinstance(data, bytes) else None
            call.request_headers = kwargs.get("headers")
            call.decoded = getattr(session, "_auto_decompress", True)
            return call
        except Exception as e:
            debug(f"aiohttp: {e}")
            return None

    def watch(resp: Any, call: Any) -> None:
        content = resp.content
        read_chunk, feed_eof, set_exception = content._read_nowait_chunk, content.feed_eof, content.set_exception

        def tracked_read_chunk(n: int) -> bytes:
            data = read_chunk(n)
            if data:
                call.chunk(data)
            if content.at_eof():
                call.finish("complete")
            return data

        def tracked_feed_eof() -> None:
            feed_eof()
            if content.at_eof():  # everything was consumed already
                call.finish("complete")

        def tracked_set_exception(exc: BaseException) -> None:
            set_exception(exc)
            call.finish(end_of(exc, timeouts), exc)

        content._read_nowait_chunk = tracked_read_chunk
        content.feed_eof = tracked_feed_eof
        content.set_exception = tracked_set_exception
        resp._llmobserve_call = call
        if content.at_eof():
            call.finish("complete")  # no body (or an empty one), already ended

    async def _request(self: Any, method: str, str_or_url: Any, **kwargs: Any) -> Any:
        call = begin(self, method, str_or_url, kwargs)
        if call is None:
            return await orig(self, method, str_or_url, **kwargs)
        resp = await forward_async(call, timeouts, orig, self, method, str_or_url, **kwargs)
        try:
            call.response(resp.status, resp.headers)
            watch(resp, call)
        except Exception as e:
            debug(f"aiohttp: {e}")
        return resp

    def ended(resp: Any) -> None:
        call = getattr(resp, "_llmobserve_call", None)
        if call is not None and not call.done:
            try:
                call.finish("complete" if resp.content.at_eof() else "cancelled")
            except Exception as e:
                debug(f"aiohttp: {e}")

    # ended first: releasing an unread response closes its connection, which sets an error on the reader
    def release(self: Any) -> Any:
        ended(self)
        return orig_release(self)

    def close(self: Any) -> None:
        ended(self)
        orig_close(self)

    _request.__wrapped__ = orig  # type: ignore[attr-defined]
    aiohttp.ClientSession._request = _request  # type: ignore[method-assign]
    ClientResponse.release = release  # type: ignore[method-assign]
    ClientResponse.close = close  # type: ignore[method-assign]
