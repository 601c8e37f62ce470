import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SDK_AND_CDK = ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*'];
const OUTER_LAYERS = ['**/store/*', '**/handlers/*'];
/**
 * Storage is the store's business: a use case records on the unit of work
 * (#shared/unit-of-work) and never builds a transaction item or an outbox row itself.
 */
// Escaped: a pattern's leading `#` would start a gitignore comment and match nothing.
const STORAGE = ['\\#shared/dynamo', '\\#shared/outbox/*', '\\#shared/query-all'];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.ates/', 'coverage/', 'web/dist/', 'web/.dist-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
      'no-restricted-syntax': [
        'error',
        {
          // `import { z }` pulls all of zod (~450 KB) into every Lambda bundle; the namespace
          // import lets esbuild keep only what is used (~85 KB).
          selector:
            "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "import zod as `import * as z from 'zod'` so bundles stay small",
        },
      ],
    },
  },
  {
    // The domain core stays pure: no AWS SDK and no infrastructure code under domain/.
    files: ['functions/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...SDK_AND_CDK, ...STORAGE, ...OUTER_LAYERS, '**/use-cases/*'] },
      ],
    },
  },
  {
    // Use cases speak to storage through domain/ports.ts, never to the SDK or a store directly:
    // the store is the only code that knows keys, and wiring.ts hands a use case its stores.
    files: ['functions/*/use-cases/**/*.ts'],
    ignores: ['functions/*/use-cases/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...SDK_AND_CDK, ...STORAGE, ...OUTER_LAYERS] },
      ],
    },
  },
  {
    // A use case's test wires it to the in-memory adapters (store/memory), never to DynamoDB.
    files: ['functions/*/use-cases/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...SDK_AND_CDK, ...STORAGE, '**/handlers/*'] },
      ],
    },
  },
);
