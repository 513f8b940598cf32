/**
 * OpenAI Batch API: `POST /v1/batches` is free; its requests run later and are billed at the batch discount. Their
 * results are read when the output file is downloaded (`GET /v1/files/{id}/content`, `client.files.content(id)`):
 * one line a request, `{ id: "batch_req_…", custom_id, response: { status_code, request_id, body }, error }`, where
 * `body` is what the synchronous endpoint would have answered (a `chat.completion`, an embeddings `list`, a
 * `response`). Pure functions only.
 */
import { firstStringField, lastObjectField, lastStringField } from './json-fields.js';
import { openAIErrorMessage } from './openai-endpoints.js';
import { normalizeAnyUsage } from './openai-usage.js';
import { newBatchItem, type BatchResultItem, type BatchResultsReader } from './types.js';
import { isObj, str } from './util.js';

const FILE_CONTENT_RE = /\/files\/([^/?]+)\/content$/;

/** `GET …/files/{id}/content` -> the file id. */
export function matchOpenAIBatchOutput(method: string, path: string): string | null {
  if (method !== 'GET') return null;
  const q = path.indexOf('?');
  const m = FILE_CONTENT_RE.exec(q === -1 ? path : path.slice(0, q));
  return m ? decodeURIComponent(m[1]!) : null;
}

/** A result's key: its `batch_req_…` id, else the file and custom id. */
const batchItem = (ref: string, id: string | null, customId: string | null): BatchResultItem =>
  newBatchItem(id ?? `${ref}/${customId ?? ''}`, customId);

/** One line of a Batch output (or error) file; null when the line is not one (an input file's line has no `response`). */
export function summarizeOpenAIBatchLine(ref: string, line: unknown): BatchResultItem | null {
  if (!isObj(line) || typeof line.custom_id !== 'string' || !('response' in line)) return null;
  const item = batchItem(ref, str(line.id), line.custom_id);
  const resp = isObj(line.response) ? line.response : null;
  const body = resp && isObj(resp.body) ? resp.body : null;
  const statusCode = resp && typeof resp.status_code === 'number' ? resp.status_code : 0;
  item.requestId = resp ? str(resp.request_id) : null;
  if (body) {
    item.model = str(body.model);
    item.responseId = str(body.id);
    if (body.object === 'list') item.spanType = 'embedding';
    const created = typeof body.created === 'number' ? body.created : typeof body.created_at === 'number' ? body.created_at : null;
    if (created !== null && created > 0) item.createdAtMs = created * 1000;
  }
  if (isObj(line.error) || statusCode >= 400 || body === null) {
    // not billed: a request the batch could not run, or that failed
    item.status = 'error';
    item.error = (isObj(line.error) ? (str(line.error.message) ?? str(line.error.code)) : null) ?? openAIErrorMessage(body) ?? `HTTP ${statusCode}`;
    return item;
  }
  item.usage = normalizeAnyUsage(body.usage);
  if (body.object === 'response' && body.status === 'failed') {
    item.status = 'error';
    item.error = openAIErrorMessage(body) ?? 'response failed';
  }
  return item;
}

/**
 * A line too long to keep whole (an embeddings result of many vectors, a very long completion): ids from its head,
 * usage from its tail; the model from the tail (embeddings put it after the vectors), else from the response body
 * at the head (chat completions and responses put it before their output).
 */
export function summarizeOpenAIBatchLongLine(ref: string, head: string, tail: string): BatchResultItem | null {
  const customId = firstStringField(head, 'custom_id');
  if (customId === null || !/"response"\s*:/.test(head)) return null; // an input file's line has no response
  const item = batchItem(ref, firstStringField(head, 'id'), customId);
  const status = /"status_code"\s*:\s*(\d+)/.exec(head);
  item.requestId = firstStringField(head, 'request_id');
  if (head.includes('"object": "list"') || head.includes('"object":"list"')) item.spanType = 'embedding';
  const body = head.indexOf('"body"');
  item.model = lastStringField(tail, 'model') ?? (body === -1 ? null : firstStringField(head.slice(body), 'model'));
  if (status && Number(status[1]) >= 400) {
    item.status = 'error';
    item.error = `HTTP ${status[1]}`;
    return item;
  }
  item.usage = normalizeAnyUsage(lastObjectField(tail, 'usage'));
  return item;
}

export const OPENAI_BATCH_RESULTS: BatchResultsReader = {
  endpoint: 'batch',
  match: matchOpenAIBatchOutput,
  summarizeLine: summarizeOpenAIBatchLine,
  summarizeLongLine: summarizeOpenAIBatchLongLine,
};
