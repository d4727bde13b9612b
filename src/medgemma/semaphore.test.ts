import { describe, expect, it } from 'vitest';
import { createSemaphore } from './semaphore.ts';

describe('createSemaphore', () => {
  it('grants up to the limit, then FIFO on release', async () => {
    const sem = createSemaphore(2);
    const never = new AbortController().signal;
    const r1 = await sem.acquire(never);
    await sem.acquire(never);
    const order: number[] = [];
    const w3 = sem.acquire(never).then((r) => {
      order.push(3);
      return r;
    });
    const w4 = sem.acquire(never).then((r) => {
      order.push(4);
      return r;
    });
    expect(sem.inUse()).toBe(2);
    expect(sem.waiting()).toBe(2);
    r1();
    r1();
    const r3 = await w3;
    expect(order).toEqual([3]);
    r3();
    await w4;
    expect(order).toEqual([3, 4]);
    expect(sem.inUse()).toBe(2);
  });

  it('an aborted waiter leaves the queue and never holds a slot', async () => {
    const sem = createSemaphore(1);
    const release = await sem.acquire(new AbortController().signal);
    const ctl = new AbortController();
    const waiting = sem.acquire(ctl.signal);
    ctl.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(sem.waiting()).toBe(0);
    release();
    expect(sem.inUse()).toBe(0);
    await expect(sem.acquire(AbortSignal.abort())).rejects.toBeDefined();
  });
});
