import { render } from 'preact';
import { applyTheme } from '../../lib/ui/apply-theme';
import { LibraryApp } from '../../components/LibraryApp';
import { remoteLibrary } from '../../lib/library/remote';
import { call } from '../../lib/rpc/client';
import { onLibraryChange } from '../../lib/rpc/changes';
import '../../components/page.css';
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
    onLibraryChange={onLibraryChange}
  />,
  document.getElementById('app')!,
);
