import { useEffect, useState } from 'preact/hooks';
import { disableLinksEverywhere, enableLinksEverywhere, type OptInApi } from '../../lib/settings/links-optin';
import { getSettings, onSettingsChange, updateSettings, type Settings } from '../../lib/settings/settings';
import { adapters } from '../../lib/sites/registry';
import { byteSize } from '../../lib/core/text';

const SITE_LABELS: Record<string, string> = {
  huggingface: 'Hugging Face papers',
  arxiv: 'arXiv',
  openreview: 'OpenReview',
  acl: 'ACL Anthology',
  ieee: 'IEEE Xplore',
  scholar: 'Google Scholar',
  generic: 'Publishers and proceedings (citation tags)',
};

interface Props {
  optIn: OptInApi;
  /** Further sections (library data, backups) rendered below the settings, given the settings. */
  children?: (settings: Settings, update: (change: Partial<Settings>) => Promise<Settings>) => preact.ComponentChildren;
}

/** Asks the browser to keep Gloss's data even under storage pressure, and says whether it will. */
function StorageStatus() {
  const [state, setState] = useState<string>();
  useEffect(() => {
    const s = navigator.storage;
    if (!s?.persist) return;
    void s.persist().then(async (persisted) => {
      const { usage = 0, quota = 0 } = (await s.estimate?.()) ?? {};
      setState(
        `${persisted ? 'Your library is kept even when the browser runs short of space' : 'The browser may clear Gloss’s data if it runs short of space: export a backup now and then'} · ${byteSize(usage)} used${quota ? ` of ${byteSize(quota)} available` : ''}.`,
      );
    });
  }, []);
  return state ? (
    <p class="hint" role="note">
      {state}
    </p>
  ) : null;
}

export function OptionsApp({ optIn, children }: Props) {
  const [settings, setSettings] = useState<Settings>();
  const [message, setMessage] = useState('');
  /** The all-sites permission is being asked: the box shows what is in force until the browser answers. */
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    void getSettings().then(setSettings);
    return onSettingsChange(setSettings);
  }, []);

  if (!settings)
    return (
      <main class="page">
        <p>Loading…</p>
      </main>
    );

  const toggleLinks = async (on: boolean) => {
    setMessage('');
    setAsking(true);
    try {
      if (on) {
        const granted = await enableLinksEverywhere(optIn);
        if (!granted) {
          setMessage('Gloss was not given access to all sites, so links on other pages stay unmarked.');
          return;
        }
      } else {
        await disableLinksEverywhere(optIn);
      }
      setSettings(await updateSettings({ linksEverywhere: on }));
    } catch (err) {
      setMessage(`Could not change this: ${(err as Error).message}`);
    } finally {
      setAsking(false);
    }
  };

  const toggleSite = async (name: string, on: boolean) => {
    const disabled = new Set(settings.disabledSites);
    if (on) disabled.delete(name);
    else disabled.add(name);
    setSettings(await updateSettings({ disabledSites: [...disabled] }));
  };

  return (
    <main class="page">
      <h1>Gloss options</h1>
      <section aria-labelledby="sites-h">
        <h2 id="sites-h">Sites</h2>
        <p class="hint">Gloss marks papers on these sites. Turn a site off to leave its pages alone.</p>
        {[...adapters.map((a) => a.name), 'generic'].map((name) => (
          <label class="check" key={name}>
            <input
              type="checkbox"
              checked={!settings.disabledSites.includes(name)}
              onChange={(e) => void toggleSite(name, (e.currentTarget as HTMLInputElement).checked)}
            />
            {SITE_LABELS[name] ?? name}
          </label>
        ))}
        <label class="check">
          <input
            type="checkbox"
            checked={settings.linksEverywhere}
            disabled={asking}
            aria-describedby="links-hint"
            onChange={(e) => {
              const box = e.currentTarget as HTMLInputElement;
              const on = box.checked;
              // The browser ticked the box at the click; it stays as it was until the permission is given.
              box.checked = settings.linksEverywhere;
              void toggleLinks(on);
            }}
          />
          Mark papers linked from any page (blogs, READMEs, social sites)
        </label>
        {asking && (
          <p class="hint" role="status">
            Waiting for your answer to the browser's request for access to all sites…
          </p>
        )}
        <p class="hint" id="links-hint">
          This asks your browser for access to all sites; Gloss reads links to arXiv, DOI and OpenReview papers there and sends nothing anywhere.
        </p>
        {message && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
      </section>
      <section aria-labelledby="look-h">
        <h2 id="look-h">Appearance</h2>
        <label>
          Theme{' '}
          <select
            value={settings.theme}
            onChange={async (e) => setSettings(await updateSettings({ theme: (e.currentTarget as HTMLSelectElement).value as Settings['theme'] }))}
          >
            <option value="auto">Match the page and the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </section>
      <section aria-labelledby="memory-h">
        <h2 id="memory-h">Reading memory</h2>
        <label class="check">
          <input
            type="checkbox"
            checked={settings.seenMemory}
            onChange={async (e) => setSettings(await updateSettings({ seenMemory: (e.currentTarget as HTMLInputElement).checked }))}
          />
          Remember papers Gloss has shown me ("seen before")
        </label>
      </section>
      <StorageStatus />
      {children?.(settings, async (change) => {
        const next = await updateSettings(change);
        setSettings(next);
        return next;
      })}
    </main>
  );
}
