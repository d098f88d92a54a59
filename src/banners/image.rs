//! What an uploaded file really is, read from its bytes.

use imagesize::ImageType;

pub const MAX_BYTES: usize = 2 * 1024 * 1024;
const MAX_SIDE: usize = 10_000;

/// Why a file past [`MAX_BYTES`] is refused (an upload stops reading it there).
pub fn too_big() -> String {
    "The image is larger than 2 MB; banners may be at most 2 MB.".into()
}

/// A checked image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub media_type: &'static str,
    pub width: i32,
    pub height: i32,
}

/// The image in `bytes`, or why it is refused: too big, not one of the four
/// formats, or not what its file name says.
pub fn check(file_name: &str, bytes: &[u8]) -> Result<Image, String> {
    if bytes.is_empty() {
        return Err("Choose an image file.".into());
    }
    if bytes.len() > MAX_BYTES {
        return Err(too_big());
    }
    let (media_type, kind) = match imagesize::image_type(bytes) {
        Ok(ImageType::Png) => ("image/png", "a PNG"),
        Ok(ImageType::Jpeg) => ("image/jpeg", "a JPEG"),
        Ok(ImageType::Gif) => ("image/gif", "a GIF"),
        Ok(ImageType::Webp) => ("image/webp", "a WebP"),
        _ => return Err("This file is not a PNG, JPEG, GIF or WebP image.".into()),
    };
    let named = extension_type(file_name);
    if named != Some(media_type) {
        return Err(format!(
            "The file is named “{}” but holds {kind} image: give it the matching extension (.png, .jpg, .gif or .webp).",
            file_name.rsplit(['/', '\\']).next().unwrap_or(file_name)
        ));
    }
    let size =
        imagesize::blob_size(bytes).map_err(|_| format!("This {kind} image is damaged: its size cannot be read."))?;
    if size.width == 0 || size.height == 0 || size.width > MAX_SIDE || size.height > MAX_SIDE {
        return Err(format!("The image is {}×{} pixels; each side must be 1 to {MAX_SIDE}.", size.width, size.height));
    }
    Ok(Image { media_type, width: size.width as i32, height: size.height as i32 })
}

fn extension_type(file_name: &str) -> Option<&'static str> {
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

#[cfg(test)]
pub mod samples {
    /// A 3×2 GIF, the smallest well-formed image to test with.
    pub const GIF_3X2: &[u8] = b"GIF89a\x03\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x03\x00\x02\x00\x00\x02\x02D\x01\x00;";
}

#[cfg(test)]
mod tests {
    use super::{MAX_BYTES, check, samples::GIF_3X2};

    #[test]
    fn an_image_is_known_by_its_bytes_and_must_match_its_name() {
        let image = check("ad.gif", GIF_3X2).unwrap();
        assert_eq!((image.media_type, image.width, image.height), ("image/gif", 3, 2));
        assert!(check("AD.GIF", GIF_3X2).is_ok(), "extensions in any case");
        assert!(check("ad.png", GIF_3X2).unwrap_err().contains("holds a GIF"));
        assert!(check("ad.txt", GIF_3X2).is_err());
        assert!(check("notes.png", b"hello, not an image").unwrap_err().contains("not a PNG"));
        assert!(check("ad.gif", b"").is_err());
        let mut huge = GIF_3X2.to_vec();
        huge.resize(MAX_BYTES + 1, 0);
        assert!(check("ad.gif", &huge).unwrap_err().contains("at most 2 MB"));
    }
}
