/**
 * Every benched template, by the name `--templates` takes: ours (workflows/) and its DIY twin (bench/workflows/).
 * One file per integration; types.ts says what a template provides.
 */
import { crmCustomers, crmOrders } from "./crm";
import { delivery } from "./delivery";
import type { BenchTemplate } from "./types";
import { wechat } from "./wechat";
import { baseData, orders } from "./xiaoe";

export const TEMPLATES: Record<string, BenchTemplate> = {
  orders,
  baseData,
  crmCustomers,
  crmOrders,
  delivery,
  wechat,
};

/** The smoke run (CI) benches only these: every other template adds two n8n start-ups to a nearly full budget. */
export const SMOKE_TEMPLATES = ["orders"];

export { baseDataCounts } from "./xiaoe";
export { rowsDigest } from "./common";
export type { BenchEnv, BenchTemplate, Prepared, Variant } from "./types";
