import { useEffect, useState } from 'preact/hooks';
import type { ZoteroState } from '../../lib/background/zotero';

/** What the section needs: the contract's Zotero methods and the browser's permission prompt. */
export interface ZoteroApi {
  state(): Promise<ZoteroState>;
  connect(args: { apiKey: string; group?: number; baseUrl?: string }): Promise<ZoteroState & { groups: string[]; canWrite: boolean }>;
  configure(args: { collectionKey?: string; deleteInZotero?: boolean; saveToZotero?: boolean }): Promise<ZoteroState>;
  disconnect(): Promise<ZoteroState>;
  sync(): Promise<ZoteroState>;
  collections(): Promise<Array<{ key: string; name: string }>>;
  /** Asks for access to api.zotero.org; must run inside the click. */
  requestAccess(): Promise<boolean>;
  onChange(callback: () => void): () => void;
  /** Where Zotero's API is: only the tests' stand-in changes it. */
  baseUrl?: string;
}

/** A zotero.org page that creates a key with what Gloss needs already ticked. */
const NEW_KEY_URL = 'https://www.zotero.org/settings/keys/new?name=Gloss&library_access=1&notes_access=1&write_access=1';

const ERRORS: Record<string, string> = {
  'invalid-key': 'Zotero does not know this key. Copy it again from zotero.org/settings/keys, or make a new one.',
  'no-access': 'This key cannot read that library. Make a key with library access.',
  'no-write-access': 'This key can read but not write: Gloss’s saves and notes cannot go to Zotero. Make a key with write access.',
  'rate-limited': 'Zotero asked Gloss to slow down; it will try again by itself.',
  network: 'Zotero could not be reached. Gloss will try again when you are online.',
  server: 'Zotero’s servers had a problem; Gloss will try again later.',
};

function when(ms?: number): string {
  if (!ms) return 'never';
  const d = new Date(ms);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function ZoteroSection({ api }: { api: ZoteroApi }) {
  const [state, setState] = useState<ZoteroState>();
  const [key, setKey] = useState('');
  const [group, setGroup] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const [collections, setCollections] = useState<Array<{ key: string; name: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const refresh = () => void api.state().then(setState, (err) => setError((err as Error).message));
  useEffect(() => {
    refresh();
    return api.onChange(refresh);
  }, []);
  useEffect(() => {
    if (state?.connected) void api.collections().then(setCollections, () => {});
  }, [state?.connected, state?.status?.mirrorItems]);

  const connect = async (e: Event) => {
    e.preventDefault();
    setError('');
    const apiKey = key.trim();
    if (!/^[A-Za-z0-9]{20,64}$/.test(apiKey)) {
      setError('A Zotero API key is 24 letters and digits: copy it from zotero.org/settings/keys.');
      return;
    }
    setBusy(true);
    try {
      // The browser asks the user here, inside the click, and never at install.
      if (!api.baseUrl && !(await api.requestAccess())) {
        setError('Gloss needs access to api.zotero.org to read and write your Zotero library.');
        return;
      }
      const next = await api.connect({ apiKey, ...(group && { group: Number(group) }), ...(api.baseUrl && { baseUrl: api.baseUrl }) });
      setGroups(next.groups);
      setState(next);
      setKey('');
    } catch (err) {
      setError(ERRORS[((err as { code?: string }).code ?? '').replace(/^zotero-/, '')] ?? (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!state) return null;
  const status = state.status;
  const lastError = status?.lastError;
  return (
    <section aria-labelledby="zotero-h">
      <h2 id="zotero-h">Zotero</h2>
      {!state.connected ? (
        <form onSubmit={connect}>
          <p class="hint">
            Connect your Zotero library: listing rows show which papers are in it, and what you save, note and tag in Gloss goes to Zotero (notes as child
            notes) and comes back on your other machines. Your key stays in this browser, out of reach of the pages you visit.
          </p>
          <p class="hint">
            <a href={NEW_KEY_URL} target="_blank" rel="noopener noreferrer">
              Create a key on zotero.org
            </a>{' '}
            (library, notes and write access are ticked for you), then paste it here.
          </p>
          <label>
            API key{' '}
            <input
              type="password"
              autocomplete="off"
              spellcheck={false}
              value={key}
              onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
              aria-describedby="zotero-error"
            />
          </label>{' '}
          <label>
            Group id (optional){' '}
            <input inputMode="numeric" size={8} value={group} onInput={(e) => setGroup((e.currentTarget as HTMLInputElement).value.replace(/\D/g, ''))} />
          </label>{' '}
          <button type="submit" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect Zotero'}
          </button>
        </form>
      ) : (
        <div>
          <p>
            Connected as <strong>{state.username}</strong> ({state.library?.startsWith('/groups/') ? `group ${state.library.slice(8)}` : 'personal library'}).
          </p>
          <p class="hint" role="status" aria-live="polite">
            {state.progress
              ? state.progress.phase === 'pull'
                ? `Reading your Zotero library: ${state.progress.done.toLocaleString()} of ${state.progress.total.toLocaleString()} items…`
                : `Writing to Zotero: ${state.progress.done} of ${state.progress.total}…`
              : `Last sync: ${when(status?.lastSync)} · ${status?.mirrorItems.toLocaleString() ?? 0} items in Zotero · ${status?.pending ?? 0} change${status?.pending === 1 ? '' : 's'} waiting`}
          </p>
          {lastError && (
            <p class="error" role="alert">
              {ERRORS[lastError.kind] ?? lastError.message}
            </p>
          )}
          {!!status?.removedInZotero.length && (
            <p class="hint">{status.removedInZotero.length} paper(s) were deleted in Zotero; Gloss kept them and their notes.</p>
          )}
          {groups.length > 0 && (
            <p class="hint">This key also reaches group(s) {groups.join(', ')}: disconnect and give a group id to sync one of them instead.</p>
          )}
          <label class="check">
            <input
              type="checkbox"
              checked={state.saveToZotero !== false}
              onChange={async (e) => setState(await api.configure({ saveToZotero: (e.currentTarget as HTMLInputElement).checked }))}
            />
            Papers I save in Gloss go to Zotero too (off: Gloss only reads Zotero and marks what is in it)
          </label>
          <label>
            Papers saved from Gloss go to{' '}
            <select
              value={state.collectionKey ?? ''}
              onChange={async (e) => setState(await api.configure({ collectionKey: (e.currentTarget as HTMLSelectElement).value }))}
            >
              <option value="">no collection (the library root)</option>
              {collections.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={!!state.deleteInZotero}
              onChange={async (e) => setState(await api.configure({ deleteInZotero: (e.currentTarget as HTMLInputElement).checked }))}
            />
            Removing a paper in Gloss also deletes it in Zotero (off: it stays in Zotero)
          </label>
          <p>
            <button type="button" disabled={!!state.progress} onClick={async () => setState(await api.sync())}>
              Sync now
            </button>{' '}
            <button
              type="button"
              class="danger"
              onClick={async () => {
                if (
                  !confirm('Disconnect Zotero? Gloss forgets the key and its copy of your Zotero library; your papers and notes stay in Gloss and in Zotero.')
                )
                  return;
                setState(await api.disconnect());
              }}
            >
              Disconnect
            </button>
          </p>
          <p class="hint">Stays in this browser only: your reading memory (seen papers), drafts and Gloss’s settings.</p>
        </div>
      )}
      {error && (
        <p class="error" role="alert" id="zotero-error">
          {error}
        </p>
      )}
    </section>
  );
}
