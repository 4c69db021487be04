import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { contentScriptMatches } from './lib/sites/registry';

/** Web-accessible resources match on origins only: `https://arxiv.org/list/*` → `https://arxiv.org/*`. */
const supportedOrigins = [...new Set(contentScriptMatches.map((m) => `${new URL(m.replace('*', '')).origin}/*`))];

// Content scripts run only on sites Gloss supports (see lib/sites/registry.ts);
// the list lives with the adapters so adding a site is one change.
export default defineConfig({
  imports: false,
  // MV3 for Firefox too: under MV2, WXT would turn the optional all-sites permission into a
  // required one. Firefox supports MV3 (background scripts, optional host permissions).
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Gloss',
    description: 'Marks every research paper on the listing pages you read: saved, noted, tagged. Everything stays on this machine.',
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'contextMenus', 'alarms'],
    // Asked for only when the user wants scheduled backups saved to the Downloads folder.
    optional_permissions: ['downloads'],
    // Asked for only when the user turns on "papers linked from any page" (options page).
    // Zotero's API is asked for when the user connects Zotero; all sites for the links opt-in.
    optional_host_permissions: ['https://api.zotero.org/*', '<all_urls>'],
    // The private panel (notes, tags, related papers) is the one page a site may embed, and only
    // the supported sites. Chromium serves it at a per-session address (use_dynamic_url), so a
    // page cannot probe for Gloss by a fixed URL; Firefox's address is random per install.
    web_accessible_resources: [
      {
        resources: ['panel.html'],
        matches: supportedOrigins,
        ...(browser !== 'firefox' && { use_dynamic_url: true }),
      },
    ],
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: 'Gloss' },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+G' }, description: 'Open Gloss' },
      'save-page': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Save the paper on this page' },
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'gloss@gloss-papers.org',
          strict_min_version: '140.0',
          // Gloss collects nothing: everything stays in the browser.
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
  hooks: {
    // WXT grants the runtime-registered links script's `<all_urls>` as a host permission; that
    // access must stay optional (asked for when the user opts in), so it is taken back out.
    'build:manifestGenerated': (_wxt, manifest) => {
      delete manifest.host_permissions;
    },
  },
  zip: { excludeSources: ['tests/**', 'bench/**', '.ci/**'] },
  vite: () => ({
    plugins: [preact()],
    build: { target: 'es2022' },
  }),
});
