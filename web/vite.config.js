import { defineConfig } from 'vite';

// A static build in dist/; `npm run serve` serves it on 127.0.0.1 (port 4173 unless --port).
export default defineConfig({
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1' },
});
