import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../../lib/sites/registry';
import { runMarks } from '../../components/content/run-marks';

export default defineContentScript({
  matches: contentScriptMatches,
  runAt: 'document_idle',
  main: (ctx) => runMarks(ctx, { links: false }),
});
