/**
 * A "world": the emulators one run of a template talks to, and the n8n credentials pointing at them. Each template
 * gets two worlds started from the same data: one fault-free (its final state is the expectation) and one with
 * every fault on. Both count their API calls through a fault injector (the fault-free one injects nothing).
 */
import type { CredentialInput } from '../e2e/harness/n8n';
import { FaultInjector, type FaultPlan } from '../emulators/common/faults';
import { startFxiaokeEmulator, type FxiaokeEmulator, type FxiaokeEmulatorOptions } from '../emulators/fxiaoke';
import {
	DEFAULT_ACCT_ID,
	DEFAULT_APP_ID,
	DEFAULT_APP_SECRET,
	startKingdeeEmulator,
	type KingdeeEmulator,
	type KingdeeEmulatorOptions,
} from '../emulators/kingdee';
import { startMingdaoEmulator, type MingdaoEmulator, type MingdaoEmulatorOptions } from '../emulators/mingdao';
import { startWechatEmulator, type WechatEmulator, type WechatEmulatorOptions } from '../emulators/wechat';
import { startXiaoeEmulator, type XiaoeEmulator, type XiaoeEmulatorOptions } from '../emulators/xiaoe';

export type ServiceName = 'xiaoe' | 'mingdao' | 'wechat' | 'fxiaoke' | 'kingdee';

/** What the fault-free world injects: nothing; its injector only counts calls. */
const COUNT_ONLY: Partial<FaultPlan> = { failureRate: 0, throttleRate: 0, tokenLifetimeCalls: 0, tokenInvalidationRate: 0 };

export interface ServiceOptions {
	xiaoe?: XiaoeEmulatorOptions;
	mingdao?: MingdaoEmulatorOptions;
	wechat?: WechatEmulatorOptions;
	fxiaoke?: FxiaokeEmulatorOptions;
	kingdee?: KingdeeEmulatorOptions;
}

export class World {
	xiaoe?: XiaoeEmulator;
	mingdao?: MingdaoEmulator;
	wechat?: WechatEmulator;
	fxiaoke?: FxiaokeEmulator;
	kingdee?: KingdeeEmulator;
	/** n8n credential type → the credential of this world. */
	readonly credentials: Record<string, { id: string; name: string }> = {};

	private constructor(
		readonly label: 'fault-free' | 'faults',
		/** Short and unique per template and world: used in ids, names and webhook paths. */
		readonly tag: string,
	) {}

	/** Start the emulators of `services` with the same data; `plan` undefined = the fault-free world. */
	static async start(tag: string, services: ServiceName[], options: ServiceOptions, plan?: Partial<FaultPlan>): Promise<World> {
		const world = new World(plan ? 'faults' : 'fault-free', tag);
		const p = plan ?? COUNT_ONLY;
		for (const service of services) {
			if (service === 'xiaoe') world.xiaoe = await startXiaoeEmulator(options.xiaoe, p);
			if (service === 'mingdao') world.mingdao = await startMingdaoEmulator(options.mingdao, p);
			if (service === 'wechat') world.wechat = await startWechatEmulator(options.wechat, p);
			if (service === 'fxiaoke') world.fxiaoke = await startFxiaokeEmulator(options.fxiaoke, p);
			if (service === 'kingdee') world.kingdee = await startKingdeeEmulator(options.kingdee, p);
		}
		return world;
	}

	injector(service: ServiceName): FaultInjector {
		const injector = this[service]?.faults;
		if (!injector) throw new Error(`${this.tag}: no ${service} emulator`);
		return injector;
	}

	injectors(): FaultInjector[] {
		return (['xiaoe', 'mingdao', 'wechat', 'fxiaoke', 'kingdee'] as const).flatMap((s) => (this[s]?.faults ? [this[s]!.faults!] : []));
	}

	/** The n8n credentials for this world's emulators (plain data; n8n encrypts them on import). */
	credentialInputs(): CredentialInput[] {
		const out: CredentialInput[] = [];
		const add = (type: string, service: string, data: Record<string, unknown>) => {
			const id = `${this.tag}${service}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 16).padEnd(16, '0');
			const name = `${service} (${this.tag})`;
			this.credentials[type] = { id, name };
			out.push({ id, name, type, data });
		};
		if (this.xiaoe) {
			add('xiaoeApi', 'Xiaoe', { baseUrl: this.xiaoe.url, appId: this.xiaoe.state.appId, clientId: this.xiaoe.state.clientId, secretKey: this.xiaoe.state.secretKey, requestsPerSecond: 0 });
		}
		if (this.mingdao) {
			add('mingdaoApi', 'Mingdao', { baseUrl: this.mingdao.url, appKey: this.mingdao.state.appKey, signSecret: this.mingdao.state.sign, requestsPerSecond: 50 });
		}
		if (this.wechat) {
			const s = this.wechat.state;
			add('wechatOfficialAccountApi', 'Wechat', {
				appId: s.appId,
				appSecret: s.appSecret,
				accessEndpoint: 'stable',
				baseUrl: this.wechat.url,
				requestsPerSecond: 0,
				pushToken: s.pushToken,
				encodingAesKeySecret: s.encodingAesKey,
			});
		}
		if (this.fxiaoke) {
			const s = this.fxiaoke.state;
			add('fxiaokeApi', 'Fxiaoke', {
				baseUrl: this.fxiaoke.url,
				appId: s.appId,
				appSecret: s.appSecret,
				permanentCode: s.permanentCode,
				operatorMode: 'openUserId',
				currentOpenUserId: 'FSUID_OPERATOR0001',
				requestsPerSecond: 1000,
			});
		}
		if (this.kingdee) {
			// Session login: the mode with a session to lose (signed calls carry none).
			add('kingdeeK3CloudApi', 'Kingdee', {
				serverUrl: `${this.kingdee.url}/`,
				acctId: DEFAULT_ACCT_ID,
				userName: 'demo',
				appId: DEFAULT_APP_ID,
				appSecret: DEFAULT_APP_SECRET,
				lcid: 2052,
				authMode: 'appSecretLogin',
			});
		}
		return out;
	}

	async close(): Promise<void> {
		for (const s of ['xiaoe', 'mingdao', 'wechat', 'fxiaoke', 'kingdee'] as const) await this[s]?.close();
	}
}

/** Node type prefix → credential type, to point a template's nodes at a world's credentials. */
const CREDENTIAL_OF: Array<[RegExp, string]> = [
	[/\.xiaoe/, 'xiaoeApi'],
	[/\.mingdao/, 'mingdaoApi'],
	[/\.wechatOfficialAccount/, 'wechatOfficialAccountApi'],
	[/\.fxiaoke/, 'fxiaokeApi'],
	[/\.kingdeeK3Cloud/, 'kingdeeK3CloudApi'],
];

/** Set every package node's credential to the world's. */
export function useCredentials(nodes: Array<Record<string, unknown>>, world: World): void {
	for (const node of nodes) {
		const type = String(node.type);
		if (!type.startsWith('n8n-nodes-china-saas.')) continue;
		const match = CREDENTIAL_OF.find(([re]) => re.test(type));
		if (match && world.credentials[match[1]]) node.credentials = { [match[1]]: world.credentials[match[1]] };
	}
}
