/** The WeChat member-card template in the bench: how many activations a scale means, push figures, the DIY twin. */
import type { PushResult } from "../../test/emulators/wechat";
import { TEMPLATES } from "../../bench/lib/templates";
import { activations, pushFigures } from "../../bench/lib/templates/wechat";
import { load } from "../../bench/lib/workflows";

type Json = Record<string, any>;

describe("bench wechat", () => {
  it("pushes scale / 20 activations, at least 20 and at most 2 000", () => {
    expect(activations(200)).toBe(20);
    expect(activations(1000)).toBe(50);
    expect(activations(10_000)).toBe(500);
    expect(activations(50_000)).toBe(2000);
    expect(TEMPLATES.wechat).toBeDefined();
  });

  it("counts re-sends and takes answer times from each push's first try", () => {
    const push = (ms: number[], acknowledged = true): PushResult => ({
      attempts: ms.map((m) => ({ ms: m, ...(m >= 5000 ? { error: "ECONNABORTED" } : { status: 200, body: "success" }) })),
      acknowledged,
    });
    const figures = pushFigures([
      push([10]),
      push([30]),
      push([20]),
      push([5000, 40]),
      push([5000, 5000, 5000, 5000], false),
    ]);
    expect(figures).toEqual({
      pushes: 5,
      requests: 9,
      resends: 4,
      unacknowledged: 1,
      answerMedianMs: 30,
      answerP95Ms: 5000,
      answerMaxMs: 5000,
    });
  });

  it("has a DIY twin of built-in nodes only that writes the fields the template writes", () => {
    const diy = load("bench/workflows/diy-wechat-membercard.json");
    const ours = load("workflows/wechat-membercard-activation.json");
    expect(diy.nodes.filter((n) => !String(n.type).startsWith("n8n-nodes-base."))).toEqual([]);
    const upsert = ours.nodes.find((n) => n.type === "n8n-nodes-china-saas.mingdao") as Json;
    const fields = (diy.nodes.find((n) => n.name === "Member Fields") as Json).parameters.assignments.assignments.find(
      (a: Json) => a.name === "fields",
    ).value as string;
    expect([...fields.matchAll(/id: '(\w+)'/g)].map((m) => m[1]).sort()).toEqual(
      Object.keys(upsert.parameters.columns.value).sort(),
    );
    // Both write into the worksheet the template names, searched by the key it matches on.
    const create = diy.nodes.find((n) => n.name === "Create Member Row") as Json;
    expect(create.parameters.url).toContain(`/worksheets/${upsert.parameters.worksheet.value}/rows`);
    const find = diy.nodes.find((n) => n.name === "Find Member Row") as Json;
    expect(find.parameters.jsonBody).toContain(`field: '${upsert.parameters.columns.matchingColumns[0]}'`);
  });

  it("fetches a token per execution and answers WeChat at once, as the DIY user builds it", () => {
    const diy = load("bench/workflows/diy-wechat-membercard.json");
    const byName = (name: string) => diy.nodes.find((n) => n.name === name) as Json;
    expect(byName("Get Access Token").parameters.url).toBe("__WECHAT_URL__/cgi-bin/token");
    expect(diy.connections["Card Activated?"]).toEqual({
      main: [[{ node: "Get Access Token", type: "main", index: 0 }], []],
    });
    expect(byName("WeChat Push").parameters).toMatchObject({
      httpMethod: "POST",
      responseMode: "onReceived",
      options: { responseData: "success" },
    });
    // The URL check WeChat makes when the address is saved: the same path, GET, answered with echostr.
    expect(byName("WeChat URL Check").parameters.path).toBe(byName("WeChat Push").parameters.path);
  });
});
