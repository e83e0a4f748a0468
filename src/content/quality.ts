/**
 * Checks beyond the schema that keep the bank trustworthy: canonical docs
 * URLs, no two questions asking the same thing, and coverage of the topics
 * the content guide requires.
 */
import type { Question } from '../core/model.js';

export interface Finding {
  id: string;
  field: string;
  reason: string;
}

/** Canonical English docs pages: not localized copies, not `.md` mirrors. */
export function linkFindings(q: Question): Finding[] {
  const out: Finding[] = [];
  q.links.forEach((l, i) => {
    const u = new URL(l.url);
    if (u.hostname === 'docs.aws.amazon.com') {
      if (/^\/[a-z]{2}_[a-z]{2}\//.test(u.pathname)) out.push({ id: q.id, field: `links.${i}.url`, reason: 'is a localized copy; link the English page' });
      if (u.pathname.endsWith('.md')) out.push({ id: q.id, field: `links.${i}.url`, reason: 'is a .md mirror; link the .html page' });
    }
    if (l.type === 'video' && !/^(www\.)?youtube\.com$|^youtu\.be$/.test(u.hostname)) {
      out.push({ id: q.id, field: `links.${i}.type`, reason: 'video links must point at YouTube' });
    }
    if (u.hostname === 'www.youtube.com' && u.pathname === '/results' && !u.searchParams.get('search_query')) {
      out.push({ id: q.id, field: `links.${i}.url`, reason: 'a YouTube search link needs a search_query' });
    }
  });
  return out;
}

const STOP = new Set(
  'a an and are as at be by can do does for from how i in is it its of on or that the their this to what when where which while who why with you your vs versus would should'.split(' '),
);

export function normalisedWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9\s]/g, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 1 && !STOP.has(w))
      .map((w) => w.replace(/s$/, '')),
  );
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 0 : both / union;
}

/** Pairs of questions whose normalised wording overlaps at or above `threshold`. */
export function similarQuestions(questions: readonly Question[], threshold = 0.6): [Question, Question, number][] {
  const words = questions.map((q) => normalisedWords(q.question));
  const pairs: [Question, Question, number][] = [];
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const s = jaccard(words[i]!, words[j]!);
      if (s >= threshold) pairs.push([questions[i]!, questions[j]!, s]);
    }
  }
  return pairs;
}

/**
 * The "from the practice conversation" list of the content guide: each item
 * must be answered directly by at least one question. Matched on the
 * question text and tags.
 */
export const REQUIRED_ITEMS: { item: string; pattern: RegExp }[] = [
  { item: 'what a VPC is', pattern: /what is (a|an amazon) vpc|what a vpc is/i },
  { item: 'the default VPC: when right, when not', pattern: /default vpc/i },
  { item: 'Route 53 hosted zones and zone files (SOA, NS, A, AAAA, CNAME, MX, alias)', pattern: /zone file|soa|records? .*mx|mx .*record/i },
  { item: 'security groups vs network ACLs, stateful vs stateless', pattern: /security group.*(network acl|nacl)|(network acl|nacl).*security group/i },
  { item: 'identity-based vs resource-based policies', pattern: /identity-based.*resource-based|resource-based.*identity-based/i },
  { item: 'ACLs for a beginner: network ACLs and S3 ACLs', pattern: /s3 acl|acls? .*s3|object ownership/i },
  { item: 'permissions boundaries', pattern: /permissions? boundar/i },
  { item: 'use cases of IAM roles', pattern: /\brole/i },
  { item: 'EC2 key pairs vs security groups; without a key pair', pattern: /key pair/i },
  { item: 'Dedicated Hosts and instance placement', pattern: /dedicated host/i },
  { item: 'VPC peering: transitive, edge-to-edge, inter-Region', pattern: /peering/i },
  { item: 'PrivateLink and VPC endpoints (interface vs gateway)', pattern: /(gateway|interface) endpoint|privatelink/i },
  { item: 'route tables: main vs custom, local, IGW, NAT, longest prefix', pattern: /route table/i },
  { item: 'inline vs managed policies', pattern: /inline/i },
  { item: 'S3 versioning: suspend, MFA delete, lifecycle', pattern: /versioning/i },
  { item: 'RDS Data API for Aurora from Python', pattern: /data api/i },
  { item: 'TLS termination at a load balancer vs end-to-end', pattern: /tls|ssl/i },
  { item: 'CRUD API with API Gateway + Lambda + RDS', pattern: /crud|api gateway.*lambda.*(rds|database)/i },
  { item: 'only one application may read and write an S3 bucket', pattern: /only one (app|application)|one application .*bucket|single application/i },
  { item: 'EC2 vs Lambda', pattern: /ec2 (vs|or|versus) lambda|lambda (vs|or|versus) ec2/i },
  { item: 'Lambda triggers', pattern: /lambda.*(trigger|invoked|event source)|(trigger|event source).*lambda/i },
  { item: 'CloudFormation', pattern: /cloudformation/i },
  { item: 'Auto Scaling', pattern: /auto scaling/i },
  { item: 'securing an AWS account', pattern: /new aws account.*secure|secur(e|ing) (a |an |the )?(new )?aws account|root user/i },
  { item: 'RDS', pattern: /\brds\b/i },
  { item: 'ECS', pattern: /\becs\b/i },
];

export function missingItems(questions: readonly Question[]): string[] {
  return REQUIRED_ITEMS.filter(({ pattern }) => !questions.some((q) => pattern.test(q.question) || q.tags.some((t) => pattern.test(t.replace(/-/g, ' '))))).map(
    (r) => r.item,
  );
}
