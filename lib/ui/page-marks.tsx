/**
 * Marks the papers of one page: recognizes them, asks the library once for all of them, and
 * mounts a mark after each anchor in its own shadow root. Keeps the marks right as the page
 * re-renders (client-side navigation, replaced cards) and as the library changes elsewhere.
 */
import { render } from 'preact';
import { Mark, type MarkActions } from '../../components/Mark';
import { markStyles } from '../../components/mark-styles';
import type { EntryState, PaperMeta, RecognizedEntry } from '../types';
import { pageTheme } from './theme';

export const MARK_TAG = 'gloss-mark';

/** The library as the marks use it (over RPC in the extension, direct in tests). */
export interface MarkApi {
  lookup(papers: PaperMeta[]): Promise<EntryState[]>;
  save(paper: PaperMeta): Promise<EntryState>;
  unsave(id: string): Promise<unknown>;
  setNote(paper: PaperMeta, note: string): Promise<EntryState>;
  setTags(paper: PaperMeta, tags: string[]): Promise<EntryState>;
}

export interface MarkDeps {
  recognize(doc: Document, href: string): RecognizedEntry[];
  api: MarkApi;
  onLibraryChange(callback: () => void): () => void;
}

interface Mounted {
  host: HTMLElement;
  container: HTMLElement;
  paper: PaperMeta;
}

export function startPageMarks(doc: Document, href: () => string, deps: MarkDeps) {
  const mounted = new Map<Element, Mounted>();
  const states = new Map<string, EntryState>();
  let error = '';
  let theme = pageTheme(doc);

  const draw = (m: Mounted) => {
    m.host.dataset.theme = theme;
    render(<Mark paper={m.paper} state={states.get(m.paper.id)} error={error} actions={actions} />, m.container);
  };
  const drawAll = () => mounted.forEach(draw);

  // Each action shows its result at once; the change notice that follows refreshes the rest.
  const update = (id: string, state: EntryState) => {
    states.set(id, state);
    mounted.forEach((m) => m.paper.id === id && draw(m));
  };
  const { api } = deps;
  const actions: MarkActions = {
    async toggleSave(paper, save) {
      if (save) update(paper.id, await api.save(paper));
      else {
        await api.unsave(paper.id);
        update(paper.id, { id: paper.id, saved: false, note: '', tags: [] });
      }
    },
    setNote: async (paper, note) => update(paper.id, await api.setNote(paper, note)),
    setTags: async (paper, tags) => update(paper.id, await api.setTags(paper, tags)),
  };

  const mount = (entry: RecognizedEntry & { anchor: Element }): Mounted => {
    const host = doc.createElement(MARK_TAG);
    host.dataset.glossId = entry.paper.id;
    const root = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = markStyles;
    const container = doc.createElement('div');
    root.append(style, container);
    // Keys typed into the mark belong to it, not to the page's keyboard shortcuts.
    for (const type of ['keydown', 'keyup', 'keypress']) host.addEventListener(type, (e) => e.stopPropagation());
    entry.anchor.after(host);
    return { host, container, paper: entry.paper };
  };

  const unmount = (anchor: Element, m: Mounted) => {
    render(null, m.container);
    m.host.remove();
    mounted.delete(anchor);
  };

  async function refresh(papers: PaperMeta[]) {
    if (!papers.length) return;
    try {
      const answers = await api.lookup(papers);
      answers.forEach((s, i) => states.set(papers[i].id, s));
      error = '';
    } catch (err) {
      error = (err as Error).message;
    }
    drawAll();
  }

  /** Brings the marks in line with what the page shows now. */
  function scan() {
    const entries = recognize();
    const live = new Set<Element>();
    const fresh: PaperMeta[] = [];
    for (const entry of entries) {
      if (!entry.anchor) continue;
      live.add(entry.anchor);
      const existing = mounted.get(entry.anchor);
      if (existing && existing.host.isConnected && existing.paper.id === entry.paper.id) continue;
      if (existing) unmount(entry.anchor, existing);
      const m = mount(entry as RecognizedEntry & { anchor: Element });
      mounted.set(entry.anchor, m);
      draw(m);
      if (!states.has(entry.paper.id)) fresh.push(entry.paper);
    }
    for (const [anchor, m] of [...mounted]) {
      if (!live.has(anchor) || !anchor.isConnected) unmount(anchor, m);
    }
    void refresh(fresh);
  }

  function recognize(): RecognizedEntry[] {
    return deps.recognize(doc, href());
  }

  const isOurs = (n: Node) => n.nodeName === MARK_TAG.toUpperCase();
  let pending: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver((records) => {
    const relevant = records.some((r) =>
      r.type === 'attributes' ? true : [...r.addedNodes, ...r.removedNodes].some((n) => !isOurs(n)),
    );
    if (!relevant) return;
    const t = pageTheme(doc);
    if (t !== theme) {
      theme = t;
      drawAll();
    }
    clearTimeout(pending);
    pending = setTimeout(scan, 100);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });

  const stopListening = deps.onLibraryChange(() => {
    void refresh([...new Map([...mounted.values()].map((m) => [m.paper.id, m.paper])).values()]);
  });

  scan();

  return {
    /** Marks currently on the page, for tests and the popup. */
    count: () => mounted.size,
    rescan: scan,
    stop() {
      observer.disconnect();
      stopListening();
      clearTimeout(pending);
      for (const [anchor, m] of [...mounted]) unmount(anchor, m);
    },
  };
}
