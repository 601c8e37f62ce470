import { writeFileSync } from 'node:fs';
import { renderCatalog } from '#events/catalog';

const target = new URL('../docs/events.md', import.meta.url);
writeFileSync(target, renderCatalog());
console.log(`wrote ${target.pathname}`);
