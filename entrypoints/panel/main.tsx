import { render } from 'preact';
import { PanelApp } from '../../components/panel/PanelApp';
import { callPanel } from '../../lib/rpc/client';
import { onLibraryChange } from '../../lib/rpc/changes';
import './panel.css';

// The panel's token and a counter arrive in the fragment: `#<token>:<n>`. Nothing else is
// trusted: the page can post messages to this frame (none are listened to) and can embed this
// page itself, with any URL, but then has no token the background knows.
const tokenOf = () => location.hash.slice(1).split(':')[0];

render(
  <PanelApp
    token={tokenOf}
    onTokenChange={(cb) => (addEventListener('hashchange', cb), () => removeEventListener('hashchange', cb))}
    api={callPanel}
    onLibraryChange={onLibraryChange}
  />,
  document.getElementById('app')!,
);
