/**
 * The private panel: one extension frame per tab, opened by a trusted click on a row's mark.
 * Opening it issues a token for that tab and that paper; the frame gets the token through its
 * URL's fragment (inside a closed shadow root the page cannot read it) and names it on every
 * call. A frame the page embeds itself, or a stale one, has no valid token and gets nothing.
 */
import { GlossError } from '../core/errors';
import type { LibraryService } from '../library/service';
import type { Caller } from '../rpc/callers';
import type { PanelApi, PanelView } from '../rpc/protocol';
import type { PaperMeta, PaperRecord } from '../core/types';

interface Session {
  token: string;
  tabId: number;
  paper: PaperMeta;
  theme: 'light' | 'dark';
  did?: 'saved' | 'removed';
  /** What the opening click removed, for Undo. */
  removed?: PaperRecord;
}

/** Where sessions live: storage.session in the extension (kept across worker restarts, never
 * readable by content scripts); a Map in tests. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export function memorySessionArea(): SessionArea {
  const m = new Map<string, unknown>();
  return {
    get: async (key) => (m.has(key) ? { [key]: m.get(key) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => m.set(k, v)),
    remove: async (key) => void m.delete(key),
  };
}

const keyOf = (tabId: number) => `panel:${tabId}`;

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class Panels {
  constructor(
    private readonly library: LibraryService,
    private readonly area: SessionArea,
    /** Tells the tab's content script to hide its frame. */
    private readonly closeInTab: (tabId: number) => Promise<void>,
    /** Where the paper is in the user's Zotero library, when it is there. */
    private readonly zoteroOf: (paper: PaperMeta) => Promise<PanelView['zotero']> = async () => undefined,
  ) {}

  private async load(tabId: number): Promise<Session | undefined> {
    return (await this.area.get(keyOf(tabId)))[keyOf(tabId)] as Session | undefined;
  }

  private store(s: Session) {
    return this.area.set({ [keyOf(s.tabId)]: s });
  }

  /** The saved state of a paper, without counting it as seen again. */
  private async stateOf(paper: PaperMeta) {
    const [state] = await this.library.lookup({ papers: [paper] });
    return state;
  }

  /** Saves or removes; returns what Undo needs. */
  private async setSaved(paper: PaperMeta, saved: boolean): Promise<Pick<Session, 'did' | 'removed'>> {
    const state = await this.stateOf(paper);
    if (state.saved === saved) return {};
    if (saved) {
      await this.library.save({ paper });
      return { did: 'saved' };
    }
    const removed = await this.library.unsave({ id: state.id });
    return { did: 'removed', removed: removed ?? undefined };
  }

  async open(tabId: number, { paper, toggle, theme = 'light' }: { paper: PaperMeta; toggle?: boolean; theme?: 'light' | 'dark' }) {
    const previous = await this.load(tabId);
    // One frame per tab: it keeps its token while it lives, and shows whichever paper was opened last.
    const session: Session = { token: previous?.token ?? newToken(), tabId, paper, theme };
    if (toggle) {
      const state = await this.stateOf(paper);
      Object.assign(session, await this.setSaved(paper, !state.saved));
    }
    await this.store(session);
    return { token: session.token };
  }

  async close(tabId: number) {
    await this.area.remove(keyOf(tabId));
  }

  /** The session this caller's token opens, or a refusal. */
  private async session(caller: Extract<Caller, { kind: 'panel' }>, token: string): Promise<Session> {
    const s = await this.load(caller.tabId);
    if (!s || s.token !== token) throw new GlossError('forbidden', 'This panel is closed. Open it again from the page.');
    return s;
  }

  private async view(s: Session): Promise<PanelView> {
    const [state, tags, zotero] = await Promise.all([this.stateOf(s.paper), this.library.tags({}), this.zoteroOf(s.paper).catch(() => undefined)]);
    const draft = await this.library.getDraft({ id: state.id });
    return {
      paper: s.paper,
      state,
      tagSuggestions: tags.map((t) => t.tag),
      theme: s.theme,
      did: s.did,
      ...(zotero && { zotero }),
      ...(draft && { draft: { text: draft.text, base: draft.base, at: draft.at } }),
    };
  }

  api(caller: Extract<Caller, { kind: 'panel' }>): PanelApi {
    return {
      panelState: async ({ token }) => this.view(await this.session(caller, token)),
      panelRelated: async ({ token }) => {
        const s = await this.session(caller, token);
        const [related] = await this.library.relatedTo({ papers: [s.paper], k: 5 });
        return related;
      },
      panelSave: async ({ token, saved }) => {
        const s = await this.session(caller, token);
        const next = { ...s, did: undefined, removed: undefined, ...(await this.setSaved(s.paper, saved)) };
        await this.store(next);
        return this.view(next);
      },
      panelUndo: async ({ token }) => {
        const s = await this.session(caller, token);
        if (s.did === 'saved') await this.setSaved(s.paper, false);
        else if (s.did === 'removed' && s.removed) await this.library.restore({ ids: [s.removed.id] });
        const next = { ...s, did: undefined, removed: undefined };
        await this.store(next);
        return this.view(next);
      },
      panelNote: async ({ token, note, base }) => {
        const s = await this.session(caller, token);
        // The record may be the paper under another identifier (a preprint's published version).
        const { id } = await this.stateOf(s.paper);
        return this.library.setNote({ id, note, base, paper: s.paper });
      },
      panelDraft: async ({ token, text, base }) => {
        const s = await this.session(caller, token);
        const { id } = await this.stateOf(s.paper);
        await this.library.putDraft({ id, text, base });
      },
      panelTags: async ({ token, tags }) => {
        const s = await this.session(caller, token);
        const { id } = await this.stateOf(s.paper);
        return this.library.setTags({ id, tags, paper: s.paper });
      },
      panelStatus: async ({ token, status }) => {
        const s = await this.session(caller, token);
        const { id } = await this.stateOf(s.paper);
        return this.library.setStatus({ id, status, paper: s.paper });
      },
      panelClose: async ({ token }) => {
        await this.session(caller, token);
        await this.close(caller.tabId);
        await this.closeInTab(caller.tabId);
      },
    };
  }
}
