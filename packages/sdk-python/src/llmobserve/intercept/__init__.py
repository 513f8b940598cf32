"""Interception of the HTTP clients the official Python provider SDKs use, at their transport layer: httpx's
`HTTPTransport.handle_request` / `AsyncHTTPTransport.handle_async_request` (openai, anthropic) and requests'
`HTTPAdapter.send`. The classes are patched once, so clients created before observe() are tracked too; a request
to an origin that is not a provider passes with one dictionary lookup."""
from . import _httpx, _requests


def install() -> None:
    _httpx.install()
    _requests.install()
