/** SVG building blocks shared by every plot: escaping, number formatting, tags, the document, colours. */

/** Escapes text and attribute values for XML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A coordinate with at most 2 decimals and no trailing zeros: keeps the SVG small and stable. */
export function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

type AttrValue = string | number | undefined | null | false;

/** ` a="1" b="x"` from an object; undefined, null and false are left out; numbers go through `num`. */
export function attrs(a: Record<string, AttrValue>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    out += ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`;
  }
  return out;
}

/** One element: `<name a="…">children</name>`, or self-closing without children. */
export function tag(name: string, a: Record<string, AttrValue> = {}, children?: string): string {
  return children === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;
}

/** A text element; the content is escaped. */
export function text(x: number, y: number, content: string, a: Record<string, AttrValue> = {}): string {
  return tag('text', { x, y, ...a }, esc(content));
}

export const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/** A standalone SVG document (xmlns, width, height, viewBox, white background, a <title> for accessibility). */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  const head = title ? tag('title', {}, esc(title)) : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `0 0 ${num(width)} ${num(height)}`, 'font-family': FONT, 'font-size': 12 })}>` +
    head + tag('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) + body + '</svg>\n'
  );
}

/** Okabe–Ito colours: distinguishable with the common forms of colour blindness (black last). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'] as const;

/** Dash patterns that tell series apart without colour. */
export const DASHES = ['', '7 4', '2 3', '9 3 2 3'] as const;

/** The i-th palette colour (cycling). */
export function color(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** Mixes a #rrggbb colour with white: t = 0 gives the colour, t = 1 white. */
export function lighten(hex: string, t: number): string {
  const c = parseInt(hex.slice(1), 16);
  const mix = (v: number) => Math.round(v + (255 - v) * t).toString(16).padStart(2, '0');
  return '#' + mix((c >> 16) & 255) + mix((c >> 8) & 255) + mix(c & 255);
}

/** A rough width of `s` at `size` px in a sans-serif font (used for layout only). */
export function textWidth(s: string, size = 12): number {
  return s.length * size * 0.6;
}
