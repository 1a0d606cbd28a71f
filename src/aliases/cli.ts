/**
 * `stormbot lint <packs dir>` and `stormbot match --packs <dir> "<command>"`. STUB.
 */

/** Run `stormbot lint`. Returns the exit code. STUB. */
export function runLint(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  void argv;
  out.write('not implemented yet\n');
  return Promise.resolve(2);
}

/** Run `stormbot match`. Returns the exit code. STUB. */
export function runMatch(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  void argv;
  out.write('not implemented yet\n');
  return Promise.resolve(2);
}
