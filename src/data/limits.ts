/** The largest datasets the generators make, and why: a typo such as makeMoons(1e12) fails at once instead of exhausting the heap. */

/**
 * Rows (points) a generator makes. makeMoons(10⁶) takes 0.6 s and 130 MB of heap as number[][] (measured on
 * Node 20); 10⁷ took 9 s and 1.3 GB, more than a default Node heap holds on a small machine. 10⁶ is 17× MNIST's
 * training set, and a 2-D picture is already full at 10³–10⁴ points.
 */
export const MAX_ROWS = 1_000_000;

/**
 * Numbers in one generated number[][] (rows × columns, or any other product of user sizes): about 0.2 GB of
 * heap (linearData(10⁶) with 10 features: 2.2 s, 213 MB, measured).
 */
export const MAX_VALUES = 10_000_000;

/** Numbers in one generated Float32Array (oneHotMatrix): 400 MB. */
export const MAX_F32 = 100_000_000;
