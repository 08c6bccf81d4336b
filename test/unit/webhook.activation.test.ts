/**
 * Activating a trigger whose URL is pasted into the service's console by hand (Mingdao, WeChat) registers nothing
 * remotely; it checks the credential, so that a missing secret stops the activation with the reason instead of
 * refusing every request later (core/webhook.ts `pastedUrlWebhookMethods`).
 */
import type { IHookFunctions } from 'n8n-workflow';
import { MingdaoTrigger } from '../../nodes/Mingdao/MingdaoTrigger.node';
import { WechatOfficialAccountTrigger } from '../../nodes/WechatOfficialAccount/WechatOfficialAccountTrigger.node';

function hookContext(credentials: Record<string, unknown> | Error): IHookFunctions {
	return {
		getNode: () => ({ name: 'Trigger', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => {
			if (credentials instanceof Error) throw credentials;
			return credentials;
		},
	} as unknown as IHookFunctions;
}

describe('activating a trigger with a pasted URL', () => {
	it('Mingdao: nothing exists remotely; create refuses a missing or empty secret and accepts a secret', async () => {
		const hooks = new MingdaoTrigger().webhookMethods.default;
		expect(await hooks.checkExists.call(hookContext({ secret: 's' }))).toBe(false);
		await expect(hooks.create.call(hookContext(new Error('no credential')))).rejects.toThrow(/Mingdao Webhook .*shared secret/);
		await expect(hooks.create.call(hookContext({ secret: '' }))).rejects.toThrow('empty secret');
		expect(await hooks.create.call(hookContext({ secret: 'shared-secret' }))).toBe(true);
		expect(await hooks.delete.call(hookContext({ secret: 's' }))).toBe(true);
	});

	it('WeChat: create refuses a credential without Token (令牌) or App ID and accepts a complete one', async () => {
		const hooks = new WechatOfficialAccountTrigger().webhookMethods.default;
		await expect(hooks.create.call(hookContext({ appId: 'wx1' }))).rejects.toThrow(/no Token/);
		await expect(hooks.create.call(hookContext({ pushToken: 'tok123' }))).rejects.toThrow(/no App ID/);
		expect(await hooks.create.call(hookContext({ appId: 'wx1', pushToken: 'tok123' }))).toBe(true);
	});
});
