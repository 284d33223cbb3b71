//! Where an import writes its models: the file the user named, or one file per diagram named
//! after it, numbered so the files sort in the file's order. Pure: every name is worked out and
//! checked against the platform's limits here, before the caller writes anything, so a name
//! that cannot be written stops the import while nothing has changed.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::threat_dragon::ImportedDiagram;
use crate::io::dialogs::file_stem_for;

/// The longest file name, in bytes, that common file systems take (ext4, Btrfs, APFS; NTFS
/// counts UTF-16 units, never more than the UTF-8 bytes).
pub const MAX_NAME_BYTES: usize = 255;

/// The longest path Linux takes (PATH_MAX, less its closing zero byte).
pub const MAX_PATH_BYTES: usize = 4095;

/// The diagrams to write and the file for each, in the file's order: the one chosen with
/// `--diagram N` (from 1) or the only one to `output`, else each to `output` numbered and
/// titled (`out.ron` → `out-2-payments.ron`), a long title shortened to keep the name within
/// the limits. Every name leaves room for the backup `NAME~` of an overwritten file. `-`
/// (standard output) takes one model. An error says why, before anything is written.
pub fn import_outputs(
    output: &Path,
    diagrams: Vec<ImportedDiagram>,
    chosen: Option<usize>,
) -> Result<Vec<(PathBuf, ImportedDiagram)>, String> {
    let count = diagrams.len();
    let planned: Vec<(PathBuf, ImportedDiagram)> = match chosen {
        Some(n) if n == 0 || n > count => {
            return Err(format!("--diagram {n}: the file has {count} diagram(s), numbered from 1"));
        }
        Some(n) => diagrams.into_iter().nth(n - 1).map(|d| (output.to_path_buf(), d)).into_iter().collect(),
        None if count == 1 => diagrams.into_iter().map(|d| (output.to_path_buf(), d)).collect(),
        None if output.as_os_str() == "-" => {
            return Err(format!(
                "the file has {count} diagrams and standard output takes one; choose it with --diagram N"
            ));
        }
        None => diagrams
            .into_iter()
            .zip(1..)
            .map(|(d, number)| numbered(output, number, &d.title).map(|path| (path, d)))
            .collect::<Result<_, _>>()?,
    };
    for (path, _) in &planned {
        fits(path)?;
    }
    Ok(planned)
}

/// `out.ron` → `out-2-payments.ron`, the title cut short where the name would be too long, and
/// left out when not even a letter of it fits.
fn numbered(output: &Path, number: usize, title: &str) -> Result<PathBuf, String> {
    let stem = output.file_stem().unwrap_or(OsStr::new("model"));
    let extension = output.extension().unwrap_or(OsStr::new("ron"));
    let name = |slug: &str| {
        let mut name = OsString::from(stem);
        name.push(format!("-{number}"));
        if !slug.is_empty() {
            name.push(format!("-{slug}"));
        }
        name.push(".");
        name.push(extension);
        name
    };
    let slug = file_stem_for(title);
    let room = (MAX_NAME_BYTES - 1).saturating_sub(name("").len() + 1);
    let cut = (0..=room.min(slug.len())).rev().find(|&at| slug.is_char_boundary(at)).unwrap_or(0);
    Ok(output.with_file_name(name(slug[..cut].trim_end_matches('-'))))
}

/// The file name, and the backup `NAME~` beside it, within `MAX_NAME_BYTES`; the path within
/// `MAX_PATH_BYTES`.
fn fits(path: &Path) -> Result<(), String> {
    let name = path.file_name().map_or(0, OsStr::len);
    if name + 1 > MAX_NAME_BYTES {
        return Err(format!(
            "the file name is too long: {name} bytes, and at most {} fit with the backup NAME~ beside it; choose a \
            shorter --output",
            MAX_NAME_BYTES - 1
        ));
    }
    if path.as_os_str().len() + 1 > MAX_PATH_BYTES {
        return Err(format!("the path is too long: at most {MAX_PATH_BYTES} bytes fit; choose a shorter --output"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ThreatModel;

    fn diagrams(titles: &[&str]) -> Vec<ImportedDiagram> {
        let diagram = |title: &&str| ImportedDiagram {
            title: (*title).to_owned(),
            model: ThreatModel::new(*title),
            notes: Vec::new(),
        };
        titles.iter().map(diagram).collect()
    }

    fn paths(output: &str, titles: &[&str], chosen: Option<usize>) -> Result<Vec<String>, String> {
        let planned = import_outputs(Path::new(output), diagrams(titles), chosen)?;
        Ok(planned.into_iter().map(|(path, _)| path.display().to_string()).collect())
    }

    #[test]
    fn one_diagram_goes_to_the_output_and_several_are_numbered_and_titled() {
        assert_eq!(paths("a/out.ron", &["Main"], None).unwrap(), ["a/out.ron"]);
        assert_eq!(paths("a/out.ron", &["Main", "Pay ments"], Some(2)).unwrap(), ["a/out.ron"]);
        assert_eq!(
            paths("a/out.ron", &["Main", "Pay ments", "***"], None).unwrap(),
            ["a/out-1-main.ron", "a/out-2-pay-ments.ron", "a/out-3-threat-model.ron"]
        );
        assert_eq!(paths("out", &["A", "B"], None).unwrap(), ["out-1-a.ron", "out-2-b.ron"]);
        let wrong = paths("out.ron", &["A", "B"], Some(3)).unwrap_err();
        assert_eq!(wrong, "--diagram 3: the file has 2 diagram(s), numbered from 1");
        assert!(paths("-", &["A", "B"], None).unwrap_err().contains("standard output takes one"));
        assert_eq!(paths("-", &["A", "B"], Some(1)).unwrap(), ["-"]);
    }

    #[test]
    fn long_titles_are_cut_short_to_fit_the_name_and_its_backup() {
        let long = "ünïcode payments ".repeat(40);
        let planned = paths("/tmp/out.ron", &["Main", &long, &"x".repeat(300)], None).unwrap();
        for path in &planned {
            let name = Path::new(path).file_name().unwrap().len();
            assert!(name < MAX_NAME_BYTES, "{name}: {path}");
        }
        assert_eq!(planned[0], "/tmp/out-1-main.ron");
        assert!(planned[1].starts_with("/tmp/out-2-ünïcode-payments-ünïcode-"), "{}", planned[1]);
        assert!(!planned[1].ends_with("-.ron"), "{}", planned[1]);
        assert_eq!(Path::new(&planned[2]).file_name().unwrap().len(), MAX_NAME_BYTES - 1);
    }

    #[test]
    fn a_name_that_cannot_fit_is_refused_before_anything_is_written() {
        let stem = "s".repeat(248);
        // "-1.ron" still fits without the title; one byte more and nothing does.
        let planned = paths(&format!("{stem}.ron"), &["Main", "Other"], None).unwrap();
        assert_eq!(planned[0], format!("{stem}-1.ron"));
        let too_long = paths(&format!("{stem}s.ron"), &["Main", "Other"], None).unwrap_err();
        assert!(too_long.starts_with("the file name is too long: 255 bytes, and at most 254 fit"), "{too_long}");
        assert!(paths(&"n".repeat(255), &["Main"], None).unwrap_err().contains("too long"));
        let deep = format!("{}/out.ron", "folder/".repeat(600));
        assert!(paths(&deep, &["Main"], None).unwrap_err().starts_with("the path is too long"));
    }
}
