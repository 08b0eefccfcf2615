import type { Reader } from './read.ts';
import type { State } from './types.ts';

const KEY = /^[a-z0-9-]+$/;
export const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** FS1301-FS1305: one initial state, known targets, final states closed, reachability. */
export function checkStates(r: Reader, states: readonly State[], flowPos: { file: string; line: number; column: number }, flowKey: string, fromAnyState: readonly string[] = []): void {
  for (const s of states) {
    if (!KEY.test(s.key)) r.error('FS1306', s.pos ?? flowPos, `state key '${s.key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'kyc-check'");
    for (const t of s.transitions)
      if (!KEY.test(t.name)) r.error('FS1306', t.pos ?? flowPos, `transition key '${t.name}' of state '${s.key}' must match ^[a-z0-9-]+$ (the vNext workflow format requires it)`, "use lowercase letters, digits and dashes, as in 'request-info'");
    for (const language of Object.keys(s.labels))
      if (!LANGUAGE.test(language)) r.error('FS1307', s.pos ?? flowPos, `label language '${language}' of state '${s.key}' must be a language code such as en or en-US`, 'use ISO 639-1 with an optional region: en, tr, en-US');
  }
  const initial = states.filter((s) => s.type === 'initial');
  if (initial.length === 0) {
    r.error('FS1301', flowPos, `flow '${flowKey}' has no initial state`, "mark exactly one state type: 'initial'");
  } else if (initial.length > 1) {
    for (const s of initial.slice(1))
      r.error('FS1302', s.pos ?? flowPos, `flow '${flowKey}' has more than one initial state: '${initial[0]!.key}' and '${s.key}'`, "keep type: 'initial' on one state only");
  }
  const keys = new Set(states.map((s) => s.key));
  for (const s of states) {
    if (s.type === 'final' && s.transitions.length > 0)
      r.error('FS1304', s.transitions[0]!.pos ?? s.pos ?? flowPos, `final state '${s.key}' has transitions`, "remove its transitions, or make it a non-final state");
    for (const t of s.transitions)
      if (!keys.has(t.target) && t.target !== '$self')
        r.error('FS1303', t.pos ?? flowPos, `transition '${t.name}' of state '${s.key}' targets '${t.target}', which is not a state of this flow`, `declared states: ${[...keys].join(', ')}`);
  }
  if (initial.length !== 1) return;
  // The workflow's cancel and exit transitions lead from every state: their targets are reached too.
  const reached = new Set([initial[0]!.key, ...fromAnyState]);
  const queue = [initial[0]!, ...states.filter((s) => fromAnyState.includes(s.key))];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of s.transitions) {
      const next = states.find((x) => x.key === t.target);
      if (next && !reached.has(next.key)) {
        reached.add(next.key);
        queue.push(next);
      }
    }
  }
  for (const s of states)
    if (!reached.has(s.key))
      r.warn('FS1305', s.pos ?? flowPos, `state '${s.key}' cannot be reached from the initial state '${initial[0]!.key}'`, 'add a transition to it, or remove it');
}
