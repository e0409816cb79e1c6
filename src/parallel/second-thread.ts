import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { OBJECTIVE_SUMS } from '../fit/scale-objective.js';
import { threadsAllowed } from '../io/address-space.js';
import { workerExecArgv } from '../io/worker-exec-argv.js';
import { Command, RESULT_AT, type SetupMessage } from './protocol.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** How long the first command waits for the worker thread to start before doing without it. */
const STARTUP_MS = 10_000;

/**
 * A worker thread that takes half of a synchronous computation: the caller sets up the work
 * (`setup`), starts the worker's share (`run`), does its own share, and `wait`s for the worker.
 * Both sides meet through shared memory and `Atomics`, with no event-loop turn, so the caller's
 * code stays synchronous. Any failure (the worker did not start, or threw) makes `wait` return
 * false; the caller then does the worker's share itself, and the thread is not used again.
 */
export class SecondThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  /** b for a fit pass, then the worker's sums (protocol.ts). */
  readonly numbers = new Float64Array(new SharedArrayBuffer((RESULT_AT + OBJECTIVE_SUMS) * Float64Array.BYTES_PER_ELEMENT));
  private readonly port;
  private usable = true;
  private setups = 0;

  private constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const worker = new Worker(WORKER_URL, {
      workerData: { control: this.control, numbers: this.numbers, port: port2 }, transferList: [port2],
      execArgv: workerExecArgv(),
    });
    worker.unref(); // never keeps the process alive
    worker.on('error', () => { this.usable = false; });
  }

  /**
   * A started thread, or undefined when the compiled worker is absent (running from TypeScript
   * sources) or threads may not start (a limit on address space: address-space.ts).
   */
  static start(): SecondThread | undefined {
    return threadsAllowed() && existsSync(fileURLToPath(WORKER_URL)) ? new SecondThread() : undefined;
  }

  /** False once the thread has failed or been closed. */
  get alive(): boolean {
    return this.usable;
  }

  /**
   * Work set up so far: a caller that sets up once and runs many times (a fit's passes) compares
   * this with its own count to see whether someone else has set up other work since.
   */
  get setupCount(): number {
    return this.setups;
  }

  /** Hands the worker new work and waits until it has taken it; false if the thread is unusable. */
  setup(message: SetupMessage): boolean {
    if (!this.usable) return false;
    this.setups++;
    this.port.postMessage(message);
    this.send(Command.Setup);
    return this.wait();
  }

  /** Starts the worker's share of the work set up last; follow with `wait`. */
  run(): void {
    this.send(Command.Run);
  }

  /** Sleeps until the worker is idle again: true when its share is done, false if it failed. */
  wait(): boolean {
    const { control } = this;
    // A worker that never got going (it failed to load) would leave us waiting for ever: until it
    // says it listens, wait at most STARTUP_MS, then carry on without it.
    if (Atomics.load(control, 1) !== 1 && Atomics.wait(control, 1, 0, STARTUP_MS) === 'timed-out') {
      this.usable = false;
      return false;
    }
    for (;;) {
      const state = Atomics.load(control, 0);
      if (state === Command.Idle) return true;
      if (state === Command.Failed) {
        this.usable = false;
        return false;
      }
      Atomics.wait(control, 0, state);
    }
  }

  close(): void {
    if (!this.usable) return;
    this.usable = false;
    this.send(Command.Stop);
    this.port.close();
  }

  private send(command: number): void {
    Atomics.store(this.control, 0, command);
    Atomics.notify(this.control, 0);
  }
}

/** The shared thread: undefined until first asked for, null when it could not start. */
let shared: SecondThread | null | undefined;

/**
 * The process's second thread, started on first use (or ahead of it, while a large file is read,
 * so that its ~0.1 s start-up overlaps the read) and then reused by every step that splits its
 * work: the per-row pass, the sort, the fit passes, the resampling. The steps run one after the
 * other on the main thread, so they never contend for it. Undefined when the worker cannot start
 * or has failed once (no second start: a failing start can take STARTUP_MS).
 */
export function sharedSecondThread(): SecondThread | undefined {
  if (shared === undefined) shared = SecondThread.start() ?? null;
  return shared?.alive ? shared : undefined;
}

/** `array` itself when it is in shared memory, else a copy there (for the worker to read). */
export function sharedCopy<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}
