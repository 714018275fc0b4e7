// The routes of the pages and their assets, and nothing else: each page family
// has its own file (home, lists, ontology, entity), each handler built from the
// Site every page shares. Order matters: /id and /classes/… before /id/*.
import { Router } from 'express';
import { ASSET_FILES, assetHandler } from './assets.js';
import { entityHandler } from './entity.js';
import { homeHandler } from './home.js';
import { browseHandler, classHandler } from './lists.js';
import { diagramHandler, ontologyHandler, ontologyVersionHandler, referenceOf } from './ontology.js';
import { createSite, type PagesDependencies } from './site.js';

export type { PagesDependencies } from './site.js';

/** The routes of the pages: `/`, `/id`, `/classes/:curie`, `/ontology`, `/ontology/diagram.svg`, `/ontology/:version`, `/id/…` and `/assets/…`. */
export function pagesRouter(dependencies: PagesDependencies): Router {
  const site = createSite(dependencies);
  const router = Router();
  for (const { route, file, type } of ASSET_FILES) router.get(route, assetHandler(file, type));
  router.get('/', homeHandler(site));
  router.get('/id', browseHandler(site));
  router.get('/classes/:curie', classHandler(site));
  const reference = referenceOf(site);
  router.get('/ontology', ontologyHandler(site, reference));
  router.get('/ontology/diagram.svg', diagramHandler(site, reference));
  router.get('/ontology/:version', ontologyVersionHandler(site, reference));
  router.get('/id/*rest', entityHandler(site));
  return router;
}
