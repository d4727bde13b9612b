#!/usr/bin/env bash
# Blind protocol baselines for the danger screen's leave-one-set-out validation.
# The current protocol was reviewed against every holdout, so it misses no emergency on them and
# cannot show what the net adds. Each holdout-4/5/6 was first scored by the protocol as committed
# *before* its review; this script re-runs those versions (read from git history with `git archive`,
# the working tree is not touched) and records, per case, that blind disposition, plus the ids of the
# dev-set cases the review of that holdout added (paraphrases of it, left out of that fold's training).
# Output: scripts/blind-baselines.json. Run: bash scripts/blind-baselines.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# holdout : commit whose protocol had not yet been reviewed against it : commit that reviewed it
pairs="holdout-4:9ba35da:a84712b holdout-5:a84712b:edb855c holdout-6:edb855c:5f8f12b"
for p in $pairs; do
  IFS=: read -r set blind review <<<"$p"
  mkdir -p "$tmp/$set"
  git archive "$blind" src package.json | tar -x -C "$tmp/$set"
  ln -s "$PWD/node_modules" "$tmp/$set/node_modules"
  git show "$blind:test/vignettes/triage-vignettes.jsonl" >"$tmp/$set/dev-before.jsonl"
  git show "$review:test/vignettes/triage-vignettes.jsonl" >"$tmp/$set/dev-after.jsonl"
  cat >"$tmp/$set/run.ts" <<TS
import { readFileSync } from 'node:fs';
import { assessText } from './src/triage/assess-text.ts';
const ids = (f: string) => new Set(readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).id as string));
const before = ids('$tmp/$set/dev-before.jsonl');
const reviewAdded = [...ids('$tmp/$set/dev-after.jsonl')].filter((id) => !before.has(id)).sort();
const protocol: Record<string, string> = {};
for (const l of readFileSync('$PWD/test/vignettes/$set.jsonl', 'utf8').split('\n')) {
  if (!l.trim()) continue;
  const v = JSON.parse(l);
  protocol[v.id] = assessText(v.text, v.age === undefined ? {} : { ageYears: v.age }).disposition;
}
process.stdout.write(JSON.stringify({ set: '$set.jsonl', protocolCommit: '$blind', reviewCommit: '$review', reviewAdded, protocol }));
TS
  (cd "$tmp/$set" && npx tsx run.ts) >"$tmp/$set.json"
done
node -e '
const fs = require("fs");
const out = {};
for (const f of process.argv.slice(1)) { const r = JSON.parse(fs.readFileSync(f, "utf8")); out[r.set] = r; }
fs.writeFileSync("scripts/blind-baselines.json", JSON.stringify(out, null, 1) + "\n");
' "$tmp"/holdout-*.json
echo "wrote scripts/blind-baselines.json"
