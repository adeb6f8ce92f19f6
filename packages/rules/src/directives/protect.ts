import type { Fix } from '../rule.js';
import type { Directive } from './types.js';

/** Why a rule's finding has no fix when its fix would edit a directive comment. */
export const DIRECTIVE_EDIT_REFUSED = 'the fix would change a virt-alias directive comment';

/**
 * Whether an edit changes a directive comment: overlaps it, or inserts strictly inside it.
 * Inserting right before `<!--` or right after `-->` does not change it.
 */
export function touchesDirective(fix: Fix, directives: readonly Directive[]): boolean {
  return directives.some((d) => fix.range[0] < d.comment.range[1] && fix.range[1] > d.comment.range[0]);
}
