"""Interception of the HTTP clients the official Python provider SDKs use, at their transport layer: httpx's
`HTTPTransport.handle_request` / `AsyncHTTPTransport.handle_async_request` (openai, anthropic), requests'
`HTTPAdapter.send`, urllib3's `HTTPConnectionPool.urlopen` when used directly (pinecone), and aiohttp's
`ClientSession._request`. The classes are patched once, so clients created before observe() are tracked too; a
request to an origin that is not a provider passes with one dictionary lookup."""
from . import _aiohttp, _httpx, _requests, _urllib3


def install() -> None:
    _httpx.install()
    _requests.install()
    _urllib3.install()
    _aiohttp.install()
