import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The dashboard is served by Duar itself at /admin/ (see src/app.ts); `npm start` builds it. */
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev:web` proxies the admin API to a locally running `npm start`.
    proxy: { '/admin/api': 'http://127.0.0.1:3000' },
  },
});
