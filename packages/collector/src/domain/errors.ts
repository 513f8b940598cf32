/**
 * The error every layer may raise for a client's mistake: the HTTP layer (server/errors.ts) answers it as
 * `{"error": {"code", "message"}}` with its status. Declared here so that ingest and query need nothing of server/.
 */
export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
