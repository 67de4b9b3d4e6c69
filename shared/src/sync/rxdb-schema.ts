import { z } from 'zod';
import type { CollectionDef } from './registry.ts';

type Json = Record<string, unknown>;

/**
 * Turns a collection's zod schema into the JSON schema RxDB expects: strips `$schema`
 * (RxDB's validators reject it), adds `version`, `primaryKey` and `indexes`. The shared zod
 * schema stays the single source of truth.
 */
export function toRxJsonSchema(def: CollectionDef): Json {
	const json = z.toJSONSchema(def.schema, { io: 'output', unrepresentable: 'any' }) as Json;
	delete json.$schema;
	// RxDB rejects `additionalProperties: false` nowhere, but it adds `_deleted`, `_rev`, `_meta`
	// and `_attachments` to stored documents, so the top level must allow them.
	delete json.additionalProperties;
	// RxDB requires `maxLength` on indexed strings; enums carry their bound implicitly.
	const props = (json.properties ?? {}) as Record<string, Json>;
	for (const field of def.indexes.flat()) {
		const p = props[field];
		if (p && Array.isArray(p.enum) && p.maxLength === undefined)
			p.maxLength = Math.max(...p.enum.map((v) => String(v).length));
	}
	return {
		title: def.name,
		...json,
		version: def.version,
		primaryKey: 'id',
		type: 'object',
		indexes: def.indexes
	};
}
