import { it } from 'vitest';
import { fitTemperature } from '../../src/fit/temperature.js';
import { makePredictions, calibratedModel } from './make-predictions.js';
it('dbg', () => {
  const p = makePredictions([[0,0,7.724794950766767e-170,0],[0,0,0,3.792527930549632e-8]], [0, 3]);
  console.log(JSON.stringify(fitTemperature(p)));
  const p2 = makePredictions([[0, -5e-324], [0, -1.00202894771726e-8]], [1, 0]);
  console.log(JSON.stringify(fitTemperature(p2)));
  for (const sc of [0.3, 1, 3, 10, 30]) {
    const { logits, labels } = calibratedModel(2000, 5, sc, 1);
    const out = [];
    for (const f of [0.01, 0.1, 1, 10, 100, 1000]) {
      const fit = fitTemperature(makePredictions(logits.map((z) => z.map((v) => v * f)), labels));
      out.push(`${(fit.temperature / f).toFixed(6)}:${fit.iterations}:${fit.converged}`);
    }
    console.log(sc, out.join(' '));
  }
});
