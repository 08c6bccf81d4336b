import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { modelProperty, saveOptions } from '../common';
import { saveOne } from './write';

/** Draft (暂存): store a record without validation; it gets no number until saved. */
export const draft: OperationModule<KingdeeClient> = {
	name: 'Draft',
	action: 'Save a record as draft (暂存)',
	description: 'Store a record without validating it (status 暂存); it gets its number when saved',
	properties: [modelProperty, saveOptions(true)],
	async execute(ctx, client, i) {
		return saveOne(ctx, client, i, SERVICES.draft);
	},
};
