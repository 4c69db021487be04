import { render } from 'preact';
import { applyTheme } from '../../lib/pages/apply-theme';
import { LibraryApp } from '../../components/library/LibraryApp';
import { remoteLibrary } from '../../lib/pages/remote';
import { call } from '../../lib/rpc/client';
import { onLibraryChange } from '../../lib/rpc/changes';
import '../../components/shared/page.css';
import './library.css';

applyTheme(document);

render(
  <LibraryApp
    library={remoteLibrary}
    api={{
      search: (query, sort) => call('search', { query, sort, limit: 500 }),
      bulk: (ids, action, tags) => call('bulk', { ids, action, tags }),
      trash: () => call('trash', {}),
      restore: (ids) => call('restore', { ids }),
      purgeTrash: (ids) => call('purgeTrash', { ids }),
      drafts: () => call('drafts', {}),
      setNote: (id, note, base) => call('setNote', { id, note, base }),
      clearDraft: (id) => call('clearDraft', { id }),
    }}
    paperApi={{
      get: (id) => call('get', { id }),
      related: (paper) => call('relatedTo', { papers: [paper], k: 5 }).then((r) => r[0] ?? []),
      setNote: (id, note, base) => call('setNote', { id, note, base }),
      setTags: (id, tags) => call('setTags', { id, tags }),
      setStatus: (id, status) => call('setStatus', { id, status }),
      setCiteKey: (id, key) => call('setCiteKey', { id, key }),
      setMeta: (id, meta) => call('setMeta', { id, meta }),
      unsave: (id) => call('unsave', { id }),
      tags: () => call('tags', {}).then((t) => t.map((x) => x.tag)),
    }}
    onLibraryChange={onLibraryChange}
  />,
  document.getElementById('app')!,
);
