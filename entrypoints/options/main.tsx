import { render } from 'preact';
import { applyTheme } from '../../lib/ui/apply-theme';
import { browser } from 'wxt/browser';
import { BackupSection } from '../../components/BackupSection';
import { DataSection } from '../../components/DataSection';
import { OptionsApp } from '../../components/OptionsApp';
import { remoteBackups, remoteLibrary } from '../../lib/library/remote';
import { call } from '../../lib/rpc/client';
import type { OptInApi } from '../../lib/settings/links-optin';
import '../../components/page.css';


applyTheme(document);

render(
  <OptionsApp optIn={browser as unknown as OptInApi}>
    {(settings, update) => (
      <>
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
