import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/OptionsApp';
import type { OptInApi } from '../../lib/settings/links-optin';
import '../../components/page.css';

render(<OptionsApp optIn={browser as unknown as OptInApi} />, document.getElementById('app')!);
