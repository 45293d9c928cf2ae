/** The package version, read from package.json (two levels up from both src/cli and dist/cli). */

import { readFileSync } from 'node:fs';

/** `'0.1.0'`, or 'unknown' when package.json cannot be read (e.g. a bundled copy). */
export function version(): string {
  try {
    return String(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}
