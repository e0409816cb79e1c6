import { describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions, readPredictionsOn } from '../../src/io/read-predictions.js';
import { writeTemp } from './helpers.js';

describe('ReadThreads.sharedMemory: scores in shared memory, for the threads that compute on them', () => {
  const files = {
    logits: 'label,z0,z1,z2\n0,1.5,-0.5,0.25\n2,0.1,0.2,3\n',
    probabilities: 'label,p0,p1,p2\n0,0.7,0.2,0.1\n2,0.1,0.2,0.7\n',
    'binary probabilities': 'label,p_1\n1,0.8\n0,0.3\n',
    'binary logits': 'label,s\n1,2.5\n0,-1.25\n',
  };
  for (const [name, text] of Object.entries(files)) {
    it(`${name}: the same values, in a SharedArrayBuffer`, async () => {
      const path = writeTemp(text);
      const plain = await readPredictions(path, DEFAULT_READ_OPTIONS);
      const shared = await readPredictionsOn({ sharedMemory: true }, path, DEFAULT_READ_OPTIONS);
      expect(plain.predictions.scores.buffer).toBeInstanceOf(ArrayBuffer);
      expect(shared.predictions.scores.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(shared.predictions.scores)).toEqual(Array.from(plain.predictions.scores));
    });
  }
});
