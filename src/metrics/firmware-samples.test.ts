import { describe, expect, it } from 'vitest';
import { firmwareKind } from './firmware-samples.js';

describe('firmwareKind', () => {
  it('reads the kind of firmware from the file name', () => {
    expect(firmwareKind('all_disk_fw.zip')).toBe('disk');
    expect(firmwareKind('all_shelf_fw.zip')).toBe('shelf');
    expect(firmwareKind('qual_devices.zip')).toBe('dqp');
    expect(firmwareKind('SP_FW.zip')).toBe('sp_bmc');
    expect(firmwareKind('bmc_11.6.zip')).toBe('sp_bmc');
    expect(firmwareKind('ACP-IOM6.0210.AFW')).toBe('acp');
    expect(firmwareKind('special.zip')).toBe('other');
  });
});
