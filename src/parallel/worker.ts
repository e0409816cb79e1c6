/**
 * A helper thread (helper.ts). It never returns to its event loop while open: it sleeps in
 * `Atomics.wait` on the shared control word, takes new work from its message port synchronously
 * (`receiveMessageOnPort`), and answers through shared memory, so the code on the calling thread
 * (a temperature fit, a resampling loop) can stay plain and synchronous.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { scaleObjectiveParts } from '../fit/scale-objective.js';
import type * as ParquetDirect from '../io/formats/parquet-direct.js';
import { probabilityPairLogs } from '../io/to-predictions.js';
import { smoothEce } from '../metrics/estimators/smooth-ece.js';
import { BlockSums, scanRange } from '../metrics/row-stats.js';
import { consistencyCounts } from '../stats/consistency-resampling.js';
import { sortStep } from './row-sort.js';
import { Command, type SetupMessage, type SharedControl } from './protocol.js';

const { control, numbers, port } = workerData as SharedControl & { port: MessagePort };

let work: SetupMessage | undefined;
/** Parquet's decoder (hyparquet's modules): loaded by the first job that needs it, not by every thread at its start. */
let parquet: typeof ParquetDirect | undefined;

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
      if (work.kind === 'parquet') parquet ??= await import('../io/formats/parquet-direct.js');
    } else if (command === Command.Run) {
      run(work!);
    }
    Atomics.store(control, 0, Command.Idle);
    Atomics.notify(control, 0);
  } catch {
    // The calling thread sees Failed and carries on without this one, which stops here (were it
    // to loop, it would reset the word to Idle, which could be taken for an answer).
    Atomics.store(control, 0, Command.Failed);
    Atomics.notify(control, 0);
    break;
  }
}

function run(w: SetupMessage): void {
  if (w.kind === 'objective') scaleObjectiveParts(w, w.centered, numbers[0]!, w.fromPart, w.toPart, w.out, 0);
  else if (w.kind === 'consistency') consistencyCounts(w.job, w.from, w.to, w.out, 0);
  else if (w.kind === 'smoothEce') {
    const smooth = smoothEce(w.confidence, w.outcome, { curvePoints: 2 });
    w.result[0] = smooth.smece;
    w.result[1] = smooth.sigma;
  } else if (w.kind === 'pairLogs') {
    const r = probabilityPairLogs(w.values, w.labels, w.out, w.logFloor, w.from, w.to);
    w.result[0] = r.floorHits;
    w.result[1] = r.firstBad;
  } else if (w.kind === 'parquet') {
    // Snappy and uncompressed chunks only (parquet.ts): no other codec is needed here.
    parquet!.decodeJobs(w.task, {});
  } else if (w.kind === 'sort') {
    sortStep(w, numbers[0]!);
  } else {
    const sums = new BlockSums(w.preds.classes, w.config.classwiseBins, w.fromBlock, w.count, w.probabilitySum, w.hitSum);
    scanRange(w.preds, w.config, w.temperature === undefined ? {} : { temperature: w.temperature }, w.from, w.to, w.stats, sums, w.statsBase);
  }
}
