import type { z } from 'zod';
import type { Message } from './messages.js';

/**
 * What is wrong in a file checked against a schema, as messages (`evidence[2].dateOrder: expected
 * one of dmy, mdy`), at most `limit` of them. A schema's own message is a catalogue code
 * (`error.facts.notADate`), filled with `params`; zod's common issues get codes here; any other
 * keeps zod's English.
 */
export function describeSchemaIssues(
  issues: readonly z.core.$ZodIssue[],
  limit = 5,
  params: Readonly<Record<string, string>> = {},
): readonly Message[] {
  return issues.slice(0, limit).map((issue): Message => {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return {
        code: issue.keys.length > 1 ? 'error.schema.unknownFields' : 'error.schema.unknownField',
        params: {
          where: where ? `${where}: ` : '',
          names: issue.keys.map((key) => `"${key}"`).join(', '),
        },
      };
    }
    return {
      code: 'error.schema.issue',
      params: { where: where || '(top)', what: describeIssue(issue, params) },
    };
  });
}

function describeIssue(issue: z.core.$ZodIssue, params: Readonly<Record<string, string>>): Message {
  if (issue.message.startsWith('error.')) {
    const limit: Record<string, string> =
      issue.code === 'too_big' ? { max: String(issue.maximum) } : {};
    return { code: issue.message, params: { ...params, ...limit } };
  }
  if (issue.code === 'invalid_value')
    return { code: 'error.schema.oneOf', params: { values: issue.values.map(String).join(', ') } };
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return { code: 'error.schema.missing' };
  if (issue.code === 'invalid_type')
    return { code: 'error.schema.type', params: { expected: issue.expected } };
  return { code: 'error.text', params: { text: issue.message } };
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}
