import type { Inference } from '../model/conversation.js';
import { type Message, renderMessage } from '../model/messages.js';

/**
 * An inference as codes: the dossier renders it in its own language; `decision` and `reason` keep
 * the English text for manifest.json and `preuve show`, as before codes.
 */
export function inferred(kind: Inference['kind'], decision: Message, reason: Message): Inference {
  return {
    kind,
    decision: renderMessage('en', decision),
    reason: renderMessage('en', reason),
    messages: { decision, reason },
  };
}
