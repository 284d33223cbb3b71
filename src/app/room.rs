//! Which panels surround the diagram. At the desk everything is at hand; presenting to a room,
//! the diagram gets most of the screen and a panel shows only when the step needs it.

use crate::model::WorkshopStep;

/// The panels to show this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    pub palette: bool,
    pub inspector: bool,
    /// The workshop step's content in a panel beside the diagram rather than above it: on a
    /// wide projected screen the height goes to the diagram.
    pub guide_beside: bool,
    /// The threats list and matrix below the diagram.
    pub threat_panel: bool,
    /// The matrix alone, in the guide beside the diagram (Assess and Mitigate, presenting).
    pub matrix_in_guide: bool,
}

/// What the screen shows: `presenting` to a room or not, at which workshop step, whether
/// something is selected, whether the user opened the threats panel and whether a threat of
/// the room's own is being written (its form is in the inspector).
pub fn panels(
    presenting: bool,
    step: Option<WorkshopStep>,
    selected: bool,
    threat_panel_open: bool,
    writing_own_threat: bool,
) -> Panels {
    if !presenting {
        return Panels {
            palette: true,
            inspector: true,
            guide_beside: false,
            threat_panel: threat_panel_open,
            matrix_in_guide: false,
        };
    }
    match step {
        // Presenting without the guide: the diagram, and what is selected when there is.
        None => Panels {
            palette: false,
            inspector: selected,
            guide_beside: false,
            threat_panel: threat_panel_open,
            matrix_in_guide: false,
        },
        // Drawing with the room: the palette and the facts of what is drawn.
        Some(WorkshopStep::Understand) => {
            Panels { palette: true, inspector: true, guide_beside: false, threat_panel: false, matrix_in_guide: false }
        }
        // Four buttons: they fit above the diagram, which the room looks at as a whole.
        Some(WorkshopStep::Document) => Panels {
            palette: false,
            inspector: false,
            guide_beside: false,
            threat_panel: false,
            matrix_in_guide: false,
        },
        Some(step) => Panels {
            palette: false,
            inspector: writing_own_threat,
            guide_beside: true,
            threat_panel: false,
            matrix_in_guide: matches!(step, WorkshopStep::Assess | WorkshopStep::Mitigate),
        },
    }
}

/// How wide the guide beside the diagram is, in points, for a screen `width` points wide:
/// about a third, enough for its sentences, never more than the diagram gets.
pub fn guide_width(width: f32) -> f32 {
    (width * 0.3).clamp(280.0, 440.0).min(width * 0.45)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presenting_gives_the_diagram_the_room_and_each_step_what_it_needs() {
        let desk = panels(false, Some(WorkshopStep::Identify), true, true, false);
        assert!(desk.palette && desk.inspector && desk.threat_panel && !desk.guide_beside);
        let identify = panels(true, Some(WorkshopStep::Identify), true, true, false);
        assert!(!identify.palette && !identify.inspector && !identify.threat_panel && identify.guide_beside);
        assert!(!identify.matrix_in_guide);
        assert!(panels(true, Some(WorkshopStep::Identify), true, false, true).inspector, "the room writes its own");
        for step in [WorkshopStep::Assess, WorkshopStep::Mitigate] {
            let rating = panels(true, Some(step), true, false, false);
            assert!(rating.matrix_in_guide && !rating.threat_panel && !rating.inspector, "{step:?}");
        }
        let document = panels(true, Some(WorkshopStep::Document), true, true, false);
        assert!(!document.palette && !document.inspector && !document.guide_beside && !document.threat_panel);
        let drawing = panels(true, Some(WorkshopStep::Understand), false, true, false);
        assert!(drawing.palette && drawing.inspector && !drawing.guide_beside);
        assert!(!panels(true, None, false, false, false).inspector, "nothing selected, nothing to inspect");
        assert!(panels(true, None, true, false, false).inspector);
    }

    #[test]
    fn the_guide_takes_about_a_third_of_the_width() {
        // 1920×1080 at the presentation scale of 1.6 is 1200 points wide; 1280×720 is 800.
        assert_eq!(guide_width(1200.0), 360.0);
        assert_eq!(guide_width(800.0), 280.0);
        assert!(guide_width(500.0) <= 225.0, "never more than the diagram gets");
    }
}
