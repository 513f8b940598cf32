"""Framework helpers: each request runs as its own run, attributed to the customer its `X-Customer-ID` header names
(header configurable). The context is set for the request and restored after it, so a worker thread or task that
serves the next request starts clean.

    app = LLMObserveASGIMiddleware(app)            # FastAPI / Starlette: app.add_middleware(LLMObserveASGIMiddleware)
    app.wsgi_app = LLMObserveWSGIMiddleware(app.wsgi_app)   # Flask; Django: wrap get_wsgi_application()
"""
from typing import Any, Callable, Iterable, Iterator, Optional

from ._api import _valid_customer
from ._constants import ID_LENGTH
from ._context import var
from ._events import new_id


def _enter(customer: Optional[str], request_id: Optional[str]) -> Any:
    cur = var.get()
    run_id = request_id if request_id and len(request_id) <= ID_LENGTH else new_id()
    changes = {"run_id": run_id, "span": None}
    if customer:
        changes["customer_id"] = _valid_customer(customer, "middleware")
    return var.set(cur._replace(**changes))


def _leave(token: Any) -> None:
    try:
        var.reset(token)
    except ValueError:
        pass


class LLMObserveASGIMiddleware:
    def __init__(self, app: Callable[..., Any], customer_header: str = "x-customer-id",
                 request_id_header: Optional[str] = None) -> None:
        self.app = app
        self._customer = customer_header.lower().encode("latin-1")
        self._request_id = request_id_header.lower().encode("latin-1") if request_id_header else None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        customer = request_id = None
        for k, v in scope.get("headers") or ():
            if k.lower() == self._customer:
                customer = v.decode("latin-1")
            elif self._request_id is not None and k.lower() == self._request_id:
                request_id = v.decode("latin-1")
        token = _enter(customer, request_id)
        try:
            await self.app(scope, receive, send)
        finally:
            _leave(token)


class _Body:
    """The WSGI response iterable: the context stays set while the server iterates it, and is restored on close."""

    def __init__(self, body: Iterable[bytes], token: Any) -> None:
        self._body = body
        self._token = token

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            _leave(self._token)


class LLMObserveWSGIMiddleware:
    def __init__(self, app: Callable[..., Any], customer_header: str = "X-Customer-ID",
                 request_id_header: Optional[str] = None) -> None:
        self.app = app
        self._customer = "HTTP_" + customer_header.upper().replace("-", "_")
        self._request_id = "HTTP_" + request_id_header.upper().replace("-", "_") if request_id_header else None

    def __call__(self, environ: Any, start_response: Any) -> Any:
        token = _enter(environ.get(self._customer), environ.get(self._request_id) if self._request_id else None)
        try:
            body = self.app(environ, start_response)
        except BaseException:
            _leave(token)
            raise
        return _Body(body, token)
