// DOM helpers. Every value that comes from an alert or an agent is set with textContent, never as HTML: alert
// messages come from the network, so an attacker controls them.

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  return e;
}

export function $(id) {
  return document.getElementById(id);
}

export function clear(node) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
}

/** "2026-06-01T12:00:00.123456Z" -> "2026-06-01 12:00:00" (UTC, as the server sends it). */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  const s = String(iso);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(s);
  return m ? m[1] + ' ' + m[2] : s;
}

export function endpoint(ip, port) {
  if (!ip) {
    return '—';
  }
  const host = ip.includes(':') ? '[' + ip + ']' : ip;
  return port === undefined || port === null ? ip : host + ':' + port;
}

/** A definition list of every field of an object (nested objects as "key.sub"), all as text. */
export function fieldList(obj, className) {
  const dl = el('dl', className);
  const add = (k, v) => {
    dl.appendChild(el('dt', null, k));
    dl.appendChild(el('dd', null, v === null || v === undefined ? '—' : v));
  };
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v);
      if (entries.length === 0) {
        add(k, '{}');
      }
      for (const [sk, sv] of entries) {
        add(k + '.' + sk, typeof sv === 'object' ? JSON.stringify(sv) : sv);
      }
    } else {
      add(k, Array.isArray(v) ? JSON.stringify(v) : v);
    }
  }
  return dl;
}
