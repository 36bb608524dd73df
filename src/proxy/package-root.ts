// The package's root folder. This file sits two levels below it in every layout that runs it:
// src/proxy (tsx), dist/proxy (tsc) and dist/bundle (the CLI bundle), so one relative URL works.
export const PACKAGE_ROOT = new URL('../../', import.meta.url);
