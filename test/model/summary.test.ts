// model.summary(): Keras-style rows, parameter counts counted by hand, and the printed table.
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/index.js';
import { mlp, sequential } from '../../src/model/sequential.js';
import { batchNorm, dense, dropout, normalize, relu, softmax } from '../../src/index.js';

describe('summary', () => {
  it('784-128-64-10: output shapes, parameters per layer and in total', () => {
    setBackend('ts');
    const m = mlp(784, [128, 64, 10], { seed: 0 });
    const s = m.summary();
    expect(s.rows.map((r) => [r.layer, r.outputShape, r.params, r.nonTrainable])).toEqual([
      ['dense(784→128)', [128], 784 * 128 + 128, 0],
      ['relu', [128], 0, 0],
      ['dense(128→64)', [64], 128 * 64 + 64, 0],
      ['relu', [64], 0, 0],
      ['dense(64→10)', [10], 64 * 10 + 10, 0],
    ]);
    expect([s.totalParams, s.trainableParams, s.nonTrainableParams]).toEqual([109386, 109386, 0]);
    const lines = s.text.split('\n');
    expect(lines[0]).toMatch(/^Layer +Output shape +Param #$/);
    expect(lines).toContain('input            [784]                0');
    expect(lines).toContain('dense(784→128)   [128]          100,480');
    expect(lines.slice(-3)).toEqual(['Total params: 109,386', 'Trainable params: 109,386', 'Non-trainable params: 0']);
    m.dispose();
  });

  it('the toolkit layers: γ and β trained, moving statistics and normalize statistics counted apart as non-trainable', () => {
    setBackend('ts');
    const m = sequential([normalize({ mean: [0, 1, 2], std: [1, 1, 1] }), dense(16), batchNorm(), relu(), dropout(0.5), dense(4), softmax()], { seed: 0 });
    const s = m.summary();
    expect(s.rows.map((r) => [r.layer, r.outputShape, r.params, r.nonTrainable])).toEqual([
      ['normalize(standard, [3])', [3], 0, 3 + 3],
      ['dense(3→16)', [16], 3 * 16 + 16, 0],
      ['batchNorm(16)', [16], 16 + 16, 16 + 16],
      ['relu', [16], 0, 0],
      ['dropout(0.5)', [16], 0, 0],
      ['dense(16→4)', [4], 16 * 4 + 4, 0],
      ['softmax', [4], 0, 0],
    ]);
    expect([s.trainableParams, s.nonTrainableParams]).toEqual([64 + 32 + 68, 6 + 32]);
    expect(s.text.split('\n').slice(-3)).toEqual(['Total params: 202', 'Trainable params: 164', 'Non-trainable params: 38']);
    m.dispose();
  });
});
