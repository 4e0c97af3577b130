// The live stream (WebSocket /api/v1/stream) with reconnect backoff: 1 s, 2 s, 4 s ... up to 30 s, with jitter.
// Reconnecting is the only timer of the page; everything else arrives as events.

const MAX_DELAY_MS = 30000;

export class Stream {
  /**
   * @param {object} handlers onEvent(msg), onState('live'|'retry'|'down', detail), beforeReconnect() -> Promise<boolean>
   *     (false stops: for example the session has ended)
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.attempt = 0;
    this.timer = null;
    this.stopped = true;
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close(1000, 'bye');
    }
    this.handlers.onState('down', 'stopped');
  }

  connect() {
    if (this.stopped) {
      return;
    }
    const ws = new WebSocket('wss://' + location.host + '/api/v1/stream');
    this.ws = ws;
    ws.addEventListener('open', () => {
      if (this.ws !== ws) {
        return;
      }
      const reconnected = this.attempt > 0;
      this.attempt = 0;
      this.handlers.onState('live', reconnected ? 'reconnected' : 'connected');
    });
    ws.addEventListener('message', (ev) => {
      if (this.ws !== ws) {
        return;
      }
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      this.handlers.onEvent(msg);
    });
    ws.addEventListener('close', () => {
      if (this.ws !== ws || this.stopped) {
        return;
      }
      this.ws = null;
      this.scheduleReconnect();
    });
  }

  scheduleReconnect() {
    const base = Math.min(MAX_DELAY_MS, 1000 * Math.pow(2, this.attempt));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.handlers.onState('retry', Math.round(delay / 1000));
    this.timer = setTimeout(async () => {
      this.timer = null;
      if (this.stopped) {
        return;
      }
      let go = true;
      try {
        go = await this.handlers.beforeReconnect();
      } catch (e) {
        go = true; // the server is still unreachable: keep backing off
      }
      if (go) {
        this.connect();
      }
    }, delay);
  }
}
