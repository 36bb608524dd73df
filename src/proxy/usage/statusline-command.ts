// The command line Claude Code's `statusLine` setting runs: this Node and this package's bin,
// by absolute path, so it works without `thalamus` on the PATH.
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-root.js';

export function statuslineCommandLine(execPath = process.execPath, binPath = fileURLToPath(new URL('bin/thalamus.js', PACKAGE_ROOT))): string {
  return `${quote(execPath)} ${quote(binPath)} statusline`;
}

/** Double quotes work in sh and cmd alike; the characters sh expands inside them are escaped. */
function quote(path: string): string {
  return `"${path.replace(/(["$`])/g, '\\$1')}"`;
}
