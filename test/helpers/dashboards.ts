/** A dashboard's panels, rows' children included, rows themselves left out. */
export function panelsOf(d: any): any[] {
  return d.panels.flatMap((p: any) => [p, ...(p.panels ?? [])]).filter((p: any) => p.type !== 'row');
}
