/** The background's copy of the settings, in its database; the only writer. */
import type { GlossDB } from '../db/schema';
import { parseSettings, type Settings } from './settings';

const KEY = 'settings';
/** Where settings and drafts lived before schema v6; moved once, then removed. */
const OLD_SETTINGS = 'gloss:settings';
const OLD_DRAFT = 'gloss:draft:';
const OLD_CHANGE = 'gloss:changed';

interface OldStorage {
  get(keys: null): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

export class SettingsStore {
  private current: Promise<Settings>;
  private readonly listeners = new Set<(s: Settings) => void>();

  constructor(private readonly db: GlossDB) {
    this.current = this.read();
  }

  private async read(): Promise<Settings> {
    return parseSettings((await this.db.kv.get(KEY))?.value);
  }

  get(): Promise<Settings> {
    return this.current;
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next = parseSettings({ ...(await this.current), ...change });
    await this.db.kv.put({ key: KEY, value: next });
    this.current = Promise.resolve(next);
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Moves what older versions kept in storage.local (settings, note drafts) into the database and
   * removes every Gloss key there, so nothing private stays where content scripts can read it.
   */
  async migrateFrom(storage: OldStorage): Promise<void> {
    const all = await storage.get(null);
    const ours = Object.keys(all).filter((k) => k.startsWith('gloss:'));
    if (!ours.length) return;
    if (all[OLD_SETTINGS] !== undefined && !(await this.db.kv.get(KEY))) await this.update(parseSettings(all[OLD_SETTINGS]));
    const drafts = ours
      .filter((k) => k.startsWith(OLD_DRAFT))
      .flatMap((k) => {
        const d = all[k] as { text?: unknown; base?: unknown; at?: unknown } | undefined;
        if (typeof d?.text !== 'string' || typeof d.base !== 'string') return [];
        return [{ id: k.slice(OLD_DRAFT.length), text: d.text, base: d.base, at: typeof d.at === 'number' ? d.at : Date.now() }];
      });
    if (drafts.length) await this.db.drafts.bulkPut(drafts);
    await storage.remove([...ours, OLD_CHANGE]);
  }
}
