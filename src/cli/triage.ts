/**
 * Triage CLI. One JSON line per case on stdout, nothing else.
 *   npm run --silent triage -- --jsonl FILE               lines {"id","text","age"?}; "-" reads stdin
 *   npm run --silent triage -- [--age YEARS] "free text"  one case (id "1")
 * `age` / `--age` is the patient's registered age in years (0.1 for a 5-week-old baby); without it
 * the protocol only knows what the text says. A bad input line prints {"id","error"} and the run
 * continues. Exit 2 on usage errors (to stderr).
 * With MEDGEMMA_* configured (the service's own config schema) each case also gets one model call
 * that can only raise the protocol's urgency (`triageOne`); a model failure leaves the protocol's
 * answer. Without it, the embedded protocol alone.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config/load-config.ts';
import { createTriageModel, MEDGEMMA_DEFAULTS } from '../medgemma/create-triage-model.ts';
import { modelAdvisor } from '../medgemma/model-advisor.ts';
import type { TriageModel } from '../medgemma/triage-model.ts';
import { isAppError } from '../shared/app-error.ts';
import { parseTriageLine, toTriageLine } from '../triage/triage-line.ts';
import { triageOne } from '../triage/triage-one.ts';
import type { TriagePatient, TriageResult } from '../triage/types.ts';

function out(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** The configured model, if any (MEDGEMMA_PROVIDER unset or `none`: the protocol alone). */
function configuredModel(): { model: TriageModel; timeoutMs: number } | undefined {
  const config = loadConfig(process.env);
  const model = createTriageModel(config.medgemma);
  if (model === undefined || config.medgemma.provider === 'none') return undefined;
  return { model, timeoutMs: config.medgemma.timeoutMs ?? MEDGEMMA_DEFAULTS.timeoutMs };
}

let MODEL: ReturnType<typeof configuredModel>;

function triage(text: string, patient: TriagePatient): Promise<TriageResult> {
  if (MODEL === undefined) return triageOne(text, { patient });
  return triageOne(text, {
    patient,
    advisor: modelAdvisor(MODEL.model, { timeoutMs: MODEL.timeoutMs, patient }),
  });
}

async function runJsonl(source: string): Promise<void> {
  const input = source === '-' ? process.stdin : createReadStream(source, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of rl) {
    n++;
    const parsed = parseTriageLine(line, n);
    if (parsed.kind === 'skip') continue;
    if (parsed.kind === 'error') {
      out({ id: parsed.id, error: parsed.error });
      continue;
    }
    try {
      const patient = parsed.ageYears === undefined ? {} : { ageYears: parsed.ageYears };
      out(toTriageLine(parsed.id, await triage(parsed.text, patient)));
    } catch (err) {
      out({ id: parsed.id, error: err instanceof Error ? err.message : 'triage failed' });
    }
  }
}

const USAGE = 'usage: triage --jsonl FILE|-   or   triage [--age YEARS] "free text"';

async function main(argv: readonly string[]): Promise<number> {
  try {
    MODEL = configuredModel();
  } catch (err) {
    console.error(isAppError(err, 'CONFIG_INVALID') ? err.message : err);
    return 2;
  }
  const i = argv.indexOf('--jsonl');
  if (i >= 0) {
    const file = argv[i + 1];
    if (file === undefined) {
      console.error(USAGE);
      return 2;
    }
    await runJsonl(file);
    return 0;
  }
  let rest = argv.filter((a) => a !== '--');
  let ageYears: number | undefined;
  const a = rest.indexOf('--age');
  if (a >= 0) {
    ageYears = Number(rest[a + 1]);
    if (rest[a + 1] === undefined || !Number.isFinite(ageYears) || ageYears < 0 || ageYears >= 130) {
      console.error(USAGE);
      return 2;
    }
    rest = [...rest.slice(0, a), ...rest.slice(a + 2)];
  }
  const text = rest.join(' ');
  if (text.trim().length === 0) {
    console.error(USAGE);
    return 2;
  }
  out(toTriageLine('1', await triage(text, ageYears === undefined ? {} : { ageYears })));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
