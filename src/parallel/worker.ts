/**
 * The second thread (second-thread.ts). It never returns to its event loop while open: it sleeps
 * in `Atomics.wait` on the shared control word, takes new work from its message port
 * synchronously (`receiveMessageOnPort`), and answers through shared memory, so the code on the
 * main thread (a temperature fit, a resampling loop) can stay plain and synchronous.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { scaleObjectiveRange } from '../fit/scale-objective.js';
import { probabilityPairLogs } from '../io/to-predictions.js';
import { smoothEce } from '../metrics/estimators/smooth-ece.js';
import { emptyClasswiseTotals, scanBlocks } from '../metrics/row-stats.js';
import { consistencyCounts } from '../stats/calibration-tests.js';
import { sortStep } from './row-sort.js';
import { Command, RESULT_AT, type SetupMessage, type SharedControl } from './protocol.js';

const { control, numbers, port } = workerData as SharedControl & { port: MessagePort };

let work: SetupMessage | undefined;

Atomics.store(control, 1, 1); // loaded and listening
Atomics.notify(control, 1);
for (;;) {
  Atomics.wait(control, 0, Command.Idle);
  const command = Atomics.load(control, 0);
  if (command === Command.Stop) break;
  try {
    if (command === Command.Setup) {
      let message = receiveMessageOnPort(port);
      // postMessage queues before the command is stored, but allow for a slow delivery.
      while (message === undefined) {
        Atomics.wait(control, 2, 0, 1);
        message = receiveMessageOnPort(port);
      }
      work = message.message as SetupMessage;
    } else if (command === Command.Run) {
      run(work!);
    }
    Atomics.store(control, 0, Command.Idle);
    Atomics.notify(control, 0);
  } catch {
    // The main thread sees Failed and carries on alone; this thread stops here (were it to loop,
    // it would reset the word to Idle, which could be taken for an answer).
    Atomics.store(control, 0, Command.Failed);
    Atomics.notify(control, 0);
    break;
  }
}

function run(w: SetupMessage): void {
  if (w.kind === 'objective') scaleObjectiveRange(w, w.centered, numbers[0]!, w.from, w.to, numbers, RESULT_AT);
  else if (w.kind === 'consistency') consistencyCounts(w.job, w.from, w.to, w.out, 0);
  else if (w.kind === 'smoothEce') {
    const smooth = smoothEce(w.confidence, w.outcome, { curvePoints: 2 });
    w.result[0] = smooth.smece;
    w.result[1] = smooth.sigma;
  } else if (w.kind === 'pairLogs') {
    const r = probabilityPairLogs(w.values, w.labels, w.out, w.logFloor, w.from, w.to);
    w.result[0] = r.floorHits;
    w.result[1] = r.firstBad;
  } else if (w.kind === 'sort') {
    sortStep(w, numbers[0]!);
  } else {
    // Odd blocks only, so the even part stays empty; the odd part is the shared one.
    const even = emptyClasswiseTotals(w.preds.classes, w.config.classwiseBins);
    scanBlocks(w.preds, w.config, w.temperature, 1, w.stats, { even, odd: w.odd });
  }
}
