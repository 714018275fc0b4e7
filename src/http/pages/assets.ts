// The site's stylesheets and script (src/http/assets/), and YASGUI's build from node_modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const YASGUI_BUILD = path.dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui/build/yasgui.min.js'));
const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** Each asset: the path it is served at, its file and its type. */
export const ASSET_FILES: Array<{ route: string; file: string; type: string }> = [
  { route: '/assets/site.css', file: path.join(ASSETS, 'site.css'), type: CSS },
  { route: '/assets/reference.css', file: path.join(ASSETS, 'reference.css'), type: CSS },
  { route: '/assets/pages.js', file: path.join(ASSETS, 'pages.js'), type: JS },
  { route: '/assets/yasgui/yasgui.min.js', file: path.join(YASGUI_BUILD, 'yasgui.min.js'), type: JS },
  { route: '/assets/yasgui/yasgui.min.css', file: path.join(YASGUI_BUILD, 'yasgui.min.css'), type: CSS },
];

export function assetHandler(file: string, type: string) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.set('Content-Type', type);
    res.set('Cache-Control', 'public, max-age=3600');
    res.set('X-Content-Type-Options', 'nosniff');
    res.send(await readFile(file));
  };
}
