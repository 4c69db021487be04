/** Applies the theme chosen in the options to one of Gloss's own pages (popup, library, options). */
import { getSettings, onSettingsChange, type Settings } from '../settings/settings';

export function applyTheme(doc: Document) {
  const set = (s: Settings) => {
    if (s.theme === 'auto') delete doc.documentElement.dataset.theme;
    else doc.documentElement.dataset.theme = s.theme;
  };
  void getSettings().then(set);
  return onSettingsChange(set);
}
