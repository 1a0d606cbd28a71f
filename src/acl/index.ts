export { decide, isAdmin, ruleFor, DENIALS } from './decide.js';
export { fnmatch, fnmatchAny, fnmatchToRegExp } from './fnmatch.js';
export type { AclDecision, AclPolicy, AclRequest, AclRule } from './types.js';
