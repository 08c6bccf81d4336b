/**
 * Start the emulators as a sandbox: `npm run emulators` (or `tsx test/emulators/cli.ts --xiaoe-port 18081`).
 * Point the credentials' Base URL at the printed addresses to try workflows without real accounts.
 */
import { startXiaoeEmulator } from './xiaoe';
import { startMingdaoEmulator } from './mingdao';
import { startWechatEmulator } from './wechat';
import { startFxiaokeEmulator } from './fxiaoke';
import { DEFAULT_ACCT_ID, DEFAULT_APP_ID, DEFAULT_APP_SECRET, startKingdeeEmulator } from './kingdee';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
	const xiaoe = await startXiaoeEmulator({ port: arg('xiaoe-port', 18081), orders: arg('orders', 300), users: arg('users', 120) });
	const mingdao = await startMingdaoEmulator({ port: arg('mingdao-port', 18082) });
	const wechat = await startWechatEmulator({ port: arg('wechat-port', 18083) });
	const fxiaoke = await startFxiaokeEmulator({ port: arg('fxiaoke-port', 18084), records: { AccountObj: 200, SalesOrderObj: 50, object_erp_order__c: 100 } });
	const kingdee = await startKingdeeEmulator({ port: arg('kingdee-port', 18085), customers: arg('customers', 50) });
	const summary = {
		xiaoe: { baseUrl: xiaoe.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', control: `${xiaoe.url}/__emulator/stats` },
		fxiaoke: { baseUrl: fxiaoke.url, appId: 'FSAID_emu', appSecret: 'emu_app_secret', permanentCode: 'EMU_PERMANENT_CODE', currentOpenUserId: 'FSUID_OPERATOR0001', control: `${fxiaoke.url}/__emulator/stats` },
		mingdao: { baseUrl: mingdao.url, appKey: 'emu_appkey', sign: 'emu_sign', control: `${mingdao.url.replace(/\/api$/, '')}/__emulator/stats` },
		wechat: { baseUrl: wechat.url, appId: wechat.state.appId, appSecret: wechat.state.appSecret, pushToken: wechat.state.pushToken, encodingAesKey: wechat.state.encodingAesKey, control: `${wechat.url}/__emulator/stats`, push: `POST ${wechat.url}/__emulator/push {url, xml, mode}` },
		kingdee: { serverUrl: kingdee.url, acctId: DEFAULT_ACCT_ID, userName: 'demo', appId: DEFAULT_APP_ID, appSecret: DEFAULT_APP_SECRET, password: 'emu_password', control: `${kingdee.url.replace(/\/k3cloud$/, '')}/__emulator/stats` },
	};
	console.log(JSON.stringify(summary, null, 2));
	const stop = async () => {
		await Promise.all([xiaoe.close(), mingdao.close(), wechat.close(), fxiaoke.close(), kingdee.close()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
