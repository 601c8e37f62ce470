import { writeFileSync } from 'node:fs';
import { OPENAPI_TYPES_FILE, renderOpenApiTypes } from '../web/openapi-types';

writeFileSync(OPENAPI_TYPES_FILE, await renderOpenApiTypes());
console.log(`wrote ${OPENAPI_TYPES_FILE.pathname}`);
