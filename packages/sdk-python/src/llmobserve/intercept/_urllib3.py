"""urllib3 used directly (the official `pinecone` client, many generated REST clients): `HTTPConnectionPool.urlopen`.
Requests made through `requests` are left to its own interceptor (a thread-local flag), and urlopen's internal
retries to the outermost call, so no call is recorded twice."""
import threading
from typing import Any

from .. import _runtime
from .._log import debug
from ..providers import origin_of_parts
from ._common import end_of, forward, install_once, tee

#: > 0 while this thread is inside a tracked (or requests-tracked) call: nested urlopen calls pass through
local = threading.local()


def depth() -> int:
    return getattr(local, "depth", 0)


@install_once
def install() -> None:
    import urllib3
    from urllib3.connectionpool import HTTPConnectionPool
    timeouts = (urllib3.exceptions.TimeoutError,)
    orig = HTTPConnectionPool.urlopen

    def urlopen(self: Any, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        a = _runtime.ACTIVE
        if a is None or depth():
            return orig(self, method, url, *args, **kwargs)
        call = None
        try:
            path = url if url.startswith("/") else "/" + url.split("://", 1)[-1].partition("/")[2]
            call = a.begin(origin_of_parts(self.scheme, self.host, self.port), method, path)
            if call is not None:
                body = kwargs.get("body", args[0] if args else None)
                call.request_body = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else None
                call.request_headers = kwargs.get("headers", args[1] if len(args) > 1 else None)
        except Exception as e:
            debug(f"urllib3: {e}")
            call = None
        if call is None:
            return orig(self, method, url, *args, **kwargs)
        local.depth = depth() + 1
        try:
            response = forward(call, timeouts, orig, self, method, url, *args, **kwargs)
        finally:
            local.depth -= 1
        try:
            call.response(response.status, response.headers)
            call.decoded = kwargs.get("decode_content", True) is not False
            if kwargs.get("preload_content", True):
                data = response.data  # read by urlopen already
                if data:
                    call.chunk(data)
                call.finish("complete")
            else:
                _watch(response, call, timeouts)
        except Exception as e:
            debug(f"urllib3: {e}")
        return response

    urlopen.__wrapped__ = orig  # type: ignore[attr-defined]
    HTTPConnectionPool.urlopen = urlopen  # type: ignore[method-assign]


def _watch(response: Any, call: Any, timeouts: tuple) -> None:
    """A response read later (`preload_content=False`): its own read methods keep references to what they return."""
    read, read_chunked, release, close = response.read, getattr(response, "read_chunked", None), response.release_conn, response.close

    def tracked_read(*args: Any, **kwargs: Any) -> bytes:
        try:
            data = read(*args, **kwargs)
        except BaseException as e:
            call.finish(end_of(e, timeouts), e)
            raise
        if data:
            call.chunk(data)
        if not data or not (args or kwargs.get("amt")):
            call.finish("complete")
        return data

    def tracked_read_chunked(*args: Any, **kwargs: Any) -> Any:
        return tee(read_chunked(*args, **kwargs), call, timeouts)  # type: ignore[misc]

    def tracked_release() -> None:
        try:
            release()
        finally:
            call.finish("complete" if response.isclosed() else "cancelled")

    def tracked_close() -> None:
        try:
            close()
        finally:
            call.finish("cancelled")

    response.read = tracked_read
    if read_chunked is not None:
        response.read_chunked = tracked_read_chunked
    response.release_conn = tracked_release
    response.close = tracked_close
