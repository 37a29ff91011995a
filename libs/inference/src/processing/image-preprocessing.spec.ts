import sharp from 'sharp';
import { InferenceErrorCode } from '../errors/inference-error';
import { imagesToTensor } from './image-preprocessing';

describe('imagesToTensor', () => {
  it('decodes PNG and JPEG, resizes, normalizes and lays out NCHW float32', async () => {
    const red = await sharp({ create: { width: 10, height: 6, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
    const gray = await sharp({ create: { width: 3, height: 3, channels: 4, background: { r: 128, g: 128, b: 128, alpha: 1 } } }).jpeg({ quality: 100 }).toBuffer();
    const t = await imagesToTensor([red, gray], { width: 4, height: 2, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(t.dims).toEqual([2, 3, 2, 4]);
    const data = t.data as Float32Array;
    expect(Array.from(data.subarray(0, 8))).toEqual(new Array(8).fill(1));
    expect(Array.from(data.subarray(8, 24))).toEqual(new Array(16).fill(-1));
    expect(data[24]).toBeCloseTo(128 / 255 / 0.5 - 1, 1);
  });

  it('gives grayscale tensors with one channel', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();
    const t = await imagesToTensor([png], { width: 2, height: 2, channels: 1 });
    expect(t.dims).toEqual([1, 1, 2, 2]);
    expect(Array.from(t.data as Float32Array)).toEqual([1, 1, 1, 1]);
  });

  it('rejects bytes that are not an image with INVALID_INPUT', async () => {
    await expect(imagesToTensor([new Uint8Array([1, 2, 3])], { width: 2, height: 2 })).rejects.toMatchObject({ code: InferenceErrorCode.INVALID_INPUT });
  });
});
