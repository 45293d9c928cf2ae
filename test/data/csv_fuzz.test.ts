// A sample of the parseCsv fuzzer (scripts/fuzz-csv.ts runs 10⁵ cases): each case matches the reference reader or is refused with a typed error naming the same line.
import { describe, expect, it } from 'vitest';
import { checkCase, fuzzCase, type CaseKind } from './csv_fuzz.js';

describe('parseCsv fuzz sample', () => {
  it('2500 seeded cases: results equal the reference reader, matrices come back bit for bit, errors are RangeError/TypeError', () => {
    const failures: string[] = [];
    const kinds: Record<CaseKind, number> = { matrix: 0, mutated: 0, random: 0, options: 0 };
    for (let i = 0; i < 2500; i++) {
      const c = fuzzCase(20261122, i);
      kinds[c.kind]++;
      const problem = checkCase(c);
      if (problem) failures.push(`case ${i} (${c.kind}): ${problem} — text ${JSON.stringify(c.text).slice(0, 200)}, options ${JSON.stringify(c.options)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    for (const n of Object.values(kinds)) expect(n).toBeGreaterThan(200); // every generator took part
  });

  it('the checker catches a wrong answer (it is not vacuous)', () => {
    const c = fuzzCase(20261122, 0);
    expect(checkCase({ ...c, kind: 'matrix', text: 'a,b\n1,2\n', options: {}, want: { x: Float32Array.of(1, 3), rows: 1, cols: 2, labels: null, values: null } }))
      .toBe('x is not the matrix that was written');
    expect(checkCase({ kind: 'random', text: 'a,b\n1,"2\n', options: {} })).toBeNull();
    expect(checkCase({ kind: 'random', text: '1,2\n3\n', options: { header: true } })).toBeNull();
  });
});
