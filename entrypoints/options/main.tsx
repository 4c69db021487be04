import { render } from 'preact';
import { applyTheme } from '../../lib/pages/apply-theme';
import { browser } from 'wxt/browser';
import { BackupSection } from '../../components/options/BackupSection';
import { DataSection } from '../../components/options/DataSection';
import { OptionsApp } from '../../components/options/OptionsApp';
import { ZoteroSection } from '../../components/options/ZoteroSection';
import { onNotice } from '../../lib/rpc/changes';
import { remoteBackups, remoteLibrary } from '../../lib/pages/remote';
import { call } from '../../lib/rpc/client';
import type { OptInApi } from '../../lib/settings/links-optin';
import '../../components/shared/page.css';

applyTheme(document);

render(
  <OptionsApp optIn={browser as unknown as OptInApi}>
    {(settings, update) => (
      <>
        <ZoteroSection
          api={{
            state: () => call('zoteroState', {}),
            connect: (args) => call('zoteroConnect', args),
            configure: (args) => call('zoteroConfigure', args),
            disconnect: () => call('zoteroDisconnect', {}),
            sync: () => call('zoteroSync', {}),
            collections: () => call('zoteroCollections', {}),
            requestAccess: () => browser.permissions.request({ origins: ['https://api.zotero.org/*'] }),
            onChange: (callback) => onNotice('zotero', callback),
            // Only the tests' stand-in: options.html?zotero-api=http://127.0.0.1:<port> (the background refuses any other address).
            baseUrl: new URLSearchParams(location.search).get('zotero-api') ?? undefined,
          }}
        />
        <DataSection library={remoteLibrary} clearSeen={() => call('clearSeen', {})} deleteAll={() => call('deleteAll', {})} />
        <BackupSection
          backups={remoteBackups}
          settings={settings}
          update={update}
          requestDownloads={() => browser.permissions.request({ permissions: ['downloads'] })}
        />
      </>
    )}
  </OptionsApp>,
  document.getElementById('app')!,
);
