/**
 * The triage command line as a user runs it (a child process, JSON lines on stdout), with and without
 * MedGemma: the model is the stand-in server, reached through the real client from MEDGEMMA_*.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMedgemmaStandin } from '../standins/medgemma/medgemma-standin.ts';
import type { MedgemmaStandin, Reply } from '../standins/medgemma/standin-types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let model: MedgemmaStandin;
beforeAll(async () => {
  model = await startMedgemmaStandin({ model: 'google/medgemma-27b-text-it' });
});
afterAll(async () => {
  await model?.close();
});
beforeEach(() => model.reset());

interface Line {
  id: string;
  urgency?: number;
  disposition?: string;
  red_flags?: string[];
  reasons?: string[];
  error?: string;
}

/** Runs `triage` with only the given environment (plus PATH) and returns its JSON lines. */
function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/triage.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else
          resolve(
            stdout
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as Line),
          );
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

const withModel = (): Record<string, string> => ({
  MEDGEMMA_PROVIDER: 'openai',
  MEDGEMMA_BASE_URL: model.urls.openai,
  MEDGEMMA_TIMEOUT_MS: '3000',
  MEDGEMMA_MAX_ATTEMPTS: '1',
});

const assess = (urgency: number, disposition: string): Reply => ({
  json: {
    summary: 'Adult with a runny nose.',
    action: 'assess',
    question: '',
    assessment: {
      urgency,
      disposition,
      red_flags: [],
      reasons: ['Model reason'],
      recommended_service: '',
      primary_concern: 'Runny nose',
      pertinent_negatives: [],
      summary: 'Runny nose.',
    },
  },
});

describe('triage command line', () => {
  it('without MEDGEMMA_* uses the protocol alone and calls no model', async () => {
    const [line] = await runCli(['runny nose for two days'], {});
    expect(line).toMatchObject({ id: '1', disposition: 'self_care' });
    expect(model.requests()).toHaveLength(0);
  });

  it('with a model configured, makes one call per case and lets the model raise urgency', async () => {
    model.enqueue(assess(4, 'emergency'));
    const [line] = await runCli(['runny nose for two days'], withModel());
    expect(line?.urgency).toBe(4);
    expect(line?.disposition).toBe('emergency');
    expect(line?.reasons?.[0]).toBe('Model reason (advisor)');
    const calls = model.requests();
    expect(calls).toHaveLength(1);
    // The patient's words travel as delimited data, and the model is told to assess now.
    const user = calls[0]?.messages.at(-1)?.text ?? '';
    expect(user).toContain('runny nose for two days');
    expect(user).toContain('Limit reached: assess now.');
  });

  it('never lets the model lower the protocol, in JSONL mode too', async () => {
    model.enqueue(assess(1, 'self_care'));
    const lines = await runCli(
      ['--jsonl', '-'],
      withModel(),
      `${JSON.stringify({ id: 'c1', text: 'crushing chest pain and sweating' })}\n`,
    );
    expect(lines).toEqual([expect.objectContaining({ id: 'c1', disposition: 'emergency' })]);
    expect(model.requests()).toHaveLength(1);
  });

  it('keeps the protocol answer when the model fails or talks nonsense', async () => {
    model.enqueue({ status: 500, body: 'boom' }, { garbage: 'I think it is fine {{{' });
    const input = ['runny nose', 'sore throat for a day']
      .map((text, i) => JSON.stringify({ id: `g${i}`, text }))
      .join('\n');
    const lines = await runCli(['--jsonl', '-'], withModel(), `${input}\n`);
    expect(lines.map((l) => l.id)).toEqual(['g0', 'g1']);
    for (const l of lines) {
      expect(l.error).toBeUndefined();
      expect(l.urgency).toBeLessThanOrEqual(2);
      expect(l.reasons?.some((r) => r.includes('(advisor)'))).toBe(false);
    }
  });

  it('refuses an invalid model configuration with exit 2 and a clear message', async () => {
    await expect(runCli(['cough'], { MEDGEMMA_PROVIDER: 'openai' })).rejects.toThrow(/MEDGEMMA_BASE_URL/);
  });
});
