export async function bundlePlugin(_: {dir:string}) {}
