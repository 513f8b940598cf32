"""Pinecone REST data plane (and inference) wire format; a port of the TypeScript SDK's `providers/pinecone.ts`.

query/fetch/list report `usage.readUnits`; upsert/update/delete report no write units, so they are estimated from
the request by Pinecone's published rule (1 WU per KB of records written, minimum 5 per request), flagged estimated.
"""
import json
from typing import Any, List

from .._sse import SseEvent
from ._util import RequestSummary, Summary, amount, count, is_obj, obj, positive_units, string

MIN_WRITE_UNITS = 5


def record_bytes(r: Any) -> int:
    if not is_obj(r):
        return 0
    n = len(r["id"].encode()) if isinstance(r.get("id"), str) else 0
    if isinstance(r.get("values"), list):
        n += 4 * len(r["values"])
    sparse = r.get("sparseValues") if is_obj(r.get("sparseValues")) else r.get("sparse_values")
    if is_obj(sparse) and isinstance(sparse.get("indices"), list):
        n += 8 * len(sparse["indices"])
    meta = next((r[k] for k in ("metadata", "setMetadata", "set_metadata") if r.get(k) is not None), None)
    if meta is not None:
        n += len(json.dumps(meta, separators=(",", ":")).encode())
    return n


def write_units(endpoint: str, body: Any):
    if endpoint == "upsert":
        b = sum(record_bytes(r) for r in (body.get("vectors") if is_obj(body) and isinstance(body.get("vectors"), list) else []))
    elif endpoint == "update":
        written = record_bytes(body)
        b = written + (written if is_obj(body) and isinstance(body.get("values"), list) else 0)
    elif endpoint == "delete":
        b = 0
    else:
        return None
    return max(MIN_WRITE_UNITS, -(-b // 1000))


def summarize_request(endpoint: str, body: Any) -> RequestSummary:
    wu = write_units(endpoint, body)
    model = string(body.get("model")) if is_obj(body) else None
    if wu is None:
        return RequestSummary(model)
    return RequestSummary(model, False, 0, {"write_units": wu}, True)


def error_message(body: Any):
    if not is_obj(body):
        return None
    e = body.get("error")
    if is_obj(e):
        return string(e.get("message")) or string(e.get("code")) or "error"
    return string(body.get("message")) or string(e)


def summarize_json(endpoint: str, body: Any) -> Summary:
    s = Summary()
    if not is_obj(body):
        return s
    usage = obj(body.get("usage"))
    if endpoint in ("query", "fetch", "list"):
        s.units = positive_units({"read_units": amount(usage.get("readUnits", usage.get("read_units")))})
    elif endpoint == "upsert":
        s.units = {"write_units": max(MIN_WRITE_UNITS, count(body.get("upsertedCount", body.get("upserted_count"))))}
        s.units_estimated = True
    elif endpoint == "update":
        s.units = {"write_units": max(MIN_WRITE_UNITS, count(body.get("matchedRecords", body.get("matched_records"))))}
        s.units_estimated = True
    elif endpoint == "delete":
        s.units = {"write_units": MIN_WRITE_UNITS}
        s.units_estimated = True
    elif endpoint == "inference.embed":
        s.model = string(body.get("model"))
        s.units = positive_units({"embed_tokens": count(usage.get("total_tokens", usage.get("totalTokens")))})
    elif endpoint == "inference.rerank":
        s.model = string(body.get("model"))
        s.units = positive_units({"rerank_units": count(usage.get("rerank_units", usage.get("rerankUnits")))})
    return s


def summarize_stream(endpoint: str, events: List[SseEvent]) -> Summary:
    return Summary()  # Pinecone does not stream
