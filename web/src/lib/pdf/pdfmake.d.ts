// pdfmake 0.3 ships no types; these cover the browser build as used in submission-pdf.ts.
declare module 'pdfmake/build/pdfmake' {
	interface PdfOutputDocument {
		download(filename?: string): Promise<void>;
		getBlob(): Promise<Blob>;
	}
	const pdfMake: {
		createPdf(definition: object): PdfOutputDocument;
		addVirtualFileSystem(vfs: Record<string, string>): void;
		setUrlAccessPolicy(allow: (url: string) => boolean): void;
	};
	export default pdfMake;
}

declare module 'pdfmake/build/vfs_fonts' {
	const vfs: Record<string, string>;
	export default vfs;
}
