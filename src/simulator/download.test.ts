import { describe, expect, it } from 'vitest';
import { downloadResult } from './download.js';

const image = { kind: 'image', version: '9.16.1' } as const;

describe('downloadResult', () => {
  it('adds the image it fetched as a package', () => {
    expect(downloadResult(image, 'success', 600)).toEqual({
      download: { state: 'success', message: 'Package download completed and package processed successfully.', code: 0 }, adds: '9.16.1',
    });
  });

  it('processes firmware without adding a software package', () => {
    const r = downloadResult({ kind: 'firmware', file: 'all_disk_fw.zip' }, 'success', 30);
    expect(r.download).toMatchObject({ state: 'success', code: 0 });
    expect(r.download.message).toMatch(/^Firmware package/);
    expect(r.adds).toBeUndefined();
    expect(r.firmwareFile).toBe('all_disk_fw.zip'); // ONTAP then updates the nodes' firmware with it
  });

  it('fails to process a file that is neither image nor firmware', () => {
    expect(downloadResult({ kind: 'unknown' }, 'success', 600)).toEqual({
      download: { state: 'failure', message: 'Internal error. Failed to process the package after download completed.', code: 10551359 },
    });
  });

  it('fails a download asked to fail, with no package', () => {
    expect(downloadResult(image, 'failure', 300)).toEqual({ download: { state: 'failure', message: 'Package download failed.', code: 10551381 } });
  });

  it('fails past the one-hour limit whatever was asked, and names the limit', () => {
    const tooLong = { download: { state: 'failure', message: 'Package download exceeded the one-hour limit.', code: 10551383 } };
    expect(downloadResult(image, 'success', 3601)).toEqual(tooLong);
    expect(downloadResult({ kind: 'firmware', file: 'all_disk_fw.zip' }, 'success', 7200)).toEqual(tooLong);
    // A failure that ends exactly at the hour is reported as the limit too.
    expect(downloadResult(image, 'failure', 3600)).toEqual(tooLong);
    expect(downloadResult(image, 'success', 3600).adds).toBe('9.16.1');
  });
});
