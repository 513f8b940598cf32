/**
 * The Files and Batch APIs of the OpenAI mock (documented wire format):
 *
 *  - POST /v1/files (multipart: `purpose`, `file`)  -> a `file` object; the content is kept in memory.
 *  - POST /v1/batches (`input_file_id`, `endpoint`, `completion_window`) -> a `batch` (`validating`); the mock
 *    runs its requests at once into an output file (and an error file for failed requests).
 *  - GET  /v1/batches/{id}                          -> the batch, `completed`, with `output_file_id`,
 *    `error_file_id` and `request_counts`.
 *  - GET  /v1/files/{id}/content                    -> the file's bytes. An output file has one line a request:
 *    `{ id: "batch_req_…", custom_id, response: { status_code, request_id, body }, error: null }`, `body` being what
 *    the synchronous endpoint answers (`chat.completion`, embeddings `list`, `response`).
 *
 * Test controls: an input line whose `custom_id` starts with `fail` fails (status 400, in the error file);
 * `x-mock-usage` on the create request (JSON `{prompt_tokens, completion_tokens, cached_tokens}`) fixes every
 * result's usage (else counted from the text); `x-mock-gzip: 1` on a content download gzips it.
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { sendBytes } from './send.js';

type Body = Record<string, unknown>;

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: Buffer;
  created_at: number;
}

interface StoredBatch {
  body: Body;
  output_file_id: string | null;
  error_file_id: string | null;
  counts: { total: number; completed: number; failed: number };
}

const rid = (prefix: string) => prefix + randomBytes(12).toString('hex');

/** The file part (name, bytes) and text fields of a multipart/form-data body. */
function readMultipart(raw: Buffer): { fields: Record<string, string>; file: { filename: string; content: Buffer } | null } {
  const fields: Record<string, string> = {};
  let file: { filename: string; content: Buffer } | null = null;
  const text = raw.toString('latin1');
  const nl = text.indexOf('\r\n');
  if (!text.startsWith('--') || nl < 0) return { fields, file };
  const boundary = text.slice(0, nl);
  for (const part of text.split(boundary)) {
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd < 0) continue;
    const head = part.slice(0, headEnd);
    const name = /name="([^"]*)"/.exec(head);
    if (!name) continue;
    let value = part.slice(headEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    const filename = /filename="([^"]*)"/.exec(head);
    if (filename) file = { filename: filename[1]!, content: Buffer.from(value, 'latin1') };
    else fields[name[1]!] = value;
  }
  return { fields, file };
}

export interface BatchResultMaker {
  /** The body the synchronous endpoint would answer for this request body, with the usage given. */
  (url: string, body: Body, usage: Body | null): Body | null;
}

export class OpenAIBatches {
  private readonly files = new Map<string, StoredFile>();
  private readonly batches = new Map<string, StoredBatch>();

  constructor(private readonly makeResult: BatchResultMaker) {}

  /** Handles a Files/Batch API request; false when the path is not one. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Body, raw: Buffer, send: (status: number, body: unknown) => void): boolean {
    if (req.method === 'POST' && path === '/files') {
      const { fields, file } = readMultipart(raw);
      if (!file) {
        send(400, { error: { message: 'file is required', type: 'invalid_request_error', param: 'file', code: null } });
        return true;
      }
      const f = this.store(file.filename, fields.purpose ?? 'batch', file.content);
      send(200, this.fileView(f));
      return true;
    }
    if (req.method === 'POST' && path === '/batches') {
      const id = rid('batch_');
      const b = this.run(id, body, req.headers['x-mock-usage']);
      if (!b) {
        send(400, { error: { message: `No such file: ${String(body.input_file_id)}`, type: 'invalid_request_error', param: 'input_file_id', code: null } });
        return true;
      }
      send(200, this.batchView(id, b, false));
      return true;
    }
    const batch = /^\/batches\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && batch) {
      const b = this.batches.get(batch[1]!);
      if (!b) send(404, { error: { message: 'No such batch', type: 'invalid_request_error', param: null, code: null } });
      else send(200, this.batchView(batch[1]!, b, true));
      return true;
    }
    const content = /^\/files\/([^/]+)\/content$/.exec(path);
    if (req.method === 'GET' && content) {
      const f = this.files.get(content[1]!);
      if (!f) {
        send(404, { error: { message: 'No such File object', type: 'invalid_request_error', param: 'id', code: null } });
        return true;
      }
      sendBytes(req, res, f.content, { 'content-type': 'application/octet-stream', 'x-request-id': rid('req_') });
      return true;
    }
    return false;
  }

  private store(filename: string, purpose: string, content: Buffer): StoredFile {
    const f: StoredFile = { id: rid('file-'), filename, purpose, content, created_at: Math.floor(Date.now() / 1000) };
    this.files.set(f.id, f);
    return f;
  }

  private fileView(f: StoredFile): Body {
    return { id: f.id, object: 'file', bytes: f.content.length, created_at: f.created_at, filename: f.filename, purpose: f.purpose, status: 'processed', status_details: null };
  }

  /** Runs every request of the input file at once. */
  private run(id: string, body: Body, usageHeader: string | string[] | undefined): StoredBatch | null {
    const input = this.files.get(String(body.input_file_id));
    if (!input) return null;
    let fixed: Body | null = null;
    const h = Array.isArray(usageHeader) ? usageHeader[0] : usageHeader;
    if (h) {
      try {
        fixed = JSON.parse(h) as Body;
      } catch {
        fixed = null;
      }
    }
    const out: string[] = [];
    const errors: string[] = [];
    for (const raw of input.content.toString('utf8').split('\n')) {
      if (raw.trim() === '') continue;
      const line = JSON.parse(raw) as Body;
      const customId = String(line.custom_id ?? '');
      const requestId = rid('req_');
      const result = customId.startsWith('fail') ? null : this.makeResult(String(line.url ?? body.endpoint), (line.body ?? {}) as Body, fixed);
      if (result === null) {
        const error = { error: { message: `Mock error for ${customId}`, type: 'invalid_request_error', param: null, code: null } };
        errors.push(JSON.stringify({ id: rid('batch_req_'), custom_id: customId, response: { status_code: 400, request_id: requestId, body: error }, error: null }));
      } else {
        out.push(JSON.stringify({ id: rid('batch_req_'), custom_id: customId, response: { status_code: 200, request_id: requestId, body: result }, error: null }));
      }
    }
    const file = (lines: string[], name: string) => (lines.length === 0 ? null : this.store(name, 'batch_output', Buffer.from(lines.map((l) => l + '\n').join(''))).id);
    const b: StoredBatch = {
      body,
      output_file_id: file(out, `${id}_output.jsonl`),
      error_file_id: file(errors, `${id}_error.jsonl`),
      counts: { total: out.length + errors.length, completed: out.length, failed: errors.length },
    };
    this.batches.set(id, b);
    return b;
  }

  private batchView(id: string, b: StoredBatch, done: boolean): Body {
    const now = Math.floor(Date.now() / 1000);
    return {
      id,
      object: 'batch',
      endpoint: b.body.endpoint,
      errors: null,
      input_file_id: b.body.input_file_id,
      completion_window: b.body.completion_window ?? '24h',
      status: done ? 'completed' : 'validating',
      output_file_id: done ? b.output_file_id : null,
      error_file_id: done ? b.error_file_id : null,
      created_at: now,
      in_progress_at: done ? now : null,
      expires_at: now + 86_400,
      finalizing_at: done ? now : null,
      completed_at: done ? now : null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: done ? b.counts : { total: 0, completed: 0, failed: 0 },
      metadata: b.body.metadata ?? null,
    };
  }
}
