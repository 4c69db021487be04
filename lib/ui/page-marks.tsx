/**
 * Marks the papers of one page: recognizes them, asks the library once for all of them (saved
 * state first, related papers second), and mounts a mark after each anchor in its own shadow
 * root. Keeps the marks right as the page re-renders (client-side navigation, replaced cards)
 * and as the library changes elsewhere.
 */
import { render } from 'preact';
import { Mark, type MarkActions, type MarkContext } from '../../components/Mark';
import { PageBar } from '../../components/PageBar';
import { markStyles } from '../../components/mark-styles';
import { normalizeUrl } from '../ids';
import type { EntryState, PaperMeta, RecognizedEntry, RelatedPaper } from '../types';
import { reorderRows, type Reordering } from './reorder';
import { pageTheme } from './theme';

export const MARK_TAG = 'gloss-mark';
export const BAR_TAG = 'gloss-bar';

/** The library as the marks use it (over RPC in the extension, direct in tests). */
export interface MarkApi {
  lookup(papers: PaperMeta[], page: string): Promise<EntryState[]>;
  related(papers: PaperMeta[]): Promise<RelatedPaper[][]>;
  save(paper: PaperMeta, tags?: string[]): Promise<EntryState>;
  unsave(id: string): Promise<unknown>;
  setNote(paper: PaperMeta, note: string): Promise<EntryState>;
  setTags(paper: PaperMeta, tags: string[]): Promise<EntryState>;
  tags(): Promise<string[]>;
}

export interface MarkDeps {
  recognize(doc: Document, href: string): RecognizedEntry[];
  /** The theme chosen in the options; 'auto' follows the page. */
  theme?: 'auto' | 'light' | 'dark';
  api: MarkApi;
  onLibraryChange(callback: () => void): () => void;
}

interface Mounted {
  host: HTMLElement;
  container: HTMLElement;
  paper: PaperMeta;
}

let sharedSheet: CSSStyleSheet | null | undefined;

/**
 * One constructed stylesheet adopted by every mark: the browser parses our CSS once per page
 * instead of once per mark. Where adopting is not possible, each root gets a <style>.
 */
function adoptStyles(root: ShadowRoot): boolean {
  if (sharedSheet === undefined) {
    try {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(markStyles);
    } catch {
      sharedSheet = null;
    }
  }
  if (!sharedSheet) return false;
  try {
    root.adoptedStyleSheets = [sharedSheet];
    return true;
  } catch {
    // Firefox refuses sheets constructed in a content script's own realm.
    sharedSheet = null;
    return false;
  }
}

/** Creates a host element with an open shadow root holding our styles and a render container. */
function shadowHost(doc: Document, tag: string): { host: HTMLElement; container: HTMLElement } {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'open' });
  const container = doc.createElement('div');
  if (!adoptStyles(root)) {
    const style = doc.createElement('style');
    style.textContent = markStyles;
    root.append(style);
  }
  root.append(container);
  // Keys typed into Gloss belong to it, not to the page's keyboard shortcuts.
  for (const type of ['keydown', 'keyup', 'keypress']) host.addEventListener(type, (e) => e.stopPropagation());
  return { host, container };
}

/** A paper can sit on a page more than once (a listing and a sidebar): each counts once. */
const uniqueById = (list: PaperMeta[]) => [...new Map(list.map((p) => [p.id, p])).values()];

/** Listing pages get the page bar; single-paper pages do not need it. */
const MIN_ENTRIES_FOR_BAR = 3;

export function startPageMarks(doc: Document, href: () => string, deps: MarkDeps) {
  const mounted = new Map<Element, Mounted>();
  const states = new Map<string, EntryState>();
  const related = new Map<string, RelatedPaper[]>();
  const selected = new Set<string>();
  let error = '';
  const themeOf = () => (deps.theme && deps.theme !== 'auto' ? deps.theme : pageTheme(doc));
  let theme = themeOf();
  let tagSuggestions: string[] = [];
  let tagsRequested: Promise<void> | undefined;
  const view = { selecting: false, highlight: false, forYou: false, barDismissed: false, jumpAt: -1 };
  let reordering: Reordering | undefined;
  let bar: { host: HTMLElement; container: HTMLElement } | undefined;
  /** Everything recognized at the last scan, anchored or not (the popup lists these). */
  let recognized: PaperMeta[] = [];
  const { api } = deps;
  const pageKey = () => normalizeUrl(href()) ?? href();

  const update = (id: string, state: EntryState) => {
    states.set(id, state);
    drawAll();
  };

  const actions: MarkActions = {
    async toggleSave(paper, save) {
      if (save) update(paper.id, await api.save(paper));
      else {
        await api.unsave(paper.id);
        update(paper.id, { ...states.get(paper.id), id: paper.id, saved: false, note: '', tags: [] });
      }
    },
    setNote: async (paper, note) => update(paper.id, await api.setNote(paper, note)),
    setTags: async (paper, tags) => update(paper.id, await api.setTags(paper, tags)),
    wantTagSuggestions() {
      // Fetched when an editor first opens, not on page load: most visits never need them.
      tagsRequested ??= api.tags().then(
        (tags) => {
          tagSuggestions = tags;
          drawAll();
        },
        () => {},
      );
    },
    toggleSelected(paper, on) {
      if (on) selected.add(paper.id);
      else selected.delete(paper.id);
      drawAll();
    },
  };

  const papers = () => uniqueById([...mounted.values()].map((m) => m.paper));

  const draw = (m: Mounted) => {
    m.host.dataset.theme = theme;
    const ctx: MarkContext = { actions, tagSuggestions, selecting: view.selecting, highlightRelated: view.highlight };
    render(
      <Mark
        paper={m.paper}
        state={states.get(m.paper.id)}
        related={related.get(m.paper.id)}
        selected={selected.has(m.paper.id)}
        error={error}
        ctx={ctx}
      />,
      m.container,
    );
  };

  const relatedAnchors = () =>
    [...mounted].filter(([, m]) => (related.get(m.paper.id)?.length ?? 0) > 0).map(([anchor]) => anchor);

  const removeBar = () => {
    if (bar) render(null, bar.container);
    bar?.host.remove();
    bar = undefined;
  };

  const drawBar = () => {
    const all = papers();
    if (all.length < MIN_ENTRIES_FOR_BAR || view.barDismissed) return removeBar();
    if (!bar) {
      bar = shadowHost(doc, BAR_TAG);
      doc.body.append(bar.host);
    }
    bar.host.dataset.theme = theme;
    const count = (f: (p: PaperMeta) => boolean) => all.filter(f).length;
    render(
      <PageBar
        total={all.length}
        saved={count((p) => !!states.get(p.id)?.saved)}
        seen={count((p) => !!states.get(p.id)?.seen)}
        fresh={count((p) => !!states.get(p.id)?.isNew)}
        related={count((p) => (related.get(p.id)?.length ?? 0) > 0)}
        highlight={view.highlight}
        forYou={view.forYou}
        selecting={view.selecting}
        selected={selected.size}
        onHighlight={(on) => ((view.highlight = on), drawAll())}
        onJump={(dir) => {
          const anchors = relatedAnchors();
          if (!anchors.length) return;
          view.jumpAt = (view.jumpAt + dir + anchors.length) % anchors.length;
          anchors[view.jumpAt].scrollIntoView({ block: 'center', behavior: 'smooth' });
        }}
        onForYou={(on) => {
          view.forYou = on;
          if (on) {
            const score = (a: Element) => Math.max(0, ...(related.get(mounted.get(a)!.paper.id) ?? []).map((r) => r.score));
            reordering = reorderRows([...mounted.keys()], score);
          } else {
            reordering?.restore();
            reordering = undefined;
          }
          drawAll();
        }}
        onSelecting={(on) => {
          view.selecting = on;
          if (!on) selected.clear();
          drawAll();
        }}
        onSaveSelected={async (tags) => {
          const chosen = all.filter((p) => selected.has(p.id));
          for (const p of chosen) {
            const current = states.get(p.id);
            states.set(p.id, await api.save(p, tags.length ? [...(current?.tags ?? []), ...tags] : undefined));
          }
          selected.clear();
          view.selecting = false;
          drawAll();
        }}
        onDismiss={() => ((view.barDismissed = true), drawBar())}
      />,
      bar.container,
    );
  };

  function drawAll() {
    mounted.forEach(draw);
    drawBar();
  }

  const mount = (entry: RecognizedEntry & { anchor: Element }): Mounted => {
    const { host, container } = shadowHost(doc, MARK_TAG);
    host.dataset.glossId = entry.paper.id;
    entry.anchor.after(host);
    return { host, container, paper: entry.paper };
  };

  const unmount = (anchor: Element, m: Mounted) => {
    render(null, m.container);
    m.host.remove();
    mounted.delete(anchor);
  };

  let firstRefresh = true;

  /** Saved state first (fast, from the database); related papers after (needs the index). */
  async function refresh(list: PaperMeta[]) {
    if (!list.length) return;
    const first = firstRefresh;
    firstRefresh = false;
    // Both questions go out at once: saved state answers from the database, related papers
    // may wait for the index; the marks show the first answer as soon as it arrives.
    const lookupAnswer = api.lookup(list, pageKey());
    const relatedAnswer = api.related(list);
    // A failed lookup must not leave the related answer's rejection unhandled.
    relatedAnswer.catch(() => {});
    try {
      const answers = await lookupAnswer;
      answers.forEach((s, i) => states.set(list[i].id, s));
      error = '';
    } catch (err) {
      error = (err as Error).message;
    }
    drawAll();
    if (first) performance.mark('gloss:first-marks', { detail: list.length });
    try {
      const hits = await relatedAnswer;
      hits.forEach((h, i) => related.set(list[i].id, h));
    } catch {
      // Related papers are a bonus: marks stay useful without them.
      list.forEach((p) => related.set(p.id, related.get(p.id) ?? []));
    }
    drawAll();
    if (first) performance.mark('gloss:complete', { detail: list.length });
  }

  /** Brings the marks in line with what the page shows now. */
  function scan() {
    const entries = deps.recognize(doc, href());
    recognized = entries.map((e) => e.paper);
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
    drawBar();
    void refresh(fresh);
  }

  const isOurs = (n: Node) => n.nodeName === MARK_TAG.toUpperCase() || n.nodeName === BAR_TAG.toUpperCase();
  let pending: ReturnType<typeof setTimeout> | undefined;
  /** Reading the theme may force a style recalculation: only when <html> changed, or per scan. */
  const followTheme = () => {
    const t = themeOf();
    if (t === theme) return;
    theme = t;
    drawAll();
  };
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.type === 'attributes')) followTheme();
    const cardsChanged = records.some((r) => [...r.addedNodes, ...r.removedNodes].some((n) => !isOurs(n)));
    if (!cardsChanged) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      followTheme();
      scan();
    }, 100);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });

  const stopListening = deps.onLibraryChange(() => void refresh(papers()));

  scan();

  return {
    /** Follows a theme change made in the options while the page is open. */
    setTheme(next: MarkDeps['theme']) {
      deps.theme = next;
      theme = themeOf();
      drawAll();
    },
    /** Every paper recognized on the page, in page order. */
    papers: () => uniqueById(recognized),
    stop() {
      observer.disconnect();
      stopListening();
      clearTimeout(pending);
      reordering?.restore();
      for (const [anchor, m] of [...mounted]) unmount(anchor, m);
      removeBar();
    },
  };
}
