// Opens a URL in the default browser for the headless CLI (`open`, `start`, `xdg-open`). Best
// effort: the URL is also printed, so a machine without a browser still logs in.
import { spawn } from 'node:child_process';

export type BrowserOpener = (url: string) => void;

export function systemBrowserOpener(platform: NodeJS.Platform = process.platform, run: typeof spawn = spawn): BrowserOpener {
  return (url) => {
    // Only web URLs: nothing else is ever handed to the shell's opener.
    if (!/^https?:\/\//i.test(url)) throw new Error('only http(s) URLs are opened');
    const [command, args, verbatim]: [string, string[], boolean] =
      platform === 'darwin'
        ? ['open', [url], false]
        : platform === 'win32'
          ? // cmd would split the query at `&`; `^` escapes it, verbatim keeps our quoting.
            ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')], true]
          : ['xdg-open', [url], false];
    const child = run(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: verbatim });
    child.on('error', () => {});
    child.unref();
  };
}
