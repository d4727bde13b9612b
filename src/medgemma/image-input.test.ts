import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/app-error.ts';
import { createImageInput, imageDataUrl } from './image-input.ts';

describe('createImageInput', () => {
  it('base64-encodes a supported image and builds its data URL', () => {
    const image = createImageInput(new Uint8Array([1, 2, 3]), 'image/JPEG; charset=binary');
    expect(image).toEqual({ mimeType: 'image/jpeg', base64: 'AQID' });
    expect(imageDataUrl(image)).toBe('data:image/jpeg;base64,AQID');
  });

  it.each([
    [new Uint8Array([1]), 'application/pdf'],
    [new Uint8Array([]), 'image/png'],
    [new Uint8Array(7 * 1024 * 1024), 'image/png'],
  ])('refuses bad images with MODEL_BAD_INPUT', (bytes, type) => {
    let err: unknown;
    try {
      createImageInput(bytes, type);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'MODEL_BAD_INPUT')).toBe(true);
  });
});
