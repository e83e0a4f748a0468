/**
 * Text → comparable tokens, the same way for a learner's answer and for the
 * bank's key-point terms: lower case, contractions opened ("isn't" → "is
 * not"), punctuation dropped, abbreviations spelt out ("SG" → "security
 * group"), and every word reduced to its Porter stem by the `stemmer`
 * library ("routing", "routes" → "rout"). Because both sides go through the
 * same steps, "NACLs" in an answer meets "network ACL" in a term.
 *
 * Every pattern here is linear in the input (no nested or overlapping
 * quantifiers): learners may paste 3,000 characters of anything.
 */
import { stemmer } from 'stemmer';

/**
 * Abbreviations people use in interviews, spelt out. Only unambiguous ones:
 * "nat" or "eb" mean several things, so they stay as typed.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  sg: 'security group',
  sgs: 'security groups',
  nacl: 'network access control list',
  nacls: 'network access control lists',
  acl: 'access control list',
  acls: 'access control lists',
  az: 'availability zone',
  azs: 'availability zones',
  tgw: 'transit gateway',
  igw: 'internet gateway',
  eigw: 'egress only internet gateway',
  ngw: 'nat gateway',
  natgw: 'nat gateway',
  eni: 'elastic network interface',
  enis: 'elastic network interfaces',
  eip: 'elastic ip',
  eips: 'elastic ips',
  dx: 'direct connect',
  rpo: 'recovery point objective',
  rto: 'recovery time objective',
  scp: 'service control policy',
  scps: 'service control policies',
  rcp: 'resource control policy',
  rcps: 'resource control policies',
  alb: 'application load balancer',
  albs: 'application load balancers',
  nlb: 'network load balancer',
  nlbs: 'network load balancers',
  gwlb: 'gateway load balancer',
  elb: 'elastic load balancer',
  asg: 'auto scaling group',
  asgs: 'auto scaling groups',
  ttl: 'time to live',
  sse: 'server side encryption',
  cmk: 'customer managed key',
  cmks: 'customer managed keys',
  dek: 'data key',
  mfa: 'multi factor authentication',
  sso: 'single sign on',
  idp: 'identity provider',
  sts: 'security token service',
  ddb: 'dynamodb',
  gsi: 'global secondary index',
  gsis: 'global secondary indexes',
  lsi: 'local secondary index',
  lsis: 'local secondary indexes',
  wcu: 'write capacity unit',
  wcus: 'write capacity units',
  rcu: 'read capacity unit',
  rcus: 'read capacity units',
  pitr: 'point in time recovery',
  irsa: 'iam roles for service accounts',
  k8s: 'kubernetes',
  apigw: 'api gateway',
  dlq: 'dead letter queue',
  dlqs: 'dead letter queues',
  cfn: 'cloudformation',
  iac: 'infrastructure as code',
  rag: 'retrieval augmented generation',
  llm: 'large language model',
  llms: 'large language models',
  fm: 'foundation model',
  fms: 'foundation models',
  dr: 'disaster recovery',
  ha: 'high availability',
  cdn: 'content delivery network',
  oac: 'origin access control',
  oai: 'origin access identity',
  waf: 'web application firewall',
  ebs: 'elastic block store',
  efs: 'elastic file system',
  ecr: 'elastic container registry',
  cli: 'command line interface',
  sla: 'service level agreement',
  slo: 'service level objective',
  slos: 'service level objectives',
  ri: 'reserved instance',
  ris: 'reserved instances',
  sp: 'savings plan',
  pii: 'personally identifiable information',
};

/** Words that turn a statement around. "without" is not one: "reach S3 without a NAT gateway" is a fact, not a denial. */
export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'none', 'neither', 'nor', 'cannot', 'nothing', 'nobody']);

/** Common function words: prose has many, a list of buzzwords has almost none. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so because as of to in on at by for from with into onto over under about ' +
    'is are was were be been being do does did has have had can could will would should may might must shall ' +
    'it its this that these those there their they them we you your our i he she his her which who whom whose what ' +
    'when where why how than too very also only just both each every any all some such not no never'
  ).split(' '),
);

/** Words that start a new clause: a misconception must sit within one clause to count. */
const CLAUSE_WORDS: ReadonlySet<string> = new Set(['but', 'while', 'whereas', 'however', 'although', 'though', 'unlike', 'except', 'instead']);

/**
 * Verbs that make a clause a statement. "and" after one starts a new clause
 * ("SGs are stateful and NACLs are stateless": two statements, so "SG +
 * stateless" is not a misconception), while "and" joining subjects does not
 * ("SGs and NACLs are stateless" still states one).
 */
const STATEMENT_VERBS: ReadonlySet<string> = new Set(
  'is are was were be been being has have had do does did can could will would should may might must'.split(' '),
);

export interface Token {
  /** The stem, e.g. `rout`. */
  stem: string;
  /** The word as it read after lower-casing (before stemming), e.g. `routing`. */
  word: string;
  /** Index of the sentence this token belongs to. */
  sentence: number;
  /** Index of the clause (a finer split of sentences at commas and contrast words). */
  clause: number;
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan['’]t\b/g, 'can not'],
  [/\bwon['’]t\b/g, 'will not'],
  [/\bshan['’]t\b/g, 'shall not'],
  [/n['’]t\b/g, ' not'],
];

const stems = new Map<string, string>();
const MAX_STEM_CACHE = 20_000;

/** The `stemmer` library's Porter stem, memoised (a bounded cache: every answer brings new words). */
export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= MAX_STEM_CACHE) stems.clear();
    s = stemmer(word);
    stems.set(word, s);
  }
  return s;
}

/**
 * Splits text into tokens with sentence and clause numbers. Sentences end at
 * `.`, `!`, `?`, `;` or a line break; clauses also at `,`, `:`, brackets and
 * contrast words ("but", "while", "unlike" …).
 */
export function tokenize(text: string): Token[] {
  let lower = text.toLowerCase();
  for (const [pattern, replacement] of CONTRACTIONS) lower = lower.replace(pattern, replacement);
  // A full stop inside a word or number (v1.2, 10.0.0.0) is not a sentence end.
  const marked = lower.replace(/([.!?;])(?=\s|$)|\n/g, ' \u0001 ').replace(/[,:()[\]{}"“”]/g, ' \u0002 ');
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let stated = false;
  const nextClause = () => {
    clause++;
    stated = false;
  };
  for (const raw of marked.split(/[^a-z0-9\u0001\u0002]+/)) {
    if (raw === '') continue;
    if (raw === '\u0001') {
      sentence++;
      nextClause();
      continue;
    }
    if (raw === '\u0002') {
      nextClause();
      continue;
    }
    if (CLAUSE_WORDS.has(raw) || (raw === 'and' && stated)) nextClause();
    if (STATEMENT_VERBS.has(raw)) stated = true;
    const expansion = ABBREVIATIONS[raw];
    for (const word of expansion ? expansion.split(' ') : [raw]) {
      tokens.push({ stem: stem(word), word, sentence, clause });
    }
  }
  return tokens;
}

/** A term's phrase as stems, normalised exactly like an answer. */
export function phraseStems(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.stem);
}
