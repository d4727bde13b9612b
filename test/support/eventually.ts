import { setTimeout as sleep } from 'node:timers/promises';

/** Poll `check` until it holds (the pipeline is asynchronous by design); fail after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
