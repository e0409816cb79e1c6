import { Helper } from './helper.js';
import type { SetupMessage } from './protocol.js';

/** Helpers started so far, shared by every pool of the process (a thread is started once). */
const started: (Helper | undefined)[] = [];

/**
 * The worker threads of a runtime of `threads` threads: the calling thread and `threads - 1`
 * helpers, each started on first use (or ahead of it: `prestart`) and then reused by every step
 * that shares out its work: the per-row pass, the sort, the fit passes, the resampling. The
 * steps run one after the other on the calling thread, so they never contend for a helper.
 * Helpers are the process's: two pools of the same process (two runs of `main` in one process)
 * use the same threads.
 */
export class ThreadPool {
  constructor(readonly threads: number) {}

  /** Helpers that are still usable, started now if need be (at most `threads - 1`). */
  helpers(): Helper[] {
    const out: Helper[] = [];
    for (let i = 0; i < this.threads - 1; i++) {
      let helper = started[i];
      if (helper === undefined) {
        helper = new Helper();
        started[i] = helper;
      }
      if (helper.alive) out.push(helper);
    }
    return out;
  }

  /** Starts the helpers now, so that their ~0.1 s start-up overlaps other work (a large read). */
  prestart(): void {
    this.helpers();
  }

  /**
   * One step on every thread: `jobs[i]` (set up and run on helper i, when given), then `mine()`
   * here, then the wait. Returns, per job, whether its helper did it (false: it failed, and the
   * caller must do that share itself).
   */
  runAll(helpers: readonly Helper[], jobs: readonly (SetupMessage | undefined)[], mine: () => void): boolean[] {
    const started = jobs.map((job, i) => (job === undefined || helpers[i]!.setup(job)) && helpers[i]!.alive);
    started.forEach((ok, i) => { if (ok) helpers[i]!.run(); });
    mine();
    return started.map((ok, i) => ok && helpers[i]!.wait());
  }
}
