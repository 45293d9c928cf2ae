// Every data generator refuses option names it does not know, suggesting the near miss, before drawing anything.
import { describe, expect, it } from 'vitest';
import { celsius, linearData, makeBlobs, makeCircles, makeMoons, makeSpirals, trainTestSplit } from '../../src/index.js';

describe('unknown options', () => {
  it('are TypeErrors naming the function, the option and what it may have meant', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => makeMoons(10, { noize: 0.1 } as never), /^makeMoons: unknown option 'noize' \(did you mean noise\?\)$/],
      [() => makeBlobs(10, { centres: 3 } as never), /^makeBlobs: unknown option 'centres'; known options: centers, features, std, box, seed, shuffle$/],
      [() => makeCircles(10, { Factor: 0.5 } as never), /unknown option 'Factor' \(did you mean factor\?\)/],
      [() => makeSpirals(10, { arms: 2 } as never), /makeSpirals: unknown option 'arms'/],
      [() => celsius({ count: 3 } as never), /celsius: unknown option 'count'/],
      [() => linearData(10, { inputs: 2 } as never), /linearData: unknown option 'inputs'/],
      [() => trainTestSplit([[1], [2]], [1, 2], { testSize: 0.5 } as never), /trainTestSplit: unknown option 'testSize'/],
      [() => makeMoons(10, 'noisy' as never), /makeMoons: options must be an object, got a string/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    }
  });
});
