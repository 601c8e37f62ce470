import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../functions/services';
import { apiPathPatternsOf } from '../stacks/web-stack';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

export function routeSpecs(ates: SynthesizedAtes) {
  const declaredRoutes = ates.domains.flatMap((domain) =>
    Object.entries(domain.declaration.routes).map(([key, route]) => ({ key, route, ...domain })),
  );

  describe('HTTP API routes, built from the declarations', () => {
    it('has one API and no route anywhere that is not declared', () => {
      ates.api.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
      const routeCount = ates.domains.reduce(
        (sum, d) => sum + Object.keys(d.template.findResources('AWS::ApiGatewayV2::Route')).length,
        0,
      );
      expect(routeCount).toBe(declaredRoutes.length);
      ates.api.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    });

    it.each(declaredRoutes.map((r) => [`${r.route.method} ${r.route.path}`, r] as const))(
      '%s reaches its own function',
      (routeKey, { key, template, service }) => {
        const fn = service.routeFunctions.get(key)!;
        const routes = template.findResources('AWS::ApiGatewayV2::Route', {
          Properties: { RouteKey: routeKey },
        });
        expect(Object.keys(routes)).toHaveLength(1);
        const target = Object.values(routes)[0]!.Properties.Target as { 'Fn::Join': unknown[] };
        const integrationId = (target['Fn::Join'][1] as [string, { Ref: string }])[1].Ref;
        const integration = template.toJSON().Resources[integrationId];
        expect(integration.Type).toBe('AWS::ApiGatewayV2::Integration');
        expect(integration.Properties).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] },
        });
        // API Gateway may invoke it.
        template.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] },
          Principal: 'apigateway.amazonaws.com',
        });
      },
    );

    it('sends every declared path to the API through CloudFront (same origin, no CORS)', () => {
      const patterns = apiPathPatternsOf(SERVICES);
      for (const { route } of declaredRoutes) {
        expect(patterns.some((p) => route.path.startsWith(p.slice(0, -1)))).toBe(true);
      }
      ates.web.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: {
          CacheBehaviors: Match.arrayWith(
            patterns.map((PathPattern) =>
              Match.objectLike({ PathPattern, AllowedMethods: Match.arrayWith(['PATCH', 'POST']) }),
            ),
          ),
        },
      });
    });

    it('tells every function where the JWKS is and which table is its own', () => {
      for (const { template, declaration } of ates.domains) {
        const functions = Object.values(template.findResources('AWS::Lambda::Function'));
        expect(functions.length).toBeGreaterThan(0);
        for (const fn of functions) {
          const env = fn.Properties.Environment.Variables;
          expect(env).toMatchObject({
            EVENT_BUS_NAME: expect.anything(),
            ATES_TIMEZONE: ates.config.timezone,
            ATES_TOKEN_ISSUER: `ates-${ates.config.stage}`,
            POWERTOOLS_SERVICE_NAME: declaration.domain,
            [declaration.table.envVar]: expect.anything(),
          });
          // Source maps are read when a stack is printed, not at every start (source-mapped-stacks.ts).
          expect(env).not.toHaveProperty('NODE_OPTIONS');
          expect(JSON.stringify(env.ATES_JWKS_URL)).toContain('/auth/.well-known/jwks.json');
          const otherTables = SERVICES.filter((s) => s.domain !== declaration.domain);
          for (const other of otherTables) expect(env).not.toHaveProperty(other.table.envVar);
        }
      }
    });
  });
}
