// Live status through the API's event stream (EventSource sends the session cookie; GET needs no CSRF).
const EVENTS = ['execution.started', 'execution.completed', 'execution.failed', 'execution.cancelled', 'progress', 'output.delta'];
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED']);
// A browser holds at most 6 HTTP/1.1 connections per origin: the list follows this many rows live.
export const MAX_LIST_STREAMS = 3;
const open = new Set();

export function isTerminal(status) {
  return TERMINAL.has(status);
}

// Follows one execution: onEvent(name, data) per event; closes after a terminal status.
export function follow(id, onEvent) {
  const source = new EventSource('/v1/executions/' + encodeURIComponent(id) + '/events');
  open.add(source);
  const stop = () => { source.close(); open.delete(source); };
  for (const name of EVENTS) {
    source.addEventListener(name, (e) => {
      let data = null;
      try { data = JSON.parse(e.data); } catch { data = null; }
      onEvent(name, data);
      const status = data?.data?.status ?? data?.status;
      if (status && isTerminal(status)) stop();
    });
  }
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) stop(); };
  return stop;
}

// Closes every stream (on navigation and sign-out).
export function closeAll() {
  for (const s of open) s.close();
  open.clear();
}
