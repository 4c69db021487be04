/**
 * A local stand-in for the Zotero Web API v3, written from Zotero's published documentation
 * (see README.md in this folder for the section each behaviour follows). Tests start it on a
 * random localhost port and point the extension's own sync code at it; nothing else differs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KeyInfo {
  userID: number;
  username: string;
  /** Library access as /keys/current reports it. */
  access: {
    user?: { library?: boolean; notes?: boolean; write?: boolean; files?: boolean };
    groups?: Record<string, { library?: boolean; write?: boolean }>;
  };
}

export interface StoredObject {
  key: string;
  version: number;
  data: Record<string, unknown>;
}

interface Library {
  type: 'user' | 'group';
  id: number;
  version: number;
  items: Map<string, StoredObject>;
  collections: Map<string, StoredObject>;
  /** Deleted object keys with the library version of the deletion (for /deleted?since=). */
  deletedItems: Map<string, number>;
  deletedCollections: Map<string, number>;
}

/** A fault injected before the request is handled. */
export interface Fault {
  /** Which requests it applies to; all when absent. */
  match?: (req: { method: string; path: string }) => boolean;
  status?: number;
  /** Seconds (the stand-in accepts fractions so tests stay fast; Zotero sends whole seconds). */
  retryAfter?: number;
  /** Adds a Backoff header (seconds) to the response. */
  backoff?: number;
  /** Waits this long before answering (longer than the client's timeout = a timeout). */
  delayMs?: number;
  /** Handle the request normally after the delay instead of answering with `status`. */
  passThrough?: boolean;
  /** Handle the request normally, then answer `status` anyway (the response was lost). */
  afterHandling?: boolean;
  /** How many requests it applies to. */
  times: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  status: number;
  objects?: number;
}

const KEY_CHARS = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
const KEY_RE = /^[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}$/;
/** Documented limit of objects in one write request. */
export const MAX_WRITE_OBJECTS = 50;
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;

/** Item types the stand-in accepts; a small part of Zotero's schema, enough for Gloss. */
const ITEM_TYPES = new Set([
  'preprint',
  'journalArticle',
  'conferencePaper',
  'document',
  'book',
  'bookSection',
  'report',
  'thesis',
  'webpage',
  'note',
  'attachment',
]);

function randomKey(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += KEY_CHARS[Math.floor(Math.random() * KEY_CHARS.length)];
  return s;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ZoteroStandin {
  private server?: Server;
  baseUrl = '';
  readonly keys = new Map<string, KeyInfo>();
  private readonly libraries = new Map<string, Library>();
  /** Write tokens of successful requests, per API key (the server keeps them 12 hours). */
  private readonly writeTokens = new Map<string, Set<string>>();
  readonly faults: Fault[] = [];
  readonly log: LoggedRequest[] = [];
  private timers = new Set<NodeJS.Timeout>();

  /** A library addressed by its prefix, e.g. `/users/1` or `/groups/2`. */
  library(prefix: string): Library {
    let lib = this.libraries.get(prefix);
    if (!lib) {
      const m = prefix.match(/^\/(users|groups)\/(\d+)$/);
      if (!m) throw new Error(`bad library prefix ${prefix}`);
      lib = {
        type: m[1] === 'users' ? 'user' : 'group',
        id: Number(m[2]),
        version: 0,
        items: new Map(),
        collections: new Map(),
        deletedItems: new Map(),
        deletedCollections: new Map(),
      };
      this.libraries.set(prefix, lib);
    }
    return lib;
  }

  addKey(apiKey: string, info: KeyInfo): void {
    this.keys.set(apiKey, info);
    this.library(`/users/${info.userID}`);
  }

  /** Writes objects straight into a library, as another Zotero client would, in one version. */
  seed(prefix: string, items: Record<string, unknown>[], collections: Record<string, unknown>[] = []): string[] {
    const lib = this.library(prefix);
    const v = ++lib.version;
    for (const c of collections) {
      const key = (c.key as string) ?? randomKey();
      lib.collections.set(key, { key, version: v, data: { ...c, key, version: v } });
    }
    return items.map((d) => {
      const key = (d.key as string) ?? randomKey();
      const now = new Date().toISOString();
      lib.items.set(key, { key, version: v, data: { tags: [], collections: [], relations: {}, dateAdded: now, ...d, key, version: v, dateModified: now } });
      lib.deletedItems.delete(key);
      return key;
    });
  }

  /** Changes an item as another client would (a new library version). */
  editItem(prefix: string, key: string, change: Record<string, unknown>): void {
    const lib = this.library(prefix);
    const obj = lib.items.get(key);
    if (!obj) throw new Error(`no item ${key}`);
    const v = ++lib.version;
    obj.version = v;
    obj.data = { ...obj.data, ...change, version: v, dateModified: new Date().toISOString() };
  }

  /** Deletes an item (and its children) as another client would. */
  deleteItem(prefix: string, key: string): void {
    const lib = this.library(prefix);
    const v = ++lib.version;
    this.removeItem(lib, key, v);
  }

  items(prefix: string): StoredObject[] {
    return [...this.library(prefix).items.values()];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      // Not a documented behaviour of Zotero's: the extension reaches api.zotero.org with the host
      // permission it asks for when the user connects, which lifts CORS; the stand-in's address
      // has no such permission, so it answers cross-origin requests itself (e2e only).
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'Last-Modified-Version, Total-Results, Link, Backoff, Retry-After, Zotero-API-Version');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
          'Access-Control-Allow-Headers':
            'Zotero-API-Key, Zotero-API-Version, Zotero-Write-Token, If-Unmodified-Since-Version, If-Modified-Since-Version, Content-Type',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const headers = {
      'zotero-api-key': req.headers['zotero-api-key'] as string | undefined,
      'zotero-api-version': req.headers['zotero-api-version'] as string | undefined,
      'zotero-write-token': req.headers['zotero-write-token'] as string | undefined,
      'if-unmodified-since-version': req.headers['if-unmodified-since-version'] as string | undefined,
      'if-modified-since-version': req.headers['if-modified-since-version'] as string | undefined,
    };
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const entry: LoggedRequest = { method, path, query, headers, status: 0 };
    this.log.push(entry);

    const fault = this.faults.find((f) => f.times > 0 && (!f.match || f.match({ method, path })));
    const extraHeaders: Record<string, string> = {};
    if (fault) {
      fault.times--;
      if (fault.delayMs) await this.sleep(fault.delayMs);
      if (fault.backoff !== undefined) extraHeaders.Backoff = String(fault.backoff);
      if (fault.status && !fault.passThrough && !fault.afterHandling) {
        if (fault.retryAfter !== undefined) extraHeaders['Retry-After'] = String(fault.retryAfter);
        entry.status = fault.status;
        res.writeHead(fault.status, { 'Content-Type': 'text/plain', ...extraHeaders });
        res.end(fault.status === 429 ? 'Too many requests' : 'Fault injected');
        return;
      }
    }
    const out = this.route(method, path, query, headers, bodyText, entry);
    if (fault?.afterHandling && fault.status) {
      // The write happened; the client never learns it (a dropped connection, a killed worker).
      entry.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'text/plain', ...extraHeaders });
      res.end('Fault injected after handling');
      return;
    }
    entry.status = out.status;
    res.writeHead(out.status, {
      'Zotero-API-Version': '3',
      ...(out.body !== undefined ? { 'Content-Type': typeof out.body === 'string' ? 'text/plain' : 'application/json' } : {}),
      ...out.headers,
      ...extraHeaders,
    });
    res.end(out.body === undefined ? undefined : typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
  }

  private route(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: Record<string, string | undefined>,
    bodyText: string,
    entry: LoggedRequest,
  ): { status: number; headers?: Record<string, string>; body?: unknown } {
    const apiKey = headers['zotero-api-key'];
    if (path === '/keys/current') {
      const info = apiKey ? this.keys.get(apiKey) : undefined;
      if (!info) return { status: 403, body: 'Invalid key' };
      return { status: 200, body: { key: apiKey, userID: info.userID, username: info.username, access: info.access } };
    }
    const m = path.match(/^(\/(?:users|groups)\/\d+)(\/.*)$/);
    if (!m) return { status: 404, body: 'Not found' };
    const [, prefix, rest] = m;
    const info = apiKey ? this.keys.get(apiKey) : undefined;
    if (!info) return { status: 403, body: 'Forbidden' };
    const lib = this.library(prefix);
    const access =
      lib.type === 'user' ? (lib.id === info.userID ? info.access.user : undefined) : (info.access.groups?.[String(lib.id)] ?? info.access.groups?.all);
    if (!access?.library) return { status: 403, body: 'Forbidden' };
    const write = method !== 'GET';
    if (write && !access.write) return { status: 403, body: 'Write access denied' };
    const versionHeader = { 'Last-Modified-Version': String(lib.version) };

    const ius = headers['if-unmodified-since-version'];
    if (write && ius !== undefined && !/^\d+$/.test(ius)) return { status: 400, body: 'Invalid If-Unmodified-Since-Version' };

    if (method === 'GET') {
      const ims = headers['if-modified-since-version'];
      if (ims !== undefined && Number(ims) >= lib.version && (rest === '/items' || rest === '/items/top' || rest === '/collections')) {
        return { status: 304, headers: versionHeader };
      }
      if (rest === '/items' || rest === '/items/top')
        return this.list(
          prefix,
          lib,
          [...lib.items.values()].filter((o) => rest === '/items' || !o.data.parentItem),
          query,
          versionHeader,
          'items',
        );
      if (rest === '/collections') return this.list(prefix, lib, [...lib.collections.values()], query, versionHeader, 'collections');
      if (rest === '/deleted') {
        const since = Number(query.since ?? 0);
        const pick = (m: Map<string, number>) => [...m].filter(([, v]) => v > since).map(([k]) => k);
        return {
          status: 200,
          headers: versionHeader,
          body: { collections: pick(lib.deletedCollections), searches: [], items: pick(lib.deletedItems), tags: [], settings: [] },
        };
      }
      const kids = rest.match(/^\/items\/([A-Z0-9]{8})\/children$/);
      if (kids) {
        if (!lib.items.has(kids[1])) return { status: 404, body: 'Item not found' };
        const children = [...lib.items.values()].filter((o) => o.data.parentItem === kids[1]);
        return {
          status: 200,
          headers: { ...versionHeader, 'Total-Results': String(children.length) },
          body: children.map((o) => this.envelope(prefix, lib, o)),
        };
      }
      const one = rest.match(/^\/items\/([A-Z0-9]{8})$/);
      if (one) {
        const obj = lib.items.get(one[1]);
        if (!obj) return { status: 404, body: 'Item not found' };
        return { status: 200, headers: { 'Last-Modified-Version': String(obj.version) }, body: this.envelope(prefix, lib, obj) };
      }
      return { status: 404, body: 'Not found' };
    }

    if (method === 'POST' && rest === '/items') {
      const token = headers['zotero-write-token'];
      const tokens = this.writeTokens.get(apiKey!) ?? new Set<string>();
      if (token !== undefined && !/^[0-9a-f]{32}$/i.test(token)) return { status: 400, body: 'Invalid Zotero-Write-Token' };
      if (token && tokens.has(token)) return { status: 412, headers: versionHeader, body: 'Write token already used' };
      if (ius !== undefined && Number(ius) < lib.version)
        return { status: 412, headers: versionHeader, body: `Library has been modified since specified version (expected ${ius}, found ${lib.version})` };
      let objects: unknown;
      try {
        objects = JSON.parse(bodyText);
      } catch {
        return { status: 400, body: 'Invalid JSON' };
      }
      if (!Array.isArray(objects)) return { status: 400, body: 'Uploaded data must be a JSON array' };
      entry.objects = objects.length;
      if (objects.length > MAX_WRITE_OBJECTS) return { status: 413, body: `Only ${MAX_WRITE_OBJECTS} objects can be saved in a single request` };
      const result = {
        successful: {} as Record<string, unknown>,
        success: {} as Record<string, string>,
        unchanged: {} as Record<string, string>,
        failed: {} as Record<string, unknown>,
      };
      const newVersion = lib.version + 1;
      let changed = false;
      objects.forEach((raw, i) => {
        const fail = (code: number, message: string, key?: string) => (result.failed[i] = { key, code, message });
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail(400, 'Object must be a JSON object');
        const o = raw as Record<string, unknown>;
        const key = o.key as string | undefined;
        if (key !== undefined && !KEY_RE.test(key)) return fail(400, `Invalid key '${key}'`, key);
        const existing = key ? lib.items.get(key) : undefined;
        if (existing) {
          // An update: needs the object's version (property or header), and it must be current.
          const given = o.version ?? (ius !== undefined ? Number(ius) : undefined);
          if (given === undefined) return fail(428, 'Either If-Unmodified-Since-Version or object version property must be provided for key-based writes', key);
          if (Number(given) < existing.version)
            return fail(412, `Item has been modified since specified version (expected ${given}, found ${existing.version})`, key);
          const next = { ...existing.data };
          for (const [k, v] of Object.entries(o)) if (k !== 'version' && k !== 'key') next[k] = v;
          const err = this.validate(lib, next, objects as Record<string, unknown>[], i);
          if (err) return fail(400, err, key);
          const same = sameJson({ ...next, version: 0, dateModified: 0 }, { ...existing.data, version: 0, dateModified: 0 });
          if (same) {
            result.unchanged[i] = key!;
            return;
          }
          existing.version = newVersion;
          existing.data = { ...next, key, version: newVersion, dateModified: new Date().toISOString() };
          changed = true;
          result.successful[i] = this.envelope(prefix, lib, existing);
          result.success[i] = key!;
          return;
        }
        if (key && o.version !== undefined && Number(o.version) !== 0) return fail(404, `Item ${key} doesn't exist (expected version ${o.version})`, key);
        if (key && lib.deletedItems.has(key)) lib.deletedItems.delete(key);
        const err = this.validate(lib, o, objects as Record<string, unknown>[], i);
        if (err) return fail(400, err, key);
        const k = key ?? randomKey();
        const now = new Date().toISOString();
        const obj: StoredObject = {
          key: k,
          version: newVersion,
          data: { tags: [], collections: [], relations: {}, dateAdded: now, ...o, key: k, version: newVersion, dateModified: now },
        };
        if (obj.data.itemType === 'note') {
          delete obj.data.collections;
        }
        lib.items.set(k, obj);
        changed = true;
        result.successful[i] = this.envelope(prefix, lib, obj);
        result.success[i] = k;
      });
      if (changed) lib.version = newVersion;
      if (token) {
        tokens.add(token);
        this.writeTokens.set(apiKey!, tokens);
      }
      return { status: 200, headers: { 'Last-Modified-Version': String(lib.version) }, body: result };
    }

    const one = rest.match(/^\/items\/([A-Z0-9]{8})$/);
    if (one && (method === 'PATCH' || method === 'PUT')) {
      const obj = lib.items.get(one[1]);
      if (!obj) return { status: 404, body: 'Item not found' };
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(bodyText);
      } catch {
        return { status: 400, body: 'Invalid JSON' };
      }
      const given = ius !== undefined ? Number(ius) : (body.version as number | undefined);
      if (given === undefined) return { status: 428, body: 'If-Unmodified-Since-Version not provided' };
      if (given < obj.version)
        return { status: 412, headers: { 'Last-Modified-Version': String(obj.version) }, body: 'Item has been modified since specified version' };
      const next: Record<string, unknown> = method === 'PATCH' ? { ...obj.data } : { tags: [], collections: [], relations: {}, dateAdded: obj.data.dateAdded };
      for (const [k, v] of Object.entries(body)) if (k !== 'version' && k !== 'key') next[k] = v;
      const err = this.validate(lib, next, [], -1);
      if (err) return { status: 400, body: err };
      const v = ++lib.version;
      obj.version = v;
      obj.data = { ...next, key: obj.key, version: v, dateModified: new Date().toISOString() };
      return { status: 204, headers: { 'Last-Modified-Version': String(v) } };
    }
    if (one && method === 'DELETE') {
      const obj = lib.items.get(one[1]);
      if (!obj) return { status: 404, body: 'Item not found' };
      if (ius === undefined) return { status: 428, body: 'If-Unmodified-Since-Version not provided' };
      if (Number(ius) < obj.version)
        return { status: 412, headers: { 'Last-Modified-Version': String(obj.version) }, body: 'Item has been modified since specified version' };
      const v = ++lib.version;
      this.removeItem(lib, obj.key, v);
      return { status: 204, headers: { 'Last-Modified-Version': String(v) } };
    }
    if (rest === '/items' && method === 'DELETE') {
      if (ius === undefined) return { status: 428, body: 'If-Unmodified-Since-Version not provided' };
      if (Number(ius) < lib.version) return { status: 412, headers: versionHeader, body: 'Library has been modified since specified version' };
      const keys = (query.itemKey ?? '').split(',').filter(Boolean);
      if (keys.length > MAX_WRITE_OBJECTS) return { status: 413, body: 'Too many items' };
      const v = ++lib.version;
      for (const k of keys) this.removeItem(lib, k, v);
      return { status: 204, headers: { 'Last-Modified-Version': String(v) } };
    }
    return { status: 405, body: 'Method not allowed' };
  }

  private removeItem(lib: Library, key: string, version: number): void {
    if (!lib.items.delete(key)) return;
    lib.deletedItems.set(key, version);
    // Zotero deletes an item's child notes and attachments with it.
    for (const [k, o] of lib.items) if (o.data.parentItem === key) this.removeItem(lib, k, version);
  }

  private validate(lib: Library, o: Record<string, unknown>, batch: Record<string, unknown>[], index: number): string | undefined {
    if (typeof o.itemType !== 'string' || !ITEM_TYPES.has(o.itemType)) return `'itemType' property not provided or invalid`;
    if (o.itemType === 'note') {
      if (typeof o.note !== 'string') return `'note' must be a string`;
      const parent = o.parentItem as string | false | undefined;
      if (parent !== undefined && parent !== false) {
        const earlier = batch.slice(0, Math.max(0, index)).some((b) => b && b.key === parent);
        if (!lib.items.has(parent) && !earlier) return `Parent item ${parent} not found`;
      }
    } else if ('note' in o) return `'note' is valid only for note items`;
    if (o.tags !== undefined && (!Array.isArray(o.tags) || o.tags.some((t) => !t || typeof (t as { tag?: unknown }).tag !== 'string'))) return 'Invalid tags';
    if (o.creators !== undefined && !Array.isArray(o.creators)) return 'Invalid creators';
    if (o.collections !== undefined) {
      if (!Array.isArray(o.collections)) return 'Invalid collections';
      for (const c of o.collections) if (!lib.collections.has(c as string)) return `Collection ${c} not found`;
    }
    return undefined;
  }

  private envelope(prefix: string, lib: Library, obj: StoredObject) {
    return {
      key: obj.key,
      version: obj.version,
      library: { type: lib.type, id: lib.id },
      links: { self: { href: `${this.baseUrl}${prefix}/items/${obj.key}` } },
      meta: {},
      data: obj.data,
    };
  }

  private list(
    prefix: string,
    lib: Library,
    all: StoredObject[],
    query: Record<string, string>,
    versionHeader: Record<string, string>,
    kind: 'items' | 'collections',
  ): { status: number; headers?: Record<string, string>; body?: unknown } {
    const since = Number(query.since ?? 0);
    let objs = all.filter((o) => o.version > since);
    if (query.itemKey) {
      const keys = new Set(query.itemKey.split(','));
      if (keys.size > MAX_WRITE_OBJECTS) return { status: 400, body: 'Too many keys' };
      objs = objs.filter((o) => keys.has(o.key));
    }
    // A stable order, so paging a library that does not change never skips or repeats.
    objs.sort((a, b) => a.version - b.version || (a.key < b.key ? -1 : 1));
    if (query.format === 'versions') {
      return {
        status: 200,
        headers: { ...versionHeader, 'Total-Results': String(objs.length) },
        body: Object.fromEntries(objs.map((o) => [o.key, o.version])),
      };
    }
    if (query.format === 'keys') return { status: 200, headers: versionHeader, body: objs.map((o) => o.key).join('\n') };
    const start = Math.max(0, Number(query.start ?? 0) || 0);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(query.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const page = objs.slice(start, start + limit);
    const base = `${this.baseUrl}${prefix}/${kind}`;
    const link = (s: number, rel: string) => {
      const p = new URLSearchParams({ ...query, start: String(s), limit: String(limit) });
      return `<${base}?${p}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (start > 0) links.push(link(0, 'first'), link(Math.max(0, start - limit), 'prev'));
    if (start + limit < objs.length) links.push(link(start + limit, 'next'), link(Math.floor((objs.length - 1) / limit) * limit, 'last'));
    links.push(`<${base}>; rel="alternate"`);
    return {
      status: 200,
      headers: { ...versionHeader, 'Total-Results': String(objs.length), Link: links.join(', ') },
      body: page.map((o) =>
        kind === 'items' ? this.envelope(prefix, lib, o) : { key: o.key, version: o.version, library: { type: lib.type, id: lib.id }, meta: {}, data: o.data },
      ),
    };
  }
}
