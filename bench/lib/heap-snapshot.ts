/**
 * A V8 heap snapshot (.heapsnapshot, as DevTools saves it) read in Node and summed by owner:
 * self size by constructor, and the largest retained sizes with their dominator chains, so a
 * figure says which object keeps the memory, not only what kind of memory it is. The file is
 * parsed by hand: at 50k papers it is larger than the longest string V8 can make.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  nodeFields: string[];
  edgeFields: string[];
  nodeTypes: string[];
  edgeTypes: string[];
  nodes: Float64Array;
  edges: Float64Array;
  strings: string[];
}

function numbersAfter(buf: Buffer, key: string): { values: Float64Array; end: number } {
  const start = buf.indexOf(`"${key}":[`);
  if (start < 0) throw new Error(`no ${key} in the snapshot`);
  const close = buf.indexOf(']', start);
  let values = new Float64Array(1 << 20);
  let n = 0;
  let cur = 0;
  let inNumber = false;
  for (let i = start + key.length + 4; i < close; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      cur = cur * 10 + (c - 48);
      inNumber = true;
    } else if (inNumber) {
      if (n === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[n++] = cur;
      cur = 0;
      inNumber = false;
    }
  }
  if (inNumber) values[n++] = cur;
  return { values: values.subarray(0, n), end: close };
}

export function readSnapshot(file: string): Snapshot {
  const buf = readFileSync(file);
  const headEnd = buf.indexOf('"nodes":[');
  const head = JSON.parse(`${buf.subarray(0, headEnd).toString().replace(/,\s*$/, '')}}`);
  const meta = head.snapshot.meta;
  const stringsAt = buf.indexOf('"strings":[');
  const strings = JSON.parse(buf.subarray(stringsAt + '"strings":'.length, buf.lastIndexOf(']') + 1).toString());
  return {
    nodeFields: meta.node_fields,
    edgeFields: meta.edge_fields,
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
    nodes: numbersAfter(buf, 'nodes').values,
    edges: numbersAfter(buf, 'edges').values,
    strings,
  };
}

export interface HeapSummary {
  totalMb: number;
  byConstructor: Array<{ name: string; count: number; selfMb: number }>;
  /** The largest retained sizes among nodes that are not synthetic roots, with their owners. */
  largest: Array<{ node: string; retainedMb: number; owners: string[] }>;
}

export function summarize(s: Snapshot, top = 25): HeapSummary {
  const nf = s.nodeFields.length;
  const ef = s.edgeFields.length;
  const n = s.nodes.length / nf;
  const TYPE = s.nodeFields.indexOf('type');
  const NAME = s.nodeFields.indexOf('name');
  const SELF = s.nodeFields.indexOf('self_size');
  const EDGES = s.nodeFields.indexOf('edge_count');
  const ETYPE = s.edgeFields.indexOf('type');
  const ENAME = s.edgeFields.indexOf('name_or_index');
  const ETO = s.edgeFields.indexOf('to_node');
  const weak = s.edgeTypes.indexOf('weak');
  const shortcut = s.edgeTypes.indexOf('shortcut');

  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i] + s.nodes[i * nf + EDGES];
  const follows = (e: number) => s.edges[e * ef + ETYPE] !== weak && s.edges[e * ef + ETYPE] !== shortcut;
  const label = (i: number) => {
    const type = s.nodeTypes[s.nodes[i * nf + TYPE]];
    const name = s.strings[s.nodes[i * nf + NAME]];
    return type === 'object' || type === 'closure' || type === 'native' ? name.slice(0, 60) : `(${type}) ${type === 'string' ? '' : name.slice(0, 40)}`;
  };
  const edgeName = (e: number) => {
    const type = s.edgeTypes[s.edges[e * ef + ETYPE]];
    const v = s.edges[e * ef + ENAME];
    return type === 'element' || type === 'hidden' ? `[${v}]` : String(s.strings[v]);
  };

  // Postorder from the root (node 0), iteratively.
  const post = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const stack = new Int32Array(n);
  const cursor = new Uint32Array(n);
  const seen = new Uint8Array(n);
  let sp = 0;
  let count = 0;
  stack[sp++] = 0;
  seen[0] = 1;
  cursor[0] = firstEdge[0];
  while (sp) {
    const v = stack[sp - 1];
    if (cursor[v] < firstEdge[v + 1]) {
      const e = cursor[v]++;
      if (!follows(e)) continue;
      const w = s.edges[e * ef + ETO] / nf;
      if (!seen[w]) {
        seen[w] = 1;
        cursor[w] = firstEdge[w];
        stack[sp++] = w;
      }
    } else {
      sp--;
      post[v] = count;
      order[count++] = v;
    }
  }
  // Predecessors, for the iterative dominator algorithm (Cooper, Harvey, Kennedy).
  const predCount = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) if (follows(e)) predCount[s.edges[e * ef + ETO] / nf + 1]++;
  }
  for (let i = 0; i < n; i++) predCount[i + 1] += predCount[i];
  const preds = new Int32Array(predCount[n]);
  const fill = predCount.slice(0, n);
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e++) if (follows(e)) preds[fill[s.edges[e * ef + ETO] / nf]++] = v;
  }
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (post[a] < post[b]) a = idom[a];
      while (post[b] < post[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let k = count - 2; k >= 0; k--) {
      const v = order[k];
      let d = -1;
      for (let p = predCount[v]; p < predCount[v + 1]; p++) {
        const u = preds[p];
        if (idom[u] < 0) continue;
        d = d < 0 ? u : intersect(u, d);
      }
      if (d >= 0 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(n);
  for (let k = 0; k < count; k++) {
    const v = order[k];
    retained[v] += s.nodes[v * nf + SELF];
    if (v !== 0) retained[idom[v]] += retained[v];
  }

  const byName = new Map<string, { count: number; self: number }>();
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    const key = label(v);
    const g = byName.get(key) ?? { count: 0, self: 0 };
    g.count++;
    g.self += s.nodes[v * nf + SELF];
    byName.set(key, g);
  }
  const MB = 1024 * 1024;
  const via = (parent: number, child: number) => {
    for (let e = firstEdge[parent]; e < firstEdge[parent + 1]; e++) if (s.edges[e * ef + ETO] / nf === child) return edgeName(e);
    return '…';
  };
  const synthetic = (v: number) => s.nodeTypes[s.nodes[v * nf + TYPE]] === 'synthetic';
  const candidates = Array.from(order.subarray(0, count))
    .filter((v) => !synthetic(v) && retained[v] > MB)
    .sort((a, b) => retained[b] - retained[a]);
  // A node whose dominator is already listed says the same memory twice: list only the top
  // holder of each chain, and then its largest parts.
  const largest: HeapSummary['largest'] = [];
  for (const v of candidates.slice(0, 400)) {
    if (largest.length >= top) break;
    const owners: string[] = [];
    for (let c = v, d = idom[v]; c !== 0 && owners.length < 8; c = d, d = idom[d]) owners.push(`${via(d, c)} ← ${label(d)}`);
    largest.push({ node: label(v), retainedMb: retained[v] / MB, owners });
  }
  return {
    totalMb: retained[0] / MB,
    byConstructor: [...byName]
      .map(([name, g]) => ({ name, count: g.count, selfMb: g.self / MB }))
      .sort((a, b) => b.selfMb - a.selfMb)
      .slice(0, top),
    largest,
  };
}
