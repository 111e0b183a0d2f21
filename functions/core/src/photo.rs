//! Validation and re-encoding of citizen-uploaded photos. Pure: bytes in, bytes out.
//!
//! Every accepted photo is decoded to pixels and encoded again as a fresh JPEG. That is the
//! privacy guarantee: nothing of the original file (EXIF with GPS position, XMP, ICC, comments,
//! trailing data) can survive, because only pixels cross the boundary.
//!
//! The order of checks is chosen so that hostile input is refused as cheaply as possible:
//! size → magic bytes → dimensions from the header → (truncation) → decoder with limits.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::error::LimitErrorKind;
use image::imageops::{self, FilterType};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage};

/// Largest accepted upload. API Gateway/Lambda payloads cap well above typical phone photos.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// Decompression-bomb guard: a few KB of PNG can claim gigapixels. 40 MP covers every phone camera.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Longest side of the image shown in the report page. Photos are never upscaled.
pub const DISPLAY_MAX_SIDE: u32 = 1600;

/// Longest side of the list/grid thumbnail.
pub const THUMBNAIL_MAX_SIDE: u32 = 320;

/// Good visual quality for photos at roughly a third of the size of quality 95.
pub const JPEG_QUALITY: u8 = 82;

/// Allocation budget handed to the decoders: a 40 MP RGBA 16-bit buffer is 320 MB, plus slack.
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

/// Format of the upload, as detected from its magic bytes (a declared content type is never trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoFormat {
    Jpeg,
    Png,
    Webp,
}

impl PhotoFormat {
    /// MIME type of the *source* format (the outputs are always `image/jpeg`).
    pub fn mime_type(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "image/jpeg",
            PhotoFormat::Png => "image/png",
            PhotoFormat::Webp => "image/webp",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            PhotoFormat::Jpeg => ImageFormat::Jpeg,
            PhotoFormat::Png => ImageFormat::Png,
            PhotoFormat::Webp => ImageFormat::WebP,
        }
    }
}

/// A validated photo, re-encoded without any metadata and upright (EXIF orientation applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedPhoto {
    /// Baseline JPEG, longest side at most [`DISPLAY_MAX_SIDE`].
    pub display_jpeg: Vec<u8>,
    /// Baseline JPEG, longest side at most [`THUMBNAIL_MAX_SIDE`].
    pub thumbnail_jpeg: Vec<u8>,
    /// Width of `display_jpeg`, after orientation.
    pub width: u32,
    /// Height of `display_jpeg`, after orientation.
    pub height: u32,
    pub source_format: PhotoFormat,
}

/// Why an upload was refused. Each variant maps to a distinct message for the citizen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo is empty")]
    Empty,
    #[error("the photo is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("only JPEG, PNG and WebP photos are accepted")]
    UnsupportedType,
    #[error("the photo is damaged or incomplete")]
    Corrupt,
    #[error("the photo has too many pixels")]
    TooManyPixels,
}

/// Validates an upload and produces the display and thumbnail JPEGs.
///
/// Never panics on arbitrary input; every failure is a [`PhotoError`].
pub fn process_photo(bytes: &[u8]) -> Result<ProcessedPhoto, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge { max: MAX_PHOTO_BYTES });
    }
    let format = detect_format(bytes).ok_or(PhotoError::UnsupportedType)?;

    // Dimensions come from our own tiny header parser, before any decoder allocates anything.
    let (width, height) = header_dimensions(format, bytes)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels);
    }
    // The JPEG decoder runs in lenient mode and would paint a truncated file grey; refuse it here.
    if format == PhotoFormat::Jpeg && !jpeg_has_eoi(bytes) {
        return Err(PhotoError::Corrupt);
    }

    let (image, orientation) = decode(format, bytes, width, height)?;
    let rgb = flatten_onto_white(image);

    // Resize before rotating: the longest side does not change under rotation, and rotating
    // the small image is much cheaper than rotating the original.
    let display = orient(downscale(&rgb, DISPLAY_MAX_SIDE), orientation);
    drop(rgb);
    let thumbnail = downscale(&display, THUMBNAIL_MAX_SIDE);

    Ok(ProcessedPhoto {
        display_jpeg: encode_jpeg(&display)?,
        thumbnail_jpeg: encode_jpeg(&thumbnail)?,
        width: display.width(),
        height: display.height(),
        source_format: format,
    })
}

/// Magic numbers only. HEIC, GIF, PDF, SVG, text... all fall through to `None`.
pub fn detect_format(bytes: &[u8]) -> Option<PhotoFormat> {
    const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PhotoFormat::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(PhotoFormat::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(PhotoFormat::Webp)
    } else {
        None
    }
}

/// Width and height as declared by the file header, without decoding pixels.
fn header_dimensions(format: PhotoFormat, bytes: &[u8]) -> Result<(u32, u32), PhotoError> {
    let dims = match format {
        PhotoFormat::Jpeg => jpeg_dimensions(bytes),
        PhotoFormat::Png => png_dimensions(bytes),
        PhotoFormat::Webp => webp_dimensions(bytes),
    };
    match dims {
        Some((w, h)) if w > 0 && h > 0 => Ok((w, h)),
        _ => Err(PhotoError::Corrupt),
    }
}

fn be16(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u32::from(u16::from_be_bytes([b[0], b[1]])))
}

fn le16(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(3)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], 0]))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// PNG: the IHDR chunk is mandatorily the first one, right after the 8-byte signature.
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((be32(bytes, 16)?, be32(bytes, 20)?))
}

/// JPEG: walk the marker segments up to the first SOFn (start of frame).
fn jpeg_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    jpeg_sof(bytes).map(|(_, w, h)| (w, h))
}

/// Returns (offset of the SOF marker, width, height).
fn jpeg_sof(bytes: &[u8]) -> Option<(usize, u32, u32)> {
    let mut i = 2; // after SOI
    loop {
        // Tolerate garbage between segments, as lenient decoders do, then skip fill bytes.
        while *bytes.get(i)? != 0xFF {
            i += 1;
        }
        while *bytes.get(i)? == 0xFF {
            i += 1;
        }
        let marker_at = i - 1;
        let marker = *bytes.get(i)?;
        i += 1;
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD8 => continue,
            // End of image or start of scan before any frame header: not a usable image.
            0xD9 | 0xDA => return None,
            _ => {
                let len = usize::try_from(be16(bytes, i)?).ok()?;
                if len < 2 {
                    return None;
                }
                // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    // length(2) precision(1) height(2) width(2)
                    let height = be16(bytes, i + 3)?;
                    let width = be16(bytes, i + 5)?;
                    return Some((marker_at, width, height));
                }
                i = i.checked_add(len)?;
            }
        }
    }
}

/// A complete JPEG has an EOI marker after its frame header. Inside entropy-coded data 0xFF is
/// always byte-stuffed, so `FF D9` there can only be the real EOI.
fn jpeg_has_eoi(bytes: &[u8]) -> bool {
    let Some((sof_at, _, _)) = jpeg_sof(bytes) else {
        return false;
    };
    bytes.get(sof_at..).is_some_and(|tail| tail.windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// WebP: the first chunk after `RIFF....WEBP` is VP8 (lossy), VP8L (lossless) or VP8X (extended).
fn webp_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let chunk = bytes.get(12..16)?;
    let data = 20; // after fourcc and chunk size
    match chunk {
        b"VP8 " => {
            // 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
            if bytes.get(data + 3..data + 6)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            Some((le16(bytes, data + 6)? & 0x3FFF, le16(bytes, data + 8)? & 0x3FFF))
        }
        b"VP8L" => {
            // Signature 0x2F, then 14 bits width-1 and 14 bits height-1.
            if *bytes.get(data)? != 0x2F {
                return None;
            }
            let bits = le32(bytes, data + 1)?;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            // Flags(1) reserved(3), then 24-bit canvas width-1 and height-1.
            Some((le24(bytes, data + 4)? + 1, le24(bytes, data + 7)? + 1))
        }
        _ => None,
    }
}

/// Full decode with limits as a second line of defence: the decoder may not exceed the header's
/// dimensions nor the allocation budget.
fn decode(
    format: PhotoFormat,
    bytes: &[u8],
    width: u32,
    height: u32,
) -> Result<(DynamicImage, Orientation), PhotoError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(map_image_error)?;
    if decoder.dimensions() != (width, height) {
        return Err(PhotoError::Corrupt);
    }
    // A malformed EXIF block must not cost the citizen the photo: fall back to "as stored".
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(map_image_error)?;
    Ok((image, orientation))
}

fn map_image_error(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(limit) => match limit.kind() {
            LimitErrorKind::InsufficientMemory => PhotoError::TooManyPixels,
            // The decoder found other dimensions than the header announced.
            _ => PhotoError::Corrupt,
        },
        // Decoding/IO errors are damaged files; "unsupported" here means an exotic variant of an
        // accepted format (e.g. 12-bit JPEG) that we cannot decode either.
        _ => PhotoError::Corrupt,
    }
}

/// JPEG has no alpha: composite transparent pixels onto white (what a browser page shows),
/// rather than letting them turn black.
fn flatten_onto_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (src, dst) in rgba.pixels().zip(out.pixels_mut()) {
        let [r, g, b, a] = src.0;
        let a = u16::from(a);
        // c*a + 255*(255-a) <= 255*255, so the result always fits in u8.
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        *dst = Rgb([blend(r), blend(g), blend(b)]);
    }
    out
}

/// Size that fits within `max_side` on the longest side, keeping the aspect ratio; never larger.
fn fit_within(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max_side {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(max_side) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(max_side).clamp(1, max_side)
    };
    (scale(width), scale(height))
}

/// Triangle (bilinear) filtering widens with the scale factor, so it antialiases large reductions.
fn downscale(image: &RgbImage, max_side: u32) -> RgbImage {
    let (w, h) = fit_within(image.width(), image.height(), max_side);
    if (w, h) == image.dimensions() {
        return image.clone();
    }
    imageops::resize(image, w, h, FilterType::Triangle)
}

fn orient(image: RgbImage, orientation: Orientation) -> RgbImage {
    if orientation == Orientation::NoTransforms {
        return image;
    }
    let mut dynamic = DynamicImage::ImageRgb8(image);
    dynamic.apply_orientation(orientation);
    dynamic.into_rgb8()
}

/// The encoder writes only SOI, a JFIF APP0, tables, the frame and the scan: no EXIF, XMP, ICC or COM.
fn encode_jpeg(image: &RgbImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(image)
        // Unreachable for our sizes (1..=1600 px); mapped rather than unwrapped to stay panic-free.
        .map_err(|_| PhotoError::Corrupt)?;
    Ok(out)
}

/// Test fixtures shared with the integration tests (feature `fixtures`): camera-like JPEGs carrying EXIF with
/// GPS coordinates, and a check that an output carries no metadata.
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures {
    use image::RgbImage;
    use image::codecs::jpeg::JpegEncoder;

    /// Latitude 42°41'49.00" N as EXIF rationals: distinctive bytes to search for in the output.
    pub const GPS_LATITUDE_RATIONALS: [u32; 6] = [42, 1, 41, 1, 4900, 100];
    pub const GPS_LONGITUDE_RATIONALS: [u32; 6] = [23, 1, 19, 1, 1700, 100];

    pub fn jpeg_of(image: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90).encode_image(image).unwrap();
        out
    }

    /// Big-endian TIFF with IFD0 {Orientation, GPSInfo pointer} and a GPS IFD with lat/long.
    pub fn exif_app1_payload(orientation: u16) -> Vec<u8> {
        let mut t = Vec::new();
        t.extend_from_slice(b"MM\x00\x2A");
        t.extend_from_slice(&8u32.to_be_bytes());
        // IFD0 at 8: 2 entries (2 + 2*12 + 4 = 30 bytes) -> GPS IFD at 38.
        let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
            t.extend_from_slice(&tag.to_be_bytes());
            t.extend_from_slice(&typ.to_be_bytes());
            t.extend_from_slice(&count.to_be_bytes());
            t.extend_from_slice(&value);
        };
        t.extend_from_slice(&2u16.to_be_bytes());
        let o = orientation.to_be_bytes();
        entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
        entry(&mut t, 0x8825, 4, 1, 38u32.to_be_bytes());
        t.extend_from_slice(&0u32.to_be_bytes());
        assert_eq!(t.len(), 38);
        // GPS IFD: 4 entries (2 + 48 + 4 = 54 bytes) -> rationals at 92 and 116.
        t.extend_from_slice(&4u16.to_be_bytes());
        entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
        entry(&mut t, 0x0002, 5, 3, 92u32.to_be_bytes());
        entry(&mut t, 0x0003, 2, 2, *b"E\0\0\0");
        entry(&mut t, 0x0004, 5, 3, 116u32.to_be_bytes());
        t.extend_from_slice(&0u32.to_be_bytes());
        assert_eq!(t.len(), 92);
        t.extend_from_slice(&rationals_be(&GPS_LATITUDE_RATIONALS));
        t.extend_from_slice(&rationals_be(&GPS_LONGITUDE_RATIONALS));

        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&t);
        payload
    }

    pub fn rationals_be(values: &[u32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_be_bytes()).collect()
    }

    pub fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// Inserts segments right after SOI, where cameras put APP1 (EXIF/XMP).
    pub fn with_segments_after_soi(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        for s in segments {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// Markers of all segments before the entropy-coded data.
    pub fn header_markers(jpeg: &[u8]) -> Vec<(u8, Vec<u8>)> {
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
        let mut i = 2;
        let mut markers = Vec::new();
        loop {
            assert_eq!(jpeg[i], 0xFF, "segment must start with 0xFF at {i}");
            let marker = jpeg[i + 1];
            let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
            markers.push((marker, jpeg[i + 4..i + 2 + len].to_vec()));
            if marker == 0xDA {
                return markers;
            }
            i += 2 + len;
        }
    }

    pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// The output carries no metadata: only JFIF APP0, tables, frame and scan headers.
    pub fn assert_no_metadata(jpeg: &[u8]) {
        for (marker, payload) in header_markers(jpeg) {
            match marker {
                0xE0 => assert!(payload.starts_with(b"JFIF\0"), "APP0 must be plain JFIF"),
                0xDB | 0xC0 | 0xC4 | 0xDA => {}
                other => panic!("unexpected segment 0xFF{other:02X} in output"),
            }
        }
        for needle in [&b"Exif"[..], b"http://ns.adobe.com", b"ICC_PROFILE", b"MM\x00\x2A", b"II\x2A\x00"] {
            assert!(!contains(jpeg, needle), "output contains {:?}", String::from_utf8_lossy(needle));
        }
        assert!(!contains(jpeg, &rationals_be(&GPS_LATITUDE_RATIONALS)), "GPS latitude leaked");
        assert!(!contains(jpeg, &rationals_be(&GPS_LONGITUDE_RATIONALS)), "GPS longitude leaked");
    }

    /// A `width`×`height` JPEG as a phone writes it: EXIF with the Orientation tag and GPS latitude/longitude.
    pub fn camera_jpeg(width: u32, height: u32, orientation: u16) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        with_segments_after_soi(&jpeg_of(&image), &[segment(0xE1, &exif_app1_payload(orientation))])
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use image::codecs::png::PngEncoder;
    use image::codecs::webp::WebPEncoder;
    use image::{ImageEncoder, Rgba, RgbaImage};
    use std::time::Instant;

    const RED: Rgb<u8> = Rgb([220, 20, 20]);
    const BLUE: Rgb<u8> = Rgb([20, 20, 220]);

    fn gradient_rgb(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, 128])
        })
    }

    /// Top-left quadrant red, the rest blue: shows where the corner went after rotation.
    fn quadrant_rgb(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| if x < width / 2 && y < height / 2 { RED } else { BLUE })
    }

    fn png_of_rgb(image: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    fn png_of_rgba(image: &RgbaImage) -> Vec<u8> {
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    fn webp_of_rgba(image: &RgbaImage) -> Vec<u8> {
        let mut out = Vec::new();
        WebPEncoder::new_lossless(&mut out)
            .encode(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    fn decode_jpeg(bytes: &[u8]) -> RgbImage {
        image::load_from_memory_with_format(bytes, ImageFormat::Jpeg).unwrap().into_rgb8()
    }

    fn is_close(actual: &Rgb<u8>, expected: Rgb<u8>) -> bool {
        actual.0.iter().zip(expected.0).all(|(a, e)| a.abs_diff(e) <= 40)
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn png_header_only(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = b"IHDR".to_vec();
        chunk.extend_from_slice(&width.to_be_bytes());
        chunk.extend_from_slice(&height.to_be_bytes());
        chunk.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter, no interlace
        out.extend_from_slice(&13u32.to_be_bytes());
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&crc32(&chunk).to_be_bytes());
        out
    }

    /// Tiny xorshift so the fuzz-ish test is deterministic without extra dependencies.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn jpeg_with_gps_exif_and_orientation_6_is_rotated_and_stripped() {
        let source = quadrant_rgb(64, 32);
        let xmp = segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>42,41.8N</exif:GPSLatitude></x:xmpmeta>",
        );
        let comment = segment(0xFE, b"secret comment");
        let input = with_segments_after_soi(&jpeg_of(&source), &[segment(0xE1, &exif_app1_payload(6)), xmp, comment]);
        assert!(contains(&input, &rationals_be(&GPS_LATITUDE_RATIONALS)), "fixture must carry GPS");

        let photo = process_photo(&input).unwrap();
        assert_eq!(photo.source_format, PhotoFormat::Jpeg);
        assert_eq!((photo.width, photo.height), (32, 64), "orientation 6 swaps width and height");
        for jpeg in [&photo.display_jpeg, &photo.thumbnail_jpeg] {
            assert_no_metadata(jpeg);
            assert!(!contains(jpeg, b"GPSLatitude") && !contains(jpeg, b"secret"));
        }

        // Rotating 90° clockwise moves the red top-left quadrant to the top-right.
        let display = decode_jpeg(&photo.display_jpeg);
        assert_eq!(display.dimensions(), (32, 64));
        assert!(is_close(display.get_pixel(24, 8), RED), "top-right should be red");
        assert!(is_close(display.get_pixel(8, 8), BLUE), "top-left should be blue");
        assert!(is_close(display.get_pixel(24, 56), BLUE), "bottom-right should be blue");
    }

    #[test]
    fn jpeg_without_exif_keeps_its_orientation() {
        let photo = process_photo(&jpeg_of(&quadrant_rgb(64, 32))).unwrap();
        assert_eq!((photo.width, photo.height), (64, 32));
        let display = decode_jpeg(&photo.display_jpeg);
        assert!(is_close(display.get_pixel(8, 8), RED));
        assert_no_metadata(&photo.display_jpeg);
    }

    #[test]
    fn png_with_transparency_is_flattened_onto_white() {
        // Left half opaque red, right half fully transparent (with black, invisible colour).
        let source =
            RgbaImage::from_fn(40, 20, |x, _| if x < 20 { Rgba([220, 20, 20, 255]) } else { Rgba([0, 0, 0, 0]) });
        let photo = process_photo(&png_of_rgba(&source)).unwrap();
        assert_eq!(photo.source_format, PhotoFormat::Png);
        assert_eq!((photo.width, photo.height), (40, 20));
        assert_no_metadata(&photo.display_jpeg);
        let display = decode_jpeg(&photo.display_jpeg);
        assert!(is_close(display.get_pixel(5, 10), RED));
        assert!(is_close(display.get_pixel(35, 10), Rgb([255, 255, 255])), "transparent must become white");
    }

    #[test]
    fn webp_lossless_is_accepted() {
        let source = RgbaImage::from_fn(30, 50, |x, y| Rgba([(x * 8) as u8, (y * 5) as u8, 90, 255]));
        let bytes = webp_of_rgba(&source);
        assert_eq!(detect_format(&bytes), Some(PhotoFormat::Webp));
        let photo = process_photo(&bytes).unwrap();
        assert_eq!(photo.source_format, PhotoFormat::Webp);
        assert_eq!((photo.width, photo.height), (30, 50));
        assert_no_metadata(&photo.display_jpeg);
        assert_no_metadata(&photo.thumbnail_jpeg);
    }

    #[test]
    fn webp_lossy_header_dimensions_are_parsed() {
        // RIFF/WEBP, "VP8 " chunk, frame tag, start code, 14-bit width 800 and height 600.
        let mut bytes = b"RIFF\0\0\0\0WEBPVP8 \x20\0\0\0".to_vec();
        bytes.extend_from_slice(&[0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A]);
        bytes.extend_from_slice(&800u16.to_le_bytes());
        bytes.extend_from_slice(&600u16.to_le_bytes());
        bytes.extend_from_slice(&[0u8; 32]);
        assert_eq!(webp_dimensions(&bytes), Some((800, 600)));
        // The bitstream itself is garbage, so the decoder must refuse it cleanly.
        assert_eq!(process_photo(&bytes), Err(PhotoError::Corrupt));
    }

    #[test]
    fn other_types_are_unsupported() {
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
        let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x00";
        let text = b"definitely a photo.jpg, trust me";
        let riff_wave = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00";
        for bytes in [&gif[..], pdf, heic, text, riff_wave, b"<svg xmlns='http://www.w3.org/2000/svg'/>"] {
            assert_eq!(process_photo(bytes), Err(PhotoError::UnsupportedType), "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn empty_input_is_refused() {
        assert_eq!(process_photo(&[]), Err(PhotoError::Empty));
    }

    #[test]
    fn input_over_the_size_limit_is_refused_before_anything_else() {
        let mut bytes = jpeg_of(&gradient_rgb(8, 8));
        bytes.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(process_photo(&bytes), Err(PhotoError::TooLarge { max: MAX_PHOTO_BYTES }));
        // Exactly at the limit is accepted (trailing bytes after EOI are tolerated).
        bytes.truncate(MAX_PHOTO_BYTES);
        assert!(process_photo(&bytes).is_ok());
    }

    #[test]
    fn huge_dimensions_are_refused_from_the_header() {
        // PNG: only signature + IHDR, claiming 10000×10000 (100 MP); no pixels exist at all.
        assert_eq!(process_photo(&png_header_only(10_000, 10_000)), Err(PhotoError::TooManyPixels));
        // Just above the limit, and a long thin one.
        assert_eq!(process_photo(&png_header_only(8000, 5001)), Err(PhotoError::TooManyPixels));
        assert_eq!(process_photo(&png_header_only(u32::MAX, 2)), Err(PhotoError::TooManyPixels));

        // JPEG: SOI + SOF0 claiming 65000×65000.
        let mut sof = vec![8];
        sof.extend_from_slice(&65_000u16.to_be_bytes());
        sof.extend_from_slice(&65_000u16.to_be_bytes());
        sof.extend_from_slice(&[1, 1, 0x11, 0]);
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend_from_slice(&segment(0xC0, &sof));
        assert_eq!(process_photo(&jpeg), Err(PhotoError::TooManyPixels));

        // WebP: VP8X canvas 10000×10000.
        let mut webp = b"RIFF\x16\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend_from_slice(&9999u32.to_le_bytes()[..3]);
        webp.extend_from_slice(&9999u32.to_le_bytes()[..3]);
        assert_eq!(webp_dimensions(&webp), Some((10_000, 10_000)));
        assert_eq!(process_photo(&webp), Err(PhotoError::TooManyPixels));
    }

    #[test]
    fn header_with_zero_dimension_is_corrupt() {
        assert_eq!(process_photo(&png_header_only(0, 10)), Err(PhotoError::Corrupt));
    }

    #[test]
    fn header_dimensions_match_the_encoders() {
        let rgb = gradient_rgb(123, 45);
        assert_eq!(jpeg_dimensions(&jpeg_of(&rgb)), Some((123, 45)));
        assert_eq!(png_dimensions(&png_of_rgb(&rgb)), Some((123, 45)));
        let rgba = DynamicImage::ImageRgb8(rgb).into_rgba8();
        assert_eq!(webp_dimensions(&webp_of_rgba(&rgba)), Some((123, 45)));
    }

    #[test]
    fn truncated_images_are_corrupt() {
        let rgb = gradient_rgb(64, 48);
        let rgba = DynamicImage::ImageRgb8(rgb.clone()).into_rgba8();
        for (name, bytes) in [("jpeg", jpeg_of(&rgb)), ("png", png_of_rgb(&rgb)), ("webp", webp_of_rgba(&rgba))] {
            let half = &bytes[..bytes.len() / 2];
            assert_eq!(process_photo(half), Err(PhotoError::Corrupt), "{name} first half");
            let all_but_two = &bytes[..bytes.len() - 2];
            if name != "png" {
                // PNG's last 12 bytes are the empty IEND chunk, which decoders rightly don't need.
                assert_eq!(process_photo(all_but_two), Err(PhotoError::Corrupt), "{name} minus 2 bytes");
            }
        }
    }

    #[test]
    fn large_images_are_downscaled_to_display_and_thumbnail_sizes() {
        for (w, h) in [(1610u32, 200u32), (150, 1610)] {
            let photo = process_photo(&png_of_rgb(&gradient_rgb(w, h))).unwrap();
            assert_eq!(photo.width.max(photo.height), DISPLAY_MAX_SIDE);
            let display = decode_jpeg(&photo.display_jpeg);
            let thumb = decode_jpeg(&photo.thumbnail_jpeg);
            assert_eq!(display.dimensions(), (photo.width, photo.height));
            assert!(display.width().max(display.height()) <= DISPLAY_MAX_SIDE);
            assert_eq!(thumb.width().max(thumb.height()), THUMBNAIL_MAX_SIDE);
            // Aspect ratio is kept (within rounding).
            let ratio = f64::from(w) / f64::from(h);
            let thumb_ratio = f64::from(thumb.width()) / f64::from(thumb.height());
            assert!((ratio - thumb_ratio).abs() / ratio < 0.02, "{ratio} vs {thumb_ratio}");
        }
        assert_eq!(fit_within(1800, 600, 1600), (1600, 533));
        assert_eq!(fit_within(500, 1700, 320), (94, 320));
        assert_eq!(fit_within(40_000, 1, 320), (320, 1), "never collapses to zero");
    }

    #[test]
    fn small_images_are_not_upscaled() {
        let photo = process_photo(&jpeg_of(&gradient_rgb(100, 50))).unwrap();
        assert_eq!((photo.width, photo.height), (100, 50));
        assert_eq!(decode_jpeg(&photo.display_jpeg).dimensions(), (100, 50));
        assert_eq!(decode_jpeg(&photo.thumbnail_jpeg).dimensions(), (100, 50));

        let photo = process_photo(&jpeg_of(&gradient_rgb(400, 200))).unwrap();
        assert_eq!((photo.width, photo.height), (400, 200));
        assert_eq!(decode_jpeg(&photo.thumbnail_jpeg).dimensions(), (320, 160));
    }

    #[test]
    fn arbitrary_bytes_and_prefixes_never_panic() {
        let started = Instant::now();
        let mut rng = XorShift(0x5EED_0F50_F1A0_2024);
        let rgb = quadrant_rgb(24, 16);
        let rgba = DynamicImage::ImageRgb8(rgb.clone()).into_rgba8();
        let jpeg_exif = with_segments_after_soi(&jpeg_of(&rgb), &[segment(0xE1, &exif_app1_payload(6))]);
        let valid = [jpeg_exif, png_of_rgb(&rgb), webp_of_rgba(&rgba)];
        let magics: [&[u8]; 4] =
            [b"\xFF\xD8\xFF", b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", b"RIFF\0\0\0\0WEBPVP8L", b"RIFF\0\0\0\0WEBPVP8X"];
        let mut cases = 0;

        // Random bytes, often behind a real magic number so they reach the decoders.
        for _ in 0..400 {
            let len = rng.below(600);
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            if rng.below(4) != 0 {
                let magic = magics[rng.below(magics.len())];
                bytes.splice(0..0, magic.iter().copied());
            }
            let _ = process_photo(&bytes);
            cases += 1;
        }
        // Every prefix length of the valid images (strided), and random byte mutations.
        for bytes in &valid {
            for cut in (0..bytes.len()).step_by(7) {
                let result = process_photo(&bytes[..cut]);
                if cut < bytes.len() - 12 {
                    assert!(result.is_err(), "prefix of {cut}/{} bytes was accepted", bytes.len());
                }
                cases += 1;
            }
            for _ in 0..60 {
                let mut mutated = bytes.clone();
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(mutated.len());
                    mutated[at] = rng.next() as u8;
                }
                let _ = process_photo(&mutated);
                cases += 1;
            }
        }
        assert!(cases > 500);
        eprintln!("fuzz-ish: {cases} cases in {:?}", started.elapsed());
    }
}
