/**
 * Applies the theme to one of Gloss's own pages (popup, library, options): the one chosen in
 * the options, or the system's when the option is "auto" (followed live).
 */
import { getSettings, onSettingsChange, type Settings } from '../settings/settings';

export function applyTheme(doc: Document) {
  const system = doc.defaultView?.matchMedia('(prefers-color-scheme: dark)');
  let choice: Settings['theme'] = 'auto';
  const apply = () => {
    doc.documentElement.dataset.theme = choice === 'auto' ? (system?.matches ? 'dark' : 'light') : choice;
  };
  apply();
  system?.addEventListener('change', apply);
  void getSettings().then((s) => ((choice = s.theme), apply()));
  return onSettingsChange((s) => ((choice = s.theme), apply()));
}
