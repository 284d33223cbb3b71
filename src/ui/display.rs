//! How large and how contrasted the window is: normal work, or presentation mode for a
//! projected workshop. The text scale of each is remembered per machine.

use serde::{Deserialize, Serialize};

/// Key of these preferences in eframe's storage.
pub const DISPLAY_KEY: &str = "display";

const MIN_SCALE: f32 = 0.7;
const MAX_SCALE: f32 = 3.0;
const STEP: f32 = 0.1;
/// The screen height, in points, the presentation scale is meant for (a 1080p projector).
const PRESENTATION_REFERENCE_HEIGHT: f32 = 1080.0;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplayPrefs {
    /// Text and widget scale while working.
    pub normal_scale: f32,
    /// Text and widget scale in presentation mode on a screen 1,080 points high: body text of
    /// about 21 px, readable from the back of a room. Other screens scale by their height, so
    /// text takes the same share of a projected image (`presentation_zoom`).
    pub presentation_scale: f32,
    /// Moved cards land on the grid.
    pub snap_to_grid: bool,
}

impl Default for DisplayPrefs {
    fn default() -> Self {
        Self { normal_scale: 1.0, presentation_scale: 1.6, snap_to_grid: false }
    }
}

impl DisplayPrefs {
    pub fn scale(&self, presenting: bool) -> f32 {
        let scale = if presenting { self.presentation_scale } else { self.normal_scale };
        if scale.is_finite() { scale.clamp(MIN_SCALE, MAX_SCALE) } else { 1.0 }
    }

    /// The zoom to draw with on a screen `screen_height` points high (at zoom 1): presenting,
    /// the presentation scale in proportion to a 1080-line screen, never below the normal 1.
    pub fn zoom(&self, presenting: bool, screen_height: f32) -> f32 {
        let scale = self.scale(presenting);
        if !presenting || !screen_height.is_finite() || screen_height <= 0.0 {
            return scale;
        }
        (scale * screen_height / PRESENTATION_REFERENCE_HEIGHT).clamp(1.0, MAX_SCALE)
    }

    /// One step larger (`steps` > 0) or smaller, for the current mode.
    pub fn adjust(&mut self, presenting: bool, steps: i32) {
        let scale = self.scale(presenting) + steps as f32 * STEP;
        let scale = ((scale * 10.0).round() / 10.0).clamp(MIN_SCALE, MAX_SCALE);
        if presenting {
            self.presentation_scale = scale;
        } else {
            self.normal_scale = scale;
        }
    }

    pub fn reset(&mut self, presenting: bool) {
        let default = Self { snap_to_grid: self.snap_to_grid, ..Self::default() };
        if presenting {
            self.presentation_scale = default.presentation_scale;
        } else {
            self.normal_scale = default.normal_scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presenting_scales_with_the_screen_height_as_a_projected_image_does() {
        let prefs = DisplayPrefs::default();
        assert!((prefs.zoom(true, 1080.0) - 1.6).abs() < 1e-6);
        assert!((prefs.zoom(true, 720.0) - 1.6 * 720.0 / 1080.0).abs() < 1e-6);
        assert_eq!(prefs.zoom(true, 400.0), 1.0, "never smaller than working size");
        assert_eq!(prefs.zoom(false, 720.0), 1.0, "working size does not follow the screen");
        assert_eq!(prefs.zoom(true, f32::NAN), 1.6);
    }

    #[test]
    fn each_mode_keeps_its_own_scale_within_limits() {
        let mut prefs = DisplayPrefs::default();
        prefs.adjust(true, 2);
        assert!((prefs.scale(true) - 1.8).abs() < 1e-6);
        assert!((prefs.scale(false) - 1.0).abs() < 1e-6);
        prefs.adjust(false, -100);
        assert!((prefs.scale(false) - MIN_SCALE).abs() < 1e-6);
        prefs.reset(false);
        assert!((prefs.scale(false) - 1.0).abs() < 1e-6);
        let broken = DisplayPrefs { normal_scale: f32::NAN, presentation_scale: 99.0, snap_to_grid: false };
        assert!((broken.scale(false) - 1.0).abs() < 1e-6);
        assert!((broken.scale(true) - MAX_SCALE).abs() < 1e-6);
    }
}
