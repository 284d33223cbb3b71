//! Never losing work, in the window: the models recovered after a crash, and a file that
//! changed on disk while it was open.

use egui::{Id, Modal, RichText};

use super::theme;
use crate::io::autosave::Recovered;
use crate::words::count;

/// What the user chose for a recovered model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    Open(usize),
    /// Show what differs from the saved file.
    Compare(usize),
    Discard(usize),
    /// Decide later: the copies stay and are offered again at the next start.
    Later,
}

/// The recovered models, with Open / Compare with saved / Discard each. `comparison` is the
/// list of differences of one of them, shown under it. `now` is seconds since 1970.
pub fn recovery_ui(
    ctx: &egui::Context,
    found: &[Recovered],
    comparison: Option<&(usize, Vec<String>)>,
    now: u64,
) -> Option<RecoveryChoice> {
    let mut choice = None;
    let modal = Modal::new(Id::new("recovery")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        ui.label(theme::heading("Recovered work"));
        ui.label(
            "ThreatSketch stopped before these models were saved. Their last changes were kept; nothing is \
             deleted unless you say so.",
        );
        ui.add_space(6.0);
        let mut list = |ui: &mut egui::Ui| {
            for (i, recovered) in found.iter().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(&recovered.name).strong());
                    let file = recovered
                        .belongs_to
                        .as_ref()
                        .map_or_else(|| "never saved".to_owned(), |p| format!("belongs to {}", p.display()));
                    ui.label(theme::hint(format!("Changed {} · {file}", ago(now, recovered.saved_at))));
                    ui.horizontal(|ui| {
                        if ui.button("Open").clicked() {
                            choice = Some(RecoveryChoice::Open(i));
                        }
                        let saved = recovered.belongs_to.as_ref().is_some_and(|p| p.exists());
                        if ui.add_enabled(saved, egui::Button::new("Compare with saved")).clicked() {
                            choice = Some(RecoveryChoice::Compare(i));
                        }
                        if ui.button("Discard").clicked() {
                            choice = Some(RecoveryChoice::Discard(i));
                        }
                    });
                    if let Some((_, lines)) = comparison.filter(|(shown, _)| *shown == i) {
                        if lines.is_empty() {
                            ui.label(theme::hint("Nothing differs from the saved file."));
                        }
                        for line in lines {
                            ui.label(format!("• {line}"));
                        }
                    }
                });
            }
        };
        // A scroll area only when the list is long: it takes a few frames to settle.
        if found.len() > 3 || comparison.is_some_and(|(_, lines)| lines.len() > 12) {
            egui::ScrollArea::vertical().max_height(420.0).show(ui, list);
        } else {
            list(ui);
        }
        ui.add_space(8.0);
        if ui.button("Decide later").clicked() {
            choice = Some(RecoveryChoice::Later);
        }
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(RecoveryChoice::Later);
    }
    choice
}

/// "5 minutes ago", "1 hour ago", "2 days ago".
fn ago(now: u64, then: u64) -> String {
    let seconds = now.saturating_sub(then);
    match seconds {
        0..60 => "less than a minute ago".to_owned(),
        60..3_600 => format!("{} ago", count(to_usize(seconds / 60), "minute", "minutes")),
        3_600..86_400 => format!("{} ago", count(to_usize(seconds / 3_600), "hour", "hours")),
        _ => format!("{} ago", count(to_usize(seconds / 86_400), "day", "days")),
    }
}

/// What to do about a file that changed on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskChoice {
    /// Take the file as it is on disk now (undo brings back what was open).
    Reload,
    /// Keep what is open; a later save asks again.
    Keep,
    /// Save over the newer file.
    Overwrite,
}

/// The open file changed on disk. When `saving`, the user is about to save over it.
pub fn changed_on_disk_ui(ctx: &egui::Context, file: &str, saving: bool) -> Option<DiskChoice> {
    let mut choice = None;
    let modal = Modal::new(Id::new("changed-on-disk")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(theme::heading("The file changed on disk"));
        ui.label(format!(
            "{file} was changed by something else since it was opened here (a git pull, another editor or \
             another ThreatSketch window)."
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new("Reload it").strong()).on_hover_text("Undo brings back what was open").clicked()
            {
                choice = Some(DiskChoice::Reload);
            }
            if saving {
                if ui.button("Save over it").clicked() {
                    choice = Some(DiskChoice::Overwrite);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(DiskChoice::Keep);
                }
            } else if ui.button("Keep editing").clicked() {
                choice = Some(DiskChoice::Keep);
            }
        });
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(DiskChoice::Keep);
    }
    choice
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_say_them() {
        assert_eq!(ago(1_000, 990), "less than a minute ago");
        assert_eq!(ago(1_000, 1_000 - 5 * 60), "5 minutes ago");
        assert_eq!(ago(100_000, 100_000 - 3 * 3_600), "3 hours ago");
        assert_eq!(ago(1_000_000, 1_000_000 - 2 * 86_400), "2 days ago");
    }
}
