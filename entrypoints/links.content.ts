import { defineContentScript } from 'wxt/utils/define-content-script';
import { runMarks } from '../components/content/run-marks';

// Not in the manifest: registered at run time when the user opts in (lib/settings/links-optin.ts).
export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  runAt: 'document_idle',
  main: (ctx) => runMarks(ctx, { links: true }),
});
