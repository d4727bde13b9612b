/**
 * Train the statistical danger screen and write src/triage/danger-model.json.
 * Run: npx tsx scripts/train-danger-model.ts
 *
 * Data: every test/vignettes/*.jsonl (the development set and the holdouts). Thresholds are chosen
 * honestly by leave-one-set-out: for each holdout-k, train on every other file and score holdout-k
 * with the protocol alone and protocol + net; the emergency threshold is the one that catches the
 * most protocol-missed emergencies while raising over-triage (cases above gold) by at most
 * MAX_OVER_TRIAGE_RISE points on average over the folds. The final model is trained on everything.
 * Deterministic: same files → byte-identical model file.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DANGER_FEATURES, dangerFeatures, type SparseFeatures } from '../src/triage/danger-features.ts';
import { type DangerHead, decodeHead, headProbability } from '../src/triage/danger-score.ts';
import { encodeHead, TRAIN_OPTIONS, trainHeads, trainingDataHash } from '../src/triage/danger-training.ts';
import { evaluate } from '../src/triage/evaluate.ts';
import type { Disposition } from '../src/triage/types.ts';
import { dispositionRank } from '../src/triage/urgency.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DIR = resolve(here, '../test/vignettes');
const OUT = resolve(here, '../src/triage/danger-model.json');
/** Allowed mean rise of over-triage (percentage points of all cases) from each escalation. */
const MAX_OVER_TRIAGE_RISE = 2;
/**
 * Lowest emergency threshold allowed. The LOSO optimum (0.65) sends benign near-miss cases of the
 * unit tests to emergency (a teenager cutting her arms "não quer morrer" scores 0.74); the rule is to
 * raise the threshold, not edit those tests. At 0.80 LOSO still catches 31 of the protocol's 53
 * misses on the folds.
 */
const EMERGENCY_THRESHOLD_FLOOR = 0.8;

interface Case {
  file: string;
  id: string;
  text: string;
  gold: Disposition;
  protocol: Disposition;
  x: SparseFeatures;
}

const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const files = names.map((name) => ({ name, text: readFileSync(resolve(DIR, name), 'utf8') }));
const cases: Case[] = [];
for (const f of files) {
  for (const line of f.text.split('\n')) {
    if (line.trim() === '') continue;
    const v = JSON.parse(line) as { id: string; text: string; gold: Disposition; age?: number };
    const patient = v.age === undefined ? {} : { ageYears: v.age };
    const protocol = evaluate({ texts: [v.text], patient, answers: {}, mode: 'oneshot', dangerScreen: false })
      .result.disposition;
    cases.push({ file: f.name, id: v.id, text: v.text, gold: v.gold, protocol, x: dangerFeatures(v.text) });
  }
}
const size = 1 << DANGER_FEATURES.bits;
const rank = dispositionRank;

/** Train on `train`, return quantised-then-decoded scores for `test` (exactly what inference sees). */
function foldScores(train: readonly Case[], test: readonly Case[]): { e: number; u: number }[] {
  const heads = trainHeads(
    train.map((c) => c.x),
    train.map((c) => c.gold),
    size,
  );
  const e = decodeHead(encodeHead(heads.emergency.bias, heads.emergency.weights, 0), DANGER_FEATURES.bits);
  const u = decodeHead(encodeHead(heads.urgent.bias, heads.urgent.weights, 0), DANGER_FEATURES.bits);
  return test.map((c) => ({ e: headProbability(e, c.x), u: headProbability(u, c.x) }));
}

/**
 * Blind baselines (scripts/blind-baselines.sh): for holdout-4/5/6, the disposition given by the
 * protocol as it was before that set's review, and the dev cases that review added. Without them the
 * folds would compare against a protocol already tuned on the very set being scored (0 misses).
 */
const BLIND = resolve(here, 'blind-baselines.json');
const blind: Record<string, { protocol: Record<string, Disposition>; reviewAdded: string[] }> = existsSync(
  BLIND,
)
  ? JSON.parse(readFileSync(BLIND, 'utf8'))
  : {};

const folds = names.filter((n) => n.startsWith('holdout-'));
const scored = folds.map((name) => {
  const b = blind[name];
  const leaked = new Set(b?.reviewAdded ?? []);
  const test = cases
    .filter((c) => c.file === name)
    .map((c) => ({ ...c, protocol: b?.protocol[c.id] ?? c.protocol }));
  const s = foldScores(
    cases.filter((c) => c.file !== name && !leaked.has(c.id)),
    test,
  );
  return {
    name,
    blind: b !== undefined,
    rows: test.map((c, i) => ({ c, e: s[i]?.e ?? 0, u: s[i]?.u ?? 0 })),
  };
});

type Row = (typeof scored)[number]['rows'][number];
function withNet(r: Row, te: number | null, tu: number | null): Disposition {
  let d = r.c.protocol;
  if (te !== null && rank(d) < rank('emergency') && r.e >= te) d = 'emergency';
  if (tu !== null && rank(d) < rank('urgent') && r.u >= tu) d = 'urgent';
  return d;
}
function figures(rows: readonly Row[], te: number | null, tu: number | null) {
  const n = rows.length;
  const got = rows.map((r) => withNet(r, te, tu));
  const pct = (k: number) => Math.round((1000 * k) / n) / 10;
  const over = rows.filter((r, i) => rank(got[i] as Disposition) > rank(r.c.gold)).length;
  const under = rows.filter((r, i) => rank(got[i] as Disposition) < rank(r.c.gold)).length;
  const exact = rows.filter((r, i) => got[i] === r.c.gold).length;
  const emergencies = rows.filter((r) => r.c.gold === 'emergency').length;
  const missed = rows.filter((r, i) => r.c.gold === 'emergency' && got[i] !== 'emergency').length;
  const raised = rows.filter((r, i) => got[i] !== r.c.protocol).length;
  return { n, emergencies, missed, over, overPct: pct(over), under, exact, exactPct: pct(exact), raised };
}
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The threshold (grid 0.30–0.99) with the most gain under the over-triage budget; ties → higher. */
function choose(gain: (t: number) => number, rise: (t: number) => number, budget: number): number | null {
  let best: { t: number; g: number } | null = null;
  for (let k = 99; k >= EMERGENCY_THRESHOLD_FLOOR * 100; k--) {
    const t = k / 100;
    if (rise(t) > budget) continue;
    const g = gain(t);
    if (g > 0 && (best === null || g > best.g)) best = { t, g };
  }
  return best?.t ?? null;
}

const base = scored.map((f) => figures(f.rows, null, null));
const emergencyThreshold = choose(
  (t) => base.reduce((acc, b, i) => acc + b.missed - figures(scored[i]?.rows ?? [], t, null).missed, 0),
  (t) => mean(scored.map((f, i) => figures(f.rows, t, null).overPct - (base[i]?.overPct ?? 0))),
  MAX_OVER_TRIAGE_RISE,
);
/**
 * A second head (urgent or above) was tried to raise routine/self-care to urgent: in LOSO it cut
 * under-triage but sent benign near-miss test cases (a well child with a negative malaria test) to
 * a same-day booking, so it is trained for the record of its figures only and not used.
 */
const urgentThreshold: number | null = null;

const perFold = scored.map((f, i) => ({
  set: f.name,
  blindProtocol: f.blind,
  protocol: base[i],
  withNet: figures(f.rows, emergencyThreshold, urgentThreshold),
}));
console.log('leave-one-set-out (train on every other file, score this one):');
for (const f of perFold) {
  const p = f.protocol;
  const w = f.withNet;
  if (!p || !w) continue;
  console.log(
    `  ${f.set.padEnd(16)}${f.blindProtocol ? ' (blind protocol)' : ' (current protocol)'} n=${p.n}  missed emergencies ${p.missed}/${p.emergencies} → ${w.missed}  ` +
      `over-triage ${p.overPct}% → ${w.overPct}%  under ${p.under} → ${w.under}  exact ${p.exactPct}% → ${w.exactPct}%  raised ${w.raised}`,
  );
}
const sum = (pick: (f: (typeof perFold)[number]) => number) => perFold.reduce((a, f) => a + pick(f), 0);
console.log(
  `  total: missed ${sum((f) => f.protocol?.missed ?? 0)} → ${sum((f) => f.withNet?.missed ?? 0)} of ${sum((f) => f.protocol?.emergencies ?? 0)}; ` +
    `over-triage ${sum((f) => f.protocol?.over ?? 0)} → ${sum((f) => f.withNet?.over ?? 0)} of ${sum((f) => f.protocol?.n ?? 0)}`,
);
console.log('  emergency threshold → missed, mean over-triage rise (points):');
for (const t of [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]) {
  const fs = scored.map((f) => figures(f.rows, t, null));
  const rise = mean(fs.map((f, i) => f.overPct - (base[i]?.overPct ?? 0)));
  console.log(`    ${t.toFixed(2)}  missed ${fs.reduce((a, f) => a + f.missed, 0)}  rise ${rise.toFixed(2)}`);
}
const eOnly = scored.map((f) => figures(f.rows, emergencyThreshold, null));
console.log(
  `  emergency head alone: missed ${eOnly.reduce((a, f) => a + f.missed, 0)}, over-triage ${eOnly.reduce((a, f) => a + f.over, 0)}, ` +
    `per fold over-triage % ${eOnly.map((f) => f.overPct).join(' ')}`,
);
console.log(`thresholds: emergency ${emergencyThreshold ?? 'off'}, urgent ${urgentThreshold ?? 'off'}`);

const final = trainHeads(
  cases.map((c) => c.x),
  cases.map((c) => c.gold),
  size,
);
const heads: { emergency: DangerHead; urgent?: DangerHead } = {
  emergency: encodeHead(final.emergency.bias, final.emergency.weights, emergencyThreshold ?? 1.01),
};
if (urgentThreshold !== null)
  heads.urgent = encodeHead(final.urgent.bias, final.urgent.weights, urgentThreshold);
if (emergencyThreshold === null) heads.emergency.threshold = null;
const model = {
  about:
    'Statistical danger screen (src/triage/danger-score.ts). Generated by scripts/train-danger-model.ts; do not edit.',
  features: DANGER_FEATURES,
  encoding: 'weights: base64 of little-endian (uint16 bucket, int8 q) triples; weight = q * scale',
  heads,
  training: {
    files: Object.fromEntries(names.map((n) => [n, cases.filter((c) => c.file === n).length])),
    examples: cases.length,
    emergencies: cases.filter((c) => c.gold === 'emergency').length,
    urgentOrAbove: cases.filter((c) => rank(c.gold) >= rank('urgent')).length,
    dataSha256: trainingDataHash(files),
    options: TRAIN_OPTIONS,
  },
  validation: {
    method: `leave-one-set-out over holdouts; thresholds maximise caught protocol misses with mean over-triage rise <= ${MAX_OVER_TRIAGE_RISE} and threshold >= ${EMERGENCY_THRESHOLD_FLOOR} points`,
    folds: Object.fromEntries(
      perFold.map((f) => [
        f.set,
        { blindProtocol: f.blindProtocol, protocol: f.protocol, withNet: f.withNet },
      ]),
    ),
  },
};
// Short number arrays on one line, as biome formats JSON, so a retrain leaves `biome check` clean.
writeFileSync(
  OUT,
  `${JSON.stringify(model, null, 2).replace(/\[\n\s+(\d+),\n\s+(\d+)\n\s+\]/g, '[$1, $2]')}\n`,
);
console.log(`wrote ${OUT} (${Math.round(readFileSync(OUT).length / 1024)} KB)`);
