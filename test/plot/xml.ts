// A small well-formedness check for the SVG strings (balanced tags, quoted attributes, escaped text) and tag helpers.

/** Throws unless `svg` is one well-formed <svg> element with xmlns, width, height and viewBox. */
export function checkSvg(svg: string): void {
  const s = svg.trim();
  if (!s.startsWith('<svg ') || !s.endsWith('</svg>')) throw new Error('not a single <svg> element');
  for (const a of ['xmlns="http://www.w3.org/2000/svg"', 'width="', 'height="', 'viewBox="']) {
    if (!s.slice(0, s.indexOf('>')).includes(a)) throw new Error(`root lacks ${a}`);
  }
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    m = re.exec(s);
    if (!m || m.index !== pos) throw new Error(`malformed markup at ${pos}: ${s.slice(pos, pos + 60)}`);
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(m[5])) throw new Error(`unescaped & in text: ${m[5]}`);
      if (stack.length === 0 && m[5].trim()) throw new Error('text outside the root');
      continue;
    }
    const [, close, name, , self] = m;
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!self) stack.push(name);
    if (stack.length === 0 && pos < s.length) throw new Error('content after the root element');
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
}

/** Every `<name …>` opening tag as a map of its attributes. */
export function elements(svg: string, name: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<${name}((?:\\s+[\\w:-]+="[^"]*")*)\\s*/?>`, 'g'))) {
    const a: Record<string, string> = {};
    for (const am of m[1].matchAll(/([\w:-]+)="([^"]*)"/g)) a[am[1]] = am[2];
    out.push(a);
  }
  return out;
}

/** Text contents of <text> elements, unescaped, optionally only those with a class. */
export function texts(svg: string, cls?: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<text((?:\s+[\w:-]+="[^"]*")*)>([^<]*)<\/text>/g)) {
    if (cls && !new RegExp(`class="${cls}"`).test(m[1])) continue;
    out.push(m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
  }
  return out;
}

/** Parses a tick label (unicode minus included). */
export const tickValue = (s: string): number => Number(s.replace('−', '-'));
