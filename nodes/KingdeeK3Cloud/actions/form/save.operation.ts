import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { modelProperty, saveOptions } from '../common';
import { saveOne } from './write';

/** Save: create a record (model without internal ID) or update one (model with FID / FCUSTID / …). */
export const save: OperationModule<KingdeeClient> = {
	name: 'Save',
	action: 'Save a record (保存)',
	description: 'Create a record, or update one whose internal ID is in the model',
	properties: [modelProperty, saveOptions(true)],
	async execute(ctx, client, i) {
		return saveOne(ctx, client, i, SERVICES.save);
	},
};
