import sharp from 'sharp';
import { invalidInput } from '../errors/inference-error';
import { type Tensor } from '../runtime/tensor';

export interface ImageTensorOptions {
  width: number;
  height: number;
  /** 3 = RGB (default), 1 = grayscale. */
  channels?: 1 | 3;
  /** Per-channel mean and std applied to values scaled to 0..1 (ImageNet: [0.485,0.456,0.406] / [0.229,0.224,0.225]). */
  mean?: number[];
  std?: number[];
  /** How the image fits the target size (sharp's `fit`); default 'fill' (stretch). */
  fit?: 'cover' | 'contain' | 'fill' | 'inside' | 'outside';
  /** Refuse images larger than this many input pixels before decoding them fully (default 40 MP). */
  maxInputPixels?: number;
}

/** Decodes PNG/JPEG/WebP bytes, resizes and normalizes to an FP32 NCHW tensor [images, C, H, W]. */
export async function imagesToTensor(images: readonly Uint8Array[], options: ImageTensorOptions): Promise<Tensor> {
  const channels = options.channels ?? 3;
  const mean = options.mean ?? new Array<number>(channels).fill(0);
  const std = options.std ?? new Array<number>(channels).fill(1);
  if (mean.length !== channels || std.length !== channels) throw new Error(`mean and std need ${channels} values`);
  const plane = options.width * options.height;
  const data = new Float32Array(images.length * channels * plane);
  for (let n = 0; n < images.length; n++) {
    const pixels = await decodeResized(images[n], options, channels, n);
    const base = n * channels * plane;
    // sharp gives interleaved HWC bytes; the model wants planar CHW floats.
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) data[base + c * plane + p] = (pixels[p * channels + c] / 255 - mean[c]) / std[c];
    }
  }
  return { dtype: 'FP32', dims: [images.length, channels, options.height, options.width], data };
}

async function decodeResized(image: Uint8Array, options: ImageTensorOptions, channels: 1 | 3, index: number): Promise<Buffer> {
  try {
    let pipeline = sharp(image, { limitInputPixels: options.maxInputPixels ?? 40_000_000 }).resize(options.width, options.height, { fit: options.fit ?? 'fill' });
    pipeline = channels === 1 ? pipeline.grayscale() : pipeline.removeAlpha().toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels, expected ${channels}`);
    return data;
  } catch (error) {
    throw invalidInput(`image ${index} could not be decoded: ${(error as Error).message}`);
  }
}
