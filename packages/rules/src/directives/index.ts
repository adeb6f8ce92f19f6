export {
  DIRECTIVE_RULE_ID,
  UNUSED_DIRECTIVE_SEVERITIES,
  type Directive,
  type DirectiveKind,
  type DirectiveRuleName,
  type UnusedDirectiveSeverity,
} from './types.js';
export {
  collectDirectives,
  parseDirectiveComment,
  parseDirectiveText,
  type CollectedDirectives,
  type DirectiveText,
} from './parse.js';
export { applyDirectives, type ApplyDirectivesInput, type AppliedDirectives } from './apply.js';
