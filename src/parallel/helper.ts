import { MessageChannel, Worker } from 'node:worker_threads';
import { Command, NUMBERS, type SetupMessage } from './protocol.js';
import { workerExecArgv } from './worker-exec-argv.js';
import { workerUrl } from './worker-url.js';

/** How long the first command waits for a worker thread to start before doing without it. */
const STARTUP_MS = 10_000;

/**
 * A worker thread that takes a share of a synchronous computation: the caller sets up the work
 * (`setup`), starts the worker's share (`run`), does its own share, and `wait`s for the worker.
 * Both sides meet through shared memory and `Atomics`, with no event-loop turn, so the caller's
 * code stays synchronous. Any failure (the worker did not start in time, or threw) makes `wait`
 * return false; the caller then does the worker's share itself, and the thread is not used again.
 */
export class Helper {
  private readonly control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  /** Numbers a job passes on each run (a fit pass's b: protocol.ts). */
  readonly numbers = new Float64Array(new SharedArrayBuffer(NUMBERS * Float64Array.BYTES_PER_ELEMENT));
  private readonly port;
  private usable = true;
  private setups = 0;

  constructor() {
    const url = workerUrl('worker.js');
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const worker = new Worker(url, {
      workerData: { control: this.control, numbers: this.numbers, port: port2 }, transferList: [port2],
      execArgv: workerExecArgv(),
    });
    worker.unref(); // never keeps the process alive
    worker.on('error', () => { this.usable = false; });
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
    if (!this.usable) return false;
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
