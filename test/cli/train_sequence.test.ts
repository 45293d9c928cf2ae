// Tests src/cli/train_sequence.ts through main(): `simdnet train sequence` on the shipped series and on a CSV, its files, and its usage errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOut, type CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadModel } from '../../src/model/load.js';

async function run(args: string[]) {
  const out = memoryOut(false);
  const err = memoryOut(false);
  const io: CliIO = { out, err, now: () => performance.now(), readStdin: async () => undefined };
  const code = await main(args, io);
  return { code, out: out.text(), err: err.text() };
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'simdnet-seq-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('simdnet train sequence', () => {
  it('forecasts the airline passengers one month ahead better than "next = last month", and writes model, report and plots', async () => {
    const out = join(dir, 'air');
    const r = await run(['train', 'sequence', '--window', '24', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('data     144 values of \'passengers\'');
    expect(r.out).toContain('lstm(32) → dense(32→1)');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    // "next = last month" is computed from the data alone: the model must beat it clearly
    expect(report.test.lastValueRmse).toBeCloseTo(51.78, 2);
    expect(report.test.rmse).toBeLessThan(report.test.lastValueRmse * 0.6);
    expect(report.test.truth).toHaveLength(24);
    const model = loadModel(readFileSync(join(out, 'model.bin')));
    expect(model.inputShape).toEqual([24, 1]);
    model.dispose();
    for (const f of ['history.svg', 'forecast.svg']) expect(readFileSync(join(out, f), 'utf8')).toMatch(/^<svg/);
  });

  it('reads any CSV column by name or index, with a GRU or a simple RNN, on the TS backend too', async () => {
    const csv = join(dir, 'series.csv');
    writeFileSync(csv, `t,value\n${Array.from({ length: 80 }, (_, i) => `${i},${(Math.sin(i / 3) - 0.5).toFixed(4)}`).join('\n')}\n`);
    for (const [column, cell, backend] of [['value', 'gru', 'wasm'], ['1', 'rnn', 'ts']]) {
      const r = await run(['train', 'sequence', '--csv', csv, '--column', column, '--cell', cell, '--backend', backend, '--window', '8', '--test', '10', '--epochs', '30', '--quiet', '--out', join(dir, cell)]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/test RMSE [\d.]+ on the last 10 values/);
      expect(JSON.parse(readFileSync(join(dir, cell, 'report.json'), 'utf8')).transform).toBe('diff'); // negative values: no logs
    }
  });

  it('usage errors name the flag', async () => {
    const cases: [string[], string][] = [
      [['train', 'sequence', '--csv', 'x.csv'], '--csv and --column go together'],
      [['train', 'sequence', '--cell', 'transformer'], '--cell must be one of lstm, gru, rnn'],
      [['train', 'sequence', '--window', '200'], '144 values leave 120 for training, too few for --window 200'],
      [['train', 'sequence', '--hidden', '3'], "unknown option '--hidden'"],
    ];
    for (const [args, msg] of cases) {
      const r = await run([...args, '--out', join(dir, 'bad')]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(msg);
    }
    expect((await run(['train', 'sequence', '--help'])).out).toMatch(/^Usage: simdnet train sequence/);
    expect((await run(['train', '--help'])).out).toContain("see 'simdnet train sequence --help'");
  });
});
