import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../web/security-headers';
import { logicalIdOf, type SynthesizedAtes } from '../test-support/synth';

/** What CloudFront adds to every answer of the dashboards' origin (issue 22). */
export function webHeaderSpecs(ates: SynthesizedAtes) {
  describe('security headers on CloudFront', () => {
    const policies = Object.values(
      ates.web.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    );
    const security = () => {
      expect(policies).toHaveLength(1);
      return policies[0]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    };

    it('sends HSTS for two years, nosniff, no framing and no referrer, over whatever the origin says', () => {
      expect(security()).toMatchObject({
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: 2 * 365 * 24 * 3600,
          IncludeSubdomains: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      });
    });

    it('sends the content security policy the local gateway serves the pages with', () => {
      const csp = security().ContentSecurityPolicy;
      expect(csp).toStrictEqual({
        ContentSecurityPolicy: SECURITY_HEADERS['content-security-policy'],
        Override: true,
      });
      const directives = new Map(
        String(csp.ContentSecurityPolicy)
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...sources]) => [name, sources]),
      );
      // Same-origin code only: no inline or evaluated script, no plugins, no framing.
      expect(directives.get('script-src')).toStrictEqual(["'self'"]);
      expect(directives.get('style-src')).toStrictEqual(["'self'"]);
      expect(directives.get('object-src')).toStrictEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toStrictEqual(["'none'"]);
      expect(directives.get('connect-src')).toStrictEqual(["'self'"]);
    });

    it('answers with them on every behaviour: the pages and each API path', () => {
      const policyId = logicalIdOf(ates.built.web.securityHeaders);
      const distribution = Object.values(
        ates.web.findResources('AWS::CloudFront::Distribution'),
      )[0]!.Properties.DistributionConfig;
      const behaviours = [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors];
      expect(behaviours.length).toBeGreaterThan(1);
      for (const behaviour of behaviours) {
        expect(behaviour.ResponseHeadersPolicyId).toStrictEqual({ Ref: policyId });
      }
    });
  });
}
