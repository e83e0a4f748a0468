import { describe, expect, it } from 'vitest';
import { parseCommandText, tokenize } from '../../src/core/parser.js';

const parsed = (text: string) => {
  const r = parseCommandText(text);
  return r.ok ? { command: r.command.name, input: r.input } : { error: r.error };
};

describe('parseCommandText', () => {
  it.each([
    ['/aws question networking professional', { command: 'question', input: { topic: 'networking', level: 'professional' } }],
    ['question professional networking', { command: 'question', input: { topic: 'networking', level: 'professional' } }],
    ['aws question', { command: 'question', input: {} }],
    ['QUESTION Networking', { command: 'question', input: { topic: 'networking' } }],
    ['answer vpc-peering-edge-to-edge', { command: 'answer', input: { id: 'vpc-peering-edge-to-edge' } }],
    ['answer', { command: 'answer', input: {} }],
    ['grade knew', { command: 'grade', input: { grade: 'knew' } }],
    ['grade vpc-basics 3', { command: 'grade', input: { id: 'vpc-basics', grade: 'missed' } }],
    // A bare grade is marked: it only grades an answer that was revealed.
    ['knew', { command: 'grade', input: { grade: 'knew', bare: true } }],
    ['2', { command: 'grade', input: { grade: 'partly', bare: true } }],
    ['timezone America/Los_Angeles', { command: 'timezone', input: { zone: 'America/Los_Angeles' } }],
    ['streak <@U123|alex>', { command: 'streak', input: { user: '<@U123|alex>' } }],
    [
      'subscribe 09:00 Europe/Berlin networking,iam mon-fri lead',
      { command: 'subscribe', input: { time: '09:00', timezone: 'Europe/Berlin', topics: 'networking,iam', days: 'mon-fri', level: 'lead' } },
    ],
    ['subscribe 09:00 UTC daily', { command: 'subscribe', input: { time: '09:00', timezone: 'UTC', days: 'daily' } }],
    ['', { command: 'help', input: {} }],
    ['/aws', { command: 'help', input: {} }],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it('rejects unknown commands and extra words with a clear message', () => {
    expect(parsed('dance')).toEqual({ error: expect.stringMatching(/I don't know the command "dance"/) });
    expect(parsed('topics extra')).toEqual({ error: 'Too many words for `topics`.' });
  });

  it('tokenize keeps quoted words together', () => {
    expect(tokenize(`a "b c" 'd e'  f`)).toEqual(['a', 'b c', 'd e', 'f']);
  });
});
