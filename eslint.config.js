import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
        { patterns: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', '**/store/*', '**/handlers/*'] },
      ],
    },
  },
);
