// What a download URL names: an ONTAP image of some release, a firmware
// package, or something ONTAP cannot process after fetching it.

export type Download = { kind: 'image'; version: string } | { kind: 'firmware'; file: string } | { kind: 'unknown' };

/**
 * NetApp names images without dots: `9171_q_image.tgz` is 9.17.1, `9131P17_q_image.tgz`
 * 9.13.1P17, `98P3_q_image.tgz` 9.8P3, `9101_q_image.tgz` 9.10.1. Dotted names
 * (`9.16.1_q_image.tgz`) are read as they are. Firmware comes as .zip (disk
 * qualification `qual_devices.zip`, shelf, disk and SP firmware).
 */
export function classifyDownload(url: string): Download {
  const file = decodeURIComponent((url.split('?')[0] ?? '').split('/').pop() ?? '');
  if (/\.zip$/i.test(file)) return { kind: 'firmware', file };
  const dotted = /(\d+\.\d+(?:\.\d+)?(?:P\d+)?)/.exec(file)?.[1];
  if (dotted) return { kind: 'image', version: dotted };
  const packed = /^(\d{2,4})(P\d+)?_[a-z_]*image\.tgz$/i.exec(file);
  if (packed) {
    const d = packed[1] as string;
    const major = d.length === 4 ? d.slice(1, 3) : d.slice(1, 2);
    const minor = d.length === 2 ? '' : `.${d.slice(-1)}`;
    return { kind: 'image', version: `${d[0]}.${major}${minor}${packed[2] ?? ''}` };
  }
  return { kind: 'unknown' };
}
