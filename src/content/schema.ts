/**
 * The shape of one question-bank entry (see CONTENT_GUIDE.md). Lengths are
 * chosen so a whole reveal fits one Slack message and one Discord embed.
 */
import { z } from 'zod';
import { MAX_QUESTION_ID_LENGTH, QUESTION_ID_PATTERN } from '../core/actions.js';
import { LEVELS, LINK_TYPES } from '../core/model.js';

export const LIMITS = {
  question: 300,
  answer: 700,
  eli5: 400,
  example: 500,
  followup: 200,
  followups: 3,
  code: 900,
  linkTitle: 100,
  minLinks: 2,
  maxLinks: 5,
  tags: 8,
  keypointsMin: 3,
  keypointsMax: 6,
  keypoint: 160,
  terms: 12,
  term: 60,
  contradicts: 4,
  diagram: 1500,
} as const;

export const ALLOWED_LINK_HOSTS = [
  'docs.aws.amazon.com',
  'aws.amazon.com',
  'repost.aws',
  'www.youtube.com',
  'youtu.be',
  'boto3.amazonaws.com',
  'github.com',
] as const;

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A term is a short phrase (matched after case, punctuation, word-form and
 * abbreviation normalisation), or parts joined with ` + ` that must all occur
 * in one sentence (one clause, for a misconception). See core/scoring.
 */
const termSchema = z.string().trim().min(1).max(LIMITS.term).regex(/^[^+]+( \+ [^+]+)*$/, 'join parts with " + " (spaces around the plus)');

const keypointSchema = z.strictObject({
  point: z.string().min(10).max(LIMITS.keypoint),
  terms: z.array(termSchema).min(1).max(LIMITS.terms),
  contradicts: z.array(termSchema).max(LIMITS.contradicts).optional(),
  /** Contradicting a central point suggests "missed" whatever else was covered. */
  central: z.boolean().optional(),
});

const linkSchema = z.strictObject({
  title: z.string().min(3).max(LIMITS.linkTitle),
  url: z
    .url({ message: 'must be an absolute URL' })
    .refine((u) => u.startsWith('https://'), { message: 'must use https://' })
    .refine((u) => (ALLOWED_LINK_HOSTS as readonly string[]).includes(new URL(u).hostname), {
      message: `host must be one of ${ALLOWED_LINK_HOSTS.join(', ')}`,
    }),
  type: z.enum(LINK_TYPES),
});

export const questionSchema = z
  .strictObject({
    id: z.string().min(3).max(MAX_QUESTION_ID_LENGTH).regex(QUESTION_ID_PATTERN, 'must be kebab-case, e.g. vpc-peering-basics'),
    topic: z.string().regex(kebab),
    level: z.enum(LEVELS),
    question: z.string().min(10).max(LIMITS.question),
    answer: z.string().min(80).max(LIMITS.answer),
    eli5: z.string().min(40).max(LIMITS.eli5),
    example: z.string().min(40).max(LIMITS.example),
    followups: z.array(z.string().min(5).max(LIMITS.followup)).max(LIMITS.followups).default([]),
    code: z.string().min(1).max(LIMITS.code).optional(),
    links: z.array(linkSchema).min(LIMITS.minLinks).max(LIMITS.maxLinks),
    tags: z.array(z.string().regex(kebab, 'tags are kebab-case')).min(1).max(LIMITS.tags),
    keypoints: z.array(keypointSchema).min(LIMITS.keypointsMin).max(LIMITS.keypointsMax).optional(),
    /** Mermaid flowchart or sequence diagram; checked by rendering it (content:check). */
    diagram: z.string().trim().min(10).max(LIMITS.diagram).optional(),
    /** The month the facts were last checked against the AWS docs. */
    verified: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'must be YYYY-MM, e.g. 2026-11').optional(),
    /** About a launch, closure or rename since 2024: re-checked every 6 months. */
    volatile: z.boolean().optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.links.some((l) => l.type === 'docs' && new URL(l.url).hostname === 'docs.aws.amazon.com')) {
      ctx.addIssue({ code: 'custom', path: ['links'], message: 'needs at least one type: docs link on docs.aws.amazon.com' });
    }
    if (!q.links.some((l) => l.type === 'video')) {
      ctx.addIssue({ code: 'custom', path: ['links'], message: 'needs at least one type: video link' });
    }
    const sentences = q.answer.split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/).filter((s) => s.trim().length > 0);
    if (sentences.length < 2 || sentences.length > 5) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `must be 2-5 sentences (found ${sentences.length})` });
    }
  });

export type QuestionEntry = z.infer<typeof questionSchema>;
