export async function runServe(_argv: string[]): Promise<number> { throw new Error('serve: not built yet'); }
export async function runCheckConfig(_argv: string[]): Promise<number> { throw new Error('check-config: not built yet'); }
export async function runDemo(_argv: string[]): Promise<number> { throw new Error('demo: not built yet'); }
