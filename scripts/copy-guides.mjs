// Copies the guides the shell links to (docs/architecture.md, docs/sdk.md) into dist/guides, where the server serves them.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/guides', { recursive: true });
for (const name of ['architecture.md', 'sdk.md']) cpSync(`docs/${name}`, `dist/guides/${name}`);
