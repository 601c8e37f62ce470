import * as eventschemas from 'aws-cdk-lib/aws-eventschemas';
import { Construct } from 'constructs';
import * as z from 'zod';
import { ALL_CONTRACTS, jsonSchemaOf, metadataSchema, sourceOf, type EventContract } from '#events';

/** Registry names: `ates.<producer>@<event name>.v<version>`, as EventBridge names discovered ones. */
export const schemaNameOf = (contract: EventContract) =>
  `${sourceOf(contract.producer)}@${contract.name}.v${contract.version}`;

/** Draft-04 output of one zod schema, without its own `$schema` line (it is nested below). */
const draft4 = (schema: Record<string, unknown>) => {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
};

/**
 * The whole EventBridge event of one contract version as JSON Schema draft-04 — the only JSON
 * Schema draft the registry takes — so code bindings see source, detail-type, metadata and data.
 */
export const eventSchemaOf = (contract: EventContract) => ({
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: schemaNameOf(contract),
  description: contract.description,
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: { type: 'string', enum: [sourceOf(contract.producer)] },
    'detail-type': { type: 'string', enum: [contract.name] },
    detail: {
      type: 'object',
      required: ['metadata', 'data'],
      properties: {
        metadata: draft4(
          z.toJSONSchema(metadataSchema, { io: 'input', target: 'draft-04' }) as Record<
            string,
            unknown
          >,
        ),
        data: draft4(jsonSchemaOf(contract, 'draft-04') as Record<string, unknown>),
      },
    },
  },
});

/** The EventBridge Schema Registry of a stage, one schema per event version in `events/`. */
export class EventSchemas extends Construct {
  readonly registry: eventschemas.CfnRegistry;

  constructor(scope: Construct, id: string, props: { readonly registryName: string }) {
    super(scope, id);
    this.registry = new eventschemas.CfnRegistry(this, 'Registry', {
      registryName: props.registryName,
      description: 'aTES domain events, one schema per event version',
    });
    for (const contract of ALL_CONTRACTS) {
      new eventschemas.CfnSchema(this, schemaNameOf(contract), {
        // The attribute, not the plain name: CloudFormation then creates the registry first.
        registryName: this.registry.attrRegistryName,
        schemaName: schemaNameOf(contract),
        type: 'JSONSchemaDraft4',
        description: contract.description.slice(0, 256),
        content: JSON.stringify(eventSchemaOf(contract)),
      });
    }
  }
}
