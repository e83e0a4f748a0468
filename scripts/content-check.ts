/**
 * `npm run content:check` (part of `npm test`): the question bank's gate.
 * Schema, unique kebab-case ids, topic = file, https + allowed hosts (all in
 * the loader); canonical docs links; no two questions asking the same thing;
 * every reveal fits one Slack message and one Discord embed; coverage of the
 * content guide's topics and the level targets. Prints a coverage table.
 * A broken entry fails with file, id, field and reason.
 */
import { parseArgs } from 'node:util';
import { ContentError, CONTENT_DIR, loadEntries } from '../src/content/loader.js';
import { linkFindings, missingItems, similarQuestions } from '../src/content/quality.js';
import { platformFit } from './platform-fit.js';
import { diagramFindings, keypointFindings, staleEntries } from '../src/content/checks.js';
import { TOPICS } from '../src/content/topics.js';
import { LEVELS } from '../src/core/model.js';

/** What the bank promises (second edition). */
export const TARGETS = { total: 330, associate: 70, professional: 130, lead: 100, perTopic: 1 } as const;
/** Questions whose answer is hard to follow without a picture: each must carry a diagram. */
export const REQUIRED_DIAGRAMS = [
  'sg-nacl-how-they-attach-visualised',
  'sg-vs-nacl-stateful-stateless',
  'iam-identity-vs-resource-based-policies',
  'iam-policy-evaluation-logic',
  'vpce-gateway-vs-interface-endpoints',
  'tgw-vs-vpc-peering',
] as const;
const SIMILARITY_THRESHOLD = 0.5;

// --dir lets the tests run the check on a fixture bank.
// --stale N lists entries not verified for N months (volatile ones: N/2) and fails when there are any.
const { values } = parseArgs({ options: { dir: { type: 'string', default: CONTENT_DIR }, stale: { type: 'string' } } });
let entries;
try {
  entries = loadEntries(values.dir);
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  process.stderr.write(`content:check FAILED\n${err.message}\n`);
  process.exit(1);
}

const problems: string[] = [];
const fileOf = new Map(entries.map((e) => [e.question.id, e.file]));
const questions = entries.map((e) => e.question);

let diagrams = 0;
for (const q of questions) {
  const drawing = diagramFindings(q);
  if (drawing.drawn) diagrams++;
  // Every entry says what a strong answer contains (for `write`) and when its facts were last checked.
  if (!q.keypoints) problems.push(`${fileOf.get(q.id)}: entry "${q.id}": field "keypoints": missing (3–6 key points, see docs/CONTENT_SPEC_FOR_WRITERS.md)`);
  if (!q.verified) problems.push(`${fileOf.get(q.id)}: entry "${q.id}": field "verified": missing (YYYY-MM when the facts were last checked against the AWS docs)`);
  for (const f of [...linkFindings(q), ...platformFit(q), ...drawing.findings, ...keypointFindings(q)]) {
    problems.push(`${fileOf.get(f.id)}: entry "${f.id}": field "${f.field}": ${f.reason}`);
  }
}
for (const [a, b, score] of similarQuestions(questions, SIMILARITY_THRESHOLD)) {
  problems.push(
    `${fileOf.get(b.id)}: entry "${b.id}": field "question": asks nearly the same as "${a.id}" in ${fileOf.get(a.id)} (similarity ${score.toFixed(2)})`,
  );
}
// Only on the real bank: a fixture bank (--dir) holds a few entries on purpose.
if (values.dir === CONTENT_DIR) {
  for (const id of REQUIRED_DIAGRAMS) {
    const q = questions.find((x) => x.id === id);
    if (!q) problems.push(`coverage: question "${id}" (which must carry a diagram) is missing`);
    else if (!q.diagram) problems.push(`${fileOf.get(id)}: entry "${id}": field "diagram": required for this question`);
  }
}
for (const item of missingItems(questions)) problems.push(`coverage: no question answers "${item}" (content guide)`);

// Coverage table: topic × level.
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const rows = TOPICS.map((t) => {
  const qs = questions.filter((q) => q.topic === t.id);
  const count = (level: string) => qs.filter((q) => q.level === level).length;
  if (qs.length < TARGETS.perTopic) problems.push(`coverage: topic "${t.id}" has no questions`);
  return [t.id, count('associate'), count('professional'), count('lead'), qs.length] as const;
});
const totals = LEVELS.map((l) => questions.filter((q) => q.level === l).length);
const lines = [
  `${pad('topic', 16)}${pad('associate', 11)}${pad('professional', 14)}${pad('lead', 6)}total`,
  ...rows.map(([id, a, p, l, n]) => `${pad(id, 16)}${pad(a, 11)}${pad(p, 14)}${pad(l, 6)}${n}`),
  `${pad('ALL', 16)}${pad(totals[0]!, 11)}${pad(totals[1]!, 14)}${pad(totals[2]!, 6)}${questions.length}`,
];
const links = questions.flatMap((q) => q.links);
lines.push(
  `links: ${links.length} (${links.filter((l) => l.type === 'docs').length} docs, ${links.filter((l) => l.type === 'video').length} video, ${links.filter((l) => l.type === 'article').length} article)`,
);

if (questions.length < TARGETS.total) problems.push(`coverage: ${questions.length} questions, target ${TARGETS.total}`);
LEVELS.forEach((l, i) => {
  if (totals[i]! < TARGETS[l]) problems.push(`coverage: ${totals[i]} ${l} questions, target ${TARGETS[l]}`);
});

lines.push(
  `diagrams: ${diagrams} · key points on ${questions.filter((q) => q.keypoints).length} · verified dates on ${questions.filter((q) => q.verified).length}`,
);
if (values.stale !== undefined) {
  const months = Number(values.stale);
  if (!Number.isInteger(months) || months < 1) {
    process.stderr.write(`--stale takes a whole number of months, e.g. --stale 12 (got "${values.stale}")\n`);
    process.exit(2);
  }
  const stale = staleEntries(questions, months, new Date());
  lines.push(`stale (not verified for ${months} months, volatile ${Math.floor(months / 2)}): ${stale.length}`);
  for (const s of stale) problems.push(`${fileOf.get(s.id)}: entry "${s.id}": field "verified": ${s.verified ? `last checked ${s.verified}` : 'never checked'}, older than ${s.limit} months`);
}

process.stdout.write(lines.join('\n') + '\n');
if (problems.length > 0) {
  process.stderr.write(`\ncontent:check FAILED with ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}\n`);
  process.exit(1);
}
process.stdout.write(`content:check OK: ${questions.length} questions in ${entries.length && new Set(entries.map((e) => e.file)).size} files\n`);
