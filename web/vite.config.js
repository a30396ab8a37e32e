import { defineConfig } from 'vite';

// The Content-Security-Policy of the built app (a <meta> in index.html; a server that can
// send headers should send the same, with `frame-ancestors 'none'`, which a <meta> cannot
// carry). No inline script, no eval (WebAssembly, for the crypto, needs
// 'wasm-unsafe-eval'), styles and scripts from the app's own origin only, no plugins, no
// forms posted anywhere, and connections only to the app's own origin, https (a chain
// specification for the light client, ?chain=) and WebSockets. Before it connects,
// chain.js narrows `connect-src` further: to the one node of ?rpc=, or to WebSockets only
// (the light client's peers) once the chain specification is loaded.
const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' https: ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const csp = {
  name: 'workchain-csp',
  apply: 'build',
  transformIndexHtml(html) {
    return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
  },
};

// A static build in dist/; `npm run serve` serves it on 127.0.0.1 (port 4173 unless --port),
// with the headers that a <meta> cannot carry: no page may frame the app (clickjacking the
// Sign button).
export default defineConfig({
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: {
    host: '127.0.0.1',
    headers: { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' },
  },
  plugins: [csp],
});
