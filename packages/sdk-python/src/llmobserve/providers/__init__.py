"""Provider registry: origin (scheme://host[:port]) -> provider. The hosts and endpoint rules come from
`providers.json`, generated from the TypeScript SDK's registry (scripts/gen-providers.ts), so both SDKs recognise
the same calls; the bodies are read by the wire-format module the provider speaks (openai, anthropic, pinecone).
"""
import json
import os
from urllib.parse import unquote
from typing import Dict, Iterable, List, NamedTuple, Optional, Tuple

from . import anthropic, cohere, gemini, openai, pinecone, voyage

#: wire format (providers.json `wire`) -> the module that reads it
WIRES = {"openai": openai, "anthropic": anthropic, "pinecone": pinecone, "google": gemini, "voyage": voyage,
         "cohere": cohere}
_DEFAULT_PORTS = {"http": 80, "https": 443}


class Match(NamedTuple):
    endpoint: str
    span_type: str
    #: the model the URL names (Gemini: `/models/<model>:generateContent`), used when the response names none
    model: Optional[str] = None


class Provider:
    __slots__ = ("name", "wire", "origins", "host_suffixes", "reports_cost", "_rules")

    def __init__(self, spec: dict) -> None:
        self.name: str = spec["name"]
        self.wire = WIRES.get(spec["wire"])
        self.origins: List[str] = list(spec["origins"])
        self.host_suffixes: List[str] = list(spec["host_suffixes"])
        self.reports_cost: bool = bool(spec["reports_cost"])
        self._rules: List[Tuple[str, str, str, Match]] = [
            (r["method"], r["match"], r["path"], Match(r["endpoint"], r["span_type"])) for r in spec["endpoints"]
        ]

    def match(self, method: str, path: str) -> Optional[Match]:
        """The endpoint of a request (path without its query), or None when it is not a billable call we track."""
        p = path.split("?", 1)[0]
        if len(p) > 1 and p.endswith("/"):
            p = p[:-1]
        for m, kind, rule_path, match in self._rules:
            if m != method:
                continue
            if kind == "suffix" and p.endswith(rule_path) or kind == "exact" and p == rule_path:
                return match
            if kind == "method" and p.endswith(rule_path):
                model = unquote(p[p.rfind("/", 0, len(p) - len(rule_path)) + 1:len(p) - len(rule_path)])
                return match._replace(model=model) if model else match
        return None


def _load() -> List[Provider]:
    with open(os.path.join(os.path.dirname(__file__), "providers.json"), encoding="utf-8") as f:
        return [Provider(p) for p in json.load(f)["providers"]]


ALL: List[Provider] = _load()
BY_NAME: Dict[str, Provider] = {p.name: p for p in ALL}


def supported_names() -> List[str]:
    """Providers whose wire format this SDK reads (the others are known to the TypeScript SDK only, for now)."""
    return [p.name for p in ALL if p.wire is not None]


def normalize_origin(url: str) -> Optional[str]:
    """`scheme://host[:port]` of a base URL, lower-cased, default port omitted; None when it is not http(s)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    scheme = scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return None
    netloc = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].lower()
    host, colon, port = netloc.rpartition(":")
    if colon and port.isdigit() and int(port) == _DEFAULT_PORTS[scheme]:
        netloc = host
    return f"{scheme}://{netloc}" if netloc else None


def origin_of_parts(scheme: str, host: str, port: Optional[int]) -> str:
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host.lower()}"
    return f"{scheme}://{host.lower()}:{port}"


_split_cache: Dict[str, Optional[str]] = {}


def split_url(url: str) -> Tuple[Optional[str], str]:
    """A request URL -> (its normalised origin, or None when not http(s); its path and query). On every tracked
    client's request, so the origin of each `scheme://netloc` seen is cached (bounded)."""
    i = url.find("://")
    j = url.find("/", i + 3) if i >= 0 else -1
    prefix, path = (url, "/") if j < 0 else (url[:j], url[j:])
    try:
        return _split_cache[prefix], path
    except KeyError:
        pass
    origin = normalize_origin(prefix)
    if len(_split_cache) >= 1000:
        _split_cache.clear()
    _split_cache[prefix] = origin
    return origin, path


class Registry:
    """Origin -> provider, with the `providers=` mappings of observe() and the collector excluded."""

    def __init__(self, extra: Dict[str, str], excluded: Iterable[str]) -> None:
        self._by_origin: Dict[str, Provider] = {}
        for p in ALL:
            if p.wire is not None:
                for o in p.origins:
                    self._by_origin[o] = p
        for origin, name in extra.items():
            if BY_NAME.get(name) is not None and BY_NAME[name].wire is not None:
                self._by_origin[origin] = BY_NAME[name]
        self._excluded = frozenset(excluded)
        for o in self._excluded:
            self._by_origin.pop(o, None)
        self._cache: Dict[str, Optional[Provider]] = {}

    def lookup(self, origin: str) -> Optional[Provider]:
        p = self._by_origin.get(origin)
        if p is not None:
            return p
        try:
            return self._cache[origin]
        except KeyError:
            pass
        found = self._by_suffix(origin)
        if len(self._cache) >= 1000:
            self._cache.clear()
        self._cache[origin] = found
        return found

    def _by_suffix(self, origin: str) -> Optional[Provider]:
        """`https://<anything><suffix>` on the default port (Pinecone index hosts, Azure resources)."""
        if not origin.startswith("https://") or origin in self._excluded:
            return None
        host = origin[8:]
        if ":" in host:
            return None
        for p in ALL:
            if p.wire is None:
                continue
            for suffix in p.host_suffixes:
                if host.endswith(suffix) and len(host) > len(suffix):
                    return p
        return None
