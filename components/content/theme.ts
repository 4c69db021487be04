export type Theme = 'light' | 'dark';

function luminance(color: string): number | undefined {
  const m = color.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
  if (!m || (m[4] !== undefined && Number(m[4]) < 0.5)) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => Number(c) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The page's own theme: an explicit `dark` class or color-scheme on <html> (Hugging Face,
 * many others), else how dark the page's background actually is, else the system setting.
 */
export function pageTheme(doc: Document): Theme {
  const html = doc.documentElement;
  if (html.classList.contains('dark') || html.dataset.theme === 'dark') return 'dark';
  if (html.classList.contains('light') || html.dataset.theme === 'light') return 'light';
  const view = doc.defaultView;
  if (view) {
    for (const el of [doc.body, html]) {
      if (!el) continue;
      const l = luminance(view.getComputedStyle(el).backgroundColor);
      if (l !== undefined) return l < 0.4 ? 'dark' : 'light';
    }
    if (view.matchMedia?.('(prefers-color-scheme: dark)').matches) return 'dark';
  }
  return 'light';
}
