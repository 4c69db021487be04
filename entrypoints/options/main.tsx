import { render } from 'preact';
import { browser } from 'wxt/browser';
import { DataSection } from '../../components/DataSection';
import { OptionsApp } from '../../components/OptionsApp';
import { pageLibrary } from '../../lib/library/page-library';
import { call } from '../../lib/rpc/client';
import type { OptInApi } from '../../lib/settings/links-optin';
import '../../components/page.css';

render(
  <OptionsApp optIn={browser as unknown as OptInApi}>
    <DataSection library={pageLibrary()} clearSeen={() => call('clearSeen', {})} deleteAll={() => call('deleteAll', {})} />
  </OptionsApp>,
  document.getElementById('app')!,
);
