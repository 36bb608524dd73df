// The user message's images as Cursor takes them (reference §4.13): raw bytes with their MIME
// type and their size read from the header, within Cursor's limits (2048 px a side, 5 MB, as
// Cursor's CLI resizes them). A larger image is scaled down with sharp — prebuilt libvips
// binaries shipped as npm packages — loaded only the first time an image needs it, so the idle
// engine never carries it. Resizing rather than refusing: clients send photos and screenshots
// larger than that, and a 400 would leave their user nothing to do but resize by hand.
import type { ImagePart } from '../conversation.js';
import { UpstreamError } from '../events.js';
import type { Logger } from '../log/logger.js';
import { type ImageSize, imageSize } from './image-header.js';

export const MAX_IMAGE_SIDE = 2048;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface SelectedImageData {
  mimeType: string;
  size: ImageSize;
  data: Uint8Array;
}

type Sharp = typeof import('sharp').default;
let sharpModule: Promise<Sharp> | undefined;

function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((module) => {
    const sharp = module.default;
    // One image at a time, nothing kept: this runs rarely, and the engine's memory matters more.
    sharp.cache(false);
    sharp.concurrency(1);
    return sharp;
  });
  return sharpModule;
}

/** Every image ready for SelectedImage; a 400-class error names the image that cannot be. */
export async function selectedImages(images: ImagePart[], logger: Logger): Promise<SelectedImageData[]> {
  const out: SelectedImageData[] = [];
  for (const [index, image] of images.entries()) out.push(await fitImage(image, index + 1, logger));
  return out;
}

async function fitImage(image: ImagePart, position: number, logger: Logger): Promise<SelectedImageData> {
  const data = Buffer.from(image.data, 'base64');
  const size = imageSize(data);
  if (!size) throw refused(position, 'is not a readable PNG, JPEG, GIF or WebP image');
  if (withinLimits(size, data.length)) return { mimeType: image.mediaType, size, data };
  let fitted: SelectedImageData;
  try {
    fitted = await resize(data);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw refused(position, `(${describe(size, data.length)}) is over Cursor's limits of ${limits()} and could not be resized: ${why}`);
  }
  if (!withinLimits(fitted.size, fitted.data.length)) {
    throw refused(position, `(${describe(size, data.length)}) is over Cursor's limits of ${limits()} even once resized`);
  }
  logger.info('image resized for Cursor', {
    image: position,
    from: describe(size, data.length),
    to: describe(fitted.size, fitted.data.length),
    mimeType: fitted.mimeType,
  });
  return fitted;
}

/** Scaled to fit 2048×2048 in its own format (GIF becomes PNG); JPEG when that is still over 5 MB. */
async function resize(data: Buffer): Promise<SelectedImageData> {
  const sharp = await loadSharp();
  const input = sharp(data, { animated: false });
  const { format } = await input.metadata();
  const scaled = input.resize({ width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true });
  const as = format === 'jpeg' || format === 'webp' ? format : 'png';
  const first = await encode(scaled.clone(), as);
  if (first.data.length <= MAX_IMAGE_BYTES || as === 'jpeg') return first;
  return encode(scaled.clone().flatten({ background: '#ffffff' }), 'jpeg');
}

async function encode(pipeline: ReturnType<Sharp>, as: 'jpeg' | 'webp' | 'png'): Promise<SelectedImageData> {
  const { data, info } = await (as === 'jpeg' ? pipeline.jpeg({ quality: 85 }) : as === 'webp' ? pipeline.webp() : pipeline.png()).toBuffer({
    resolveWithObject: true,
  });
  return { mimeType: `image/${as}`, size: { width: info.width, height: info.height }, data };
}

function withinLimits(size: ImageSize, bytes: number): boolean {
  return size.width <= MAX_IMAGE_SIDE && size.height <= MAX_IMAGE_SIDE && bytes <= MAX_IMAGE_BYTES;
}

function refused(position: number, why: string): UpstreamError {
  return new UpstreamError('invalid_request', `Image ${position} ${why}.`);
}

function describe(size: ImageSize, bytes: number): string {
  return `${size.width}×${size.height} px, ${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function limits(): string {
  return `${MAX_IMAGE_SIDE} px a side and ${MAX_IMAGE_BYTES / 1024 / 1024} MB`;
}
