"""requests: `HTTPAdapter.send`. The response's `raw` (urllib3) is wrapped so that the decoded body is seen as the
app reads it (`.content`, `iter_content`, `iter_lines`), chunk by chunk."""
from typing import Any, Iterator

from .. import _runtime
from .._log import debug
from ..providers import split_url
from . import _urllib3
from ._common import end_of, forward, install_once, tee



class RawTee:
    """Proxy of a urllib3 response: `stream()` and `read()` pass the bytes through and keep references."""

    def __init__(self, raw: Any, call: Any, timeouts: tuple) -> None:
        self._raw = raw
        self._call = call
        self._timeouts = timeouts

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[bytes]:
        return tee(self._raw.stream(*args, **kwargs), self._call, self._timeouts)

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        try:
            data = self._raw.read(*args, **kwargs)
        except BaseException as e:
            self._call.finish(end_of(e, self._timeouts), e)
            raise
        if data:
            self._call.chunk(data)
        amt = args[0] if args else kwargs.get("amt")
        if not data or amt is None:
            self._call.finish("complete")
        return data

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            self._call.finish("cancelled")

    def release_conn(self) -> None:
        try:
            self._raw.release_conn()
        finally:
            if getattr(self._raw, "closed", False) or getattr(self._raw, "_fp", None) is None:
                self._call.finish("complete")


@install_once
def install() -> None:
    import requests
    from requests.adapters import HTTPAdapter
    timeouts = (requests.exceptions.Timeout,)
    try:
        import urllib3.exceptions
        timeouts += (urllib3.exceptions.TimeoutError,)
    except ImportError:
        pass
    orig = HTTPAdapter.send

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        a = _runtime.ACTIVE
        call = None
        if a is not None:
            try:
                origin, path = split_url(request.url or "")
                if origin is not None:
                    call = a.begin(origin, request.method or "GET", path)
                    if call is not None:
                        body = request.body
                        call.request_body = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else None
                        call.request_headers = request.headers
            except Exception as e:
                debug(f"requests: {e}")
                call = None
        if call is None:
            return orig(self, request, *args, **kwargs)
        _urllib3.local.depth = _urllib3.depth() + 1  # the urllib3 call underneath is this one
        try:
            response = forward(call, timeouts, orig, self, request, *args, **kwargs)
        finally:
            _urllib3.local.depth -= 1
        try:
            call.response(response.status_code, response.headers)
            call.decoded = True  # the body is seen decoded: urllib3 decodes gzip/deflate for iter_content
            response.raw = RawTee(response.raw, call, timeouts)
        except Exception as e:
            debug(f"requests: {e}")
        return response

    send.__wrapped__ = orig  # type: ignore[attr-defined]
    HTTPAdapter.send = send  # type: ignore[method-assign]
