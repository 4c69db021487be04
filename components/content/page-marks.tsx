/**
 * Marks the papers of one page. Each row gets a mark in a closed shadow root: icons only, the
 * same size in every state, acting only on trusted clicks. Rows are looked up as they come near
 * the viewport, in batches, so a listing of any length gets marks where the user looks. Notes,
 * tags and related papers open in the extension's frame (components/content/panel-frame.ts), never in the
 * page. Keeps the marks right as the page re-renders and as the library changes elsewhere.
 */
import { render } from 'preact';
import { Mark } from './Mark';
import { markStyles } from './mark-styles';
import { normalizeUrl } from '../../lib/core/ids';
import { MAX_LOOKUP_BATCH, type MarkState, type RowState } from '../../lib/rpc/protocol';
import type { PaperMeta, RecognizedEntry } from '../../lib/core/types';
import { panelFrame, type PanelFrame } from './panel-frame';
import { pageTheme, type Theme } from './theme';
import type { Listing } from '../../lib/sites/registry';
import { rowScan } from './row-scan';
import { sliced } from './slices';
import { MAX_WAIT_MS, whenQuiet } from './quiet';

/** The background as the marks use it (over messages in the extension, direct in tests). */
export interface MarkApi {
  lookup(papers: PaperMeta[], page: string): Promise<MarkState[]>;
  related(papers: PaperMeta[]): Promise<number[]>;
  /** Rows that were on screen, for the reading memory. */
  seen(papers: PaperMeta[], page: string): Promise<void>;
  openPanel(paper: PaperMeta, toggle: boolean, theme: Theme): Promise<{ token: string }>;
  closePanel(): Promise<void>;
}

export interface MarkDeps {
  recognize(doc: Document, href: string): RecognizedEntry[];
  /**
   * Where the page is a listing read row by row (lib/sites/registry.ts listingOf): its rows are
   * read in slices and, after a change, only those the change touched; `recognize` is not used.
   */
  listing?(doc: Document, href: string): Listing | undefined;
  /** The theme chosen in the options; 'auto' follows the page. */
  theme?: 'auto' | 'light' | 'dark';
  api: MarkApi;
  /** The panel page's URL (runtime.getURL); absent where the site may not embed it (links mode elsewhere). */
  panelUrl?: string;
  /**
   * Changes to the library: the new states of this tab's rows that changed ([] when none of
   * them did, though their related papers may have), or null when every row should be asked again.
   */
  onLibraryChange(callback: (states: RowState[] | null) => void): () => void;
  /** The panel asked to be closed (its Close button, Escape). */
  onPanelClose(callback: () => void): () => void;
}

/** Timings of the first batch, read by the benchmark from this script's own world (never the page's). */
export interface MarkTimings {
  start: number;
  first?: number;
  complete?: number;
  rows?: number;
  /** The first recognition of the page done (bench/listing.ts: what the first marks wait for). */
  recognized?: number;
  /** Papers with an answered saved state so far, and when the last answer came (bench/listing.ts). */
  answered?: number;
  lastAnswer?: number;
  /** Hosts of long listings' rows mounted so far, and when the last were (bench/listing.ts: when marks are drawn, not only answered). */
  mounted?: number;
  firstMount?: number;
  lastMount?: number;
  /** Listing rows read since the start (row-by-row recognition only): what the page's changes cost. */
  rowsRead?: number;
  /** Whole-page recognitions since the start (pages read whole). */
  scans?: number;
}

interface Mounted {
  host: HTMLElement;
  container: HTMLElement;
  paper: PaperMeta;
}

/** A row of a long listing without its host yet: it gets one once it comes near the viewport. */
interface Waiting {
  anchor: Element;
  paper: PaperMeta;
  /** The rows placed with it (see BLOCK_ROWS): they come near, are asked about and mounted together. */
  block: Block;
  /** Came near once: asked about, mounted once answered while its block is near. */
  near: boolean;
  /** Its saved state and related count answered (or failed): it may be mounted. */
  ready: boolean;
}

interface Block {
  rows: Waiting[];
  /** Its watched anchors the observer says are near now (none: far, or flown past). */
  nearNow: Set<Element>;
  /** Since when it has been near without a break. */
  nearSince: number;
}

/**
 * How far outside the viewport rows get their hosts and are looked up before they scroll in:
 * about two screens either way, so a scroll at reading speed finds them drawn.
 */
const LOOKAHEAD = '1500px 0px';
/** Quiet time after the last library change before the rows' related counts are asked again. */
const RELATED_REFRESH_MS = 250;
/**
 * Pages of up to this many rows get every host at once and are asked about in one batch;
 * beyond it, a row gets its host, and is asked about, only once it comes near the viewport. At
 * 500 a 2,000-row listing's first batch was 500 rows of lookups and related queries, and the
 * rows on screen waited for all of them (~2.6 s on the shared 2-core machine, bench/listing.ts);
 * near the viewport is ~20–30 rows. And every host costs the page layout outside Gloss's
 * task: inserting 2,000 closed-root hosts into that listing cost 270–440 ms of the page's own
 * layout, any insertion ~30 ms (bench/README.md, issue 18), so far rows are left as the page
 * made them until the user comes near. HF's daily page (31) and most listings stay eager.
 */
export const EAGER_ROWS = 60;
/**
 * Rows of a long listing come near the viewport in blocks of this many, in the order they were
 * read: the whole block is asked about and mounted at once, in one change of the page. Any
 * change to a 2,000-row page's DOM costs a frame its style, layout and paint over the whole page
 * (headless Chromium, 10 marks drawn per frame of a scroll: ~80 ms a frame against ~12 ms
 * without; the same with plain elements of the page's own), and about the same for one host as
 * for a hundred (bench/listing-block.ts, LoAF: ~55–60 ms either way when it is long), so the
 * frames in which marks change are what costs, not the marks: a block a few screens tall
 * changes the page once where row by row changed it in nearly every frame.
 */
const BLOCK_ROWS = 50;
/**
 * Of a block's rows, these are watched for coming near (every SENTINEL_EVERY-th in the order
 * read, and the block's last): the browser computes every watched element's geometry in every
 * frame of a scroll (~2,000 anchors: 5–30 ms of each long frame in main's trace, slowed by
 * tracing, bench/README.md). Ten rows of a listing are well under the 3,000 px plus a screen
 * that two sentinels' lookahead spans, so no viewport falls between them unseen.
 */
const SENTINEL_EVERY = 10;
/**
 * The most hosts one change of the page mounts (whole blocks, at least one): the script of
 * drawing them (a Preact render each, ~0.1–0.3 ms) stays a short task; the page's cost of the
 * frame barely depends on how many there are.
 */
const MOUNT_ROWS = 2 * BLOCK_ROWS;

let sharedSheet: CSSStyleSheet | null | undefined;

/** One constructed stylesheet for every mark; where adopting fails (Firefox), a <style> each. */
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
    sharedSheet = null;
    return false;
  }
}

/** A page can reach neither what a closed root holds nor, without a name or attribute, tell it is ours. */
function shadowHost(doc: Document): { host: HTMLElement; container: HTMLElement } {
  const host = doc.createElement('span');
  const root = host.attachShadow({ mode: 'closed' });
  const container = doc.createElement('div');
  if (!adoptStyles(root)) {
    const style = doc.createElement('style');
    style.textContent = markStyles;
    root.append(style);
  }
  root.append(container);
  return { host, container };
}

/** A paper can sit on a page more than once (a listing and a sidebar): each counts once. */
export const uniqueById = (list: PaperMeta[]) => [...new Map(list.map((p) => [p.id, p])).values()];

/** The page a lookup is for (the reading memory's visit): the normalized URL, else the URL. */
export const pageKeyOf = (href: string) => normalizeUrl(href) ?? href;

export function startPageMarks(doc: Document, href: () => string, deps: MarkDeps) {
  const mounted = new Map<Element, Mounted>();
  const byHost = new Map<Element, Mounted>();
  /** Rows per paper: one answer redraws its rows without walking a 2,000-row page. */
  const byId = new Map<string, Set<Mounted>>();
  const ours = new WeakSet<Node>();
  const states = new Map<string, MarkState>();
  const related = new Map<string, number>();
  /** Papers asked about and not answered yet. */
  const asking = new Set<string>();
  const queue = new Map<string, PaperMeta>();
  const timings: MarkTimings = { start: performance.now(), mounted: 0 };
  const themeOf = (): Theme => (deps.theme && deps.theme !== 'auto' ? deps.theme : pageTheme(doc));
  let theme = themeOf();
  let recognized: PaperMeta[] = [];
  let opener: HTMLElement | undefined;
  let shownAt = 0;
  /** The button that opened the panel: the host span cannot take focus, the button can. */
  let focusBack: HTMLElement | undefined;
  const { api } = deps;
  const pageKey = () => pageKeyOf(href());

  const closePanel = () => {
    if (!panel?.isOpen()) return;
    panel.hide();
    void api.closePanel().catch(() => {});
    focusBack?.focus();
  };
  const panel: PanelFrame | undefined = deps.panelUrl ? panelFrame(doc, deps.panelUrl, () => void api.closePanel().catch(() => {})) : undefined;

  const openPanel = async (m: Mounted, toggle: boolean, from: HTMLElement) => {
    opener = m.host;
    focusBack = from;
    try {
      const { token } = await api.openPanel(m.paper, toggle, theme);
      if (panel) {
        panel.show(m.host, token);
        shownAt = performance.now();
      }
      // Without a panel the mark itself is the feedback: it shows the new state.
      else void ask([m.paper]);
    } catch {
      // The background is not answering: the mark stays as it was; the next click tries again.
    }
  };

  const draw = (m: Mounted) => {
    render(
      <Mark
        state={states.get(m.paper.id)}
        related={related.get(m.paper.id)}
        dark={theme === 'dark'}
        panel={!!panel}
        onToggle={(from) => void openPanel(m, true, from)}
        onOpen={(from) => void openPanel(m, false, from)}
      />,
      m.container,
    );
  };
  /**
   * Marks are drawn a slice at a time: an answer for a few hundred rows drawn in one go was a
   * long task on the page's thread.
   */
  const drawing = sliced<Mounted>((m) => byHost.has(m.host) && draw(m));
  const drawPaper = (id: string) => {
    const rows = byId.get(id);
    if (rows) drawing.add(rows);
  };
  const drawAll = () => drawing.add(mounted.values());

  /** Asks about up to one batch of the queued papers; more batches follow until the queue is empty. */
  async function flush() {
    flushing = false;
    if (stopped) return;
    const batch = [...queue.values()].slice(0, MAX_LOOKUP_BATCH);
    if (!batch.length) return;
    for (const p of batch) {
      queue.delete(p.id);
      asking.add(p.id);
    }
    if (queue.size) schedule();
    await ask(batch);
  }

  async function ask(batch: PaperMeta[]) {
    const first = timings.first === undefined;
    const lookup = api.lookup(batch, pageKey());
    const relatedAnswer = api.related(batch);
    relatedAnswer.catch(() => {});
    try {
      (await lookup).forEach((s, i) => states.set(batch[i].id, s));
    } catch {
      // Unanswered rows stay in their loading state; they are asked again on the next change.
    }
    for (const p of batch) {
      asking.delete(p.id);
      drawPaper(p.id);
    }
    drawing.runNow();
    timings.answered = states.size;
    timings.lastAnswer = performance.now();
    if (first) timings.first = timings.lastAnswer;
    try {
      (await relatedAnswer).forEach((n, i) => related.set(batch[i].id, n));
      batch.forEach((p) => drawPaper(p.id));
    } catch {
      // Related papers are a bonus: marks stay useful without them.
    }
    // Rows that came near are mounted with both answers drawn: one change of the page, not a
    // second for the related count (a failed lookup leaves them loading).
    for (const p of batch) {
      const near = nearById.get(p.id);
      nearById.delete(p.id);
      if (near) arrived(near);
    }
    if (first) {
      timings.complete = performance.now();
      timings.rows = batch.length;
    }
  }

  /**
   * Papers wanted in one task are asked about together, as soon as that task ends: a timer waited
   * for the frame the new hosts cause to be laid out and painted (~25 ms on the HF daily page),
   * so the question now goes out before it and the worker answers while the page paints.
   */
  let flushing = false;
  let stopped = false;
  const schedule = () => {
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => void flush());
  };

  const want = (paper: PaperMeta) => {
    if (states.has(paper.id) || asking.has(paper.id) || queue.has(paper.id)) return;
    queue.set(paper.id, paper);
    schedule();
  };

  const view = doc.defaultView;

  /**
   * "Seen" means on screen: a row is reported once any of it was in the viewport, so cards a
   * page hides (or never shows) are not remembered, whatever it puts in its DOM.
   */
  const onScreen = new Map<string, PaperMeta>();
  let reporting: ReturnType<typeof setTimeout> | undefined;
  const reportSeen = () => {
    reporting = undefined;
    const batch = [...onScreen.values()].slice(0, MAX_LOOKUP_BATCH);
    batch.forEach((p) => onScreen.delete(p.id));
    if (batch.length) void api.seen(batch, pageKey()).catch(() => {});
    if (onScreen.size) reporting = setTimeout(reportSeen, 0);
  };
  const screen =
    view && 'IntersectionObserver' in view
      ? new view.IntersectionObserver((entries) => {
          for (const e of entries) {
            const m = byHost.get(e.target);
            if (!e.isIntersecting || !m) continue;
            screen!.unobserve(e.target);
            onScreen.set(m.paper.id, m.paper);
            reporting ??= setTimeout(reportSeen, 500);
          }
        })
      : undefined;

  /** The host is drawn before it goes into the page: one change of the page, not two. */
  const mount = (anchor: Element, paper: PaperMeta): Mounted => {
    const { host, container } = shadowHost(doc);
    ours.add(host);
    const m: Mounted = { host, container, paper };
    byHost.set(host, m);
    let rows = byId.get(paper.id);
    if (!rows) byId.set(paper.id, (rows = new Set()));
    rows.add(m);
    draw(m);
    anchor.after(host);
    mounted.set(anchor, m);
    screen?.observe(host);
    return m;
  };

  const unmount = (anchor: Element, m: Mounted) => {
    screen?.unobserve(m.host);
    render(null, m.container);
    m.host.remove();
    byHost.delete(m.host);
    byId.get(m.paper.id)?.delete(m);
    if (!byId.get(m.paper.id)?.size) byId.delete(m.paper.id);
    mounted.delete(anchor);
  };

  /**
   * Long listings: rows without a host yet, by anchor (the page's own element, observed, so a
   * far row costs the page nothing until the user comes near it: scrolling, a find-in-page
   * jump, the keyboard, a fragment), and those that came near, by paper, until answered.
   */
  const waiting = new Map<Element, Waiting>();
  const nearById = new Map<string, Set<Waiting>>();
  let lazy = false;
  const newBlock = (): Block => ({ rows: [], nearNow: new Set(), nearSince: 0 });
  let block = newBlock();
  /**
   * A block's watched anchors stay watched until it is mounted: rows asked about while the user
   * flew past (one screen a frame) are mounted only if their block is near when the page is
   * quiet, or once it comes near again, not all after the scroll.
   */
  const approach =
    view && 'IntersectionObserver' in view
      ? new view.IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              const w = waiting.get(e.target);
              if (!w) continue;
              const b = w.block;
              if (!e.isIntersecting) {
                b.nearNow.delete(e.target);
                continue;
              }
              if (!b.nearNow.size) b.nearSince = performance.now();
              b.nearNow.add(e.target);
              const answered: Waiting[] = [];
              for (const r of b.rows) {
                if (waiting.get(r.anchor) !== r) continue;
                if (r.ready) answered.push(r);
                if (r.near) continue;
                r.near = true;
                if (states.has(r.paper.id) && !asking.has(r.paper.id)) {
                  answered.push(r);
                  continue;
                }
                let rows = nearById.get(r.paper.id);
                if (!rows) nearById.set(r.paper.id, (rows = new Set()));
                rows.add(r);
                want(r.paper);
              }
              arrived(answered);
            }
          },
          { rootMargin: LOOKAHEAD },
        )
      : undefined;
  /**
   * Rows that came near and were answered: mounted whole blocks at a time, each block in one
   * change of the page, once the page is not being scrolled (./quiet.ts), MOUNT_ROWS per change.
   */
  const ready = new Set<Waiting>();
  const stillAsked = (b: Block) => b.rows.some((r) => r.near && !r.ready && waiting.get(r.anchor) === r);
  // A block still partly asked about waits whole (its rows are one change, later); one no longer near waits to come near again.
  const mountable = (b: Block) => !stillAsked(b);
  /**
   * Once the scroll pauses: the blocks near now first, MOUNT_ROWS per change; then, when none
   * is left, the blocks that came near and were flown past (every row that came near gets its
   * mark), MOUNT_ROWS per change too: at 250 per change the drawing script itself was a long
   * task (57–94 ms before the frame's render under load, bench/listing.ts). While the page
   * still scrolls (no pause for MAX_WAIT_MS), only blocks near for that long without a break:
   * the user is reading through them. A block near for a few frames is one flown past (a
   * 50-row block is ~10 screens: a fling passes it in ~15 frames), and mounting it then would
   * cost a long frame in the middle of the fling.
   */
  const mountReady = (scrolling = false) => {
    let n = 0;
    const blocks = new Set<Block>();
    let held = false;
    const nearFirst = [...ready].some((w) => w.block.nearNow.size > 0 && mountable(w.block));
    for (const w of ready) {
      if (n >= MOUNT_ROWS) break;
      if (blocks.has(w.block) || !mountable(w.block)) continue;
      if (nearFirst !== w.block.nearNow.size > 0) continue;
      if (scrolling && (!w.block.nearNow.size || performance.now() - w.block.nearSince < MAX_WAIT_MS)) {
        held = true;
        continue;
      }
      blocks.add(w.block);
      for (const r of w.block.rows) {
        if (!ready.delete(r) || waiting.get(r.anchor) !== r) continue;
        waiting.delete(r.anchor);
        approach?.unobserve(r.anchor);
        // The page may have taken the row away since; its mutation brings a new reading.
        if (r.anchor.isConnected) {
          mount(r.anchor, r.paper);
          n++;
        }
      }
    }
    if (n) {
      timings.mounted = (timings.mounted ?? 0) + n;
      timings.lastMount = performance.now();
      timings.firstMount ??= timings.lastMount;
    }
    if (held || [...ready].some((w) => mountable(w.block))) quiet.request();
  };
  const quiet = whenQuiet(view, mountReady);
  const arrived = (rows: Iterable<Waiting>) => {
    let any = false;
    for (const r of rows) {
      if (waiting.get(r.anchor) !== r) continue;
      r.ready = true;
      ready.add(r);
      any ||= mountable(r.block);
    }
    if (any) quiet.request();
  };
  const wait = (anchor: Element, paper: PaperMeta) => {
    if (block.rows.length >= BLOCK_ROWS) block = newBlock();
    const w: Waiting = { anchor, paper, block, near: false, ready: false };
    const i = block.rows.push(w) - 1;
    waiting.set(anchor, w);
    // A block that already came near watches each row added to it: its sentinels may have passed.
    if (i % SENTINEL_EVERY === 0 || i === BLOCK_ROWS - 1 || block.rows.some((r) => r.near)) approach!.observe(anchor);
  };

  /** The anchor's mark goes, whether mounted or still waiting. */
  const forget = (anchor: Element) => {
    const m = mounted.get(anchor);
    if (m) unmount(anchor, m);
    const w = waiting.get(anchor);
    if (!w) return;
    waiting.delete(anchor);
    ready.delete(w);
    w.block.nearNow.delete(anchor);
    approach?.unobserve(anchor);
    const near = nearById.get(w.paper.id);
    near?.delete(w);
    if (near && !near.size) nearById.delete(w.paper.id);
  };

  /** A recognized entry gets its mark (at once, or once near on a long listing), unless it has it. */
  const place = (entry: RecognizedEntry & { anchor: Element }) => {
    // The page may have changed since it was recognized; its mutation brings a new reading.
    if (!entry.anchor.isConnected) return;
    const existing = mounted.get(entry.anchor);
    if (existing && existing.host.isConnected && existing.paper.id === entry.paper.id) return;
    if (!existing && waiting.get(entry.anchor)?.paper.id === entry.paper.id) return;
    forget(entry.anchor);
    if (lazy && approach) return wait(entry.anchor, entry.paper);
    mount(entry.anchor, entry.paper);
    want(entry.paper);
  };
  const hasAnchor = (e: RecognizedEntry): e is RecognizedEntry & { anchor: Element } => !!e.anchor;
  const anchored = () => [...mounted.keys(), ...waiting.keys()];

  /** Pages read whole: recognizes the page again and brings the marks in line with it. */
  function scan() {
    const all = deps.recognize(doc, href());
    timings.scans = (timings.scans ?? 0) + 1;
    recognized = all.map((e) => e.paper);
    const entries = all.filter(hasAnchor);
    timings.recognized ??= performance.now();
    lazy ||= entries.length > EAGER_ROWS;
    const live = new Set<Element>();
    for (const entry of entries) live.add(entry.anchor);
    for (const anchor of anchored()) if (!live.has(anchor) || !anchor.isConnected) forget(anchor);
    for (const entry of entries) place(entry);
  }

  /** Listings read row by row: the marks of the generic readers' papers beyond the rows. */
  let extras = new Set<Element>();
  const listing = deps.listing?.(doc, href());
  const rows =
    listing &&
    rowScan(doc, listing, {
      update(before, now) {
        if (before?.anchor && (!now || now.anchor !== before.anchor || now.paper.id !== before.paper.id)) forget(before.anchor);
        if (now && hasAnchor(now)) place(now);
      },
      settled(page) {
        recognized = page.map((e) => e.paper);
        timings.recognized ??= performance.now();
        timings.rowsRead = rows!.rowsRead;
        lazy ||= page.length > EAGER_ROWS;
        const next = new Set<Element>();
        for (const e of page) {
          if (!hasAnchor(e) || ((mounted.has(e.anchor) || waiting.has(e.anchor)) && !extras.has(e.anchor))) continue;
          next.add(e.anchor);
          place(e);
        }
        for (const anchor of extras) if (!next.has(anchor)) forget(anchor);
        extras = next;
      },
    });

  let pending: ReturnType<typeof setTimeout> | undefined;
  /** Reading the theme may force a style recalculation: only when <html> changed, or per scan. */
  const followTheme = () => {
    const t = themeOf();
    if (t === theme) return;
    theme = t;
    drawAll();
  };
  /** What the page changed since the last reading: only its own nodes count, never our hosts. */
  const touched = new Set<Node>();
  const added = new Set<Node>();
  let removed = false;
  const observer = new MutationObserver((records) => {
    if (records.some((r) => r.type === 'attributes')) followTheme();
    let cardsChanged = false;
    for (const r of records) {
      if (r.type !== 'childList') continue;
      let theirs = false;
      for (const n of r.addedNodes)
        if (!ours.has(n)) {
          theirs = true;
          if (rows) added.add(n);
        }
      for (const n of r.removedNodes) if (!ours.has(n)) theirs = removed = true;
      if (!theirs) continue;
      cardsChanged = true;
      if (rows) touched.add(r.target);
    }
    if (!cardsChanged) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      followTheme();
      if (!rows) return scan();
      rows.changed([...touched], [...added], removed);
      touched.clear();
      added.clear();
      removed = false;
    }, 100);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'data-theme'] });

  /** Asks again how many library papers relate to these rows (a save or removal anywhere changes it). */
  function askRelated(papers: PaperMeta[]) {
    for (let i = 0; i < papers.length; i += MAX_LOOKUP_BATCH) {
      const batch = papers.slice(i, i + MAX_LOOKUP_BATCH);
      api.related(batch).then(
        (counts) => {
          counts.forEach((n, j) => related.set(batch[j].id, n));
          batch.forEach((p) => drawPaper(p.id));
        },
        () => {},
      );
    }
  }

  /**
   * Related counts of the rows drawn so far, asked again a moment after the library last changed
   * (each autosave is a change: one question after a burst of them, not one per pause).
   */
  let relatedAgain: ReturnType<typeof setTimeout> | undefined;
  const refreshRelated = (except: Set<string>) => {
    clearTimeout(relatedAgain);
    relatedAgain = setTimeout(() => {
      const drawn = [...byId.values()].flatMap((rows) => {
        const m = rows.values().next().value;
        return m && states.has(m.paper.id) && !except.has(m.paper.id) ? [m.paper] : [];
      });
      askRelated(drawn);
    }, RELATED_REFRESH_MS);
  };

  /**
   * Another tab, the popup or the panel changed the library: the background sends the new states
   * of this page's rows that changed (only it can ask again for every row, after it restarted or
   * after everything changed); the rows' related counts are asked again a moment later.
   */
  const stopListening = deps.onLibraryChange((changed) => {
    if (changed === null) {
      const paperOf = (id: string) => byId.get(id)?.values().next().value?.paper;
      const all = [...byId.keys()].filter((id) => states.has(id)).flatMap((id) => paperOf(id) ?? []);
      for (let i = 0; i < all.length; i += MAX_LOOKUP_BATCH) void ask(all.slice(i, i + MAX_LOOKUP_BATCH));
      refreshRelated(new Set(all.map((p) => p.id)));
      return;
    }
    for (const { id, saved, note, tags, status } of changed) {
      const before = states.get(id);
      if (!before) continue;
      const { status: _was, ...rest } = before;
      states.set(id, { ...rest, saved, note, tags, ...(status && { status }) });
      drawPaper(id);
    }
    refreshRelated(new Set());
  });
  const stopPanel = deps.onPanelClose(closePanel);

  // Clicks elsewhere and Escape close the panel; only a person's, a page cannot close it for them.
  const outside = (e: Event) => {
    if (!e.isTrusted || !panel?.isOpen()) return;
    if (panel.contains(e.target) || (e.target instanceof Node && opener?.contains(e.target))) return;
    closePanel();
  };
  const escape = (e: KeyboardEvent) => e.isTrusted && e.key === 'Escape' && closePanel();
  // A page can take the keyboard from the panel (its own input's focus(), window.focus(), blur())
  // while the user types a note, and read the keys that follow. Focus that goes anywhere but the
  // panel or a button of our own marks closes the panel, so the user sees it go and stops typing.
  let focusCheck: ReturnType<typeof setTimeout> | undefined;
  const ourMarkFocused = () => {
    const m = doc.activeElement && byHost.get(doc.activeElement);
    return !!m && !!(m.container.getRootNode() as ShadowRoot).activeElement;
  };
  const guardFocus = () => {
    clearTimeout(focusCheck);
    focusCheck = setTimeout(() => {
      // Another tab or window taking focus is the person's doing, not the page's: keep the panel.
      if (!doc.hasFocus()) return;
      if (panel?.isOpen() && !panel.hasFocus() && !ourMarkFocused()) closePanel();
    }, 0);
  };
  doc.addEventListener('pointerdown', outside, true);
  doc.addEventListener('keydown', escape, true);
  // `window.focus()` moves the keyboard to the page while the document's focused element is
  // still our frame's host: the page's window getting focus while the panel is open is enough.
  // (Not in the first moments after opening: the click that opened it may still be focusing the window.)
  const windowFocus = (e: Event) => (e.target === view && panel?.isOpen() && performance.now() - shownAt > 500 ? closePanel() : guardFocus());
  doc.addEventListener('focusin', guardFocus, true);
  doc.addEventListener('focusout', guardFocus, true);
  view?.addEventListener('focus', windowFocus, true);

  // Decided before the first row is read: the top rows of a long listing wait for the observer too.
  if (rows) lazy = rows.start() > EAGER_ROWS;
  else scan();

  return {
    timings,
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
      approach?.disconnect();
      screen?.disconnect();
      clearTimeout(reporting);
      stopListening();
      stopPanel();
      clearTimeout(pending);
      quiet.stop();
      ready.clear();
      drawing.clear();
      rows?.stop();
      stopped = true;
      clearTimeout(relatedAgain);
      doc.removeEventListener('pointerdown', outside, true);
      doc.removeEventListener('keydown', escape, true);
      doc.removeEventListener('focusin', guardFocus, true);
      doc.removeEventListener('focusout', guardFocus, true);
      view?.removeEventListener('focus', windowFocus, true);
      clearTimeout(focusCheck);
      panel?.remove();
      for (const anchor of anchored()) forget(anchor);
    },
  };
}
