import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import { call } from '../../lib/rpc/client';
import { onLibraryChange } from '../../lib/rpc/changes';
import './popup.css';

render(
  <PopupApp
    api={{
      list: () => call('list', { limit: 500 }),
      setNote: (id, note) => call('setNote', { id, note }),
    }}
    onLibraryChange={onLibraryChange}
  />,
  document.getElementById('app')!,
);
