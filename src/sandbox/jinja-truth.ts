/**
 * Jinja's truth test is Python's: None, False, 0, "" and an empty list or dict are false.
 * nunjucks compiles conditions to JavaScript's test, where every object (an empty list or dict
 * too) is true, so `{% if execution.result.result %}` would hold for an empty result. Installed
 * once on nunjucks' compiler: `if`/`elif`, inline `… if … else …`, `not`, `and` and `or` test
 * their operands through Python's rule (`and`/`or` still yield an operand, as in Python).
 */
import nunjucks from 'nunjucks';

/** The global the rewritten conditions call. */
const TRUTH = '__stormbot_py_truth';

interface TemplateNode {
  lineno: number;
  colno: number;
  [field: string]: unknown;
}

type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => TemplateNode;

type Compile = (this: CompilerProto, node: TemplateNode, frame: unknown, async?: boolean) => void;

interface CompilerProto {
  compileIf: Compile;
  compileInlineIf: Compile;
  compileNot: Compile;
  compileAnd: Compile;
  compileOr: Compile;
}

const lib = nunjucks as unknown as {
  nodes: Record<'FunCall' | 'Symbol' | 'NodeList' | 'InlineIf', NodeClass>;
  compiler: { Compiler: { prototype: CompilerProto } };
};

/** Python's truth value of a template value; `isDict` recognises the dicts templates see. */
export function pyTruthy(value: unknown, isDict: (v: object) => boolean): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null || isDict(value)) {
      return Object.keys(value).length > 0;
    }
  }
  return Boolean(value);
}

const tested = new WeakSet<TemplateNode>();

/** `node` wrapped in a call of the truth global (once). */
function truth(node: TemplateNode): TemplateNode {
  if (tested.has(node)) return node;
  const { FunCall, Symbol: Sym, NodeList } = lib.nodes;
  const call = new FunCall(
    node.lineno,
    node.colno,
    new Sym(node.lineno, node.colno, TRUTH),
    new NodeList(node.lineno, node.colno, [node]),
  );
  tested.add(call);
  return call;
}

let installed = false;

/**
 * Make nunjucks test conditions the Python way in every environment, and give `env` the truth
 * global the rewritten conditions call.
 */
export function installPythonTruth(
  env: nunjucks.Environment,
  isDict: (v: object) => boolean,
): void {
  env.addGlobal(TRUTH, (value: unknown) => pyTruthy(value, isDict));
  if (installed) return;
  installed = true;
  const proto = lib.compiler.Compiler.prototype;
  const { compileIf, compileInlineIf, compileNot } = proto;
  proto.compileIf = function (node, frame, async) {
    node.cond = truth(node.cond as TemplateNode);
    compileIf.call(this, node, frame, async);
  };
  proto.compileInlineIf = function (node, frame) {
    node.cond = truth(node.cond as TemplateNode);
    compileInlineIf.call(this, node, frame);
  };
  proto.compileNot = function (node, frame) {
    node.target = truth(node.target as TemplateNode);
    compileNot.call(this, node, frame);
  };
  // `a and b` is `b if a else a`; `a or b` is `a if a else b` (the operand itself, as Python).
  const { InlineIf } = lib.nodes;
  proto.compileAnd = function (node, frame) {
    const left = node.left as TemplateNode;
    this.compileInlineIf(new InlineIf(node.lineno, node.colno, left, node.right, left), frame);
  };
  proto.compileOr = function (node, frame) {
    const left = node.left as TemplateNode;
    this.compileInlineIf(new InlineIf(node.lineno, node.colno, left, left, node.right), frame);
  };
}
