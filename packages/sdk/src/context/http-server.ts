/**
 * Every incoming HTTP request starts with its connection's own context.
 *
 * `setCustomerId()` changes the context of the code that calls it and of everything that code starts afterwards
 * (AsyncLocalStorage.enterWith). Node runs every request of a keep-alive connection in the same async resource, so
 * without this, a customer set while handling one request would still be set when the next request on that
 * connection starts. The `http.server.request.start` diagnostics channel fires synchronously before the
 * `request` event, in that resource; there we put back the context the connection had for its first request.
 */
import diagnostics from 'node:diagnostics_channel';
import { EMPTY_CONTEXT, storage, type Context } from './store.js';

const connectionContext = new WeakMap<object, Context>();
let subscribed = false;

function onRequestStart(message: unknown): void {
  try {
    const socket = (message as { socket?: object } | null)?.socket;
    if (!socket) return;
    const base = connectionContext.get(socket);
    if (base === undefined) {
      connectionContext.set(socket, storage.getStore() ?? EMPTY_CONTEXT);
      return;
    }
    // (no enterWith when nothing changed: enabling AsyncLocalStorage has a cost for the whole process)
    if ((storage.getStore() ?? EMPTY_CONTEXT) !== base) storage.enterWith(base);
  } catch {
    /* never disturb the server */
  }
}

export function installHttpServerContext(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('http.server.request.start', onRequestStart);
}

export function uninstallHttpServerContext(): void {
  if (!subscribed) return;
  subscribed = false;
  diagnostics.unsubscribe('http.server.request.start', onRequestStart);
}
