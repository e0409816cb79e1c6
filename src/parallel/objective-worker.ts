/**
 * Worker thread of `ObjectivePool` (objective-pool.ts): sums the second half of the fit rows for
 * each pass of a temperature fit. It never returns to its event loop while the pool is open: it
 * sleeps in `Atomics.wait` on the shared control word, takes a new fit's arrays from its message
 * port synchronously (`receiveMessageOnPort`), and answers each pass through shared memory, so the
 * fit on the main thread can stay a plain synchronous loop.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { scaleObjectiveRange, type ScaleRows } from '../fit/scale-objective.js';
import { Command, RESULT_AT, type PoolShared, type RowsMessage } from './protocol.js';

const { control, numbers, port } = workerData as PoolShared & { port: MessagePort };

let rows: Pick<ScaleRows, 'scores' | 'classes' | 'index' | 'max'> | undefined;
let centered: Float64Array | undefined;
let from = 0;
let to = 0;

Atomics.store(control, 1, 1); // loaded and listening
Atomics.notify(control, 1);
for (;;) {
  Atomics.wait(control, 0, Command.Idle);
  const command = Atomics.load(control, 0);
  if (command === Command.Stop) break;
  try {
    if (command === Command.Rows) {
      let message = receiveMessageOnPort(port);
      // postMessage queues before the command is stored, but allow for a slow delivery.
      while (message === undefined) {
        Atomics.wait(control, 2, 0, 1);
        message = receiveMessageOnPort(port);
      }
      const m = message.message as RowsMessage;
      rows = { scores: m.scores, classes: m.classes, index: m.index, max: m.max };
      centered = m.centered;
      from = m.from;
      to = m.to;
    } else if (command === Command.Evaluate) {
      scaleObjectiveRange(rows!, centered!, numbers[0]!, from, to, numbers, RESULT_AT);
    }
    Atomics.store(control, 0, Command.Idle);
    Atomics.notify(control, 0);
  } catch {
    // The pool sees Failed and carries on without this thread, which stops here (were it to
    // loop, it would reset the word to Idle and the pool could take that for an answer).
    Atomics.store(control, 0, Command.Failed);
    Atomics.notify(control, 0);
    break;
  }
}
