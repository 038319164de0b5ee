// Colours chosen by a company (the website chat's): the text that reads on them. No dependencies, so the widget's
// small script can carry it.
/** Black or white, whichever reads on the colour (WCAG relative luminance): the widget and the settings' preview. */
export function textOn(hex: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return '#fff';
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#111';
}
