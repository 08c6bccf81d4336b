import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { CursorOptions } from '../core/pollCursor';
import { quote } from './upsertStore';

/**
 * Reading "records changed since" a time with ExecuteBillQuery, for the Kingdee Trigger.
 *
 * Times. K3Cloud answers a datetime such as FModifyDate as the server's wall-clock time without an offset, at SQL
 * Server `datetime` precision with .NET's trailing zeros trimmed: "2019-02-13T15:46:44.72", "2024-04-11T23:52:02.583"
 * (captured answers, test/fixtures/kingdee/datetimes.json). No primary source states the zone or the precision, so
 * the trigger never converts these times: it keeps them as text, compares them after padding the fraction, and sends
 * them back in FilterString exactly as precise as they came. Only a configured start date is converted, into the
 * server's time zone (an option, Beijing by default). An answer in /Date(ms)/ form (turned into ISO with an offset
 * by `fromKingdee`) is converted into that zone as well.
 *
 * Order. Pages are read with a key cursor, not StartRow: `time > t OR (time = t AND id > i …)`, ordered by time,
 * internal id (and entry id), so that a record saved while the pages are read cannot shift a row out of the read.
 */

/** Cursor times: 'yyyy-MM-dd HH:mm:ss.fffffff' (seven fraction digits, .NET's precision), so text order is time order. */
const WALL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?$/;

/** A datetime as Kingdee answered it → cursor time; undefined when it is empty or not a time. */
export function cursorTime(value: unknown, zone: string): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const wall = WALL.exec(text);
	if (wall) return `${wall[1]} ${wall[2]}.${(wall[3] ?? '').padEnd(7, '0')}`;
	const iso = DateTime.fromISO(text, { setZone: true });
	if (!iso.isValid) return undefined;
	return `${iso.setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss.SSS')}0000`;
}

/** A cursor time as a FilterString literal, as precise as Kingdee gave it: '2019-02-13 15:46:44.72'. */
export function timeLiteral(time: string): string {
	const [whole, fraction = ''] = time.split('.');
	const digits = fraction.replace(/0+$/, '');
	return quote(digits ? `${whole}.${digits}` : whole);
}

/** A date the user gave (Start Date) as a cursor time in the server's zone. */
export function cursorTimeOf(dt: DateTime, zone: string): string {
	return `${dt.setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss.SSS')}0000`;
}

/** The overlap window: the re-read starts this many seconds before the newest time seen. */
export function cursorOptions(overlapSeconds: number): CursorOptions {
	return {
		overlapStart(time) {
			if (!time) return time;
			const [whole, fraction = '0000000'] = time.split('.');
			const dt = DateTime.fromFormat(whole, 'yyyy-MM-dd HH:mm:ss', { zone: 'UTC' });
			if (!dt.isValid) return time;
			return `${dt.minus({ seconds: overlapSeconds }).toFormat('yyyy-MM-dd HH:mm:ss')}.${fraction}`;
		},
	};
}

export interface ChangeSpec {
	formId: string;
	/** Internal id (FID, FCUSTID…): the record a row belongs to, and the tie-break. */
	idField: string;
	/** The datetime watched, FModifyDate by default. */
	timeField: string;
	/** Header field keys to output. */
	fields: string[];
	/** An entry (单据体) whose rows are output as a list under its key, with these field keys. */
	entry?: { key: string; fields: string[] };
	/** The user's own FilterString, ANDed. */
	filter: string;
	zone: string;
}

/** Where a page ended: the next page starts after this (time, id, entry id). */
export interface Position {
	time: string;
	id: string;
	entryId?: string;
}

export function entryIdKey(entry: { key: string }): string {
	return `${entry.key}_FEntryID`;
}

/** Field keys asked for: id, time, header fields, then the entry id and entry fields (one row per entry line). */
export function queryFields(spec: ChangeSpec): string[] {
	const entry = spec.entry ? [entryIdKey(spec.entry), ...spec.entry.fields] : [];
	return [...new Set([spec.idField, spec.timeField, ...spec.fields, ...entry])];
}

export function orderString(spec: ChangeSpec, direction: 'ASC' | 'DESC' = 'ASC'): string {
	const keys = [spec.timeField, spec.idField, ...(spec.entry ? [entryIdKey(spec.entry)] : [])];
	return keys.map((k) => `${k} ${direction}`).join(', ');
}

function idLiteral(id: string): string {
	return /^\d+$/.test(id) ? id : quote(id);
}

/** The FilterString of a page: the user's filter AND (from the start time | after the last row read). */
export function pageFilter(spec: ChangeSpec, from: string, after?: Position): string {
	const t = spec.timeField;
	let range: string;
	if (after) {
		const same = `${t} = ${timeLiteral(after.time)}`;
		const tail =
			spec.entry && after.entryId !== undefined
				? `(${spec.idField} > ${idLiteral(after.id)} OR (${spec.idField} = ${idLiteral(after.id)} AND ${entryIdKey(spec.entry)} > ${idLiteral(after.entryId)}))`
				: `${spec.idField} > ${idLiteral(after.id)}`;
		range = `(${t} > ${timeLiteral(after.time)} OR (${same} AND ${tail}))`;
	} else range = from ? `${t} >= ${timeLiteral(from)}` : '';
	const user = spec.filter.trim();
	if (!user) return range;
	return range ? `(${user}) AND ${range}` : user;
}

/** The position of a row, for the next page. */
export function positionOf(spec: ChangeSpec, row: IDataObject): Position | undefined {
	const time = cursorTime(row[spec.timeField], spec.zone);
	const id = row[spec.idField];
	if (!time || id === undefined || id === null || id === '') return undefined;
	const entryId = spec.entry ? row[entryIdKey(spec.entry)] : undefined;
	return { time, id: String(id), entryId: entryId === undefined || entryId === null ? undefined : String(entryId) };
}

/** Whether `b` is strictly after `a` in the read order (numbers compared as numbers). */
export function isAfter(a: Position | undefined, b: Position): boolean {
	if (!a) return true;
	if (b.time !== a.time) return b.time > a.time;
	const byId = compareIds(b.id, a.id);
	if (byId !== 0) return byId > 0;
	if (a.entryId === undefined || b.entryId === undefined) return false;
	return compareIds(b.entryId, a.entryId) > 0;
}

function compareIds(a: string, b: string): number {
	if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
	return a < b ? -1 : a > b ? 1 : 0;
}

export interface ChangedRecord {
	id: string;
	/** Cursor time of the record. */
	time: string;
	record: IDataObject;
}

/**
 * Query rows (one per entry line when an entry is read) → one record per internal id, in read order: header
 * fields once, entry lines as a list under the entry key (`FEntryID` + the entry fields). Rows without an id or a
 * time are left out.
 */
export function groupRows(spec: ChangeSpec, rows: IDataObject[]): ChangedRecord[] {
	const out = new Map<string, ChangedRecord>();
	for (const row of rows) {
		const position = positionOf(spec, row);
		if (!position) continue;
		let record = out.get(position.id);
		if (!record) {
			const json: IDataObject = { [spec.idField]: row[spec.idField], [spec.timeField]: row[spec.timeField] };
			for (const key of spec.fields) json[key] = row[key];
			if (spec.entry) json[spec.entry.key] = [];
			record = { id: position.id, time: position.time, record: json };
			out.set(position.id, record);
		}
		if (spec.entry && position.entryId !== undefined && position.entryId !== '0') {
			const line: IDataObject = { FEntryID: row[entryIdKey(spec.entry)] };
			for (const key of spec.entry.fields) line[key] = row[key];
			(record.record[spec.entry.key] as IDataObject[]).push(line);
		}
	}
	return [...out.values()];
}
