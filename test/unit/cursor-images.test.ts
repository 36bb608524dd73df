// Images for Cursor's SelectedImage: the size read from the header of each format, and
// Cursor's limits (2048 px a side, 5 MB) met by resizing, or a clear refusal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { imageSize } from '../../src/proxy/cursor/image-header.js';
import { MAX_IMAGE_BYTES, selectedImages } from '../../src/proxy/cursor/selected-images.js';
import { UpstreamError } from '../../src/proxy/events.js';
import { silentLogger } from '../../src/proxy/log/logger.js';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function solid(width: number, height: number, channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } });
}

/** Incompressible pixels: a PNG of them is large. */
function noise(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  let x = 2463534242;
  for (let i = 0; i < pixels.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pixels[i] = x & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

describe('imageSize', () => {
  it('reads PNG, JPEG, GIF and the three WebP headers', async () => {
    assert.deepEqual(imageSize(Buffer.from(PNG_1PX, 'base64')), { width: 1, height: 1 });
    assert.deepEqual(imageSize(await solid(3001, 17).jpeg().toBuffer()), { width: 3001, height: 17 });
    assert.deepEqual(imageSize(await solid(301, 170).gif().toBuffer()), { width: 301, height: 170 });
    assert.deepEqual(imageSize(await solid(3001, 17).webp().toBuffer()), { width: 3001, height: 17 }); // VP8
    assert.deepEqual(imageSize(await solid(300, 170, 4).webp({ lossless: true }).toBuffer()), { width: 300, height: 170 }); // VP8L
    assert.deepEqual(imageSize(await solid(300, 170, 4).webp().toBuffer()), { width: 300, height: 170 }); // VP8X (alpha)
  });

  it('reads a JPEG whose frame header comes after other segments (EXIF)', async () => {
    const jpeg = await solid(640, 480).withMetadata({ exif: { IFD0: { Copyright: 'x'.repeat(300) } } }).jpeg().toBuffer();
    assert.deepEqual(imageSize(jpeg), { width: 640, height: 480 });
  });

  it('knows nothing of other bytes', () => {
    assert.equal(imageSize(Buffer.from('not an image at all, just text')), undefined);
    assert.equal(imageSize(Buffer.from([0xff, 0xd8, 0xff])), undefined);
  });
});

describe('selectedImages', () => {
  it('passes an image within the limits through untouched, with its size', async () => {
    const [image] = await selectedImages([{ type: 'image', mediaType: 'image/png', data: PNG_1PX }], silentLogger);
    assert.deepEqual(image, { mimeType: 'image/png', size: { width: 1, height: 1 }, data: Buffer.from(PNG_1PX, 'base64') });
  });

  it('scales an image over 2048 px a side down to fit, keeping its format and aspect', async () => {
    const data = (await solid(4096, 1024).jpeg().toBuffer()).toString('base64');
    const [image] = await selectedImages([{ type: 'image', mediaType: 'image/jpeg', data }], silentLogger);
    assert.equal(image.mimeType, 'image/jpeg');
    assert.deepEqual(image.size, { width: 2048, height: 512 });
    assert.deepEqual(imageSize(image.data), image.size);
  });

  it('re-encodes an image over 5 MB that is still too big as PNG as JPEG', async () => {
    const png = await noise(1600, 1200).png({ compressionLevel: 0 }).toBuffer();
    assert.ok(png.length > MAX_IMAGE_BYTES);
    const [image] = await selectedImages([{ type: 'image', mediaType: 'image/png', data: png.toString('base64') }], silentLogger);
    assert.equal(image.mimeType, 'image/jpeg');
    assert.deepEqual(image.size, { width: 1600, height: 1200 });
    assert.ok(image.data.length <= MAX_IMAGE_BYTES);
  });

  it('refuses bytes that are no image it can read, naming which image', async () => {
    const images = [
      { type: 'image' as const, mediaType: 'image/png', data: PNG_1PX },
      { type: 'image' as const, mediaType: 'image/png', data: Buffer.from('plain text').toString('base64') },
    ];
    await assert.rejects(selectedImages(images, silentLogger), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.kind, 'invalid_request');
      assert.match(error.message, /^Image 2 is not a readable PNG, JPEG, GIF or WebP image/);
      return true;
    });
  });
});
