/**
 * What the hand-written context (test/support/context.ts) did differently from n8n-core, pinned so that tests
 * relying on the fake's behaviour are not trusted again. Each test runs the same thing both ways.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { startMingdaoEmulator } from '../../emulators/mingdao';
import type { MingdaoEmulator } from '../../emulators/mingdao';
import { runMethod, runNode } from '../../support/engine';
import { executeContext, httpRequest as fakeHttpRequest } from '../../support/context';
import { Mingdao } from '../../../nodes/Mingdao/Mingdao.node';
import { Xiaoe } from '../../../nodes/Xiaoe/Xiaoe.node';

describe("n8n's httpRequest helper vs the fake's axios call", () => {
	let server: http.Server;
	let url = '';
	beforeAll(async () => {
		// Echoes what arrived: the request line, headers and body.
		server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ url: req.url, headers: req.headers, body }));
			});
		});
		server.listen(0, '127.0.0.1');
		await new Promise((resolve) => server.once('listening', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	const request: () => IHttpRequestOptions = () => ({ method: 'POST', url, qs: { ids: ['a', 'b'] }, body: {}, json: true });

	/** A node whose only job is one `this.helpers.httpRequest` call, to see what n8n sends. */
	class Echo implements INodeType {
		description: INodeTypeDescription = {
			displayName: 'Echo',
			name: 'echoProbe',
			group: ['transform'],
			version: 1,
			description: 'Sends one request through n8n',
			defaults: { name: 'Echo' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		};

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [[{ json: (await this.helpers.httpRequest(request())) as IDataObject }]];
		}
	}

	it('query arrays are indexed, an empty body is not sent, and every call opens a new connection as "n8n"', async () => {
		const [{ json: n8n }] = await runNode(Echo, {});
		const fake = (await fakeHttpRequest(request())) as IDataObject;

		expect(decodeURIComponent(String(n8n.url))).toBe('/echo?ids[0]=a&ids[1]=b');
		expect(decodeURIComponent(String(fake.url))).toBe('/echo?ids[]=a&ids[]=b');

		expect(n8n.body).toBe('');
		expect(n8n.headers).not.toHaveProperty('content-type');
		expect(fake.body).toBe('{}');

		expect(n8n.headers).toMatchObject({ 'user-agent': 'n8n', accept: 'application/json', connection: 'close' });
		expect(fake.headers).toMatchObject({ 'user-agent': expect.stringMatching(/^axios\//), connection: 'keep-alive' });
	});
});

describe('the checks n8n makes before a run', () => {
	it('an empty required parameter stops the workflow before the node runs; the fake let the node run', async () => {
		const parameters = { resource: 'order', operation: 'get', orderId: '' };
		const credentials = { xiaoeApi: { baseUrl: 'http://127.0.0.1:9', appId: 'app_x', secretKey: 'x' } };
		const n8n = await runNode(Xiaoe, parameters, { credentials }).catch((e) => e);
		expect(n8n).toMatchObject({ name: 'WorkflowHasIssuesError' });
		expect(n8n.message).toMatch(/The 'Xiaoe-tech' node has issues:\s+- Parameter "Order ID" is required/);

		const fake = await new Xiaoe().execute.call(executeContext({ parameters, credentials })).catch((e) => e);
		expect(fake).toBeInstanceOf(NodeOperationError);
		expect(fake.message).not.toMatch(/has issues/);
	});
});

describe('the Mingdao resource mapper with the schema the editor saves', () => {
	let emu: MingdaoEmulator;
	let credentials: { mingdaoApi: IDataObject };
	beforeAll(async () => {
		emu = await startMingdaoEmulator({ ratePerSecond: 0 });
		credentials = { mingdaoApi: { baseUrl: emu.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 500 } };
	});
	afterAll(() => emu.close());

	it('n8n checks mapped values against the schema the editor saved before the node sees them (select fields)', async () => {
		const base = { resource: 'row', operation: 'upsert', worksheet: { __rl: true, mode: 'id', value: 'xiaoe_users' } };
		// What the editor stores in the workflow: the columns getMappingColumns returned, with the user's mapping.
		const { fields } = await runMethod<ResourceMapperFields>(Mingdao, 'resourceMapping', 'getMappingColumns', base, { credentials });
		const parameters = {
			...base,
			columns: {
				mappingMode: 'defineBelow',
				matchingColumns: ['xiaoe_user_id'],
				value: { xiaoe_user_id: '={{ $json.id }}', pay_sum: '={{ $json.pay }}', source: '={{ $json.source }}' },
				schema: fields,
			},
		};
		const items = [
			{ id: 'u1', pay: '12.50', source: '微信' },
			{ id: 'u2', pay: '3', source: '抖音' },
		];
		const n8n = await runNode(Mingdao, parameters, { items, credentials, continueOnFail: true });
		expect(n8n[0].json).toMatchObject({ action: 'created' });
		expect(emu.state.listRows('xiaoe_users').find((r) => r.xiaoe_user_id === 'u1')?.pay_sum).toBe(12.5);
		// n8n's message, with n8n's zero-based item number: the node's own check never runs
		expect(n8n[1].json.error).toBe("Invalid input for 'source' [item 1]");

		emu.state.reset({ ratePerSecond: 0 });
		const [fake] = await new Mingdao().execute.call(
			executeContext({
				parameters: (i) => ({ ...parameters, columns: { ...parameters.columns, value: { xiaoe_user_id: items[i].id, pay_sum: items[i].pay, source: items[i].source } } }),
				items,
				credentials: credentials as never,
				continueOnFail: true,
			}),
		);
		expect(fake[0].json.action).toBe('created');
		expect(fake[1].json.error).toMatch(/source.*抖音.*\(item 2\)/);
	});
});
