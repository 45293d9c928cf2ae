// Target conversion and validation per loss, and the accuracy rules.
import { describe, expect, it } from 'vitest';
import { lossByName } from '../../src/nn/losses.js';

const t = (loss: string, y: unknown, cols: number) => lossByName('fit', loss).targets('fit', 'y', y, cols);

describe('loss registry', () => {
  it('softmaxCrossEntropy: class indices become one-hot rows; one-hot rows are accepted', () => {
    const a = t('softmaxCrossEntropy', new Uint8Array([2, 0]), 3);
    expect(Array.from(a.data)).toEqual([0, 0, 1, 1, 0, 0]);
    const b = t('softmaxCrossEntropy', [[0, 1, 0], [0.2, 0.3, 0.5]], 3);
    expect(Array.from(b.data)).toEqual(Array.from(Float32Array.from([0, 1, 0, 0.2, 0.3, 0.5])));
    expect(() => t('softmaxCrossEntropy', [0, 0.5], 2)).toThrow(/y\[1\] is 0.5; softmaxCrossEntropy needs class indices/);
    expect(() => t('softmaxCrossEntropy', [0, 2], 2)).toThrow(/y\[1\] is class 2, out of range for a model with 2 outputs/);
    expect(() => t('softmaxCrossEntropy', [[1, 1]], 2)).toThrow(/sums to 2/);
    expect(() => lossByName('fit', 'softmaxCrossEntropy').checkOutputs('fit', 1)).toThrow(/at least 2 outputs/);
  });

  it('hinge: ±1 labels, or 0/1 mapped to ±1; anything else refused', () => {
    expect(Array.from(t('hinge', [1, -1, 1], 1).data)).toEqual([1, -1, 1]);
    expect(Array.from(t('hinge', [1, 0, 0], 1).data)).toEqual([1, -1, -1]);
    expect(() => t('hinge', [1, 0, -1], 1)).toThrow(/mixes −1/);
    expect(() => t('hinge', [1, 2], 1)).toThrow(/y\[1\] is 2; hinge needs labels ±1/);
  });

  it('sigmoidCrossEntropy: targets in [0, 1]', () => {
    expect(Array.from(t('sigmoidCrossEntropy', [0, 1, 0.75], 1).data)).toEqual([0, 1, 0.75]);
    expect(() => t('sigmoidCrossEntropy', [0, -1], 1)).toThrow(/y\[1\] is -1/);
  });

  it('mse: 1-D only for one output; rows must match the outputs; non-finite refused', () => {
    expect(Array.from(t('mse', [1.5, -2], 1).data)).toEqual([1.5, -2]);
    expect(() => t('mse', [1, 2], 2)).toThrow(/1-D but the model has 2 outputs/);
    expect(() => t('mse', [[1, 2, 3]], 2)).toThrow(/3 columns but the model has 2 outputs/);
    expect(() => t('mse', [1, NaN], 1)).toThrow(/non-finite value \(NaN\) at index 1/);
    expect(() => t('mse', [], 1)).toThrow(RangeError);
  });

  it('unknown loss names are refused with the known ones listed', () => {
    expect(() => lossByName('fit', 'crossEntropy')).toThrow(/unknown loss "crossEntropy"; expected one of 'mse', 'softmaxCrossEntropy'/);
  });
});
