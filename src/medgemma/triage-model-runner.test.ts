import { describe, expect, it } from 'vitest';
import { askReply, baseInput } from '../../test/medgemma/model-test-kit.ts';
import { isAppError } from '../shared/app-error.ts';
import type { TriageModel } from './triage-model.ts';
import { createTriageModelRunner, TRIAGE_TURN_OP } from './triage-model-runner.ts';

function fakeModel(onTurn: (signal: AbortSignal) => Promise<void> = async () => {}): TriageModel {
  return {
    provider: 'openai',
    supportsImages: false,
    circuitState: () => 'closed',
    async turn(input, signal) {
      await onTurn(signal);
      return { summary: input.runningSummary, next: { kind: 'ask', question: askReply().question } };
    },
  };
}

describe('createTriageModelRunner', () => {
  it('runs a triage_turn op with a validated input', async () => {
    const runner = createTriageModelRunner(fakeModel(), { deadlineMs: 1_000 });
    const turn = await runner.run({
      kind: TRIAGE_TURN_OP,
      input: { ...baseInput({ runningSummary: 'x' }), extra: 1 },
    });
    expect(turn.summary).toBe('x');
  });

  it('refuses unknown ops and bad input with typed errors', async () => {
    const runner = createTriageModelRunner(fakeModel(), { deadlineMs: 1_000 });
    expect(
      isAppError(
        await runner.run({ kind: 'summarise', input: {} }).catch((e: unknown) => e),
        'MODEL_UNKNOWN_OP',
      ),
    ).toBe(true);
    expect(
      isAppError(
        await runner.run({ kind: TRIAGE_TURN_OP, input: { language: 'en' } }).catch((e: unknown) => e),
        'MODEL_BAD_INPUT',
      ),
    ).toBe(true);
  });

  it('passes a deadline signal that aborts after deadlineMs', async () => {
    let aborted = false;
    const runner = createTriageModelRunner(
      fakeModel(
        (signal) =>
          new Promise((resolve) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            });
          }),
      ),
      { deadlineMs: 30 },
    );
    await runner.run({ kind: TRIAGE_TURN_OP, input: baseInput() });
    expect(aborted).toBe(true);
  });
});
