/** A counting semaphore whose waits end when the caller's deadline does. */
export interface Semaphore {
  /**
   * Waits for a slot. Resolves with the release function (call it exactly once; extra calls are
   * ignored); rejects with `signal.reason` if `signal` aborts first (the waiter is removed).
   */
  acquire(signal: AbortSignal): Promise<() => void>;
  /** Calls holding a slot. */
  inUse(): number;
  /** Callers waiting. */
  waiting(): number;
}

/**
 * Caps concurrent model calls: a vLLM server batches at most `--max-num-seqs` sequences (the Model
 * Garden notebook uses 4, reference A2); more requests only queue on the GPU, where our deadline
 * cannot see them. FIFO.
 *
 * @param limit maximum slots (≥ 1)
 */
export function createSemaphore(limit: number): Semaphore {
  const max = Math.max(1, Math.floor(limit));
  let used = 0;
  const queue: Array<{ grant: () => void }> = [];

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next === undefined) used--;
      else next.grant();
    };
  };

  return {
    inUse: () => used,
    waiting: () => queue.length,
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (used < max) {
        used++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            signal.removeEventListener('abort', onAbort);
            resolve(releaser());
          },
        };
        const onAbort = () => {
          const i = queue.indexOf(entry);
          if (i !== -1) queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
      });
    },
  };
}
