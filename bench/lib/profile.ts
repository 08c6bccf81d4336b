/** Placeholder: filled in below. */
export interface Profile {
	node: string;
}
export async function profileRun(..._args: unknown[]): Promise<Profile | undefined> {
	return undefined;
}
