import { modelError } from './model-error.ts';
import type { ModelTurn, TriageModel } from './triage-model.ts';
import { checkTurnInput } from './turn-input-schema.ts';

/** The `ModelOp.kind` of a triage turn (`src/conversation/effects.ts` `ModelOp`). */
export const TRIAGE_TURN_OP = 'triage_turn';

/** Structural copy of `jobs/effect-executor.ts` `ModelRunner`, so this folder imports nothing from jobs. */
export interface TriageModelRunner {
  run(op: { readonly kind: string; readonly input: unknown }): Promise<ModelTurn>;
}

/**
 * Adapts the port to the effect executor's `ModelRunner`: `{kind: 'triage_turn', input: TurnInput}`
 * → `TriageModel.turn` with a fresh deadline of `deadlineMs`. The input is validated (it arrives as
 * `unknown` from the session). Errors are the port's AppErrors, which the executor turns into
 * `model_result` outcomes with their codes.
 *
 * @param model the port
 * @param options `deadlineMs`: the turn's budget (keep it under the conversation lock TTL)
 */
export function createTriageModelRunner(
  model: TriageModel,
  options: { deadlineMs: number },
): TriageModelRunner {
  return {
    async run(op) {
      if (op.kind !== TRIAGE_TURN_OP) {
        throw modelError('MODEL_UNKNOWN_OP', `unknown model op ${op.kind.slice(0, 40)}`, { cause: 'input' });
      }
      const checked = checkTurnInput(op.input);
      if (!checked.ok) {
        throw modelError('MODEL_BAD_INPUT', `invalid model turn input: ${checked.problems.join(', ')}`, {
          cause: 'input',
        });
      }
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(new DOMException('model deadline', 'TimeoutError')),
        options.deadlineMs,
      );
      try {
        return await model.turn(checked.input, deadline.signal);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
