import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ fallback: 'index.html', pages: 'build', assets: 'build' }),
			serviceWorker: { register: false }
		})
	],
	server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
	build: {
		// Only pdfmake and its fonts (≈1 MB each, loaded on demand by the PDF button, never on
		// first load) exceed Vite's 500 kB default; the app's own chunks stay well below this.
		chunkSizeWarningLimit: 1200
	}
});
