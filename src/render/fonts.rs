//! The fonts the app ships, shared by the window and the image export so both measure and
//! draw text alike on every machine.

pub const SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The family name inside both font files.
pub const FAMILY: &str = "DejaVu Sans";
