import { render } from 'preact';
import { applyTheme } from '../../lib/ui/apply-theme';
import { browser } from 'wxt/browser';
import { BackupSection } from '../../components/BackupSection';
import { DataSection } from '../../components/DataSection';
import { OptionsApp } from '../../components/OptionsApp';
import { Backups } from '../../lib/library/backups';
import { pageLibrary } from '../../lib/library/page-library';
import { call } from '../../lib/rpc/client';
import type { OptInApi } from '../../lib/settings/links-optin';
import '../../components/page.css';

const library = pageLibrary();
const backups = new Backups(library.db, library);

applyTheme(document);

render(
  <OptionsApp optIn={browser as unknown as OptInApi}>
    {(settings, update) => (
      <>
        <DataSection library={library} clearSeen={() => call('clearSeen', {})} deleteAll={() => call('deleteAll', {})} />
        <BackupSection
          backups={backups}
          settings={settings}
          update={update}
          requestDownloads={() => browser.permissions.request({ permissions: ['downloads'] })}
        />
      </>
    )}
  </OptionsApp>,
  document.getElementById('app')!,
);
